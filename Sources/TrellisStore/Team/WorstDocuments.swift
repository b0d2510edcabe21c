/// The documents with the lowest agreement, kept as they come: the same list as sorting them all
/// by kappa (a document without one after every kappa, the earlier first among equals) and
/// taking the first `limit`, in memory bounded by `limit`.
struct WorstDocuments: Codable {
    let limit: Int
    private(set) var documents: [(id: String, kappa: Double?, reviewers: [String])] = []

    init(limit: Int) {
        self.limit = limit
    }

    private struct Stored: Codable {
        var id: String
        var kappa: Double?
        var reviewers: [String]
    }

    private enum CodingKeys: String, CodingKey { case limit, documents }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        limit = try container.decode(Int.self, forKey: .limit)
        documents = try container.decode([Stored].self, forKey: .documents).map { ($0.id, $0.kappa, $0.reviewers) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(limit, forKey: .limit)
        try container.encode(documents.map { Stored(id: $0.id, kappa: $0.kappa, reviewers: $0.reviewers) }, forKey: .documents)
    }

    mutating func add(id: String, kappa: Double?, reviewers: [String]) {
        let key = kappa ?? 2
        guard limit > 0, documents.count < limit || key < (documents[documents.count - 1].kappa ?? 2) else { return }
        let position = documents.firstIndex { key < ($0.kappa ?? 2) } ?? documents.count
        documents.insert((id, kappa, reviewers), at: position)
        if documents.count > limit { documents.removeLast() }
    }
}
