/// Keys in the history panel: move through entries, revert to one (after a y/n question), close.
enum HistoryCommands {
    static func handle(_ key: KeyPress, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard var panel = document.history else { return [] }
        if panel.confirming {
            panel.confirming = false
            document.history = panel
            guard key == .character("y"), panel.items.indices.contains(panel.selected) else {
                state.message = StatusMessage("not reverted")
                return []
            }
            if state.readOnly {
                state.message = StatusMessage("the database is read-only: nothing can be changed", isError: true)
                return []
            }
            document.history = nil
            let item = panel.items[panel.selected]
            state.message = StatusMessage("reverted to the state after #\(item.id); \(state.keymap.hint(for: .undo)) undoes the revert")
            return [.revert(documentID: document.stored.record.id, toEntry: item.id)]
        }
        let command = state.keymap.command(for: key, in: .document)
        if let moved = PanelSelection.moved(command, from: panel.selected, last: max(0, panel.items.count - 1)) {
            panel.selected = moved
            document.history = panel
            return []
        }
        switch command {
        case .history?, .back?:
            document.history = nil
            return []
        case .quit?:
            state.shouldQuit = true
        case .help?:
            state.showingHelp = true
            state.helpScroll = 0
        case .redraw?:
            state.redraws += 1
        default:
            if key == .enter, !panel.items.isEmpty {
                panel.confirming = true
                state.message = StatusMessage("revert the document to how it was right after #\(panel.items[panel.selected].id)? y/n", isPrompt: true)
            }
        }
        document.history = panel
        return []
    }
}
