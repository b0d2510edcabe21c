import Testing
import TrellisCore

/// Counting and cutting code points in UTF-8 bytes agrees with Swift's own scalars, for every
/// width of code point, at every alignment of the eight-byte words it reads.
@Suite struct UTF8CodePointsTests {
    @Test(arguments: ["", "a", "plain ASCII text of some length, more than a word", "é漢🙂a\u{301}\u{0}x", String(repeating: "ab漢é🙂 ", count: 40)])
    func countsAndCutsAsSwiftDoes(text: String) {
        let scalars = Array(text.unicodeScalars)
        for prefix in ["", "x", "é", "漢字", "🙂🙂🙂"] {
            let whole = prefix + text
            let all = Array(whole.unicodeScalars)
            let bytes = Array(whole.utf8)
            let ranges = [(-3)..<2, 0..<all.count, 1..<(all.count + 5), (all.count / 2)..<(all.count / 2 + 3), all.count..<(all.count + 1), 2..<2]
            for range in ranges {
                let scan = bytes.withUnsafeBytes { UTF8CodePoints.scan($0, range: range) }
                #expect(scan.count == all.count, "\(whole)")
                let clamped = range.clamped(to: 0..<all.count)
                let expected = String(String.UnicodeScalarView(all[clamped]))
                #expect(String(decoding: bytes[scan.bytes], as: UTF8.self) == expected, "\(whole) \(range)")
            }
        }
        #expect(scalars.count == text.unicodeScalars.count)
    }
}
