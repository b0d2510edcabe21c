/// Parses one JSON text (RFC 8259, strict) from UTF-8 bytes into `JSONNode`s that remember
/// their byte ranges, with errors placed at the offending byte.
///
/// Exactly one value is allowed, with optional whitespace around it. Invalid UTF-8 anywhere,
/// lone surrogate escapes, a key repeated in one object (placed at its second occurrence) and
/// nesting deeper than 512 levels are errors. With
/// `allowComments`, `//` comments up to the end of the line count as whitespace.
public enum JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maxDepth = JSONScanner.maxDepth

    /// Parses `bytes` as one JSON value.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, allowComments: Bool = false) throws(JSONSyntaxError) -> JSONNode {
        var scanner = JSONScanner(bytes: bytes, allowComments: allowComments)
        return try scanner.parseDocument()
    }

    /// Parses `bytes` as one JSON value.
    public static func parse(_ bytes: [UInt8], allowComments: Bool = false) throws(JSONSyntaxError) -> JSONNode {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            try parse(buffer, allowComments: allowComments)
        }
    }
}
