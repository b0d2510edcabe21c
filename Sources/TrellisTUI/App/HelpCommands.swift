/// Keys on the help screen: scroll, and leave with help or back.
enum HelpCommands {
    static func handle(_ key: KeyPress, state: inout AppState) -> [Effect] {
        let page = max(1, state.size.rows - 2)
        let context: KeyContext = state.screen == .list ? .list : .document
        switch state.keymap.command(for: key, in: context) {
        case .help?, .back?:
            state.showingHelp = false
        case .quit?:
            state.shouldQuit = true
        case .nextSpan?, .listDown?:
            state.helpScroll += 1
        case .previousSpan?, .listUp?:
            state.helpScroll = max(0, state.helpScroll - 1)
        case .scrollDown?, .pageDown?, .listPageDown?:
            state.helpScroll += page
        case .scrollUp?, .pageUp?, .listPageUp?:
            state.helpScroll = max(0, state.helpScroll - page)
        default:
            break
        }
        return []
    }
}
