import Testing
@testable import TrellisStore

/// The streaming CSV check must count fields the same however the file is cut into pieces.
@Suite struct CSVRowCounterTests {
    private func widths(_ text: String, pieces size: Int) -> [Int] {
        let bytes = Array(text.utf8)
        var counter = CSVRowCounter()
        var widths: [Int] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
            bytes[start..<min(bytes.count, start + size)].withUnsafeBytes { counter.feed($0) { widths.append($0) } }
        }
        counter.finish { widths.append($0) }
        return widths
    }

    @Test(arguments: [1, 2, 3, 7, 1 << 20])
    func quotedCommasLineBreaksAndDoubledQuotesStayInTheirField(pieceSize: Int) {
        let csv = "id,text,note\r\n1,\"a, b\",x\n2,\"two\nlines\",\"say \"\"hi\"\"\"\r3,é 日本,\"\"\n4,,\n5,last"
        #expect(widths(csv, pieces: pieceSize) == [3, 3, 3, 3, 3, 2])
    }

    @Test func aMissingFieldOrAnUnclosedQuoteShows() {
        #expect(widths("a,b\n1\n", pieces: 4) == [2, 1])
        #expect(widths("a,b\n\"open,1\n", pieces: 4) == [2, 1])
        #expect(widths("", pieces: 4) == [])
        #expect(widths("a,b\n\n", pieces: 1) == [2, 1])
    }
}
