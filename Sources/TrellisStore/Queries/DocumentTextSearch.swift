import GRDB
import TrellisCore
import TrellisModel

extension AppDatabase {
    /// A step of the in-document search of a document's text (``TextFindStep/step(of:within:forward:budget:piece:length:text:)``):
    /// steps end on multiples of the budget (at most a piece of `document_text_chunk`), so a long
    /// text is read from one piece per step (two when a match may run on into the next), and a
    /// step costs the same anywhere in a text of any length.
    func findText(_ query: String, in documentID: Int64, within range: Range<Int>, forward: Bool, budget: Int) throws -> TextFindStep {
        try read { db in
            let length = try Int.fetchOne(db.cachedStatement(sql: "SELECT length FROM document WHERE id = ?"), arguments: [documentID])
            guard let length else { throw StoreError.unknownDocument("#\(documentID)") }
            return try TextFindStep.step(of: TextMatcher(query), within: range, forward: forward, budget: min(budget, Self.textChunkLength),
                                         piece: min(max(1, budget), Self.textChunkLength),
                                         length: length) { part in
                Array(try Self.text(of: documentID, in: part, length: length, in: db).unicodeScalars)
            }
        }
    }
}
