import GRDB
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// The kept sums of a version's span terms (`version_state`, ``VersionState``) that a document's
/// state is worked out from stay equal to a sum from scratch whatever happens: edits, undo and
/// redo, document decisions, independent versions, adjudication, re-imports and reverts; and a
/// document decision is current exactly when the document's spans are as they were when it was
/// made.
@Suite struct VersionStateTests {
    let schema = Fixtures.defaultSchema

    private func line(_ index: Int, variant: Int = 0) -> String {
        let texts = ["<human>Hi there.</human> <ai>Hello <quote>you</quote>.</ai> <human>Bye.</human>",
                     "<human>Rain again.</human> <ai>Take an umbrella.</ai>",
                     "<ai>Only me.</ai> <human>And me.</human>"]
        return ImportHelpers.line(id: "d\(index)", text: texts[(index + variant) % texts.count])
    }

    private func expectSumsMatch(_ database: AppDatabase, after step: String) throws {
        let differences = try database.read { db in try VersionState.differences(in: db) }
        #expect(differences.isEmpty, "\(step): \(differences.prefix(4).joined(separator: "; "))")
    }

    /// Each reviewer's document decision is current exactly when its version's fingerprint from
    /// scratch is the one it was made on.
    private func expectDecisionsMatch(_ database: AppDatabase, after step: String) throws {
        try database.read { db in
            for row in try Row.fetchAll(db, sql: "SELECT document_id, reviewer_id, seen FROM document_review WHERE decision IS NOT NULL") {
                let document: Int64 = try row.decode(atIndex: 0), reviewer: Int64 = try row.decode(atIndex: 1)
                let owner = try AppDatabase.workingOwner(of: document, reviewerID: reviewer, in: db)
                let contentHash = try String.fetchOne(db, sql: "SELECT content_hash FROM document WHERE id = ?", arguments: [document]) ?? ""
                let fresh = DecisionState.fingerprint(ofDocument: try SpanRecord.fetchLive(in: document, owner: owner, db).map(\.span), contentHash: contentHash)
                #expect(try AppDatabase.documentState(of: document, owner: owner, keep: false, in: db) == fresh, "\(step): document \(document)")
            }
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func keptSumsFollowEveryChange(seed: UInt64) throws {
        let database = try AppDatabase.inMemory()
        let directory = try TemporaryDirectory()
        _ = try ImportHelpers.importLines((0..<5).map { line($0) }, into: database, in: directory)
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 0.5, seed: seed), by: "lead")
        var random = SeededRandom(seed: seed)
        var reimports = 0, decided = 0, current = 0
        let steps = RandomSteps(database: database, schema: schema)
        for step in 0..<200 {
            let reviewer = ["ada", "bo", "cy"].randomElement(using: &random)!
            let id = try #require(try database.document(externalID: "d\(Int.random(in: 0..<5, using: &random))")).record.id
            let document = try #require(try database.workingDocument(id: id, for: reviewer))
            guard let index = document.spans.indices.randomElement(using: &random) else { continue }
            let span = document.spans[index]
            let action: String
            switch Int.random(in: 0..<20, using: &random) {
            case 0...3:
                action = "decide the document"
                let decision = [Decision.approved, .rejected, .flagged, nil].randomElement(using: &random)!
                _ = try database.decide(document: id, decision: decision, by: reviewer, schema: schema)
                if decision != nil { decided += 1 }
            case 4...6:
                action = "move a boundary"
                try steps.edit(.moveEdge(span: index, edge: Bool.random(using: &random) ? .start : .end, direction: Bool.random(using: &random) ? .forward : .backward,
                                         unit: .character), of: document, by: reviewer)
            case 7, 8:
                action = "relabel"
                try steps.edit(.relabel(span: index, label: span.label == "human" ? "ai" : "human"), of: document, by: reviewer)
            case 9:
                action = "delete"
                try steps.edit(.delete(span: index), of: document, by: reviewer)
            case 10...13:
                action = "undo"
                try steps.undo(in: id, by: reviewer)
            case 14, 15:
                action = "redo"
                try steps.redo(in: id, by: reviewer)
            case 16:
                action = "re-import with changed texts"
                reimports += 1
                _ = try ImportHelpers.importLines((0..<5).map { line($0, variant: reimports) }, into: database, in: directory,
                                                  name: "again\(reimports).jsonl", options: ImportOptions(onChanged: .replace))
            case 17:
                action = "adjudicate"
                _ = try database.autoAdjudicate(by: "lead", schema: schema, rubric: Fixtures.defaultRubric)
            case 18:
                action = "revert to the start"
                _ = try? database.revert(document: id, toEntry: 0, by: "lead", schema: schema)
            default:
                action = "rate"
                _ = try database.rate(span: span.id, in: id, dimension: "honesty", value: Int.random(in: 1...5, using: &random), by: reviewer, schema: schema)
            }
            try expectSumsMatch(database, after: "step \(step): \(action)")
            try expectDecisionsMatch(database, after: "step \(step): \(action)")
            current += try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM version_state") ?? 0 } > 0 ? 1 : 0
        }
        #expect(decided > 5 && current > 100, "the sequence kept sums to check")
        // The comparison sees a sum that is off.
        try database.write { db in try db.execute(sql: "UPDATE version_state SET span_sum = span_sum + 1 WHERE (document_id, owner_id) = (SELECT document_id, owner_id FROM version_state LIMIT 1)") }
        #expect(try database.read { db in try VersionState.differences(in: db) }.count == 1)
    }
}
