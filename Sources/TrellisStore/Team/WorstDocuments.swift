import TrellisCore

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

extension WorstDocuments: CompactlyKept {
    func write(to writer: inout CompactSums.Writer) {
        writer.count(limit)
        writer.count(documents.count)
        for document in documents {
            writer.string(document.id)
            writer.flag(document.kappa != nil)
            if let kappa = document.kappa { writer.real(kappa) }
            writer.count(document.reviewers.count)
            for reviewer in document.reviewers { writer.string(reviewer) }
        }
    }

    init(reading reader: inout CompactSums.Reader) throws {
        self.init(limit: try reader.count())
        let count = try reader.count(ofItemsAtLeast: 3)
        guard count <= limit else { throw CompactSums.Corrupt() }
        for _ in 0..<count {
            let id = try reader.string()
            let kappa = try reader.flag() ? try reader.real() : nil
            var reviewers: [String] = []
            for _ in 0..<(try reader.count(ofItemsAtLeast: 1)) { reviewers.append(try reader.string()) }
            documents.append((id, kappa, reviewers))
        }
    }
}
