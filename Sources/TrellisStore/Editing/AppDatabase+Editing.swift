import Foundation
import GRDB
import TrellisCore
import TrellisModel

extension AppDatabase {
    /// Writes an edit computed by `SpanEditor` on the spans the reviewer saw, in one transaction,
    /// with a history entry holding every touched span before and after. Refused with
    /// `StoreError.conflict` when someone changed the document's spans in the meantime.
    public func applyEdit(
        _ result: SpanEditResult, named action: String, to seen: StoredDocument, by reviewer: String, schema: TagSchema
    ) throws -> StoredDocument {
        if isReadOnly { throw StoreError.readOnly(path ?? "database") }
        let documentID = seen.record.id
        // A window's edit is moved back into the document's offsets.
        let base = seen.window?.text.lowerBound ?? 0
        let seenSpans = seen.spans.map { $0.shifted(by: base) }
        let edited = result.spans.map { Span(start: $0.start + base, end: $0.end + base, label: $0.label, depth: $0.depth) }
        return try write { db in
            let reviewerID = try self.reviewer(named: reviewer, in: db).id
            let current = try seen.window.map { try Self.liveSpans(of: documentID, owner: seen.owner, startingIn: $0.text, length: $0.length, in: db) }
                ?? SpanRecord.fetchLive(in: documentID, owner: seen.owner, db)
            guard current == seenSpans else {
                throw StoreError.conflict("someone else changed this document; here is its current state")
            }
            var before = ChangeSet(), after = ChangeSet()
            let kept = Set(result.origins.compactMap { $0 })
            var focusID: Int64?
            for (index, span) in edited.enumerated() {
                if let origin = result.origins[index] {
                    var record = seenSpans[origin]
                    if index == result.focus { focusID = record.id }
                    guard record.span != span else { continue }
                    before.spans.append(SpanSnapshot(record))
                    record.start = span.start
                    record.end = span.end
                    record.label = span.label
                    record.depth = span.depth
                    after.spans.append(SpanSnapshot(record))
                } else {
                    var record = SpanRecord(id: try SpanRecord.insert(span, documentID: documentID, owner: seen.owner, deleted: true, in: db),
                                            documentId: documentID, ownerId: seen.owner, span: span, deleted: true)
                    if index == result.focus { focusID = record.id }
                    before.spans.append(SpanSnapshot(record))
                    record.deleted = false
                    after.spans.append(SpanSnapshot(record))
                }
            }
            for (index, var record) in seenSpans.enumerated() where !kept.contains(index) {
                before.spans.append(SpanSnapshot(record))
                record.deleted = true
                after.spans.append(SpanSnapshot(record))
            }
            // A window was seen: the version is long (asking the row would walk its text's pages).
            let counting = try seen.window.map { window in
                try NeighbourhoodCount(documentID: documentID, owner: seen.owner, before: before.spans, after: after.spans, schema: schema,
                                       window: (seen.record.text, window.text), length: window.length, in: db)
            }
            try self.commit(action, document: documentID, span: focusID, reviewer: reviewerID, before: before, after: after, reverts: nil, in: db)
            let near = edited.indices.contains(result.focus) ? edited[result.focus].start : base
            return try self.refreshCounts(of: documentID, owner: seen.owner, schema: schema, near: near,
                                          change: try counting?.change(after: after.spans, in: db),
                                          seen: seen.window.map { ($0.text, seen.record.text) }, in: db)
        }
    }

    /// Reverses the reviewer's latest change of the document that is not yet undone.
    /// Returns `nil` when there is nothing to undo.
    public func undo(in documentID: Int64, by reviewer: String, schema: TagSchema) throws -> Replay? {
        try replay(.undo, in: documentID, by: reviewer, schema: schema)
    }

    /// Re-applies the change the reviewer undid last. Returns `nil` when there is nothing to redo.
    public func redo(in documentID: Int64, by reviewer: String, schema: TagSchema) throws -> Replay? {
        try replay(.redo, in: documentID, by: reviewer, schema: schema)
    }

