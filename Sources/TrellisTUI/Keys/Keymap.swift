import TrellisCore

/// Which key runs which command, per screen. Loaded from `Resources/keymap.json`, then from an
/// optional per-user file whose entries replace the defaults' keys for the commands they name.
public struct Keymap: Hashable, Sendable {
    private var bindings: [KeyContext: [KeyPress: Command]]
    private var keysByCommand: [Command: [KeyPress]]

    /// The command bound to `key` in `context` (falling back to the global bindings).
    public func command(for key: KeyPress, in context: KeyContext) -> Command? {
        bindings[context]?[key] ?? bindings[.global]?[key]
    }

    /// The keys of a command, in the order the keymap lists them.
    public func keys(for command: Command) -> [KeyPress] {
        keysByCommand[command] ?? []
    }

    /// The first key of a command as shown in hints ("?" for help), or "unbound".
    public func hint(for command: Command) -> String {
        keys(for: command).first.map(KeyName.name(of:)) ?? "unbound"
    }

    /// Loads the default keymap and optional overrides, in order. Errors name file, line and column.
    public static func load(layers: [(file: String, bytes: [UInt8])]) throws(ConfigError) -> Keymap {
        var keysByCommand: [Command: [KeyPress]] = [:]
        var places: [Command: (ConfigReader, JSONNode)] = [:]
        for (file, bytes) in layers {
            let reader = try ConfigReader(file: file, bytes: bytes)
            let contexts = try reader.object(reader.root, named: "the keymap", allowedKeys: Set(KeyContext.allCases.map(\.rawValue)))
            for (contextName, contextNode) in contexts {
                let context = KeyContext(rawValue: contextName)!
                let commandsHere = Command.allCases.filter { $0.context == context }
                let entries = try reader.object(contextNode, named: "\"\(contextName)\"", allowedKeys: Set(commandsHere.map(\.rawValue)))
                for (commandName, keysNode) in entries {
                    let command = Command(rawValue: commandName)!
                    let names = try reader.strings(["keys": keysNode], "keys", in: "\"\(commandName)\"", at: keysNode)
                    var keys: [KeyPress] = []
                    for (name, node) in names {
                        guard let key = KeyName.parse(name) else {
                            throw reader.error("\(VisibleText.describe(name)) is not a key name (see docs/keys.md)", at: node)
                        }
                        keys.append(key)
                    }
                    keysByCommand[command] = keys
                    places[command] = (reader, keysNode)
                }
            }
        }
        for command in Self.exits where keysByCommand[command]?.isEmpty ?? true {
            if let (reader, node) = places[command] {
                throw reader.error("\(command.rawValue) needs at least one key: without it there is no way out of the review screen", at: node)
            }
        }
        var bindings: [KeyContext: [KeyPress: Command]] = [:]
        for command in Command.allCases {
            for key in keysByCommand[command] ?? [] {
                let context = command.context
                let clash = Self.clash(for: key, in: context, bindings: bindings)
                if let clash, let (reader, node) = places[command] {
                    throw reader.error("key \"\(KeyName.name(of: key))\" of \(command.rawValue) is already bound to \(clash.rawValue)", at: node)
                }
                bindings[context, default: [:]][key] = command
            }
        }
        return Keymap(bindings: bindings, keysByCommand: keysByCommand)
    }

    /// The commands that must keep a key, so that a reviewer can always leave.
    static let exits: [Command] = [.quit, .back]

    /// The command a new binding would shadow: keys are unique within a screen, and a global key
    /// is free on every screen. Prompts are modal, so their keys may reuse any other.
    private static func clash(for key: KeyPress, in context: KeyContext, bindings: [KeyContext: [KeyPress: Command]]) -> Command? {
        if let same = bindings[context]?[key] { return same }
        switch context {
        case .prompt: return nil
        case .global: return [KeyContext.list, .document].lazy.compactMap { bindings[$0]?[key] }.first
        case .list, .document: return bindings[.global]?[key]
        }
    }
}
