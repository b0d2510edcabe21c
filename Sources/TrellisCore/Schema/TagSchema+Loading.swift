extension TagSchema {
    /// The tag names a schema may use: an ASCII letter, then letters, digits, `_` or `-`.
    public static func isValidTagName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, TagSyntax.isNameStart(first) else { return false }
        return name.unicodeScalars.count <= TagSyntax.maxNameLength && name.unicodeScalars.allSatisfy(TagSyntax.isNameContinue)
    }

    /// Loads a schema file, reporting any problem with its line and column.
    public static func load(file: String, bytes: [UInt8]) throws(ConfigError) -> TagSchema {
        let reader = try ConfigReader(file: file, bytes: bytes)
        let root = reader.root
        let top = try reader.object(root, named: "the schema", allowedKeys: [
            "name", "version", "allowUntaggedText", "literalTags", "tags", "bannedTransitions",
        ])
        let tagNodes = try reader.array(top, "tags", in: "the schema", required: true, at: root)
        guard !tagNodes.isEmpty else { throw reader.error("the schema needs at least one tag", at: top["tags"]!) }

        var tags: [TagDefinition] = []
        var parents: [(String, JSONNode)] = []
        for node in tagNodes {
            let (tag, nestsIn) = try loadTag(node, reader: reader)
            if let clash = tags.first(where: { $0.name == tag.name }) {
                throw reader.error("tag \"\(clash.name)\" is defined twice", at: node)
            }
            if let clash = tags.first(where: { $0.key == tag.key }) {
                throw reader.error("tag \"\(tag.name)\" uses key \"\(tag.key)\", already used by \"\(clash.name)\"", at: node)
            }
            tags.append(tag)
            parents += nestsIn
        }
        let names = Set(tags.map(\.name))
        for (parent, node) in parents where !names.contains(parent) {
            throw reader.error("\"nestsIn\" names unknown tag \"\(parent)\"", at: node)
        }
        for tag in tags where !tag.topLevel && tag.nestsIn.isEmpty {
            let node = tagNodes[tags.firstIndex(of: tag)!]
            throw reader.error("tag \"\(tag.name)\" is neither top-level nor allowed inside any tag", at: node)
        }

        var bans: [BannedTransition] = []
        for node in try reader.array(top, "bannedTransitions", in: "the schema", at: root) {
            let what = "a banned transition"
            let members = try reader.object(node, named: what, allowedKeys: ["from", "to", "separation", "reason"])
            let from = try reader.string(members, "from", in: what, at: node)
            let to = try reader.string(members, "to", in: what, at: node)
            for label in [from, to] where !names.contains(label) {
                throw reader.error("banned transition names unknown tag \"\(label)\"", at: node)
            }
            let separationName = try reader.string(members, "separation", in: what, default: "whitespace", at: node)
            guard let separation = BannedTransition.Separation(rawValue: separationName) else {
                let choices = BannedTransition.Separation.allCases.map(\.rawValue).joined(separator: " or ")
                throw reader.error("\"separation\" must be \(choices), found \"\(separationName)\"", at: members["separation"]!)
            }
            let reason = try reader.string(members, "reason", in: what, default: "\(from) must not be followed by \(to)", at: node)
            bans.append(BannedTransition(from: from, to: to, separation: separation, reason: reason))
        }

        var literals: Set<String> = []
        for (literal, node) in try reader.strings(top, "literalTags", in: "the schema", at: root) {
            guard isValidTagName(literal) else { throw reader.error("\"\(literal)\" is not a tag name", at: node) }
            guard !names.contains(literal) else {
                throw reader.error("\"\(literal)\" is both a mode tag and a literal tag", at: node)
            }
            literals.insert(literal)
        }

        return TagSchema(
            name: try reader.string(top, "name", in: "the schema", default: "unnamed", at: root),
            version: try reader.string(top, "version", in: "the schema", default: "1", at: root),
            tags: tags,
            bannedTransitions: bans,
            allowsUntaggedText: try reader.bool(top, "allowUntaggedText", in: "the schema", default: false, at: root),
            literalTags: literals
        )
    }

    private static let colorNames: Set<String> = ["default", "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
    private static let monochromeNames: Set<String> = ["bold", "underline", "reverse", "dim", "italic"]

    private static func loadTag(_ node: JSONNode, reader: ConfigReader) throws(ConfigError) -> (TagDefinition, [(String, JSONNode)]) {
        let members = try reader.object(node, named: "a tag", allowedKeys: [
            "name", "description", "color", "monochrome", "marker", "key", "topLevel", "nestsIn",
        ])
        let name = try reader.string(members, "name", in: "a tag", at: node)
        guard isValidTagName(name) else {
            throw reader.error("tag name \"\(name)\" must start with an ASCII letter and contain only letters, digits, _ or - (at most \(TagSyntax.maxNameLength))", at: members["name"]!)
        }
        let what = "tag \"\(name)\""
        let color = try reader.string(members, "color", in: what, default: "default", at: node)
        guard colorNames.contains(color) else {
            throw reader.error("\(what): unknown colour \"\(color)\" (use one of \(colorNames.sorted().joined(separator: ", ")))", at: members["color"]!)
        }
        let monochrome = try reader.string(members, "monochrome", in: what, default: "bold", at: node)
        guard monochromeNames.contains(monochrome) else {
            throw reader.error("\(what): unknown monochrome style \"\(monochrome)\" (use one of \(monochromeNames.sorted().joined(separator: ", ")))", at: members["monochrome"]!)
        }
        let key = try reader.key(members, in: what, at: node)
        let marker = try reader.string(members, "marker", in: what, default: String(name.prefix(1)).uppercased(), at: node)
        guard !marker.isEmpty, marker.count <= 3, marker.allSatisfy(VisibleText.isPrintableKey) else {
            throw reader.error("\(what): \"marker\" must be 1 to 3 printable characters", at: members["marker"]!)
        }
        let nestsIn = try reader.strings(members, "nestsIn", in: what, at: node)
        let tag = TagDefinition(
            name: name,
            description: try reader.string(members, "description", in: what, default: "", at: node),
            color: color,
            monochrome: monochrome,
            marker: marker,
            key: key,
            topLevel: try reader.bool(members, "topLevel", in: what, default: true, at: node),
            nestsIn: Set(nestsIn.map(\.0))
        )
        return (tag, nestsIn)
    }
}
