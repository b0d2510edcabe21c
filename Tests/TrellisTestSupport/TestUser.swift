import Foundation

/// Another account to run the binary as, through util-linux's `setpriv` (which needs root): for
/// tests of permissions, identity and shared folders.
public struct TestUser: Sendable {
    public var uid: UInt32
    public var gid: UInt32
    /// Supplementary groups.
    public var groups: [UInt32]
    /// The file-creation mask to run with, when not this process's own.
    public var umask: mode_t?

    public init(uid: UInt32, gid: UInt32, groups: [UInt32] = [], umask: mode_t? = nil) {
        self.uid = uid
        self.gid = gid
        self.groups = groups
        self.umask = umask
    }

    static let setpriv = "/usr/bin/setpriv"

    /// Whether tests can run as another account: this process is root and `setpriv` is installed.
    public static var canSwitch: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: setpriv)
    }

    /// `nobody`, who owns nothing.
    public static let nobody = TestUser(uid: 65534, gid: 65534)

    /// An account with no passwd entry (no name, no home).
    public static let unnamed = TestUser(uid: 54_321, gid: 54_321)

    /// What goes between `setpriv` and the program: the ids, and a shell that sets the umask.
    var setprivArguments: [String] {
        var arguments = ["--reuid=\(uid)", "--regid=\(gid)", groups.isEmpty ? "--clear-groups" : "--groups=" + groups.map(String.init).joined(separator: ",")]
        if let umask { arguments += ["/bin/sh", "-c", "umask \(String(umask, radix: 8)); exec \"$0\" \"$@\""] }
        return arguments
    }
}
