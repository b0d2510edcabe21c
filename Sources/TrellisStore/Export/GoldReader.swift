import Crypto
import GRDB
import TrellisCore
import TrellisModel

/// Reads documents in export order (stage, then id; or shuffled within each stage) in batches,
/// with every span's judgements, and turns each into a `GoldDocument`.
struct GoldReader {
    let database: AppDatabase
    let options: ExportOptions
    /// The export's schema: whole documents and gold spans are checked against it.
    let validator: Validator

    /// Calls `body` for every document of the selected stages, in export order, with what
    /// `prepare` made of it on the thread that read and judged it (its records, formatted and
    /// checked).
    func forEachDocument<Prepared: Sendable>(prepare: @escaping @Sendable (JudgedDocument) -> Prepared,
                                             _ body: (JudgedDocument, Prepared) throws -> Void) throws {
        let stages: [Int?] = try database.read { db in
            try Int?.fetchAll(db, sql: "SELECT DISTINCT stage FROM document ORDER BY stage IS NULL, stage")
        }.filter { stage in options.stages.map { allowed in stage.map(allowed.contains) ?? false } ?? true }
        let selector = GoldSelector(policy: options.policy)
        for stage in stages {
            try forEachBatch(in: stage, selector: selector, prepare: prepare) { batch in
                for (judged, prepared) in batch { try body(judged, prepared) }
            }
        }
    }

    private struct Loaded: Sendable {
        var record: DocumentRecord
        var spans: [SpanRecord]
        /// Every reviewer's rating and decision rows of the batch's spans, by span id.
        var reviews: [Int64: [StoredJudgement]]
        var documentReviews: [StoredJudgement]
        /// The adjudicator, when the document was adjudicated: their judgement wins.
        var adjudicator: String?
        /// Per adjudicated span, the reviewers' own judgements the adjudicator took.
        var sources: [Int64: [SpanJudgement]]
        /// SHA-256 of the original text, worked out with the reading (on the reading thread).
        var sourceHash: String?
    }

    /// A reviewer's decision, note and ratings as stored, with the states they were made on.
    private struct StoredJudgement: Sendable {
        var reviewerID: Int64 = 0
        var reviewer: String
        var decision: String?
        var note: String?
        var at: String
        var seen: Int64?
        /// Over the rubric's dimensions (`GoldSelector.dimensionNames`).
        var ratings: Ratings<Int>
        var ratedOn = RatedOn.nothing

        /// The states the ratings were given to: one for all of them (the usual case), or one
        /// per rating (by its place in `ratings.names`) when they differ.
        enum RatedOn: Sendable {
            case nothing
            case one(Int64?)
            case several([Int64?])
        }

        /// Adds a rating given to state `seen`, of the dimension at `place` in the rubric (or, when
        /// the rubric has none such, of `name`).
        mutating func rate(_ value: Int, at place: Int?, named name: String?, seen: Int64?) {
            let index: Int
            if let place {
                index = place
            } else {
                let name = name ?? ""
                if ratings.names.firstIndex(of: name) == nil { ratings[name] = value }
                index = ratings.names.firstIndex(of: name)!
            }
            ratings.set(value, at: index)
            switch ratedOn {
            case .nothing: ratedOn = .one(seen)
            case .one(let state) where state == seen: break
            case .one(let state):
                var each = [Int64?](repeating: state, count: ratings.names.count)
                each[index] = seen
                ratedOn = .several(each)
            case .several(var each):
                if each.count < ratings.names.count { each += repeatElement(nil, count: ratings.names.count - each.count) }
                each[index] = seen
                ratedOn = .several(each)
            }
        }

        /// The judgement as the gold rules see it on a span whose state is now `state`: the
        /// decision current or not, the ratings given to this state apart from earlier ones.
        /// When all were given to one state (the usual case), the ratings are shared as they are.
        func judgement(on state: Int64?) -> SpanJudgement {
            let none = Ratings<Int>(names: ratings.names)
            var current = none, earlier = none
            switch ratedOn {
            case .nothing: break
            case .one(let seen):
                if seen != nil && seen == state { current = ratings } else { earlier = ratings }
            case .several(let each):
                for index in ratings.names.indices {
                    guard let value = ratings.value(at: index) else { continue }
                    if each[index] != nil && each[index] == state { current.set(value, at: index) } else { earlier.set(value, at: index) }
                }
            }
            return SpanJudgement(reviewer: reviewer, decision: decision, isCurrent: seen != nil && seen == state,
                                 ratings: current, ratingsBeforeChange: earlier, note: note, at: at)
        }
    }

