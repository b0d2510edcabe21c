import Testing
import TrellisCore

@Suite struct JSONValueSplitterTests {
    /// Every event of splitting `text`, fed `piece` bytes at a time, dropping what the splitter
    /// no longer needs, as the store's reader does.
    private func events(_ text: String, layout: JSONLayout, piece: Int = .max) -> [String] {
        let bytes = Array(text.utf8)
        var splitter = JSONValueSplitter(layout: layout)
        var held: [UInt8] = []
        var base = 0, fed = 0
        var found: [String] = []
        while true {
            let event = held.withUnsafeBufferPointer { splitter.next($0, base: base, atEnd: fed == bytes.count) }
            switch event {
            case .value(let range):
                found.append(String(decoding: held[(range.lowerBound - base)..<(range.upperBound - base)], as: UTF8.self))
            case .needMore:
                let keep = splitter.keepFrom
                held.removeFirst(keep - base)
                base = keep
                let next = min(bytes.count, fed + min(piece, bytes.count))
                held += bytes[fed..<next]
                fed = next
            case .end:
                return found
            case .broken(let message, let at):
                return found + ["broken at \(at): \(message)"]
            }
        }
    }

    @Test func elementsOfAnArrayWhateverThePiecesTheyArriveIn() {
        let text = #" [ {"a": "x]}\"", "b": [1, {"c": 2}]}, 3, "s,t" ,[ ] ]  "#
        let expected = [#"{"a": "x]}\"", "b": [1, {"c": 2}]}"#, "3", #""s,t""#, "[ ]"]
        for piece in [1, 2, 3, 7, 1000] {
            #expect(events(text, layout: .array, piece: piece) == expected, "piece \(piece)")
        }
    }

    @Test func topLevelValuesOverManyLinesAndAByteOrderMark() {
        let text = "\u{FEFF}{\n  \"text\": \"a\"\n}\n{\"text\": \"b\"}[1,\n2]"
        for piece in [1, 5, 1000] {
            #expect(events(text, layout: .values, piece: piece) == ["{\n  \"text\": \"a\"\n}", #"{"text": "b"}"#, "[1,\n2]"])
        }
    }

    @Test func aBrokenLayoutIsReportedWhereItBreaks() {
        #expect(events(#"{"a": 1}"#, layout: .array) == ["broken at 0: expected '[' to open the array of records"])
        #expect(events(#"[{"a": 1} {"b": 2}]"#, layout: .array) == [#"{"a": 1}"#, "broken at 10: expected ',' or ']' after a record"])
        #expect(events(#"[1, 2, ]"#, layout: .array) == ["1", "2", "broken at 7: expected a record after ','"])
        #expect(events(#"[1, 2] 3"#, layout: .array) == ["1", "2", "broken at 7: unexpected data after the array"])
        #expect(events(#"[1, {"a": 2"#, layout: .array) == ["1", #"{"a": 2"#, "broken at 11: unexpected end of input: the array is not closed with ']'"])
        #expect(events("[]", layout: .array).isEmpty)
        #expect(events("  \n ", layout: .values).isEmpty)
    }
}
