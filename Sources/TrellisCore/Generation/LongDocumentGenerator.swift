/// One long document in the import format, for the benchmark of the million-span document and
/// the tests of the review screen's windows: a dialogue of short human and AI turns, every
/// fifth AI turn quoting the human, with planted schema problems at fixed places (every 101st
/// turn followed by untagged words, every 211th a same-mode neighbour: two turns of one mode
/// with only a space between). About 15 bytes of JSONL per span (a million spans fit the import's line limit); deterministic.
public enum LongDocumentGenerator {
    /// The tagged text of a document of about `spans` spans (quotes count; the last turn may
    /// add one more).
    public static func taggedText(spans: Int) -> String {
        var text = ""
        text.reserveCapacity(spans * 14)
        var made = 0, turn = 0
        while made < spans {
            let human = turn % 2 == 0 && turn % 211 != 210
            if human {
                text += "<human>Hi</human>"
                made += 1
            } else if turn % 10 == 1 {
                text += "<ai>So <quote>hi</quote></ai>"
                made += 2
            } else {
                text += "<ai>Ok</ai>"
                made += 1
            }
            text += turn % 101 == 100 ? " no " : " "
            turn += 1
        }
        return text
    }

    /// The document as one JSONL line.
    public static func line(id: String, spans: Int, stage: Int? = 1) -> String {
        var object = "{\"id\": \"\(id)\""
        if let stage { object += ", \"stage\": \(stage)" }
        return object + ", \"text\": \"\(taggedText(spans: spans))\"}"
    }
}