    /// Where a rating row's dimension lies in the rubric's names, found by comparing its bytes.
    private struct DimensionPlaces {
        private let names: [[UInt8]]

        init(_ names: [String]) { self.names = names.map { Array($0.utf8) } }

        /// The place of the column's text in the names, `nil` when it is none of them.
        func place(_ row: RawRow, _ column: Int32) -> Int? {
            let bytes = row.blob(column)
            return names.firstIndex { name in
                name.count == bytes.count && name.elementsEqual(bytes)
            }
        }
    }

    /// Hands `body` the documents of `stage` judged and prepared, batch by batch, in export
    /// order, reading, judging and preparing the next two batches on two other threads while
    /// `body` writes the current one.
    private func forEachBatch<Prepared: Sendable>(in stage: Int?, selector: GoldSelector, prepare: @escaping @Sendable (JudgedDocument) -> Prepared,
                                                  _ body: ([(JudgedDocument, Prepared)]) throws -> Void) throws {
        let stageCondition = stage == nil ? "stage IS NULL" : "stage = ?"
        let stageArguments: StatementArguments = stage.map { [$0] } ?? []
        let batchSize = options.batchSize
        if let seed = options.shuffleSeed {
            var ids = try database.read { db in
                try String.fetchAll(db, sql: "SELECT external_id FROM document WHERE \(stageCondition) ORDER BY external_id", arguments: stageArguments)
            }
            var random = SeededRandom(seed: seed &+ UInt64(bitPattern: Int64(stage ?? -1)))
            ids.shuffle(using: &random)
            var slices = stride(from: 0, to: ids.count, by: batchSize).map { Array(ids[$0..<min(ids.count, $0 + batchSize)]) }.makeIterator()
            try forEachPrefetched(width: Self.readers, label: "trellis.export.read", nextJob: {
                guard let slice = slices.next() else { return nil }
                return { [self] in
                    let loaded = try load(sql: "external_id IN (\(slice.map { _ in "?" }.joined(separator: ",")))", arguments: StatementArguments(slice),
                                          selector: selector)
                    let position = Dictionary(uniqueKeysWithValues: slice.enumerated().map { ($1, $0) })
                    return loaded.sorted { position[$0.record.externalId]! < position[$1.record.externalId]! }.map { loaded in
                        let judged = gold(from: loaded, selector: selector)
                        return (judged, prepare(judged))
                    }
                }
            }, body)
            return
        }
        // Batches are ranges of ids, their ends found in the name index before they are read, so
        // that two can be read at once.
        var after: String? = ""
        try forEachPrefetched(width: Self.readers, label: "trellis.export.read", nextJob: {
            guard let lower = after else { return nil }
            let upper = try database.read { db in
                try String.fetchOne(db, sql: "SELECT external_id FROM document WHERE \(stageCondition) AND external_id > ? ORDER BY external_id LIMIT 1 OFFSET ?",
                                    arguments: stageArguments + [lower, batchSize - 1])
            }
            after = upper
            let range = upper == nil ? "external_id > ?" : "external_id > ? AND external_id <= ?"
            let arguments = stageArguments + [lower] + (upper.map { [$0] } ?? [])
            return { [self] in
                try load(sql: "\(stageCondition) AND \(range) ORDER BY external_id", arguments: arguments, selector: selector).map { loaded in
                    let judged = gold(from: loaded, selector: selector)
                    return (judged, prepare(judged))
                }
            }
        }, body)
    }

    /// Threads reading and judging batches.
    private static let readers = 2

