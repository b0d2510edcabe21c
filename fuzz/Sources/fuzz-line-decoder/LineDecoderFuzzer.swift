import FuzzSupport
import TrellisCore

// libFuzzer target: one JSONL import line, and the same bytes as tagged text.
// Invariants: no crash; problems placed inside the line and at most the per-line limit (plus
// one counting the rest); a decoded document's spans inside its text; the codec's
// serialise/parse round trip exact. See fuzz/README.md.

private let schema = Fuzz.defaultSchema
private let lineValidator = LineValidator(schema: schema)
private let codec = TagCodec(schema: schema)

@main
enum LineDecoderFuzzer {
    static func main() {
        Fuzz.run { fuzzLineDecoder(UnsafeBufferPointer(start: $0, count: $1)) }
    }
}

private func fuzzLineDecoder(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    checkLine(bytes)
    if let text = Fuzz.string(bytes) { checkTagged(text) }
    return 0
}

private func checkLine(_ bytes: UnsafeBufferPointer<UInt8>) {
    let check = lineValidator.check(bytes, lineNumber: 7, hashing: true)
    let codePoints = bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    Fuzz.require(check.problems.count <= ProblemLimit.perLine + 1, "\(check.problems.count) problems reported on one line")
    for problem in check.problems {
        Fuzz.require(problem.line == 7, "problem on line \(problem.line)")
        Fuzz.require(problem.column >= 1 && problem.column <= codePoints + 1, "column \(problem.column) outside a line of \(codePoints) code points")
        Fuzz.require(!problem.message.isEmpty, "empty message")
    }
    guard let input = check.input else { return }
    let annotated = input.annotated
    Fuzz.require(input.text == annotated.text, "text and code points differ")
    Fuzz.require(VisibleText.identifierProblem(input.externalID) == nil, "an invisible id was accepted: \(input.externalID.debugDescription)")
    Fuzz.require(!annotated.scalars.allSatisfy(\.isBlank), "a blank text was accepted")
    Fuzz.require(input.contentHash.count == 64, "content hash \(input.contentHash)")
    for span in annotated.spans {
        Fuzz.require(0 <= span.start && span.start < span.end && span.end <= annotated.scalars.count, "span \(span) outside the text")
    }
    let reparsed = codec.parse(codec.serialise(annotated))
    Fuzz.require(reparsed.isValid && reparsed.annotated == annotated, "serialise then parse changed the document")
}

private func checkTagged(_ text: String) {
    let parsed = codec.parse(text)
    Fuzz.require(parsed.errorCount >= parsed.errors.count && parsed.errors.count <= TagCodec.maxKeptErrors, "error counts")
    Fuzz.require(parsed.text == parsed.annotated.text, "text and code points differ")
    for span in parsed.annotated.spans {
        Fuzz.require(0 <= span.start && span.start <= span.end && span.end <= parsed.annotated.scalars.count, "span \(span) outside the text")
    }
    guard parsed.isValid else { return }
    let serialised = codec.serialise(parsed.annotated)
    let again = codec.parse(serialised)
    Fuzz.require(again.isValid && again.annotated == parsed.annotated, "serialise then parse changed \(text.debugDescription)")
    Fuzz.require(codec.serialise(again.annotated) == serialised, "serialising is not a fixed point")
    if parsed.isCanonical { Fuzz.require(serialised == text, "canonical input not written back as it was") }
    // Validation never crashes, and places every violation inside the text.
    for violation in Validator(schema: schema).violations(in: parsed.annotated) {
        Fuzz.require(violation.range.lowerBound >= 0 && violation.range.upperBound <= parsed.annotated.scalars.count, "violation outside the text")
    }
}
