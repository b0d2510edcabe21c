extension TransitionTable {
    /// The table as JSON (what `trellis schema --export json` writes): one context per line, so
    /// that a diff of two tables reads well. The format is described in `docs/schema.md`.
    public func json() -> [UInt8] {
        var header = JSONObjectBuilder()
        header.string("format", Self.format)
        header.int("formatVersion", Self.formatVersion)
        header.object("schema") {
            $0.string("name", schemaName)
            $0.string("version", schemaVersion)
        }
        header.object("tagSyntax") {
            $0.string("open", "<NAME>")
            $0.string("close", "</NAME>")
        }
        header.strings("tags", tags)
        header.strings("literalTags", literalTags)
        header.raw("whitespace", "[" + whitespace.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",") + "]")
        var lines = header.finish()
        lines.removeLast()  // the closing brace: the contexts follow, one a line
        lines += Array(",\n\"contexts\":[\n".utf8)
        for (index, context) in contexts.enumerated() {
            var object = JSONObjectBuilder()
            object.string("mode", context.mode)
            object.strings("open", context.mayOpen)
            object.string("close", context.mode)
            object.string("text", context.text.rawValue)
            object.objects("banned", context.banned) { entry, ban in
                entry.string("after", ban.after)
                entry.string("open", ban.open)
                entry.string("separation", ban.separation.rawValue)
                entry.string("reason", ban.reason)
            }
            lines += object.finish()
            lines += Array((index + 1 < contexts.count ? ",\n" : "\n").utf8)
        }
        lines += Array("]}\n".utf8)
        return lines
    }

    /// Reads a table written by `json()`, reporting any problem with its line and column.
    public static func load(file: String, bytes: [UInt8]) throws(ConfigError) -> TransitionTable {
        let reader = try ConfigReader(file: file, bytes: bytes)
        let what = "a transition table"
        let top = try reader.object(reader.root, named: what, allowedKeys: [
            "format", "formatVersion", "schema", "tagSyntax", "tags", "literalTags", "whitespace", "contexts",
        ])
        let format = try reader.string(top, "format", in: what, at: reader.root)
        guard format == Self.format else { throw reader.error("\"format\" must be \"\(Self.format)\", found \"\(format)\"", at: top["format"]!) }
        let version = try reader.int(top, "formatVersion", in: what, at: reader.root)
        guard version == Self.formatVersion else {
            throw reader.error("format version \(version) is not supported (this Trellis reads \(Self.formatVersion))", at: top["formatVersion"]!)
        }
        guard let schemaNode = top["schema"] else { throw reader.error("\(what) needs \"schema\"", at: reader.root) }
        let schema = try reader.object(schemaNode, named: "\"schema\"", allowedKeys: ["name", "version"])
        let tags = try reader.strings(top, "tags", in: what, at: reader.root).map(\.0)

        var whitespace: [ClosedRange<UInt32>] = []
        for node in try reader.array(top, "whitespace", in: what, at: reader.root) {
            guard let pair = node.arrayValue, pair.count == 2, let low = pair[0].intValue, let high = pair[1].intValue,
                  0 <= low, low <= high, high <= 0x10FFFF else {
                throw reader.error("a white-space range must be [first, last] code points", at: node)
            }
            whitespace.append(UInt32(low)...UInt32(high))
        }

        var contexts: [Context] = []
        for node in try reader.array(top, "contexts", in: what, required: true, at: reader.root) {
            let members = try reader.object(node, named: "a context", allowedKeys: ["mode", "open", "close", "text", "banned"])
            let mode = members["mode"]?.stringValue
            if let modeNode = members["mode"], mode == nil, modeNode.value != .null {
                throw reader.error("\"mode\" must be a tag or null, found \(modeNode.typeName)", at: modeNode)
            }
            let close = members["close"]?.stringValue
            guard close == mode else { throw reader.error("\"close\" must name the context's own mode", at: members["close"] ?? node) }
            let textName = try reader.string(members, "text", in: "a context", at: node)
            guard let text = Context.Text(rawValue: textName) else {
                throw reader.error("\"text\" must be \(Context.Text.allCases.map(\.rawValue).joined(separator: " or ")), found \"\(textName)\"", at: members["text"]!)
            }
            var banned: [Ban] = []
            for banNode in try reader.array(members, "banned", in: "a context", at: node) {
                let ban = try reader.object(banNode, named: "a ban", allowedKeys: ["after", "open", "separation", "reason"])
                let separationName = try reader.string(ban, "separation", in: "a ban", at: banNode)
                guard let separation = BannedTransition.Separation(rawValue: separationName) else {
                    throw reader.error("unknown separation \"\(separationName)\"", at: ban["separation"]!)
                }
                banned.append(Ban(
                    after: try reader.string(ban, "after", in: "a ban", at: banNode),
                    open: try reader.string(ban, "open", in: "a ban", at: banNode),
                    separation: separation,
                    reason: try reader.string(ban, "reason", in: "a ban", default: "", at: banNode)))
            }
            let open = try reader.strings(members, "open", in: "a context", at: node)
            for (tag, tagNode) in open where !tags.contains(tag) {
                throw reader.error("\"open\" names unknown tag \"\(tag)\"", at: tagNode)
            }
            contexts.append(Context(mode: mode, mayOpen: open.map(\.0), text: text, banned: banned))
        }
        for tag in [nil] + tags.map(Optional.some) where !contexts.contains(where: { $0.mode == tag }) {
            throw reader.error("no context for \(tag.map { "<\($0)>" } ?? "the top level")", at: top["contexts"]!)
        }
        return TransitionTable(
            schemaName: try reader.string(schema, "name", in: "\"schema\"", at: schemaNode),
            schemaVersion: try reader.string(schema, "version", in: "\"schema\"", at: schemaNode),
            tags: tags,
            literalTags: try reader.strings(top, "literalTags", in: what, at: reader.root).map(\.0),
            whitespace: whitespace,
            contexts: contexts)
    }
}
