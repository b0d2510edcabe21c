/// Parses text with inline mode tags into plain text plus spans with exact code-point offsets,
/// and serialises back.
///
/// Rules (see `docs/formats.md`):
/// - `<NAME>`/`</NAME>` with NAME a schema tag opens/closes a span; tags must nest and may not be empty.
/// - NAME listed in the schema's `literalTags` is ordinary text; any other NAME is an unknown-tag error.
/// - `&lt;`, `&gt;` and `&amp;` decode to `<`, `>` and `&`; every other character is literal.
/// - Serialising escapes only what would otherwise be misread: a tag-shaped token in the plain text is
///   written `&lt;NAME&gt;`, and an `&` that starts one of the three entities is written `&amp;`.
///   So `serialise(parse(x)) == x` for every well-formed `x` written in that shortest form.
public struct TagCodec: Sendable {
    public let schema: TagSchema
    /// The schema's tag names (`schema.tagNames` builds the set anew on every call).
    let tagNames: Set<String>
    /// The schema's tag names as UTF-8, to recognise a tag without building its name.
    private let tagNameBytes: [(name: String, bytes: [UInt8])]

    public init(schema: TagSchema) {
        self.schema = schema
        self.tagNames = schema.tagNames
        self.tagNameBytes = schema.tagNames.sorted().map { ($0, Array($0.utf8)) }
    }

    /// The schema tag named by `tagged[range]`, if there is one: its index in `tagNameBytes`.
    private func schemaTag(named range: Range<Int>, in tagged: UnsafeBufferPointer<UInt8>) -> Int? {
        tagNameBytes.firstIndex { $0.bytes.count == range.count && $0.bytes.elementsEqual(tagged[range]) }
    }

    /// Errors kept in a `TagParseResult` at most; the rest are only counted (`errorCount`), so
    /// that a line of a million bad tags costs memory for a hundred messages.
    public static let maxKeptErrors = 100

    /// Parses tagged text.
    public func parse(_ tagged: String) -> TagParseResult {
        var tagged = tagged
        return tagged.withUTF8 { parse(utf8: $0) }
    }

    /// Parses tagged text given as valid UTF-8 (a `String`'s).
    ///
    /// One pass writes the plain text both as code points and as UTF-8, straight into their
    /// storage: the text between one `<` or `&` and the next is copied whole. Offsets count
    /// code points.
    ///
    /// Linear in the input whatever it holds: the open tags of each name are indexed, so a
    /// closing tag finds its opening one at once however deep the nesting, and a tag closed
    /// below the top of the stack (crossing tags) is marked closed and popped when it reaches
    /// the top, never removed from the middle.
    private func parse(utf8 tagged: UnsafeBufferPointer<UInt8>) -> TagParseResult {
        struct Open { var label: String; var spanIndex: Int; var taggedOffset: Int; var isClosed = false }
        var spans: [Span] = []
        spans.reserveCapacity(16)
        /// Open tags, innermost last; entries below the top may be closed already.
        var stack: [Open] = []
        /// Tags still open.
        var openCount = 0
        /// For each schema tag, the stack positions of its open tags.
        var openByTag = [[Int]](repeating: [], count: tagNameBytes.count)
        var errors: [TagParseError] = []
        var errorCount = 0
        var isCanonical = true
        var text = ""
        // Plain text is never longer than the tagged text, in bytes or in code points.
        let plain = [Unicode.Scalar](unsafeUninitializedCapacity: tagged.count) { scalars, scalarCount in
            text = String(unsafeUninitializedCapacity: tagged.count) { bytes in
                guard let scalarBase = scalars.baseAddress, let byteBase = bytes.baseAddress else { return 0 }
                var out = PlainOutput(scalars: scalarBase, bytes: byteBase)
                var index = 0
                /// Where `index` is, in code points.
                var taggedOffset = 0
                func fail(_ kind: TagParseError.Kind, _ message: @autoclosure () -> String, at offset: Int) {
                    errorCount += 1
                    guard errors.count < Self.maxKeptErrors else { return }
                    errors.append(TagParseError(kind: kind, message: message(), taggedOffset: offset, plainOffset: out.scalarCount))
                }

                while index < tagged.count {
                    let runEnd = Self.nextMarkup(in: tagged, from: index)
                    if runEnd > index {
                        taggedOffset += out.append(UnsafeBufferPointer(rebasing: tagged[index..<runEnd]))
                        index = runEnd
                        guard index < tagged.count else { break }
                    }
                    let byte = tagged[index]
                    if byte == UInt8(ascii: "<"), let shape = TagSyntax.tokenShape(in: tagged, at: index) {
                        if let tag = schemaTag(named: shape.name, in: tagged) {
                            let name = tagNameBytes[tag].name
                            if !shape.isClosing {
                                openByTag[tag].append(stack.count)
                                stack.append(Open(label: name, spanIndex: spans.count, taggedOffset: taggedOffset))
                                spans.append(Span(start: out.scalarCount, end: out.scalarCount, label: name, depth: openCount))
                                openCount += 1
                            } else if let position = openByTag[tag].popLast() {
                                let open = stack[position]
                                if position != stack.count - 1 {
                                    let inner = stack[stack.count - 1]
                                    fail(.crossing, "</\(name)> closes <\(name)> opened at text offset \(open.taggedOffset), but <\(inner.label)> opened at text offset \(inner.taggedOffset) is still open (tags must nest)", at: taggedOffset)
                                } else if out.scalarCount == spans[open.spanIndex].start {
                                    fail(.emptySpan, "empty span <\(name)></\(name)>", at: open.taggedOffset)
                                }
                                spans[open.spanIndex].end = out.scalarCount
                                stack[position].isClosed = true
                                openCount -= 1
                                while stack.last?.isClosed == true { stack.removeLast() }
                            } else {
                                fail(.unexpectedClose, "</\(name)> has no matching <\(name)>", at: taggedOffset)
                            }
                            index += shape.length
                            taggedOffset += shape.length
                            continue
                        }
                        let token = TagSyntax.Token(shape, in: tagged)
                        if !schema.literalTags.contains(token.name) {
                            fail(.unknownTag, unknownTagMessage(token), at: taggedOffset)
                        }
                    } else if byte == UInt8(ascii: "&"), let entity = TagSyntax.entity(in: tagged, at: index) {
                        out.append(ascii: UInt8(truncatingIfNeeded: entity.character.value))
                        isCanonical = false
                        index += entity.length
                        taggedOffset += entity.length
                        continue
                    }
                    // A `<` or `&` that is ordinary text.
                    if byte == UInt8(ascii: "<") { isCanonical = false }
                    out.append(ascii: byte)
                    index += 1
                    taggedOffset += 1
                }
                for open in stack.reversed() where !open.isClosed {
                    fail(.unclosed, "<\(open.label)> is never closed", at: open.taggedOffset)
                }
                scalarCount = out.scalarCount
                return out.byteCount
            }
        }
        return TagParseResult(annotated: AnnotatedText(scalars: plain, spans: spans), text: text, errors: errors, errorCount: errorCount, isCanonical: isCanonical)
    }

