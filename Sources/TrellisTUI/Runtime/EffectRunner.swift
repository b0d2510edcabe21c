import TrellisCore
import TrellisModel

/// Performs one effect against the store and answers with the actions that report it. Errors
/// become messages on the status line: a locked or read-only store never crashes the app. A
/// damaged one ends it (nothing more is written to it).
struct EffectRunner {
    let store: any ReviewStore
    let reviewer: String

    func run(_ effect: Effect) -> [Action] {
        do {
            return try perform(effect)
        } catch {
            // A conflict shows the fresh state along with the message.
            guard error.kind == .conflict, let id = documentID(of: effect) else { return [Self.action(for: error)] }
            do {
                return [try load(id, current: 0), .failed(error.message)]
            } catch {
                return [Self.action(for: error)]
            }
        }
    }

    /// The action that reports a failed call.
    static func action(for error: ReviewStoreError) -> Action {
        error.kind == .damaged ? .stopped(error.message) : .failed(error.message)
    }

    private func perform(_ effect: Effect) throws(ReviewStoreError) -> [Action] {
        switch effect {
        case .loadList(let filter, let anchor, let limit, let select, let countTotal):
            let (after, before): (Int64?, Int64?) = switch anchor {
            case .start: (nil, nil)
            case .end: (nil, Int64.max)
            case .after(let id): (id, nil)
            case .before(let id): (nil, id)
            case .from(let id): (id - 1, nil)
            }
            let rows = try store.documentPage(filter: filter, after: after, before: before, limit: limit, viewer: reviewer)
            // A count the store keeps comes at once; any other is counted later, a step at a time.
            let total: ListTotal? = countTotal ? try store.knownDocumentCount(filter: filter, viewer: reviewer).map { .known($0) } ?? .toCount : nil
            return [.listLoaded(filter: filter, rows: rows, total: total, select: select)]
        case .countList(let filter, let from):
            return [.listCounted(filter: filter, from: from, progress: try store.countDocuments(filter: filter, viewer: reviewer, from: from, budget: 4096))]
        case .loadProgress(let filter):
            return [.progressLoaded(try store.progress(filter: filter, viewer: reviewer))]
        case .loadNextStage(var filter, let limit):
            filter.stage = try store.nextStage(after: filter.stage)
            return try perform(.loadList(filter: filter, anchor: .start, limit: limit, select: .first, countTotal: true))
        case .loadDocument(let id, let current):
            return [try load(id, current: current)]
        case .loadWindow(let id, let near):
            guard let document = try store.workingDocument(id: id, for: reviewer, near: near) else { throw ReviewStoreError(.notFound, "no document with id \"#\(id)\"") }
            let local = near - (document.window?.text.lowerBound ?? 0)
            return [try loaded(document, current: max(0, (document.spans.lastIndex { $0.start <= local }) ?? 0))]
        case .openNeighbour(let id, let filter, let forward):
            let page = try store.documentPage(filter: filter, after: forward ? id : nil, before: forward ? nil : id, limit: 1, viewer: reviewer)
            guard let neighbour = page.first else {
                return [.failed(forward ? "this is the last document (filter: \(filter.summary))" : "this is the first document (filter: \(filter.summary))")]
            }
            return [try load(neighbour.id, current: 0)]
        case .saveEdit(let result, let name, let seen):
            let saved = try store.applyEdit(result, named: name, to: seen, by: reviewer)
            return [try loaded(saved, current: Self.focus(of: result, seen: seen, in: saved))]
        case .undo(let id), .redo(let id):
            let isUndo = if case .undo = effect { true } else { false }
            let replay = isUndo ? try store.undo(in: id, by: reviewer) : try store.redo(in: id, by: reviewer)
            guard let replay else { return [.failed(isUndo ? "nothing to undo in this document" : "nothing to redo")] }
            // The span the reversed change was about, if it is still there.
            let focus = replay.spanID.flatMap { span in replay.document.spans.firstIndex { $0.id == span } } ?? 0
            return [try loaded(replay.document, current: focus), .notice("\(isUndo ? "undid" : "redid") \(replay.action)")]
        case .review(let change, let id):
            let saved = try store.review(change, in: id, by: reviewer)
            return [try loaded(saved, current: change.spanID.flatMap { span in saved.spans.firstIndex { $0.id == span } } ?? 0)]
        case .loadHistory(let id):
            return [.historyLoaded(try store.history(of: id, viewer: reviewer))]
        case .revert(let id, let entry):
            return [try loaded(try store.revert(document: id, toEntry: entry, by: reviewer), current: 0)]
        case .loadOriginalSpans(let id):
            return [.originalSpansLoaded(documentID: id, try store.originalSpans(of: id))]
        case .loadVersions(let id):
            return [.versionsLoaded(try store.versionsToAdjudicate(of: id, by: reviewer))]
        case .adjudicate(let id, let version):
            _ = try store.adjudicate(document: id, version: version, by: reviewer)
            return [try load(id, current: 0)]
        case .findText(let id, let query, let range, let forward):
            let step = try store.findText(query, in: id, within: range, forward: forward, budget: TextScan.budget)
            return [.textSearched(documentID: id, query: query, within: range, step: step)]
        case .scanWindow(let id, let near):
            guard let document = try store.workingDocument(id: id, for: reviewer, near: near) else { throw ReviewStoreError(.notFound, "no document with id \"#\(id)\"") }
            return [.windowScanned(document, near: near)]
        case .rememberPosition(let position):
            try store.savePosition(position, of: reviewer)
            return []
        }
    }

    private func load(_ id: Int64, current: Int) throws(ReviewStoreError) -> Action {
        guard let document = try store.workingDocument(id: id, for: reviewer) else { throw ReviewStoreError(.notFound, "no document with id \"#\(id)\"") }
        return try loaded(document, current: current)
    }

    private func loaded(_ document: StoredDocument, current: Int) throws(ReviewStoreError) -> Action {
        let stacks = try store.undoStacks(in: document.record.id, by: reviewer)
        return .documentLoaded(document, current: current, canUndo: stacks.nextUndo != nil, canRedo: stacks.nextRedo != nil)
    }

    /// The index in `saved` of the span an edit focuses on: its own index, unless a window of a
    /// long document came back in place of another; then the span at the same place in the document.
    static func focus(of result: SpanEditResult, seen: StoredDocument, in saved: StoredDocument) -> Int {
        let delta = (seen.window?.text.lowerBound ?? 0) - (saved.window?.text.lowerBound ?? 0)
        guard delta != 0, result.spans.indices.contains(result.focus) else { return result.focus }
        let focus = result.spans[result.focus]
        return saved.spans.firstIndex { $0.start == focus.start + delta && $0.end == focus.end + delta && $0.label == focus.label }
            ?? saved.spans.lastIndex { $0.start <= focus.start + delta } ?? 0
    }

    private func documentID(of effect: Effect) -> Int64? {
        switch effect {
        case .saveEdit(_, _, let seen): seen.record.id
        case .undo(let id), .redo(let id), .review(_, let id), .revert(let id, _), .adjudicate(let id, _), .loadWindow(let id, _): id
        default: nil
        }
    }
}
