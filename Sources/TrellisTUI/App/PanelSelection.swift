/// Moving the selected row of a panel's list (the outline, the changes, the history) with the
/// span and paging keys.
enum PanelSelection {
    /// The row `command` selects, from `selected` in rows `0...last`, `count` times over and
    /// `page` rows to a page; nil when `command` does not move the selection.
    static func moved(_ command: Command?, from selected: Int, last: Int, count: Int = 1, page: Int = 1) -> Int? {
        switch command {
        case .nextSpan?: min(selected + count, last)
        case .previousSpan?: max(selected - count, 0)
        case .firstSpan?: 0
        case .lastSpan?: last
        case .pageDown?, .scrollDown?: min(selected + page * count, last)
        case .pageUp?, .scrollUp?: max(selected - page * count, 0)
        default: nil
        }
    }
}
