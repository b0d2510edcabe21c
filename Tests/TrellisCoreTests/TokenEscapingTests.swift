import Testing
@testable import TrellisCore

/// Control tokens written literally in a document are escaped so that the text holds none, and
/// unescaping gives the text back, whatever the text (a property test over texts built from the
/// tokens' own pieces).
@Suite struct TokenEscapingTests {
    let escaping = try! TokenEscaping(tokens: ["<|human|>", "<|ai|>", "<|quote|>", "<|misaligned|>"])

    @Test func literalTokensGetOneMoreBackslash() {
        let escaped = escaping.escape(#"Say <|ai|> or <\|ai|> or <\\|human|>, not <| ai |>."#)
        #expect(escaped.text == #"Say <\|ai|> or <\\|ai|> or <\\\|human|>, not <| ai |>."#)
        #expect(escaped.escaped == 1)
        #expect(escaping.occurrences(in: escaped.text) == 0)
        #expect(escaping.unescape(escaped.text) == #"Say <|ai|> or <\|ai|> or <\\|human|>, not <| ai |>."#)
    }

    @Test func escapingIsReversibleAndLeavesNoToken() {
        let pieces = ["<", "|", "\\", "ai", "human", ">", "<|ai|>", "<|human|>", "<\\|quote|>", " ", "é", "👋🏽", "mis", "aligned"]
        var generator = SeededRandom(seed: 11)
        for _ in 0..<3000 {
            let text = (0..<Int(generator.next() % 12)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let escaped = escaping.escape(text)
            #expect(escaping.occurrences(in: escaped.text) == 0, "\(text)")
            #expect(escaping.unescape(escaped.text) == text, "\(text)")
            #expect(escaped.escaped == escaping.occurrences(in: text))
        }
    }

    @Test func tokensThatCouldNotBeToldApartAreRefused() {
        for (tokens, reason) in [(["<a>", "x<a>y"], "inside"), (["aa"], "ends with"), (["<|a|>", ">x"], "ends with"), (["<\\x>"], "backslash"), (["x"], "two characters")] {
            do {
                _ = try TokenEscaping(tokens: tokens)
                Issue.record("\(tokens) accepted")
            } catch {
                #expect(error.description.contains(reason), "\(tokens): \(error)")
            }
        }
    }
}
