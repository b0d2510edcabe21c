import GRDB
import Testing
import TrellisModel
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// Agreement's kept sums (migration v11): a report that compares again only the chunks changed
/// since the last one says what a report comparing everything says, whatever changed in between.
@Suite struct AgreementCacheTests {
    let schema = Fixtures.defaultSchema
    let rubric = Fixtures.defaultRubric

    /// Reviewers' versions of documents in two blocks: twelve imported (in leaves 0 and 1 of block 0), one far away (block 2).
    private func teamDatabase() throws -> AppDatabase {
        let database = try ReviewHelpers.teamDatabase((0..<12).map { index in
            ImportHelpers.line(id: "d\(index)", text: "<human>Hi there, friend.</human> <ai>Hello <quote>you</quote>, how are you?</ai> <human>Fine.</human>",
                               stage: index % 3)
        })
        // One more document in another leaf of the first block, one in a block of its own.
        let near = AgreementCache.documentsPerLeaf * 3 + 7, far = AgreementCache.documentsPerLeaf * Int64(AgreementCache.leavesPerBlock) * 2 + 5
        for (id, name) in [(near, "near"), (far, "far")] {
            try database.write { db in
                try db.execute(sql: """
                    INSERT INTO document (id, external_id, text, length, stage, content_hash, imported_at, updated_at)
                    VALUES (?, ?, 'Far away text.', 14, 1, 'h', '2026-01-01', '2026-01-01')
                    """, arguments: [id, name])
                try db.execute(sql: "INSERT INTO span (document_id, start, \"end\", label) VALUES (?, 0, 8, 'human'), (?, 9, 14, 'ai')", arguments: [id, id])
                try db.execute(sql: """
                    INSERT INTO assignment (document_id, reviewer_id, independent, assigned_at)
                    SELECT ?, id, 1, '2026-01-01' FROM reviewer WHERE name IN ('ada', 'bo')
                    """, arguments: [id])
            }
        }
        for name in (0..<12).map({ "d\($0)" }) + ["near", "far"] {
            for reviewer in ["ada", "bo"] { _ = try database.workingDocument(id: try #require(try database.document(externalID: name)).record.id, for: reviewer) }
        }
        return database
    }

    /// The report with what is kept, against one comparing everything (which is kept then).
    private func expectKeptSumsAgree(_ database: AppDatabase, after step: String) throws {
        let kept = try database.agreementReport(rubric: rubric, worst: 5)
        try database.write { db in try db.execute(sql: "UPDATE agreement_progress SET spans_through = -1") }
        let everything = try database.agreementReport(rubric: rubric, worst: 5)
        let differences = AgreementReportComparison.differences(everything, kept)
        #expect(differences.isEmpty, "\(step): \(differences.prefix(4))")
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func keptSumsAgreeWithComparingEverything(seed: UInt64) throws {
        let database = try teamDatabase()
        try expectKeptSumsAgree(database, after: "the first report")
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agreement_chunk") } == 2, "blocks 0 and 2")
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agreement_leaf") } == 3, "leaves 0, 3 and 128")
        var random = SeededRandom(seed: seed)
        let names = (0..<12).map { "d\($0)" } + ["near", "far"]
        var bo = "bo"
        for step in 0..<40 {
            var done: [String] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let name = names.randomElement(using: &random)!
                let reviewer = ["ada", bo].randomElement(using: &random)!
                let id = try #require(try database.document(externalID: name)).record.id
                let version = try #require(try database.workingDocument(id: id, for: reviewer))
                guard let index = version.spans.indices.randomElement(using: &random) else { continue }
                switch Int.random(in: 0..<9, using: &random) {
                case 0:
                    done.append("relabel")
                    _ = try? ReviewHelpers.edit(name, .relabel(span: index, label: version.spans[index].label == "human" ? "ai" : "human"), in: database, by: reviewer)
                case 1:
                    done.append("move an edge")
                    _ = try? ReviewHelpers.edit(name, .moveEdge(span: index, edge: .end, direction: .backward, unit: .character), in: database, by: reviewer)
                case 2:
                    done.append("delete")
                    _ = try? ReviewHelpers.edit(name, .delete(span: index), in: database, by: reviewer)
                case 3:
                    done.append("undo")
                    do { _ = try database.undo(in: id, by: reviewer, schema: schema) } catch is StoreError {}
                case 4, 5:
                    done.append("rate")
                    _ = try database.rate(span: version.spans[index].id, in: id, dimension: "honesty",
                                          value: Bool.random(using: &random) ? Int.random(in: 1...5, using: &random) : nil, by: reviewer, schema: schema)
                case 6:
                    done.append("change a stage")
                    try database.write { db in try db.execute(sql: "UPDATE document SET stage = stage + 1 WHERE id = ?", arguments: [id]) }
                case 7:
                    done.append("rename a reviewer")
                    let renamed = bo == "bo" ? "bob" : "bo"
                    try database.write { db in try db.execute(sql: "UPDATE reviewer SET name = ? WHERE name = ?", arguments: [renamed, bo]) }
                    bo = renamed
                default:
                    done.append("a third reviewer's version")
                    try database.write { db in
                        try db.execute(sql: "INSERT OR IGNORE INTO reviewer (name, role, created_at) VALUES ('cy', 'reviewer', '2026-01-01')")
                        try db.execute(sql: """
                            INSERT OR IGNORE INTO assignment (document_id, reviewer_id, independent, assigned_at)
                            SELECT ?, id, 1, '2026-01-01' FROM reviewer WHERE name = 'cy'
                            """, arguments: [id])
                    }
                    _ = try database.workingDocument(id: id, for: "cy")
                }
            }
            try expectKeptSumsAgree(database, after: "step \(step): \(done.joined(separator: ", "))")
        }
    }

    /// A report that writes its kept sums block by block (as one comparing a million documents
    /// does every 8 MB) keeps the same sums as one writing them at the end, and records its
    /// progress only with the last write: stopped before it, the next report compares everything.
    @Test func keptSumsWrittenBlockByBlockAreTheSame() throws {
        let database = try teamDatabase()
        // Which leaves and blocks are kept, and how much of each (a builder's dictionaries are
        // written in an order that may differ from one to the next).
        let sums = { try database.read { db in try Row.fetchAll(db, sql: "SELECT leaf, length(sums) FROM agreement_leaf ORDER BY leaf") + Row.fetchAll(db, sql: "SELECT chunk, length(sums) FROM agreement_chunk ORDER BY chunk") } }
        let atTheEnd = try database.agreementReport(rubric: rubric, worst: 5)
        let keptAtTheEnd = try sums()
        try database.write { db in try db.execute(sql: "UPDATE agreement_progress SET spans_through = -1") }
        let blockByBlock = try database.agreementReport(rubric: rubric, worst: 5, writingEvery: 1)
        #expect(AgreementReportComparison.differences(atTheEnd, blockByBlock).isEmpty)
        #expect(try sums() == keptAtTheEnd)
        #expect(try database.read { db in try AgreementCache.plan(worst: 5, in: db) }.staleLeaves.isEmpty, "the progress recorded")
        // A day's work in two blocks, kept block by block, then compared with everything.
        _ = try ReviewHelpers.edit("far", .delete(span: 0), in: database, by: "ada")
        _ = try ReviewHelpers.edit("d2", .delete(span: 0), in: database, by: "bo")
        let kept = try database.agreementReport(rubric: rubric, worst: 5, writingEvery: 1)
        #expect(try database.read { db in try AgreementCache.plan(worst: 5, in: db) }.staleLeaves.isEmpty)
        try expectKeptSumsAgree(database, after: "two blocks written one by one")
        #expect(AgreementReportComparison.differences(try database.agreementReport(rubric: rubric, worst: 5), kept).isEmpty)
        // A full report stopped after its first write leaves nothing taken as up to date.
        try database.write { db in
            try db.execute(sql: "UPDATE agreement_progress SET worst_kept = 0")
            let plan = try AgreementCache.plan(worst: 5, in: db)
            #expect(plan.isFull)
            var saving = AgreementCache.Saving(plan: plan, batchBytes: 1)
            try saving.write(in: db)
            #expect(try AgreementCache.plan(worst: 5, in: db).isFull, "after the first write of a full plan")
        }
    }

    /// Kept sums that cannot be read are compared again: a block's (rebuilt from its leaves), or a
    /// leaf's (its block compared again whole).
    @Test func unreadableKeptSumsAreComparedAgain() throws {
        let database = try teamDatabase()
        _ = try database.agreementReport(rubric: rubric, worst: 5)
        try database.write { db in
            try db.execute(sql: "UPDATE agreement_chunk SET sums = X'7B' WHERE chunk = 2")
            try db.execute(sql: "UPDATE agreement_leaf SET sums = CAST('{\"documents\": \"many\"}' AS BLOB) WHERE leaf = 3")
        }
        _ = try ReviewHelpers.edit("d3", .delete(span: 0), in: database, by: "ada")
        try expectKeptSumsAgree(database, after: "unreadable sums of block 2 and of leaf 3 in block 0")
    }

    @Test func aReportComparesOnlyTheLeavesThatChanged() throws {
        let database = try teamDatabase()
        _ = try database.agreementReport(rubric: rubric)
        let plan = { try database.read { db in try AgreementCache.plan(worst: 10, in: db) } }
        #expect(try plan().staleLeaves.isEmpty)
        _ = try ReviewHelpers.edit("far", .delete(span: 0), in: database, by: "ada")
        #expect(try plan().staleLeaves == [128])
        #expect(try plan().staleBlocks == [2])
        #expect(try plan().keptBlocks.keys.sorted() == [0])
        _ = try database.agreementReport(rubric: rubric)
        #expect(try plan().staleLeaves.isEmpty)
        // A version made by inserting its spans, which no trigger sees, is found by its span ids.
        try database.write { db in
            try db.execute(sql: "INSERT INTO reviewer (name, role, created_at) VALUES ('dee', 'reviewer', '2026-01-01')")
            try db.execute(sql: """
                INSERT INTO span (document_id, owner_id, start, "end", label)
                SELECT document_id, (SELECT id FROM reviewer WHERE name = 'dee'), start, "end", label FROM span
                WHERE owner_id IS NULL AND deleted = 0 AND document_id = (SELECT id FROM document WHERE external_id = 'd3')
                """)
        }
        #expect(try plan().staleLeaves == [0])
        #expect(try plan().keptBlocks.keys.sorted() == [2])
        #expect(try database.agreementReport(rubric: rubric).reviewers == ["ada", "bo", "dee"])
        #expect(try database.read { db in try AgreementCache.plan(worst: 500, in: db) }.isFull, "more worst documents than were kept")
        // The highest span deleted, its id is given again: to a version's span, which is seen.
        try database.write { db in
            try db.execute(sql: "INSERT INTO span (document_id, start, \"end\", label) SELECT id, 0, 2, 'human' FROM document WHERE external_id = 'd5'")
        }
        _ = try database.agreementReport(rubric: rubric)
        #expect(try plan().staleLeaves.isEmpty)
        try database.write { db in
            let highest = try #require(try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM span"))
            try db.execute(sql: "DELETE FROM span WHERE id = ?", arguments: [highest])
            try db.execute(sql: """
                INSERT INTO span (document_id, owner_id, start, "end", label)
                SELECT id, (SELECT id FROM reviewer WHERE name = 'dee'), 3, 5, 'ai' FROM document WHERE external_id = 'd3'
                """)
            #expect(try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM span") == highest, "SQLite gave the id again")
        }
        #expect(try plan().staleLeaves == [0])
    }
}
