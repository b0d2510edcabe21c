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
            try forEachBatch(in: stage) { batch in
                for loaded in batch {
                    let (document, exclusions, decided) = gold(from: loaded, selector: selector)
                    try body(document, exclusions, decided)
                }
            }
        }
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

    /// Hands `body` the documents of `stage` batch by batch, in export order, reading the next
    /// batch on a second thread while `body` works on the current one.
    private func forEachBatch(in stage: Int?, _ body: ([Loaded]) throws -> Void) throws {
        let stageCondition = stage == nil ? "stage IS NULL" : "stage = ?"
        let stageArguments: StatementArguments = stage.map { [$0] } ?? []
        let background = BackgroundBatch<[Loaded]>(label: "trellis.export.read")
        let batchSize = options.batchSize
        if let seed = options.shuffleSeed {
            var ids = try database.writer.read { db in
                try String.fetchAll(db, sql: "SELECT external_id FROM document WHERE \(stageCondition) ORDER BY external_id", arguments: stageArguments)
            }
            var random = SeededRandom(seed: seed &+ UInt64(bitPattern: Int64(stage ?? -1)))
            ids.shuffle(using: &random)
            let slices = stride(from: 0, to: ids.count, by: batchSize).map { Array(ids[$0..<min(ids.count, $0 + batchSize)]) }
            func startLoading(_ index: Int) {
                guard slices.indices.contains(index) else { return }
                let slice = slices[index]
                background.start { [self] in
                    let loaded = try load(sql: "external_id IN (\(slice.map { _ in "?" }.joined(separator: ",")))", arguments: StatementArguments(slice))
                    let position = Dictionary(uniqueKeysWithValues: slice.enumerated().map { ($1, $0) })
                    return loaded.sorted { position[$0.record.externalId]! < position[$1.record.externalId]! }
                }
            }
            startLoading(0)
            for index in slices.indices {
                let loaded = try background.collect() ?? []
                startLoading(index + 1)
                try body(loaded)
            }
            return
        }
        func startLoading(after last: String) {
            background.start { [self] in
                try load(sql: "\(stageCondition) AND external_id > ? ORDER BY external_id LIMIT \(batchSize)", arguments: stageArguments + [last])
            }
        }
        startLoading(after: "")
        while let loaded = try background.collect(), let last = loaded.last {
            startLoading(after: last.record.externalId)
            try body(loaded)
        }
    }

    private func load(sql condition: String, arguments: StatementArguments) throws -> [Loaded] {
        try database.writer.read { db in
            let records = try DocumentRecord.fetchAll(db, sql: "SELECT * FROM document WHERE \(condition)", arguments: arguments)
            guard !records.isEmpty else { return [] }
            let ids = records.map { $0.id! }
            let placeholders = ids.map { _ in "?" }.joined(separator: ",")
            let spans = try SpanRecord.fetchAll(db, sql: """
                SELECT * FROM span WHERE document_id IN (\(placeholders)) AND owner_id IS NULL AND deleted = 0 ORDER BY document_id, start, "end" DESC, depth
                """, arguments: StatementArguments(ids))
            var ratings: [Int64: [String: [String: Int]]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT r.span_id, v.name, r.dimension, r.value FROM rating r JOIN span s ON s.id = r.span_id JOIN reviewer v ON v.id = r.reviewer_id
                WHERE s.document_id IN (\(placeholders)) AND s.deleted = 0
                """, arguments: StatementArguments(ids)) {
                ratings[row[0], default: [:]][row[1], default: [:]][row[2]] = row[3]
            }
            var judgements: [Int64: [SpanJudgement]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT r.span_id, v.name, r.decision, r.note, r.updated_at FROM span_review r JOIN span s ON s.id = r.span_id
                JOIN reviewer v ON v.id = r.reviewer_id
                WHERE s.document_id IN (\(placeholders)) AND s.deleted = 0 ORDER BY r.span_id, v.name
                """, arguments: StatementArguments(ids)) {
                let spanID: Int64 = row[0]
                let reviewer: String = row[1]
                judgements[spanID, default: []].append(SpanJudgement(
                    reviewer: reviewer, decision: row[2], ratings: ratings[spanID]?[reviewer] ?? [:], note: row[3], at: row[4]))
            }
            var adjudicators: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT a.document_id, v.name FROM adjudication a JOIN reviewer v ON v.id = a.adjudicator_id WHERE a.document_id IN (\(placeholders))
                """, arguments: StatementArguments(ids)) {
                adjudicators[row[0]] = row[1]
            }
            let grouped = Dictionary(grouping: spans, by: \.documentId)
            return records.map { record in
                Loaded(record: record, spans: grouped[record.id!] ?? [], judgements: judgements, adjudicator: adjudicators[record.id!],
                       sourceHash: record.source.map { SHA256.hexDigest($0) })
            }
        }
    }

    /// The gold of one document, the spans left out and why, and whether every span was decided.
    private func gold(from loaded: Loaded, selector: GoldSelector) -> (GoldDocument, [(span: Span, exclusion: GoldExclusion)], Bool) {
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
        return (document, excluded, decided)
    }
}
