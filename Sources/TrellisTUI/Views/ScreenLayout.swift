/// Where each part of a screen goes, from the terminal size alone, so that `reduce` (scrolling,
/// paging) and the views agree.
public struct ScreenLayout: Hashable, Sendable {
    /// Below this the app shows a message instead of a screen.
    public static let minimumSize = ScreenSize(rows: 10, cols: 40)
    /// From this width the original text is shown beside the rewrite instead of below it.
    public static let sideBySideWidth = 100

    public let size: ScreenSize
    /// The widest a text pane gets, so that lines stay readable on wide terminals (`nil`: the
    /// whole width).
    public let textWidth: Int?

    public init(_ size: ScreenSize, textWidth: Int? = nil) {
        self.size = size
        self.textWidth = textWidth
    }

    /// The layout of `state`'s screen, with its readable text width.
    public init(_ state: AppState) {
        self.init(state.size, textWidth: state.textWidth)
    }

    public var isTooSmall: Bool {
        size.rows < Self.minimumSize.rows || size.cols < Self.minimumSize.cols
    }

    /// Rows of documents in the list (between its two header rows and the status line).
    public var listRows: Int { max(1, size.rows - 3) }

    /// The rectangle of the rewritten text in the document view.
    public func textPane(showingSource: Bool) -> Pane {
        let top = 1, height = max(1, size.rows - 4)
        guard showingSource else { return Pane(top: top, left: 0, height: height, width: readable(size.cols)) }
        if size.cols >= Self.sideBySideWidth {
            return Pane(top: top, left: 0, height: height, width: readable((size.cols - 1) / 2))
        }
        return Pane(top: top, left: 0, height: max(1, (height - 1) / 2), width: readable(size.cols))
    }

    private func readable(_ width: Int) -> Int {
        textWidth.map { min(width, max(ScreenLayout.minimumSize.cols, $0)) } ?? width
    }

    /// The rectangle of the original text, when shown.
    public func sourcePane() -> Pane {
        let text = textPane(showingSource: true)
        if size.cols >= Self.sideBySideWidth {
            return Pane(top: text.top, left: text.width + 1, height: text.height, width: readable(size.cols - text.width - 1))
        }
        let top = text.top + text.height + 1
        return Pane(top: top, left: 0, height: max(1, size.rows - 3 - top), width: size.cols)
    }

    /// Rows of the span information lines and the status line.
    public var infoRow: Int { size.rows - 3 }
    public var detailRow: Int { size.rows - 2 }
    public var statusRow: Int { size.rows - 1 }
}

/// A rectangle of the screen.
public struct Pane: Hashable, Sendable {
    public var top: Int
    public var left: Int
    public var height: Int
    public var width: Int
}
