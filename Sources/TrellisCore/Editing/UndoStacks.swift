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
