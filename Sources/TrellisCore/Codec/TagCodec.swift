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
    private let tagNames: Set<String>
    /// The schema's tag names as code points, to recognise a tag without building its name.
    private let tagNameScalars: [(name: String, scalars: [Unicode.Scalar])]

    public init(schema: TagSchema) {
        self.schema = schema
        self.tagNames = schema.tagNames
        self.tagNameScalars = schema.tagNames.sorted().map { ($0, Array($0.unicodeScalars)) }
    }

    /// The schema tag named by `scalars[range]`, if there is one.
    private func schemaTag(named range: Range<Int>, in scalars: [Unicode.Scalar]) -> String? {
        tagNameScalars.first { $0.scalars.count == range.count && $0.scalars.elementsEqual(scalars[range]) }?.name
    }

    /// Parses tagged text.
    public func parse(_ tagged: String) -> TagParseResult {
        parse(tagged.codePoints)
    }

    /// Parses tagged text given as code points.
    public func parse(_ tagged: [Unicode.Scalar]) -> TagParseResult {
        struct Open { var label: String; var spanIndex: Int; var taggedOffset: Int }
        var plain: [Unicode.Scalar] = []
        plain.reserveCapacity(tagged.count)
        var spans: [Span] = []
        var stack: [Open] = []
        var errors: [TagParseError] = []
        var index = 0

        func fail(_ kind: TagParseError.Kind, _ message: String, at offset: Int) {
            errors.append(TagParseError(kind: kind, message: message, taggedOffset: offset, plainOffset: plain.count))
        }

        var isCanonical = true
        while index < tagged.count {
            let scalar = tagged[index]
            if scalar == "<", let shape = TagSyntax.tokenShape(in: tagged, at: index) {
                if let name = schemaTag(named: shape.name, in: tagged) {
                    if !shape.isClosing {
                        stack.append(Open(label: name, spanIndex: spans.count, taggedOffset: index))
                        spans.append(Span(start: plain.count, end: plain.count, label: name, depth: stack.count - 1))
                    } else if let position = stack.lastIndex(where: { $0.label == name }) {
                        let open = stack[position]
                        if position != stack.count - 1 {
                            let inner = stack[stack.count - 1]
                            fail(.crossing, "</\(name)> closes <\(name)> opened at text offset \(open.taggedOffset), but <\(inner.label)> opened at text offset \(inner.taggedOffset) is still open (tags must nest)", at: index)
                        } else if plain.count == spans[open.spanIndex].start {
                            fail(.emptySpan, "empty span <\(name)></\(name)>", at: open.taggedOffset)
                        }
                        spans[open.spanIndex].end = plain.count
                        stack.remove(at: position)
                    } else {
                        fail(.unexpectedClose, "</\(name)> has no matching <\(name)>", at: index)
                    }
                    index += shape.length
                    continue
                }
                let token = TagSyntax.Token(shape, in: tagged)
                if !schema.literalTags.contains(token.name) {
                    let tag = token.isClosing ? "</\(token.name)>" : "<\(token.name)>"
                    let known = tagNames.first { $0.lowercased() == token.name.lowercased() }
                    let slash = token.isClosing ? "/" : ""
                    let hint = known.map { " (did you mean <\(slash)\($0)>?)" } ?? "; write &lt;\(slash)\(token.name)&gt; if it is text"
                    fail(.unknownTag, "unknown tag \(tag)\(hint)", at: index)
                }
            } else if scalar == "&", let entity = TagSyntax.entity(in: tagged, at: index) {
                plain.append(entity.character)
                isCanonical = false
                index += entity.length
                continue
            }
            if scalar == "<" { isCanonical = false }
            plain.append(scalar)
            index += 1
        }
        for open in stack.reversed() {
            fail(.unclosed, "<\(open.label)> is never closed", at: open.taggedOffset)
        }
        return TagParseResult(annotated: AnnotatedText(scalars: plain, spans: spans), errors: errors, isCanonical: isCanonical)
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
