import GRDB
import TrellisCore

/// The machine's version of a document: its spans exactly as the rewriter wrote them.
public struct MachineVersion: Hashable, Sendable {
    /// 1 for the first import, then one more per import that replaced the document.
    public var version: Int
    public var rewriter: String
    public var importRunID: Int64?
    /// `import`, or `backfill` for a version worked out by migration v13 from an older database.
    public var origin: String
    public var spans: [Span]
}

/// A document read for measuring its rewriter: the latest machine version, the gold (when the
/// document is reviewed, by `ReviewedGold`) and what its review took.
struct ReviewedRead: Sendable {
    var id: Int64
    var externalID: String
    var stage: Int?
    var meta: String?
    var length: Int
    var machine: MachineVersion?
    var outcome: ReviewedGold.Outcome
    /// The plain text and the source, read only for reviewed documents with a machine version.
    var text: String = ""
    var source: String?
    /// Current ratings of the gold spans.
    var ratings: [ReviewedDocument.Rating] = []
    /// Span edits in history.
    var edits = 0
    /// The audit stratum the document was drawn in.
    var stratum: Int?
    /// Whether it has a decision of its own or on a shared span (current or not).
    var decided = false
}

/// Which documents to read.
struct ReviewedSelection: Sendable {
    var stages: Set<Int>?
    /// Only the documents of this audit (by id).
    var auditID: Int64?
    /// Only these documents (ids in order), decided or not.
    var ids: [Int64]?
}

/// Reads the documents that may count as reviewed (those with any decision, or an audit's), in
/// batches of ids on two threads, judging each (`ReviewedGold`) from its shared spans and the
/// decisions made on them as they are now; text and source are read for the reviewed ones only.
/// `transform` runs on the reading threads; `body` gets its results in id order.
struct ReviewedDocumentReader {
    let database: AppDatabase
    let selection: ReviewedSelection
    var batchSize = 500

    /// The history actions that change spans.
    static let editActions = ["move-start", "move-end", "split", "merge", "relabel", "insert", "delete"]

    func forEachBatch<Output: Sendable>(
        _ transform: @escaping @Sendable (ReviewedRead) -> Output?, _ body: ([Output]) throws -> Void
    ) throws -> Int {
        let candidates = try self.candidates()
        var start = 0
        try forEachPrefetched(width: 2, label: "trellis.quality.read", nextJob: {
            guard start < candidates.count else { return nil }
            let slice = Array(candidates[start..<min(candidates.count, start + batchSize)])
            start += batchSize
            return { [self] in try load(slice).compactMap(transform) }
        }, body)
        return candidates.count
    }

