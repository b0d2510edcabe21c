import Foundation

/// The account running Trellis and its folders, as Unix tools find them.
///
/// The name comes from the passwd entry of the real user id only (never `$USER`, which anyone
/// can set): it is the reviewer's identity. The home folder is `$HOME` when it is set (even for
/// root), else the passwd entry's; data and config go under `$XDG_DATA_HOME` and
/// `$XDG_CONFIG_HOME`, else `~/.local/share` and `~/.config` (relative paths are ignored, as the
/// XDG Base Directory specification says).
enum UserAccount {
    /// The account name of the real user id, nil when it has no passwd entry.
    static var name: String? {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }

    /// The account name, or a refusal that says why there is none.
    static func requireName() throws -> String {
        guard let name else {
            throw CLIError("""
                user id \(getuid()) has no account name (no passwd entry): Trellis records every change under \
                the reviewer's account name and will not take one from the environment. Ask for an account \
                (see docs/team.md, "Identity")
                """)
        }
        return name
    }

    /// `$HOME` when it is an absolute path, else the passwd entry's home folder.
    static var home: String? {
        if let home = absolute("HOME") { return home }
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        let home = String(cString: directory)
        return home.hasPrefix("/") ? home : nil
    }

    /// `$XDG_DATA_HOME`, else `~/.local/share`.
    static func dataHome() throws -> String {
        try absolute("XDG_DATA_HOME") ?? homeFolder(".local/share", variable: "XDG_DATA_HOME")
    }

    /// `$XDG_CONFIG_HOME`, else `~/.config`; nil when neither it nor a home folder is known.
    static var configHome: String? {
        absolute("XDG_CONFIG_HOME") ?? home.map { $0 + "/.config" }
    }

    private static func homeFolder(_ relative: String, variable: String) throws -> String {
        guard let home else { throw CLIError("no home folder: set HOME (or \(variable))") }
        return home + "/" + relative
    }

    /// The environment variable `name` when it holds an absolute path.
    private static func absolute(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], value.hasPrefix("/") else { return nil }
        return value
    }
}