    /// What undo and redo would act on for this reviewer and document.
    public func undoStacks(in documentID: Int64, by reviewer: String) throws -> UndoStacks {
        try read { db in
            guard let reviewerID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM reviewer WHERE name = ?"), arguments: [reviewer]) else {
                return UndoStacks()
            }
            return try Self.undoStacks(documentID: documentID, reviewerID: reviewerID, in: db)
        }
    }

    private enum ReplayDirection: String { case undo, redo }

    private func replay(_ direction: ReplayDirection, in documentID: Int64, by reviewer: String, schema: TagSchema) throws -> Replay? {
        if isReadOnly { throw StoreError.readOnly(path ?? "database") }
        return try write { db in
            let reviewerID = try self.reviewer(named: reviewer, in: db).id
            let stacks = try Self.undoStacks(documentID: documentID, reviewerID: reviewerID, in: db)
            guard let target = direction == .undo ? stacks.nextUndo : stacks.nextRedo,
                  let entry = try HistoryRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM history WHERE id = ?"), arguments: [target]) else { return nil }
            let (editBefore, editAfter) = try Self.changes(of: entry, in: db)
            let (expected, wanted) = direction == .undo ? (editAfter, editBefore) : (editBefore, editAfter)
            guard try expected.isCurrent(in: db) else {
                throw StoreError.conflict("cannot \(direction.rawValue) \(entry.action): it was changed since")
            }
            let owner = try Self.versionOwner(of: documentID, reviewerID: reviewerID, in: db)
            let counting = try Self.isWindowed(documentID, owner: owner, in: db)
                ? NeighbourhoodCount(documentID: documentID, owner: owner, before: expected.spans, after: wanted.spans, schema: schema, in: db)
                : nil
            try self.commit(direction.rawValue, document: documentID, span: entry.spanId, reviewer: reviewerID, before: expected, after: wanted, reverts: target, in: db)
            let near = try entry.spanId.flatMap { try Int.fetchOne(db.cachedStatement(sql: "SELECT start FROM span WHERE id = ?"), arguments: [$0]) }
            let document = try self.refreshCounts(of: documentID, owner: owner, schema: schema, near: near,
                                                  change: try counting?.change(after: wanted.spans, in: db), in: db)
            return Replay(document: document, action: entry.action, spanID: entry.spanId)
        }
    }

    /// The before and after states of a history entry.
    static func changes(of entry: HistoryRecord) throws -> (before: ChangeSet, after: ChangeSet) {
        let decoder = JSONDecoder()
        return (try decoder.decode(ChangeSet.self, from: Data((entry.before ?? "{}").utf8)),
                try decoder.decode(ChangeSet.self, from: Data((entry.after ?? "{}").utf8)))
    }

    /// The before and after states of a history entry as they are put back now: document
    /// fingerprints written before v29 carried over (``ChangeSet/carryingDocumentStates(of:in:)``).
    static func changes(of entry: HistoryRecord, in db: Database) throws -> (before: ChangeSet, after: ChangeSet) {
        let (before, after) = try changes(of: entry)
        return (try before.carryingDocumentStates(of: entry.documentId, in: db), try after.carryingDocumentStates(of: entry.documentId, in: db))
    }

    /// The tops of the undo and redo stacks, read from this reviewer's newest history entry of
    /// the document backwards, only as far as they need (``UndoStacks/init(newestFirst:)``), so
    /// an undo or an open does not read a history that grows with every keystroke.
    static func undoStacks(documentID: Int64, reviewerID: Int64, in db: Database) throws -> UndoStacks {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT id, action, reverts FROM history
            WHERE document_id = ? AND reviewer_id = ? AND action NOT IN ('reimport')
            ORDER BY id DESC
            """), arguments: [documentID, reviewerID])
        return try UndoStacks {
            guard let row = try rows.next() else { return nil }
            switch try row.decode(String.self, atIndex: 1) {
            case "undo": return .undo(try row.decode(atIndex: 2))
            case "redo": return .redo(try row.decode(atIndex: 2))
            default: return .edit(try row.decode(atIndex: 0))
            }
        }
    }

    /// Applies `after` and appends the history entry that records the change.
    func commit(_ action: String, document: Int64, span: Int64?, reviewer: Int64, before: ChangeSet, after: ChangeSet, reverts: Int64?, in db: Database) throws {
        let time = now()
        try after.apply(in: db, at: time)
        try HistoryRecord.append(document: document, span: span, reviewer: reviewer, at: time, action: action,
                                 before: try Self.historyJSON(before), after: try Self.historyJSON(after), reverts: reverts, in: db)
    }

    /// After a change: recomputes the document's span and problem counts (which describe the
    /// shared version), bumps its revision and status, and, for a change of an independent
    /// version, that version's own summary; returns the changed version fresh.
    ///
    /// On a long version (`change` given: what the change did to its counts, worked out around
    /// it by ``NeighbourhoodCount``) the counts are moved by it instead, and the version comes
    /// back as its window near `near` (`seen`: the text of the window the change was made in,
    /// reused when the window is the same).
    func refreshCounts(of documentID: Int64, owner: Int64?, schema: TagSchema, near: Int? = nil, change: CountChange? = nil,
                       seen: (range: Range<Int>, text: String)? = nil, in db: Database) throws -> StoredDocument {
        if let change {
            // One statement, which returns the row. (A long text lives in its pieces, so the row is
            // small; a long `source`, or a text its pieces cannot hold, still costs each statement
            // that reads a column after it a walk through its overflow pages.)
            let status = try Self.status(of: documentID, in: db)
            guard let row = try DocumentRecord.fetchOne(db.cachedStatement(sql: """
                UPDATE document SET span_count = span_count + ?, problem_count = problem_count + ?, revision = revision + 1, updated_at = ?, status = ?
                WHERE id = ? RETURNING \(Self.textlessColumns)
                """), arguments: owner == nil ? [change.spans, change.problems, now(), status.rawValue, documentID] : [0, 0, now(), status.rawValue, documentID])
            else { throw StoreError.unknownDocument("#\(documentID)") }
            if let owner {
                let kept = try Self.versionSummary(of: documentID, owner: owner, in: db)
                try Self.saveVersionSummary(of: documentID, owner: owner, spans: (kept.spans ?? 0) + change.spans,
                                            problems: (kept.problems ?? 0) + change.problems, in: db)
            }
            let document = try owner == nil && row.spanCount > DocumentWindow.wholeLimit
                ? Self.window(of: documentID, owner: nil, near: near ?? 0, spanCount: row.spanCount, row: row, seen: seen, in: db)
                : Self.document(id: documentID, owner: owner, near: near, in: db)
            guard let document else { throw StoreError.unknownDocument("#\(documentID)") }
            return document
        }
        guard var shared = try Self.document(id: documentID, in: db) else {
            throw StoreError.unknownDocument("#\(documentID)")
        }
        shared.record.spanCount = shared.spans.count
        shared.record.problemCount = Validator(schema: schema).violations(in: shared.annotated).count
        shared.record.revision += 1
        shared.record.updatedAt = now()
        shared.record.status = try Self.status(of: documentID, sharedState: DecisionState.fingerprint(ofDocument: shared.spans.map(\.span), contentHash: shared.record.contentHash), in: db)
        // Only the columns that change: rewriting the whole row (its text too) on every edit
        // filled the WAL, and its checkpoints were the slowest keystrokes.
        try db.cachedStatement(sql: "UPDATE document SET span_count = ?, problem_count = ?, revision = ?, updated_at = ?, status = ? WHERE id = ?")
            .execute(arguments: [shared.record.spanCount, shared.record.problemCount, shared.record.revision, shared.record.updatedAt,
                                   shared.record.status.rawValue, documentID])
        guard let owner else {
            return shared.spans.count > DocumentWindow.wholeLimit ? try Self.document(id: documentID, owner: nil, near: near, in: db)! : shared
        }
        let version = try SpanRecord.fetchLive(in: documentID, owner: owner, db)
        let problems = Validator(schema: schema).violations(in: AnnotatedText(text: shared.record.text, spans: version.map(\.span))).count
        try Self.saveVersionSummary(of: documentID, owner: owner, spans: version.count, problems: problems, in: db)
        return try Self.document(id: documentID, owner: owner, near: near, in: db)!
    }

    /// The owner of a reviewer's independent version of a document, when it exists.
    static func versionOwner(of documentID: Int64, reviewerID: Int64, in db: Database) throws -> Int64? {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM span WHERE document_id = ? AND owner_id = ?)"), arguments: [documentID, reviewerID]) == true
            ? reviewerID : nil
    }

    /// A document's status from its reviews: the latest document decision made on the document
    /// as it is now (in the version its reviewer works on; `sharedState`, when known, is the
    /// shared one's), else in progress once anything was done, else unreviewed. With `reviewer`,
    /// from that reviewer's own reviews and changes only (their independent version's status).
    static func status(of documentID: Int64, sharedState: Int64? = nil, reviewer: Int64? = nil, in db: Database) throws -> DocumentStatus {
        let whose = reviewer == nil ? "" : " AND reviewer_id = ?"
        let arguments: StatementArguments = [documentID] + (reviewer.map { [$0] } ?? [])
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT reviewer_id, decision, seen FROM document_review WHERE document_id = ?\(whose) AND decision IS NOT NULL ORDER BY updated_at DESC, id DESC
            """), arguments: arguments) {
            let owner = try workingOwner(of: documentID, reviewerID: try row.decode(forColumn: "reviewer_id"), in: db)
            let state = try owner == nil ? sharedState ?? documentState(of: documentID, owner: nil, keep: true, in: db) : documentState(of: documentID, owner: owner, keep: true, in: db)
            if try row.decode(forColumn: "seen") as Int64? == state, let status = DocumentStatus(rawValue: try row.decode(forColumn: "decision")) { return status }
        }
        return try hasUndoableChanges(documentID: documentID, reviewer: reviewer, in: db) ? .inProgress : .unreviewed
    }

    /// Whether anything done to a document (by `reviewer`, or by anyone) still stands: changes
    /// that were all undone leave the document as it was. Counted in SQL instead of replaying
    /// each reviewer's entries (``UndoStacks``): a reviewer has edits to undo when their edits
    /// and redos outnumber their undos (each undo takes one edit off the stack, each redo puts
    /// one back). A long document's history grows with every keystroke, and decoding it row by
    /// row was a tenth of an edit.
    private static func hasUndoableChanges(documentID: Int64, reviewer: Int64?, in db: Database) throws -> Bool {
        let whose = reviewer == nil ? "" : " AND reviewer_id = ?"
        return try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM history WHERE document_id = ?\(whose) AND action <> 'reimport' GROUP BY reviewer_id
                           HAVING SUM(action = 'undo') < COUNT(*) - SUM(action = 'undo'))
            """), arguments: [documentID] + (reviewer.map { [$0] } ?? [])) ?? false
    }
}
