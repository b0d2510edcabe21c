/// The documents with the lowest agreement, kept as they come: the same list as sorting them all
/// by kappa (a document without one after every kappa, the earlier first among equals) and
/// taking the first `limit`, in memory bounded by `limit`.
struct WorstDocuments {
    let limit: Int
    private(set) var documents: [(id: String, kappa: Double?, reviewers: [String])] = []

    init(limit: Int) {
        self.limit = limit
    }

    mutating func add(id: String, kappa: Double?, reviewers: [String]) {
        let key = kappa ?? 2
        guard limit > 0, documents.count < limit || key < (documents[documents.count - 1].kappa ?? 2) else { return }
        let position = documents.firstIndex { key < ($0.kappa ?? 2) } ?? documents.count
        documents.insert((id, kappa, reviewers), at: position)
        if documents.count > limit { documents.removeLast() }
    }
}
