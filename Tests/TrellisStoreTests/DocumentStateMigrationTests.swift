import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// `v29-additive-document-state` carries the document fingerprints stored before it over to the
/// additive one (`DocumentStateCarryOver`): a document decision current before is current after,
/// a stale one stays stale, and undo and redo across the migration bring decisions back as they
/// did before.
@Suite struct DocumentStateMigrationTests {
    let directory: TemporaryDirectory
    let schema = Fixtures.defaultSchema

    init() throws {
        directory = try TemporaryDirectory()
    }

    private let at = "2026-01-01T00:00:00.000Z"
    private let before = [Span(start: 0, end: 5, label: "ai"), Span(start: 6, end: 11, label: "human")]
    private let now = [Span(start: 0, end: 5, label: "ai"), Span(start: 6, end: 12, label: "human")]

    private func sequential(_ spans: [Span]) -> Int64 { DecisionState.sequentialFingerprint(ofDocument: spans, contentHash: "h") }
    private func additive(_ spans: [Span]) -> Int64 { DecisionState.fingerprint(ofDocument: spans, contentHash: "h") }

    /// A decision on a document as history holds it (`nil`: none).
    private func decision(_ reviewer: Int, _ decision: String?, seen: Int64? = nil, document: Int = 1) -> String {
        guard let decision, let seen else { return #"{"document_reviews":[{"documentId":\#(document),"reviewerId":\#(reviewer)}]}"# }
        return #"{"document_reviews":[{"decision":"\#(decision)","documentId":\#(document),"reviewerId":\#(reviewer),"seen":\#(seen)}]}"#
    }

    /// A database at v26 as Trellis left it: on document 1, bo flagged it, then moved a boundary
    /// (his flag stale), then ada approved it (current); on document 2, a decision bound to a
    /// state nothing rebuilds.
    private func databaseAtV26() throws -> String {
        let path = directory.path("v26.sqlite")
        let old = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(old, upTo: "v26-text-in-pieces")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO reviewer (name, role, created_at) VALUES ('ada', 'reviewer', ?), ('bo', 'reviewer', ?);
                INSERT INTO document (external_id, text, length, content_hash, span_count, status, imported_at, updated_at)
                VALUES ('d1', 'Hello there!', 12, 'h', 2, 'approved', ?, ?), ('d2', 'Hello there!', 12, 'h', 2, 'in-progress', ?, ?);
                INSERT INTO span (document_id, start, "end", label) VALUES (1, 0, 5, 'ai'), (1, 6, 12, 'human'), (2, 0, 5, 'ai'), (2, 6, 12, 'human');
                """, arguments: [at, at, at, at, at, at])
            try db.execute(sql: """
                INSERT INTO document_review (document_id, reviewer_id, decision, seen, updated_at)
                VALUES (1, 2, 'flagged', ?, ?), (1, 1, 'approved', ?, ?), (2, 1, 'approved', 12345, ?)
                """, arguments: [sequential(before), at, sequential(now), at, at])
            let history = "INSERT INTO history (document_id, span_id, reviewer_id, at, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)"
            try db.execute(sql: history, arguments: [1, nil, 2, at, "decide-document", decision(2, nil), decision(2, "flagged", seen: sequential(before))])
            try db.execute(sql: history, arguments: [1, 2, 2, at, "move-end",
                                                     #"{"spans":[{"deleted":false,"depth":0,"end":11,"id":2,"label":"human","start":6}]}"#,
                                                     #"{"spans":[{"deleted":false,"depth":0,"end":12,"id":2,"label":"human","start":6}]}"#])
            try db.execute(sql: history, arguments: [1, nil, 1, at, "decide-document", decision(1, nil), decision(1, "approved", seen: sequential(now))])
            try db.execute(sql: history, arguments: [2, nil, 1, at, "decide-document", decision(1, nil, document: 2), decision(1, "approved", seen: 12345, document: 2)])
        }
        try old.close()
        return path
    }

    private func decisions(_ database: AppDatabase, _ id: Int64) throws -> [String: Decision] {
        let document = try #require(try database.document(id: id))
        return ["ada", "bo"].reduce(into: [:]) { $0[$1] = document.currentDecision(on: nil, by: $1) }
    }

    @Test func currentDecisionsStayCurrentStaleOnesStayStaleAndUndoCrossesTheMigration() throws {
        let path = try databaseAtV26()
        let changesLogged = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quality_change") }
        let database = try AppDatabase.open(path: path)
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quality_change") } == changesLogged,
                "no decision changed from current to stale or back: what the quality cache kept holds")
        let seen = try database.read { db in try Row.fetchAll(db, sql: "SELECT document_id, reviewer_id, seen FROM document_review ORDER BY 1, 2") }
        #expect(seen.map { [$0[0], $0[1], $0[2]] as [Int64] } == [[1, 1, additive(now)], [1, 2, additive(before)], [2, 1, 12345]],
                "current and stale decisions carried to the state they were made on; one bound to no known state left stale")
        #expect(try decisions(database, 1) == ["ada": .approved])
        #expect(try decisions(database, 2) == [:])
        #expect(try database.document(id: 1)?.record.status == .approved)
        // The state of the version a decision is current on is kept: an edit moves it.
        #expect(try database.read { db in try VersionState.differences(in: db) }.isEmpty)
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM version_state") } == 1)

        // bo's undo of his edit brings the state his flag was made on back, and his flag with it.
        _ = try #require(try database.undo(in: 1, by: "bo", schema: schema))
        #expect(try decisions(database, 1) == ["bo": .flagged])
        #expect(try database.document(id: 1)?.record.status == .flagged)
        _ = try #require(try database.redo(in: 1, by: "bo", schema: schema))
        #expect(try decisions(database, 1) == ["ada": .approved])

        // ada's approval, made before the migration, is undone and redone as any other.
        _ = try #require(try database.undo(in: 1, by: "ada", schema: schema))
        #expect(try decisions(database, 1) == [:])
        _ = try #require(try database.redo(in: 1, by: "ada", schema: schema))
        #expect(try decisions(database, 1) == ["ada": .approved])
        #expect(try database.document(id: 1)?.record.status == .approved)
        #expect(try database.read { db in try VersionState.differences(in: db) }.isEmpty)
    }
}