    /// What is wrong with a tag-shaped token that names no schema tag, with a hint.
    private func unknownTagMessage(_ token: TagSyntax.Token) -> String {
        let tag = token.isClosing ? "</\(token.name)>" : "<\(token.name)>"
        let known = tagNames.first { $0.lowercased() == token.name.lowercased() }
        let slash = token.isClosing ? "/" : ""
        let hint = known.map { " (did you mean <\(slash)\($0)>?)" } ?? "; write &lt;\(slash)\(token.name)&gt; if it is text"
        return "unknown tag \(tag)\(hint)"
    }

    /// The plain text being written, as code points and as UTF-8, into storage with room enough.
    private struct PlainOutput {
        let scalars: UnsafeMutablePointer<Unicode.Scalar>
        let bytes: UnsafeMutablePointer<UInt8>
        var scalarCount = 0
        var byteCount = 0

        mutating func append(ascii byte: UInt8) {
            scalars[scalarCount] = Unicode.Scalar(byte)
            bytes[byteCount] = byte
            scalarCount += 1
            byteCount += 1
        }

        /// Appends a run of text; returns how many code points it held.
        mutating func append(_ run: UnsafeBufferPointer<UInt8>) -> Int {
            (bytes + byteCount).initialize(from: run.baseAddress!, count: run.count)
            byteCount += run.count
            let count = UTF8Decoding.decode(run, into: scalars + scalarCount)
            scalarCount += count
            return count
        }
    }

    /// The index of the first `<` or `&` at or after `start`, or the end; eight bytes at a time.
    private static func nextMarkup(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            while index &+ 8 <= bytes.count {
                let word = ByteWord.load(UnsafeRawPointer(base), at: index)
                let found = ByteWord.equal(word, UInt8(ascii: "<")) | ByteWord.equal(word, UInt8(ascii: "&"))
                if found != 0 { return index &+ found.trailingZeroBitCount &>> 3 }
                index &+= 8
            }
        }
        while index < bytes.count, bytes[index] != UInt8(ascii: "<"), bytes[index] != UInt8(ascii: "&") { index += 1 }
        return index
    }

    /// Serialises plain text and properly nested spans back to tagged text.
    public func serialise(_ annotated: AnnotatedText) -> String {
        let scalars = annotated.scalars
        let spans = annotated.spans
        // Built as UTF-8 bytes: appending to a String.UnicodeScalarView is many times slower.
        var out: [UInt8] = []
        out.reserveCapacity(scalars.count + spans.count * 12)
        let boundaries = Array(Set(spans.flatMap { [$0.start, $0.end] })).sorted()
        var stack: [Span] = []
        var next = 0
        var pendingGreaterThan = -1

        func emit(_ text: String) { out.append(contentsOf: text.utf8) }
        /// Whether a tag will be written strictly inside `range`, which breaks up a token there.
        func boundaryInside(_ range: Range<Int>) -> Bool {
            var low = 0, high = boundaries.count
            while low < high {
                let middle = (low + high) / 2
                if boundaries[middle] <= range.lowerBound { low = middle + 1 } else { high = middle }
            }
            return low < boundaries.count && boundaries[low] < range.upperBound
        }

        for position in 0...scalars.count {
            while let top = stack.last, top.end == position {
                emit("</\(top.label)>")
                stack.removeLast()
            }
            while next < spans.count, spans[next].start == position {
                emit("<\(spans[next].label)>")
                stack.append(spans[next])
                next += 1
            }
            guard position < scalars.count else { break }
            let scalar = scalars[position]
            if scalar == "<", let token = TagSyntax.token(in: scalars, at: position),
               !schema.literalTags.contains(token.name),
               !boundaryInside(position..<(position + token.length)) {
                emit("&lt;")
                pendingGreaterThan = position + token.length - 1
            } else if scalar == ">", position == pendingGreaterThan {
                emit("&gt;")
            } else if scalar == "&", let entity = TagSyntax.entity(in: scalars, at: position),
                      !boundaryInside(position..<(position + entity.length)) {
                emit("&amp;")
            } else if scalar.isASCII {
                out.append(UInt8(truncatingIfNeeded: scalar.value))
            } else {
                out.append(contentsOf: scalar.utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
