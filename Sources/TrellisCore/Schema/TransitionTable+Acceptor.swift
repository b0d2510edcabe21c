extension TransitionTable {
    /// Runs the table over a document as a decoder would produce it: tags opening and closing,
    /// text between them. It answers what may come next (for masking) and whether what came
    /// was allowed; once something is refused it stays refused, with the reason.
    public struct Acceptor: Sendable {
        public let table: TransitionTable
        /// Open contexts, the top level first: the index of each one's context and its state.
        private var frames: [(context: Int, state: Context.State)]
        /// Why the input was refused, once it was.
        public private(set) var refusal: String?

        public init(table: TransitionTable) {
            self.table = table
            frames = [(table.contexts.firstIndex { $0.mode == nil } ?? 0, .empty)]
        }

        /// What may come next.
        public struct Next: Hashable, Sendable {
            /// Tags that may open.
            public var open: [String]
            /// The tag that may close, if one may.
            public var close: String?
            /// Which text may come.
            public var text: Context.Text
            /// Whether the document may end here.
            public var mayEnd: Bool

            public init(open: [String], close: String?, text: Context.Text, mayEnd: Bool) {
                self.open = open
                self.close = close
                self.text = text
                self.mayEnd = mayEnd
            }
        }

        /// What may come next, or `nil` once the input was refused.
        public var next: Next? {
            guard refusal == nil, let frame = frames.last else { return nil }
            let context = table.contexts[frame.context]
            return Next(
                open: context.mayOpen.filter { context.mayOpen($0, in: frame.state) },
                close: context.mayClose(in: frame.state) ? context.mode : nil,
                text: context.text,
                mayEnd: frames.count == 1 && context.mayEnd(in: frame.state))
        }

        private var current: Context { table.contexts[frames[frames.count - 1].context] }

        /// `<tag>`.
        public mutating func open(_ tag: String) {
            guard refusal == nil else { return }
            let context = current, state = frames[frames.count - 1].state
            let place = context.mode.map { "inside <\($0)>" } ?? "at the top level"
            guard context.mayOpen.contains(tag) else { return refuse("<\(tag)> may not open \(place)") }
            if let ban = context.ban(opening: tag, in: state) {
                return refuse("<\(tag)> may not follow <\(ban.after)> \(place): \(ban.reason)")
            }
            guard let index = table.contexts.firstIndex(where: { $0.mode == tag }) else { return refuse("<\(tag)> has no context in the table") }
            frames.append((index, .empty))
        }

        /// `</tag>`.
        public mutating func close(_ tag: String) {
            guard refusal == nil else { return }
            let context = current
            guard context.mode == tag else {
                return refuse("</\(tag)> does not close \(context.mode.map { "<\($0)>" } ?? "anything at the top level")")
            }
            guard context.mayClose(in: frames[frames.count - 1].state) else { return refuse("<\(tag)> would be empty") }
            frames.removeLast()
            frames[frames.count - 1].state = current.afterChild(tag)
        }

        /// Text (decoded: entities already read) between two tags.
        public mutating func text<Text: Sequence<Unicode.Scalar>>(_ text: Text) {
            guard refusal == nil else { return }
            var isEmpty = true, isVisible = false
            for scalar in text {
                isEmpty = false
                if !table.isWhitespace(scalar) {
                    isVisible = true
                    break
                }
            }
            guard !isEmpty else { return }
            let context = current, state = frames[frames.count - 1].state
            if !isVisible {
                frames[frames.count - 1].state = context.afterWhitespace(state)
            } else if let next = context.afterVisibleText(state) {
                frames[frames.count - 1].state = next
            } else {
                refuse("text outside every span")
            }
        }

        /// Ends the document: refused unless it may end here.
        public mutating func finish() {
            guard refusal == nil else { return }
            if frames.count > 1 { return refuse("<\(current.mode ?? "")> is never closed") }
            if !current.mayEnd(in: frames[0].state) { refuse("the document holds no span") }
        }

        private mutating func refuse(_ reason: String) {
            refusal = reason
        }
    }

    /// Why the table refuses `annotated` (its spans turned into tags in document order), or
    /// `nil` when it accepts it. Spans that cross or lie outside the text are refused.
    public func refusal(of annotated: AnnotatedText) -> String? {
        let spans = annotated.spans, scalars = annotated.scalars
        if let bad = spans.first(where: { $0.start < 0 || $0.end > scalars.count || $0.start > $0.end }) {
            return "span \(bad.start)-\(bad.end) lies outside the text"
        }
        if !SpanNesting.structure(of: spans).crossing.isEmpty { return "spans cross" }
        var acceptor = Acceptor(table: self)
        var open: [Span] = []
        var cursor = 0
        func closeSpans(endingBy offset: Int) {
            while let top = open.last, top.end <= offset {
                acceptor.text(scalars[cursor..<top.end])
                cursor = top.end
                acceptor.close(top.label)
                open.removeLast()
            }
        }
        for span in spans {
            closeSpans(endingBy: span.start)
            acceptor.text(scalars[cursor..<span.start])
            cursor = span.start
            acceptor.open(span.label)
            open.append(span)
        }
        closeSpans(endingBy: scalars.count)
        acceptor.text(scalars[cursor...])
        acceptor.finish()
        return acceptor.refusal
    }
}
