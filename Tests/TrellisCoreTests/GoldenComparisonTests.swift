import Foundation
import Testing
import TrellisTestSupport

/// Golden files are compared byte for byte: what Swift's `String ==` holds equal still differs,
/// and the report shows where.
@Suite struct GoldenComparisonTests {
    private func difference(_ expected: String, _ actual: String) -> String? {
        Golden.difference(expected: Data(expected.utf8), actual: Data(actual.utf8))
    }

    @Test func theSameBytesAreNoDifference() {
        #expect(difference("a\r\nb é\n", "a\r\nb é\n") == nil)
    }

    @Test func aChangedLineIsShownInAHunk() throws {
        let report = try #require(difference("one\ntwo\nthree\n", "one\n2\nthree\n"))
        #expect(report.contains("−two\n+2"))
        #expect(report.contains("\u{2007}one\n"), "context, marked with a figure space")
    }

    @Test func lineEndingsDifferAndShow() throws {
        #expect("a\r\n" != "a\n")
        let report = try #require(difference("a,b\r\nc\r\n", "a,b\nc\r\n"))
        #expect(report.contains("−a,b␍\n+a,b\n"))
    }

    @Test func unicodeNormalisationDiffersThoughStringsAreEqual() throws {
        #expect("e\u{301}coute" == "écoute", "String equality would hide it")
        let report = try #require(difference("e\u{301}coute\n", "écoute\n"))
        #expect(report.contains("−e\\u{301}coute\n+\\u{E9}coute"))
    }
}
