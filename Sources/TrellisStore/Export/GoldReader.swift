import Crypto
import GRDB
import TrellisCore

/// Reads documents in export order (stage, then id; or shuffled within each stage) in batches,
/// with every span's judgements, and turns each into a `GoldDocument`.
struct GoldReader {
    let database: AppDatabase
    let options: ExportOptions

    /// Calls `body` for every document of the selected stages, in export order.
    func forEachDocument(_ body: (GoldDocument, [(span: Span, exclusion: GoldExclusion)], Bool) throws -> Void) throws {
        let stages: [Int?] = try database.writer.read { db in
            try Int?.fetchAll(db, sql: "SELECT DISTINCT stage FROM document ORDER BY stage IS NULL, stage")
        }.filter { stage in options.stages.map { allowed in stage.map(allowed.contains) ?? false } ?? true }
        let selector = GoldSelector(policy: options.policy)
        for stage in stages {
            try forEachBatch(in: stage, selector: selector) { batch in
                for judged in batch {
                    try body(judged.document, judged.exclusions, judged.decided)
                }
            }
        }
    }

    /// A document judged: its gold, the spans left out and why, whether every span was decided.
    private struct Judged: Sendable {
        var document: GoldDocument
        var exclusions: [(span: Span, exclusion: GoldExclusion)]
        var decided: Bool
    }

    private struct Loaded: Sendable {
        var record: DocumentRecord
        var spans: [SpanRecord]
        var judgements: [Int64: [SpanJudgement]]
        /// The adjudicator, when the document was adjudicated: their judgement wins.
        var adjudicator: String?
        /// SHA-256 of the original text, worked out with the reading (on the reading thread).
        var sourceHash: String?
    }

    /// Hands `body` the documents of `stage` judged, batch by batch, in export order, reading and
    /// judging the next two batches on two other threads while `body` formats and writes the
    /// current one (reading is the longest part of an export).
    private func forEachBatch(in stage: Int?, selector: GoldSelector, _ body: ([Judged]) throws -> Void) throws {
        let stageCondition = stage == nil ? "stage IS NULL" : "stage = ?"
        let stageArguments: StatementArguments = stage.map { [$0] } ?? []
        let batchSize = options.batchSize
        if let seed = options.shuffleSeed {
            var ids = try database.writer.read { db in
                try String.fetchAll(db, sql: "SELECT external_id FROM document WHERE \(stageCondition) ORDER BY external_id", arguments: stageArguments)
            }
            var random = SeededRandom(seed: seed &+ UInt64(bitPattern: Int64(stage ?? -1)))
            ids.shuffle(using: &random)
            var slices = stride(from: 0, to: ids.count, by: batchSize).map { Array(ids[$0..<min(ids.count, $0 + batchSize)]) }.makeIterator()
            try forEachPrefetched(width: Self.readers, label: "trellis.export.read", nextJob: {
                guard let slice = slices.next() else { return nil }
                return { [self] in
                    let loaded = try load(sql: "external_id IN (\(slice.map { _ in "?" }.joined(separator: ",")))", arguments: StatementArguments(slice))
                    let position = Dictionary(uniqueKeysWithValues: slice.enumerated().map { ($1, $0) })
                    return loaded.sorted { position[$0.record.externalId]! < position[$1.record.externalId]! }.map { gold(from: $0, selector: selector) }
                }
            }, body)
            return
        }
        // Batches are ranges of ids, their ends found in the name index before they are read, so
        // that two can be read at once.
        var after: String? = ""
        try forEachPrefetched(width: Self.readers, label: "trellis.export.read", nextJob: {
            guard let lower = after else { return nil }
            let upper = try database.writer.read { db in
                try String.fetchOne(db, sql: "SELECT external_id FROM document WHERE \(stageCondition) AND external_id > ? ORDER BY external_id LIMIT 1 OFFSET ?",
                                    arguments: stageArguments + [lower, batchSize - 1])
            }
            after = upper
            let range = upper == nil ? "external_id > ?" : "external_id > ? AND external_id <= ?"
            let arguments = stageArguments + [lower] + (upper.map { [$0] } ?? [])
            return { [self] in
                try load(sql: "\(stageCondition) AND \(range) ORDER BY external_id", arguments: arguments).map { gold(from: $0, selector: selector) }
            }
        }, body)
    }