    /// Documents that may be reviewed, by id: those with a decision of their own or on a shared
    /// span (an audit's documents all), within the selected stages.
    private func candidates() throws -> [(id: Int64, stratum: Int?)] {
        try database.read { db in
            var found: [(id: Int64, stratum: Int?)]
            if let ids = selection.ids {
                found = ids.map { ($0, nil) }
            } else if let auditID = selection.auditID {
                found = try Row.fetchAll(db, sql: "SELECT document_id, stratum FROM audit_document WHERE audit_id = ? ORDER BY document_id",
                                         arguments: [auditID]).map { (try $0.decode(atIndex: 0), try $0.decode(atIndex: 1)) }
            } else {
                // A bit per document id (128 KB for a million documents), not a set of ids.
                var marked = [UInt64](repeating: 0, count: Int((try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM document") ?? 0) / 64 + 1))
                func mark(_ row: RawRow) {
                    let id = row.int64(0)
                    guard id >= 0 else { return }
                    let word = Int(id / 64)
                    if word >= marked.count { marked += [UInt64](repeating: 0, count: word + 1 - marked.count) }
                    marked[word] |= 1 << UInt64(id % 64)
                }
                try db.forEachRawRow(sql: "SELECT document_id FROM document_review WHERE decision IS NOT NULL", arguments: [], mark)
                try db.forEachRawRow(sql: """
                    SELECT s.document_id FROM span_review r JOIN span s ON s.id = r.span_id
                    WHERE r.decision IS NOT NULL AND s.owner_id IS NULL AND s.deleted = 0
                    """, arguments: [], mark)
                found = []
                for (word, bits) in marked.enumerated() where bits != 0 {
                    for bit in 0..<64 where bits & (1 << UInt64(bit)) != 0 { found.append((Int64(word * 64 + bit), nil)) }
                }
            }
            guard let stages = selection.stages else { return found }
            let inStages = Set(try Int64.fetchAll(db, sql: "SELECT id FROM document WHERE stage IN (\(stages.map(String.init).joined(separator: ",")))"))
            return found.filter { inStages.contains($0.id) }
        }
    }

    private func load(_ slice: [(id: Int64, stratum: Int?)]) throws -> [ReviewedRead] {
        try database.read { db in
            let ids = slice.map(\.id)
            let placeholders = ids.map { _ in "?" }.joined(separator: ",")
            let arguments = StatementArguments(ids)
            var reads: [Int64: ReviewedRead] = [:]
            var hashes: [Int64: String] = [:]
            var labels = RepeatedStrings(), dimensions = RepeatedStrings()
            try db.forEachRawRow(sql: "SELECT id, external_id, stage, meta, length, content_hash FROM document WHERE id IN (\(placeholders))",
                                 arguments: arguments) { row in
                reads[row.int64(0)] = ReviewedRead(id: row.int64(0), externalID: row.string(1), stage: row.optionalInt64(2).map(Int.init),
                                                   meta: row.optionalString(3), length: row.int(4), machine: nil, outcome: .skipped("not-reviewed"))
                hashes[row.int64(0)] = row.string(5)
            }
            for (id, stratum) in slice { reads[id]?.stratum = stratum }
            // Each document's shared spans in document order, and each span's place: its
            // document, its index there and its state (`DecisionState`), which current
            // decisions and ratings were made on.
            var spans: [Int64: [Span]] = [:]
            var spanIDs: [Int64: [Int64]] = [:]
            try db.forEachRawRow(sql: """
                SELECT id, document_id, start, "end", label, depth FROM span
                WHERE document_id IN (\(placeholders)) AND owner_id IS NULL AND deleted = 0 ORDER BY document_id, start, "end" DESC, depth
                """, arguments: arguments) { row in
                let (start, end) = try row.offsets(2, 3, table: "span")
                spans[row.int64(1), default: []].append(Span(start: start, end: end, label: labels.string(row, 4), depth: row.int(5)))
                spanIDs[row.int64(1), default: []].append(row.int64(0))
            }
            var places: [Int64: (document: Int64, index: Int, state: Int64)] = [:]
            places.reserveCapacity(spanIDs.values.reduce(0) { $0 + $1.count })
            for (document, version) in spans {
                for (index, (id, state)) in zip(spanIDs[document]!, DecisionState.fingerprints(of: version)).enumerated() {
                    places[id] = (document, index, state)
                }
            }
            var spanDecisions: [Int64: [ReviewedGold.Decisions]] = spans.mapValues { [ReviewedGold.Decisions](repeating: [], count: $0.count) }
            try db.forEachRawRow(sql: """
                SELECT r.span_id, r.decision, r.seen FROM span_review r JOIN span s ON s.id = r.span_id
                WHERE s.document_id IN (\(placeholders)) AND s.owner_id IS NULL AND s.deleted = 0 AND r.decision IS NOT NULL
                """, arguments: arguments) { row in
                guard let place = places[row.int64(0)] else { return }
                reads[place.document]?.decided = true
                guard row.optionalInt64(2) == place.state else { return }
                spanDecisions[place.document]![place.index].insert(ReviewedGold.Decisions(utf8: row.blob(1)))
            }
            var documentDecisions: [Int64: [(decision: ReviewedGold.Decisions, seen: Int64?)]] = [:]
            try db.forEachRawRow(sql: """
                SELECT document_id, decision, seen FROM document_review WHERE document_id IN (\(placeholders)) AND decision IS NOT NULL
                """, arguments: arguments) { row in
                reads[row.int64(0)]?.decided = true
                documentDecisions[row.int64(0), default: []].append((ReviewedGold.Decisions(utf8: row.blob(1)), row.optionalInt64(2)))
            }
            try db.forEachRawRow(sql: """
                SELECT document_id, version, rewriter, import_run_id, origin, spans FROM machine_version
                WHERE document_id IN (\(placeholders)) ORDER BY document_id, version
                """, arguments: arguments) { row in
                guard let decoded = CompactSpans.decode(row.blob(5)) else {
                    throw StoreError.damaged(path: database.path ?? "database", detail: "the machine version \(row.int(1)) of document \(row.int64(0)) cannot be read")
                }
                reads[row.int64(0)]?.machine = MachineVersion(version: row.int(1), rewriter: row.string(2), importRunID: row.optionalInt64(3),
                                                              origin: row.string(4), spans: decoded)
            }
            var reviewed: [Int64] = []
            // Per reviewed document, which of its spans are gold (rated spans count only then).
            var kept: [Int64: [Bool]] = [:]
            for id in ids {
                guard var read = reads[id] else { continue }
                let version = spans[id] ?? []
                let documentState = DecisionState.fingerprint(ofDocument: version, contentHash: hashes[id] ?? "")
                read.outcome = ReviewedGold.judge(
                    spans: version, spanDecisions: spanDecisions[id] ?? [],
                    documentDecisions: (documentDecisions[id] ?? []).reduce(into: []) { if $1.seen == documentState { $0.insert($1.decision) } })
                if case .gold(let gold) = read.outcome {
                    let goldSet = Set(gold)
                    kept[id] = version.map { goldSet.contains($0) }
                    if read.machine != nil { reviewed.append(id) }
                }
                reads[id] = read
            }
            if !kept.isEmpty {
                let gold = kept.keys.sorted()
                try db.forEachRawRow(sql: """
                    SELECT r.span_id, r.dimension, r.value, r.seen FROM rating r JOIN span s ON s.id = r.span_id
                    WHERE s.document_id IN (\(gold.map { _ in "?" }.joined(separator: ","))) AND s.owner_id IS NULL AND s.deleted = 0
                    """, arguments: StatementArguments(gold)) { row in
                    guard let place = places[row.int64(0)], row.optionalInt64(3) == place.state, kept[place.document]![place.index] else { return }
                    reads[place.document]!.ratings.append(.init(mode: spans[place.document]![place.index].label, dimension: dimensions.string(row, 1),
                                                                value: row.int(2)))
                }
            }
            if !reviewed.isEmpty {
                let marks = reviewed.map { _ in "?" }.joined(separator: ",")
                try db.forEachRawRow(sql: "SELECT id, \(AppDatabase.textSQL()), source FROM document WHERE id IN (\(marks))", arguments: StatementArguments(reviewed)) { row in
                    reads[row.int64(0)]?.text = row.string(1)
                    reads[row.int64(0)]?.source = row.optionalString(2)
                }
                let actions = Self.editActions.map { "'\($0)'" }.joined(separator: ",")
                try db.forEachRawRow(sql: """
                    SELECT document_id, COUNT(*) FROM history WHERE document_id IN (\(marks)) AND action IN (\(actions)) GROUP BY document_id
                    """, arguments: StatementArguments(reviewed)) { row in
                    reads[row.int64(0)]?.edits = row.int(1)
                }
            }
            return ids.compactMap { reads[$0] }
        }
    }
}

extension AppDatabase {
    /// Every machine version of a document, oldest first.
    public func machineVersions(of documentID: Int64) throws -> [MachineVersion] {
        try read { db in
            var versions: [MachineVersion] = []
            try db.forEachRawRow(sql: """
                SELECT version, rewriter, import_run_id, origin, spans FROM machine_version WHERE document_id = ? ORDER BY version
                """, arguments: [documentID]) { row in
                guard let spans = CompactSpans.decode(row.blob(4)) else {
                    throw StoreError.damaged(path: path ?? "database", detail: "the machine version \(row.int(0)) of document \(documentID) cannot be read")
                }
                versions.append(MachineVersion(version: row.int(0), rewriter: row.string(1), importRunID: row.optionalInt64(2), origin: row.string(3), spans: spans))
            }
            return versions
        }
    }
}
