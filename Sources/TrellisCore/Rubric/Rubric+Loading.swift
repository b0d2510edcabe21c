extension Rubric {
    /// Loads a rubric file; every problem names its line and column. Modes are checked against
    /// `schema` so that a dimension cannot apply to a mode the project does not have, and keys
    /// against `reservedKeys` (the review screen's own keys, by key → what it does).
    public static func load(file: String, bytes: [UInt8], schema: TagSchema, reservedKeys: [Character: String] = [:]) throws(ConfigError) -> Rubric {
        let reader = try ConfigReader(file: file, bytes: bytes)
        let root = reader.root
        let top = try reader.object(root, named: "the rubric", allowedKeys: ["name", "version", "scale", "dimensions"])
        let defaultScale = try scale(top["scale"], reader: reader, what: "the rubric") ?? 1...5
        let nodes = try reader.array(top, "dimensions", in: "the rubric", required: true, at: root)
        guard !nodes.isEmpty else { throw reader.error("the rubric needs at least one dimension", at: top["dimensions"]!) }
        var dimensions: [RubricDimension] = []
        for node in nodes {
            let dimension = try loadDimension(node, reader: reader, schema: schema, defaultScale: defaultScale)
            if let use = reservedKeys[dimension.key] {
                throw reader.error("dimension \"\(dimension.name)\" uses key \"\(dimension.key)\", which already means \(use) in the review screen", at: node)
            }
            if dimensions.contains(where: { $0.name == dimension.name }) {
                throw reader.error("dimension \"\(dimension.name)\" is defined twice", at: node)
            }
            if let clash = dimensions.first(where: { $0.key == dimension.key }) {
                throw reader.error("dimension \"\(dimension.name)\" uses key \"\(dimension.key)\", already used by \"\(clash.name)\"", at: node)
            }
            dimensions.append(dimension)
        }
        return Rubric(
            name: try reader.string(top, "name", in: "the rubric", default: "unnamed", at: root),
            version: try reader.string(top, "version", in: "the rubric", default: "1", at: root),
            dimensions: dimensions)
    }

    private static func loadDimension(_ node: JSONNode, reader: ConfigReader, schema: TagSchema, defaultScale: ClosedRange<Int>) throws(ConfigError) -> RubricDimension {
        let members = try reader.object(node, named: "a dimension", allowedKeys: ["name", "description", "key", "required", "modes", "scale", "levels"])
        let name = try reader.string(members, "name", in: "a dimension", at: node)
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ TagSyntax.isNameContinue($0) }) else {
            throw reader.error("dimension name \"\(name)\" must be letters, digits, _ or - only", at: members["name"]!)
        }
        let what = "dimension \"\(name)\""
        let key = try reader.key(members, in: what, at: node, allowDigits: false)
        var modes: Set<String> = []
        for (mode, modeNode) in try reader.strings(members, "modes", in: what, at: node) {
            guard schema.hasTag(mode) else {
                throw reader.error("\(what): mode \"\(mode)\" is not a tag of the schema (\(schema.tags.map(\.name).joined(separator: ", ")))", at: modeNode)
            }
            modes.insert(mode)
        }
        if members["modes"] == nil { modes = schema.tagNames }
        guard !modes.isEmpty else { throw reader.error("\(what) applies to no mode", at: members["modes"]!) }
        let range = try scale(members["scale"], reader: reader, what: what) ?? defaultScale
        var levels: [Int: String] = [:]
        if let levelsNode = members["levels"] {
            guard let entries = levelsNode.objectMembers else {
                throw reader.error("\(what): \"levels\" must be an object like {\"1\": \"…\"}, found \(levelsNode.typeName)", at: levelsNode)
            }
            for entry in entries {
                guard let value = Int(entry.key), range.contains(value) else {
                    throw reader.error("\(what): level \"\(entry.key)\" is not a value of the scale \(range.lowerBound)–\(range.upperBound)", at: entry.node)
                }
                guard let text = entry.node.stringValue else {
                    throw reader.error("\(what): level \(value) must be a string, found \(entry.node.typeName)", at: entry.node)
                }
                levels[value] = text
            }
        }
        return RubricDimension(
            name: name,
            description: try reader.string(members, "description", in: what, default: "", at: node),
            key: key,
            required: try reader.bool(members, "required", in: what, default: true, at: node),
            modes: modes, scale: range, levels: levels)
    }

    private static func scale(_ node: JSONNode?, reader: ConfigReader, what: String) throws(ConfigError) -> ClosedRange<Int>? {
        guard let node else { return nil }
        let members = try reader.object(node, named: "the scale of \(what)", allowedKeys: ["min", "max"])
        let low = try reader.int(members, "min", in: "the scale of \(what)", at: node)
        let high = try reader.int(members, "max", in: "the scale of \(what)", at: node)
        guard low < high, low >= 0, high <= 9 else {
            throw reader.error("the scale of \(what) must have 0 ≤ min < max ≤ 9 (one digit rates), found \(low)–\(high)", at: node)
        }
        return low...high
    }
}
