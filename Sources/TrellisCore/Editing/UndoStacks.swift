/// Undo and redo derived from an append-only log, so they survive restarts: replaying one
/// reviewer's entries for one document gives what `undo` and `redo` act on next.
public struct UndoStacks: Hashable, Sendable {
    /// One entry of the log, oldest first.
    public enum Entry: Hashable, Sendable {
        /// An edit, by its log id.
        case edit(Int64)
        /// The undoing of the edit with this id.
        case undo(Int64)
        /// The redoing of the edit with this id.
        case redo(Int64)
    }

    /// Edits that can be undone, most recent last.
    public private(set) var undoable: [Int64] = []
    /// Undone edits that can be redone, most recently undone last.
    public private(set) var redoable: [Int64] = []

    public init(replaying entries: [Entry] = []) {
        entries.forEach { record($0) }
    }

    /// The stacks' tops read from the log's newest entry backwards, only as far as they need
    /// (usually an entry or two, where replaying reads the reviewer's whole history of the
    /// document): the same ``nextUndo`` and ``nextRedo`` as replaying the log oldest first, for a
    /// log the store writes (an undo names an edit on the undo stack, a redo one on the redo
    /// stack). Only the tops are known: each stack holds its top alone.
    public init(newestFirst next: () throws -> Entry?) rethrows {
        var undone: [Int64: Int] = [:], redone: [Int64: Int] = [:]
        var undoTop: Int64?, redoTop: Int64?
        var redoKnown = false
        while undoTop == nil || !redoKnown, let entry = try next() {
            switch entry {
            case .edit(let id), .redo(let id):
                if undoTop == nil {
                    if let count = undone[id], count > 0 { undone[id] = count - 1 } else { undoTop = id }
                }
                if case .edit = entry { redoKnown = true } else if !redoKnown { redone[id, default: 0] += 1 }
            case .undo(let id):
                if undoTop == nil { undone[id, default: 0] += 1 }
                if !redoKnown {
                    if let count = redone[id], count > 0 { redone[id] = count - 1 } else { redoTop = id; redoKnown = true }
                }
            }
        }
        undoable = undoTop.map { [$0] } ?? []
        redoable = redoTop.map { [$0] } ?? []
    }

    /// Adds one more entry.
    public mutating func record(_ entry: Entry) {
        switch entry {
        case .edit(let id):
            undoable.append(id)
            redoable.removeAll()
        case .undo(let id):
            undoable.removeAll { $0 == id }
            redoable.append(id)
        case .redo(let id):
            redoable.removeAll { $0 == id }
            undoable.append(id)
        }
    }

    /// The edit the next undo reverses.
    public var nextUndo: Int64? { undoable.last }
    /// The edit the next redo re-applies.
    public var nextRedo: Int64? { redoable.last }
}
