import TrellisCore
import TrellisStore

/// Performs one effect against the database and answers with the actions that report it.
/// Errors become messages on the status line: a locked or read-only database never crashes the app.
/// A damaged one ends it (nothing more is written to it).
struct EffectRunner {
    let database: AppDatabase
    let reviewer: String
    let schema: TagSchema

    func run(_ effect: Effect) -> [Action] {
        do {
            return try perform(effect)
        } catch where StoreMessages.damage(in: error) != nil {
            return [.stopped(StoreMessages.describe(error, path: database.path))]
        } catch let error as StoreError {
            if case .conflict(let message) = error, let id = documentID(of: effect), let fresh = try? load(id, current: 0) {
                return [fresh, .failed(message)]
            }
            return [.failed(error.description)]
        } catch {
            return [.failed(StoreMessages.describe(error))]
        }
    }

    private func perform(_ effect: Effect) throws -> [Action] {
        switch effect {
        case .loadList(let filter, let anchor, let limit, let select, let countTotal):
            let rows: [DocumentSummary]
            switch anchor {
            case .start: rows = try database.documentPage(filter: filter, limit: limit, viewer: reviewer)
            case .end: rows = try database.documentPage(filter: filter, before: Int64.max, limit: limit, viewer: reviewer)
            case .after(let id): rows = try database.documentPage(filter: filter, after: id, limit: limit, viewer: reviewer)
            case .before(let id): rows = try database.documentPage(filter: filter, before: id, limit: limit, viewer: reviewer)
            case .from(let id): rows = try database.documentPage(filter: filter, after: id - 1, limit: limit, viewer: reviewer)
            }
            // A count the running totals hold comes at once; any other is counted later, a step at a time.
            let total: ListTotal? = countTotal ? try database.knownDocumentCount(filter: filter, viewer: reviewer).map { .known($0) } ?? .toCount : nil
            return [.listLoaded(filter: filter, rows: rows, total: total, select: select)]
        case .countList(let filter, let from):
            return [.listCounted(filter: filter, from: from, progress: try database.countDocuments(filter: filter, viewer: reviewer, from: from))]
        case .loadNextStage(var filter, let limit):
            filter.stage = try database.nextStage(after: filter.stage)
            return try perform(.loadList(filter: filter, anchor: .start, limit: limit, select: .first, countTotal: true))
        case .loadDocument(let id, let current):
            return [try load(id, current: current)]
        case .openNeighbour(let id, let filter, let forward):
            let page = forward
                ? try database.documentPage(filter: filter, after: id, limit: 1, viewer: reviewer)
                : try database.documentPage(filter: filter, before: id, limit: 1, viewer: reviewer)
            guard let neighbour = page.first else {
                return [.failed(forward ? "this is the last document (filter: \(filter.summary))" : "this is the first document (filter: \(filter.summary))")]
            }
            return [try load(neighbour.id, current: 0)]
        case .saveEdit(let result, let name, let seen):
            let saved = try database.applyEdit(result, named: name, to: seen, by: reviewer, schema: schema)
            return [try loaded(saved, current: result.focus)]
        case .undo(let id), .redo(let id):
            let isUndo = if case .undo = effect { true } else { false }
            let outcome = isUndo
                ? try database.undo(in: id, by: reviewer, schema: schema)
                : try database.redo(in: id, by: reviewer, schema: schema)
            guard let outcome else { return [.failed(isUndo ? "nothing to undo in this document" : "nothing to redo")] }
            let focus = try focusIndex(after: outcome.document, historyOf: id)
            return [try loaded(outcome.document, current: focus), .notice("\(isUndo ? "undid" : "redid") \(outcome.action)")]
        case .review(let change, let id):
            let saved: StoredDocument
            switch change {
            case .rate(let span, let dimension, let value):
                saved = try database.rate(span: span, in: id, dimension: dimension, value: value, by: reviewer, schema: schema)
            case .decideSpan(let span, let decision):
                saved = try database.decide(span: span, in: id, decision: decision, by: reviewer, schema: schema)
            case .noteSpan(let span, let note):
                saved = try database.annotate(span: span, in: id, note: note, by: reviewer, schema: schema)
            case .decideDocument(let decision):
                saved = try database.decide(document: id, decision: decision, by: reviewer, schema: schema)
            case .noteDocument(let note):
                saved = try database.annotate(document: id, note: note, by: reviewer, schema: schema)
            case .reconfirmSpan(let span):
                saved = try database.reconfirm(span: span, in: id, by: reviewer, schema: schema)
            case .reconfirmDocument:
                saved = try database.reconfirm(document: id, by: reviewer, schema: schema)
            }
            let spanID: Int64? = switch change {
            case .rate(let span, _, _), .decideSpan(let span, _), .noteSpan(let span, _), .reconfirmSpan(let span): span
            default: nil
            }
            return [try loaded(saved, current: spanID.flatMap { span in saved.spans.firstIndex { $0.id == span } } ?? 0)]
        case .loadHistory(let id):
            return [.historyLoaded(try database.history(of: id, viewer: reviewer))]
        case .revert(let id, let entry):
            let reverted = try database.revert(document: id, toEntry: entry, by: reviewer, schema: schema)
            return [try loaded(reverted, current: 0)]
        case .loadVersions(let id):
            return [.versionsLoaded(try database.versionsToAdjudicate(of: id, by: reviewer))]
        case .adjudicate(let id, let version):
            _ = try database.adjudicate(document: id, version: version, by: reviewer, schema: schema)
            return [try load(id, current: 0)]
        case .rememberPosition(let id, let spanIndex):
            try database.savePosition(of: reviewer, documentID: id, spanIndex: spanIndex)
            return []
        }
    }

    private func load(_ id: Int64, current: Int) throws -> Action {
        guard let document = try database.workingDocument(id: id, for: reviewer) else { throw StoreError.unknownDocument("#\(id)") }
        return try loaded(document, current: current)
    }

    private func loaded(_ document: StoredDocument, current: Int) throws -> Action {
        let stacks = try database.undoStacks(in: document.record.id!, by: reviewer)
        return .documentLoaded(document, current: current, canUndo: stacks.nextUndo != nil, canRedo: stacks.nextRedo != nil)
    }

    /// After undo or redo: the span the reverted entry was about, if it is still there.
    private func focusIndex(after document: StoredDocument, historyOf id: Int64) throws -> Int {
        guard let spanID = try database.lastHistorySpan(in: id) else { return 0 }
        return document.spans.firstIndex { $0.id == spanID } ?? 0
    }

    private func documentID(of effect: Effect) -> Int64? {
        switch effect {
        case .saveEdit(_, _, let seen): seen.record.id
        case .undo(let id), .redo(let id), .review(_, let id), .revert(let id, _), .adjudicate(let id, _): id
        default: nil
        }
    }
}