    private func load(sql condition: String, arguments: StatementArguments, selector: GoldSelector) throws -> [Loaded] {
        try database.read { db in
            let records = try DocumentRecord.fetchAll(db, sql: "SELECT \(AppDatabase.documentColumns) FROM document WHERE \(condition)", arguments: arguments)
            guard !records.isEmpty else { return [] }
            let ids = records.map(\.id)
            let placeholders = ids.map { _ in "?" }.joined(separator: ",")
            let reviewers = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, name FROM reviewer").map { row -> (Int64, String) in (try row.decode(atIndex: 0), try row.decode(atIndex: 1)) })
            // The spans come a document at a time: each document's are gathered, then kept with one look-up.
            var spans = [Int64: [SpanRecord]](minimumCapacity: records.count)
            var labels = RepeatedStrings(), document: (id: Int64, spans: [SpanRecord])?
            try db.forEachRawRow(sql: """
                SELECT id, document_id, start, "end", label, depth FROM span
                WHERE document_id IN (\(placeholders)) AND owner_id IS NULL AND deleted = 0 ORDER BY document_id, start, "end" DESC, depth
                """, arguments: StatementArguments(ids)) { row in
                let documentID = row.int64(1)
                if documentID != document?.id {
                    if let document { spans[document.id] = document.spans }
                    document = (documentID, [])
                }
                let (start, end) = try row.offsets(2, 3, table: "span")
                let span = Span(start: start, end: end, label: labels.string(row, 4), depth: row.int(5))
                document?.spans.append(SpanRecord(id: row.int64(0), documentId: documentID, span: span))
            }
            if let document { spans[document.id] = document.spans }
            // Ratings and decisions of one reviewer on one span meet in one judgement: per span, a
            // short list (one entry per reviewer) rather than a dictionary.
            var reviews: [Int64: [StoredJudgement]] = [:]
            // Decisions and dimensions are a few values over and over: each made a `String` once.
            var decisions = RepeatedDecisions(), dimensions = RepeatedStrings(), times = LastString()
            // Ratings are kept by the place of their dimension in the rubric, found once per row.
            let names = selector.dimensionNames, places = DimensionPlaces(names)
            try db.forEachRawRow(sql: """
                SELECT r.span_id, r.reviewer_id, r.decision, r.note, r.updated_at, r.seen FROM span_review r JOIN span s ON s.id = r.span_id
                WHERE s.document_id IN (\(placeholders)) AND s.deleted = 0
                """, arguments: StatementArguments(ids)) { row in
                let reviewerID = row.int64(1)
                let stored = StoredJudgement(reviewerID: reviewerID, reviewer: reviewers[reviewerID] ?? "",
                                             decision: try decisions.decision(row, 2, table: "span_review"),
                                             note: row.optionalString(3), at: times.string(row, 4), seen: row.optionalInt64(5), ratings: Ratings(names: names))
                Self.merge(reviewerID, into: &reviews[row.int64(0), default: []], new: stored) { $0 = stored }
            }
            // The ratings come a span and a reviewer at a time (the rating index's order): those of
            // one are gathered, then added to their judgement with one look-up.
            var gathering: (span: Int64, reviewer: Int64)?
            var gathered: [(place: Int?, name: String?, value: Int, seen: Int64?)] = []
            func addGathered() {
                guard let (spanID, reviewerID) = gathering else { return }
                Self.merge(reviewerID, into: &reviews[spanID, default: []],
                           new: StoredJudgement(reviewerID: reviewerID, reviewer: reviewers[reviewerID] ?? "", at: "", ratings: Ratings(names: names))) {
                    for rating in gathered { $0.rate(rating.value, at: rating.place, named: rating.name, seen: rating.seen) }
                }
                gathered.removeAll(keepingCapacity: true)
            }
            try db.forEachRawRow(sql: """
                SELECT r.span_id, r.reviewer_id, r.dimension, r.value, r.seen FROM rating r JOIN span s ON s.id = r.span_id
                WHERE s.document_id IN (\(placeholders)) AND s.deleted = 0
                """, arguments: StatementArguments(ids)) { row in
                let spanID = row.int64(0), reviewerID = row.int64(1)
                if gathering.map({ $0.span != spanID || $0.reviewer != reviewerID }) ?? true {
                    addGathered()
                    gathering = (spanID, reviewerID)
                }
                let place = places.place(row, 2)
                gathered.append((place, place == nil ? dimensions.string(row, 2) : nil, row.int(3), row.optionalInt64(4)))
            }
            addGathered()
            var documentReviews: [Int64: [StoredJudgement]] = [:]
            try db.forEachRawRow(sql: """
                SELECT document_id, reviewer_id, decision, note, updated_at, seen FROM document_review WHERE document_id IN (\(placeholders))
                """, arguments: StatementArguments(ids)) { row in
                documentReviews[row.int64(0), default: []].append(StoredJudgement(
                    reviewer: reviewers[row.int64(1)] ?? "", decision: try decisions.decision(row, 2, table: "document_review"), note: row.optionalString(3), at: row.string(4), seen: row.optionalInt64(5),
                    ratings: Ratings(names: [])))
            }
            let byName: (StoredJudgement, StoredJudgement) -> Bool = { $0.reviewer < $1.reviewer }
            // Each span's judgements by reviewer name, sorted in place (the usual single one as it is).
            for index in reviews.values.indices where reviews.values[index].count > 1 { reviews.values[index].sort(by: byName) }
            var adjudicators: [Int64: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT a.document_id, v.name FROM adjudication a JOIN reviewer v ON v.id = a.adjudicator_id WHERE a.document_id IN (\(placeholders))
                """, arguments: StatementArguments(ids)) {
                adjudicators[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1)
            }
            let sources = try adjudicators.isEmpty ? [:] : Self.sources(of: Array(adjudicators.keys), reviews: reviews, reviewers: reviewers, in: db)
            return records.map { record in
                Loaded(record: record, spans: spans[record.id] ?? [], reviews: reviews,
                       documentReviews: (documentReviews[record.id] ?? []).sorted(by: byName), adjudicator: adjudicators[record.id],
                       sources: sources, sourceHash: record.source.map { SHA256.hexDigest($0) })
            }
        }
    }

    /// Changes `reviewerID`'s judgement in a span's list with `update`, adding `new` first when
    /// the list has none of theirs.
    private static func merge(_ reviewerID: Int64, into list: inout [StoredJudgement], new: @autoclosure () -> StoredJudgement,
                              update: (inout StoredJudgement) -> Void) {
        if let index = list.firstIndex(where: { $0.reviewerID == reviewerID }) { return update(&list[index]) }
        list.append(new())
        update(&list[list.count - 1])
    }

    /// Per live shared span of the adjudicated documents, the reviewers' own judgements it took
    /// (`adjudication_source`): each source span's owner's decision and ratings (from `reviews`,
    /// which hold the versions' too), only those made on that span as it is in its version.
    private static func sources(of documentIDs: [Int64], reviews: [Int64: [StoredJudgement]], reviewers: [Int64: String],
                                in db: Database) throws -> [Int64: [SpanJudgement]] {
        let placeholders = documentIDs.map { _ in "?" }.joined(separator: ",")
        let states = AppDatabase.spanStates(of: try AppDatabase.versions(of: documentIDs, in: db).values.joined())
        var sources: [Int64: [SpanJudgement]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT a.span_id, a.source_span_id, s.owner_id FROM span t JOIN adjudication_source a ON a.span_id = t.id JOIN span s ON s.id = a.source_span_id
            WHERE t.document_id IN (\(placeholders)) AND t.owner_id IS NULL AND t.deleted = 0 AND s.owner_id IS NOT NULL
            """, arguments: StatementArguments(documentIDs)) {
            let spanID: Int64 = try row.decode(atIndex: 0), sourceID: Int64 = try row.decode(atIndex: 1), ownerID: Int64 = try row.decode(atIndex: 2)
            guard let stored = reviews[sourceID]?.first(where: { $0.reviewer == reviewers[ownerID] }) else { continue }
            let judgement = stored.judgement(on: states[sourceID])
            if judgement.isCurrent && judgement.decision != nil || !judgement.ratings.isEmpty { sources[spanID, default: []].append(judgement) }
        }
        return sources
    }

    /// The gold of one document, the spans left out and why, whether every span was decided,
    /// and whether it may be a whole-document record. Decisions and ratings count only when made
    /// on the spans (and the document) as they are now.
    private func gold(from loaded: Loaded, selector: GoldSelector) -> JudgedDocument {
        var gold: [GoldSpan] = []
        var excluded: [(span: Span, exclusion: GoldExclusion)] = []
        var decided = true
        let spans = loaded.spans.map(\.span)
        var states: [Int64]?
        for (index, record) in loaded.spans.enumerated() {
            let stored = loaded.reviews[record.id] ?? []
            if states == nil, !stored.isEmpty { states = DecisionState.fingerprints(of: spans) }
            let state = states?[index]
            let judgements = stored.map { $0.judgement(on: state) }
            if !judgements.contains(where: { $0.decision != nil && $0.isCurrent }) { decided = false }
            let adjudication = loaded.adjudicator.flatMap { name in judgements.first { $0.reviewer == name } }
            switch selector.judge(record.span, judgements: judgements, adjudication: adjudication, sources: loaded.sources[record.id] ?? []) {
            case .success(let span):
                if options.modes?.contains(span.span.label) ?? true { gold.append(span) }
            case .failure(let exclusion):
                excluded.append((record.span, exclusion))
            }
        }
        let documentState = loaded.documentReviews.isEmpty ? nil : DecisionState.fingerprint(ofDocument: spans, contentHash: loaded.record.contentHash)
        let verdict = selector.judgeDocument(loaded.documentReviews.map { review in
            DocumentJudgement(reviewer: review.reviewer, decision: review.decision, isCurrent: review.seen != nil && review.seen == documentState,
                              note: review.note, at: review.at)
        }, adjudicator: loaded.adjudicator)
        let notes = loaded.documentReviews.compactMap { review in
            review.note.flatMap { options.policy.counts(review.reviewer, at: review.at) ? DocumentNote(reviewer: review.reviewer, note: $0) : nil }
        }
        var document = GoldDocument(
            id: loaded.record.externalId, stage: loaded.record.stage, metaJSON: loaded.record.meta,
            text: loaded.record.text, spans: spans, gold: gold, source: loaded.record.source,
            importHash: loaded.record.contentHash, sourceHash: loaded.sourceHash, notes: notes)
        // A rejected or flagged document gives nothing; gold that would break its format's
        // rules (a span-subset format's) is left out whole, never written.
        if let reason = verdict.excluded ?? problems(ofGoldIn: document) {
            excluded = spans.map { ($0, reason) }
            document.gold = []
        }
        var whole: GoldExclusion?
        if options.format.writesDocuments {
            whole = verdict.excluded ?? verdict.notApproved
                ?? (document.isComplete ? nil : .documentIncomplete)
                ?? (validator.violations(in: document.annotated).isEmpty ? nil : .documentHasProblems)
        }
        return JudgedDocument(document: document, exclusions: excluded, decided: decided, whole: whole)
    }

    /// `.documentHasProblems` when a span-subset format's record of these gold spans would
    /// break the schema rules it is held to (or, for brat, brat's own).
    private func problems(ofGoldIn document: GoldDocument) -> GoldExclusion? {
        guard !options.format.writesDocuments, !document.gold.isEmpty else { return nil }
        let annotated = AnnotatedText(scalars: document.scalars, spans: document.gold.map(\.span))
        guard validator.violations(in: annotated, ignoring: options.format.relaxedRules).isEmpty else { return .documentHasProblems }
        // brat refuses a span it cannot write on one line and nesting its configuration does not allow.
        if options.format == .brat, BratStandoff.problem(in: annotated, schema: validator.schema) != nil { return .documentHasProblems }
        return nil
    }
}

/// A document judged for export: its gold, the spans left out and why, whether every span was
/// decided, and (formats of whole documents) why it may not be one whole record, if it may not.
struct JudgedDocument: Sendable {
    var document: GoldDocument
    var exclusions: [(span: Span, exclusion: GoldExclusion)]
    var decided: Bool
    var whole: GoldExclusion?
}
