import TrellisModel

/// What the list screen's commands do to the state.
enum ListCommands {
    static func run(_ command: Command, state: inout AppState) -> [Effect] {
        var list = state.list
        defer { state.list = list }
        let limit = ScreenLayout(state.size).listRows
        func load(_ anchor: ListAnchor, _ select: ListSelection, count: Bool = false) -> [Effect] {
            [.loadList(filter: list.filter, anchor: anchor, limit: limit, select: select, countTotal: count)]
        }
        switch command {
        case .listDown:
            if list.selected + 1 < list.rows.count {
                list.selected += 1
                return []
            }
            return list.rows.last.map { load(.after($0.id), .first) } ?? []
        case .listUp:
            if list.selected > 0 {
                list.selected -= 1
                return []
            }
            return list.rows.first.map { load(.before($0.id), .last) } ?? []
        case .listPageDown:
            return list.rows.last.map { load(.after($0.id), .index(list.selected)) } ?? []
        case .listPageUp:
            return list.rows.first.map { load(.before($0.id), .index(list.selected)) } ?? []
        case .listFirst:
            return load(.start, .first)
        case .listLast:
            return load(.end, .last)
        case .open:
            guard let row = list.selectedRow else { return [] }
            return [.loadDocument(id: row.id, current: 0)]
        case .search:
            list.searchInput = ""
            list.filterBeforeSearch = list.filter
            return []
        case .filterProblems:
            list.filter.onlyWithProblems.toggle()
            return load(.start, .first, count: true)
        case .filterStatus:
            let cycle: [DocumentStatus?] = [nil] + DocumentStatus.allCases.map { $0 }
            let position = cycle.firstIndex { $0 == list.filter.status } ?? 0
            list.filter.status = cycle[(position + 1) % cycle.count]
            return load(.start, .first, count: true)
        case .filterStage:
            return [.loadNextStage(filter: list.filter, limit: limit)]
        case .clearFilter:
            list.filter = .all
            return load(.start, .first, count: true)
        default:
            return Reducer.unhandled(command, state: &state)
        }
    }

    /// A page arrived. An empty page while paging means the end was reached: keep the rows.
    static func loaded(filter: DocumentFilter, rows: [DocumentSummary], total: ListTotal?, select: ListSelection, state: inout AppState) -> [Effect] {
        state.list.filter = filter
        switch total {
        case .known(let count):
            state.list.total = count
            state.list.counting = nil
        case .toCount:
            state.list.total = nil
            state.list.counting = ListCounting(filter: filter)
        case nil:
            break
        }
        // A filter counted again has its progress counted again too, after its first page.
        if total != nil { state.list.progressToLoad = filter }
        if rows.isEmpty, !state.list.rows.isEmpty, total == nil {
            state.message = StatusMessage(select == .last ? "this is the first document" : "this is the last document")
            return []
        }
        state.list.rows = rows
        switch select {
        case .first: state.list.selected = 0
        case .last: state.list.selected = max(0, rows.count - 1)
        case .id(let id): state.list.selected = rows.firstIndex { $0.id == id } ?? 0
        case .index(let index): state.list.selected = min(max(0, index), max(0, rows.count - 1))
        }
        return []
    }

    /// Typing paused: the list narrows to the search typed so far, when it reads as a search
    /// (words still being typed, like `rating:T<`, wait). Keys never query the database
    /// themselves, so typing stays within the keystroke budget at any corpus size.
    static func narrow(state: inout AppState) -> [Effect] {
        guard state.screen == .list, let input = state.list.searchInput, state.list.searchToNarrow else { return [] }
        state.list.searchToNarrow = false
        guard case .success(var filter) = FilterQuery.parse(input, reviewer: state.reviewer, schema: state.schema, rubric: state.rubric) else { return [] }
        if input.allSatisfy({ $0 == " " }) { filter = state.list.filterBeforeSearch ?? .all }
        guard filter != state.list.filter else { return [] }
        return [.loadList(filter: filter, anchor: .start, limit: ScreenLayout(state.size).listRows, select: .first, countTotal: true)]
    }

    /// A step of the count arrived: added up if it is the count still going on.
    static func counted(filter: DocumentFilter, from: Int64, progress: DocumentCountProgress, state: inout AppState) {
        guard var counting = state.list.counting, counting.filter == filter, counting.next == from else { return }
        counting.matched += progress.matched
        if let next = progress.next {
            counting.next = next
            state.list.counting = counting
        } else {
            state.list.total = counting.matched
            state.list.counting = nil
        }
    }

    /// Typing after `/`: Enter searches, Esc cancels, Backspace deletes.
    static func typeSearch(_ key: KeyPress, state: inout AppState) -> [Effect] {
        guard var input = state.list.searchInput else { return [] }
        switch key {
        case .enter:
            switch FilterQuery.parse(input, reviewer: state.reviewer, schema: state.schema, rubric: state.rubric) {
            case .success(let filter):
                state.list.searchInput = nil
                state.list.searchToNarrow = false
                return [.loadList(filter: filter, anchor: .start, limit: ScreenLayout(state.size).listRows, select: .first, countTotal: true)]
            case .failure(let problem):
                state.message = StatusMessage("\(problem.message) (see ? for the search words)", isError: true)
            }
        case .escape:
            state.list.searchInput = nil
            state.list.searchToNarrow = false
            // The list narrowed while typing: back to what it showed before `/`.
            if let before = state.list.filterBeforeSearch, before != state.list.filter {
                return [.loadList(filter: before, anchor: .start, limit: ScreenLayout(state.size).listRows, select: .first, countTotal: true)]
            }
        case .backspace:
            if !input.isEmpty { input.removeLast() }
            state.list.searchInput = input
            state.list.searchToNarrow = true
        case .character(let character):
            input.append(character)
            state.list.searchInput = input
            state.list.searchToNarrow = true
        default:
            break
        }
        return []
    }
}