    /// Threads reading and judging batches.
    private static let readers = 2

    private func load(sql condition: String, arguments: StatementArguments) throws -> [Loaded] {
        try database.writer.read { db in
            let records = try DocumentRecord.fetchAll(db, sql: "SELECT * FROM document WHERE \(condition)", arguments: arguments)
            guard !records.isEmpty else { return [] }
            let ids = records.map { $0.id! }
            let placeholders = ids.map { _ in "?" }.joined(separator: ",")
            let reviewers = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, name FROM reviewer").map { row -> (Int64, String) in (try row.decode(atIndex: 0), try row.decode(atIndex: 1)) })
            var spans: [Int64: [SpanRecord]] = [:]
            try db.forEachRawRow(sql: """
                SELECT id, document_id, start, "end", label, depth FROM span
                WHERE document_id IN (\(placeholders)) AND owner_id IS NULL AND deleted = 0 ORDER BY document_id, start, "end" DESC, depth
                """, arguments: StatementArguments(ids)) { row in
                let span = Span(start: row.int(2), end: row.int(3), label: row.string(4), depth: row.int(5))
                spans[row.int64(1), default: []].append(SpanRecord(id: row.int64(0), documentId: row.int64(1), span: span))
            }
            var ratings: [Int64: [Int64: [String: Int]]] = [:]
            try db.forEachRawRow(sql: """
                SELECT r.span_id, r.reviewer_id, r.dimension, r.value FROM rating r JOIN span s ON s.id = r.span_id
                WHERE s.document_id IN (\(placeholders)) AND s.deleted = 0
                """, arguments: StatementArguments(ids)) { row in
                ratings[row.int64(0), default: [:]][row.int64(1), default: [:]][row.string(2)] = row.int(3)
            }
            var judgements: [Int64: [SpanJudgement]] = [:]
            try db.forEachRawRow(sql: """
                SELECT r.span_id, r.reviewer_id, r.decision, r.note, r.updated_at FROM span_review r JOIN span s ON s.id = r.span_id
                JOIN reviewer v ON v.id = r.reviewer_id
                WHERE s.document_id IN (\(placeholders)) AND s.deleted = 0 ORDER BY r.span_id, v.name
                """, arguments: StatementArguments(ids)) { row in
                let spanID = row.int64(0), reviewerID = row.int64(1)
                judgements[spanID, default: []].append(SpanJudgement(
                    reviewer: reviewers[reviewerID] ?? "", decision: row.optionalString(2), ratings: ratings[spanID]?[reviewerID] ?? [:],
                    note: row.optionalString(3), at: row.string(4)))
            }
            var adjudicators: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT a.document_id, v.name FROM adjudication a JOIN reviewer v ON v.id = a.adjudicator_id WHERE a.document_id IN (\(placeholders))
                """, arguments: StatementArguments(ids)) {
                adjudicators[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1)
            }
            return records.map { record in
                Loaded(record: record, spans: spans[record.id!] ?? [], judgements: judgements, adjudicator: adjudicators[record.id!],
                       sourceHash: record.source.map { SHA256.hexDigest($0) })
            }
        }
    }

    /// The gold of one document, the spans left out and why, and whether every span was decided.
    private func gold(from loaded: Loaded, selector: GoldSelector) -> Judged {
        var gold: [GoldSpan] = []
        var excluded: [(span: Span, exclusion: GoldExclusion)] = []
        var decided = true
        for record in loaded.spans {
            let judgements = loaded.judgements[record.id!] ?? []
            if !judgements.contains(where: { $0.decision != nil }) { decided = false }
            let adjudication = loaded.adjudicator.flatMap { name in judgements.first { $0.reviewer == name } }
            switch selector.judge(record.span, judgements: judgements, adjudication: adjudication) {
            case .success(let span):
                if options.modes?.contains(span.span.label) ?? true { gold.append(span) }
            case .failure(let exclusion):
                excluded.append((record.span, exclusion))
            }
        }
        let document = GoldDocument(
            id: loaded.record.externalId, stage: loaded.record.stage, metaJSON: loaded.record.meta,
            text: loaded.record.text, spans: loaded.spans.map(\.span), gold: gold,
            importHash: loaded.record.contentHash, sourceHash: loaded.sourceHash)
        return Judged(document: document, exclusions: excluded, decided: decided)
    }
}
