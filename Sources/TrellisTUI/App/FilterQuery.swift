import TrellisCore
import TrellisModel

/// The search line of the list (`/`): words narrow the list, everything else is searched in
/// ids and texts (any part of them). Words: `status:S` (unreviewed, in-progress, approved, rejected,
/// flagged, or the bare word), `stage:N`, `mode:LABEL`, `mine`, `reviewer:NAME`, `queue`, `problems`,
/// `rating:DIMENSION=N`, `rating:DIMENSION=N..M`, `rating:DIMENSION<=N`, `rating:DIMENSION>=N` (a
/// dimension by its name or its key).
enum FilterQuery {
    /// The filter a query asks for, or why it cannot be read.
    static func parse(_ query: String, reviewer: String, schema: TagSchema, rubric: Rubric) -> Result<DocumentFilter, EditRefusal> {
        var filter = DocumentFilter.all
        var text: [Substring] = []
        for word in query.split(separator: " ") {
            let parts = word.split(separator: ":", maxSplits: 1).map(String.init)
            switch (parts.first ?? "", parts.count == 2 ? parts[1] : nil) {
            case ("status", let value?):
                guard let status = DocumentStatus(rawValue: value) else { return .failure(EditRefusal("unknown status \"\(value)\"")) }
                filter.status = status
            case ("stage", let value?):
                guard let stage = Int(value) else { return .failure(EditRefusal("stage must be a number")) }
                filter.stage = stage
            case ("mode", let value?):
                guard schema.hasTag(value) else { return .failure(EditRefusal("unknown mode \"\(value)\"")) }
                filter.mode = value
            case ("reviewer", let value?):
                filter.reviewer = value
            case ("rating", let value?):
                switch rating(value, rubric: rubric) {
                case .success(let range): filter.rating = range
                case .failure(let error): return .failure(error)
                }
            case ("mine", nil):
                filter.reviewer = reviewer
            case ("queue", nil):
                filter.queueOf = reviewer
            case ("problems", nil):
                filter.onlyWithProblems = true
            case (let bare, nil) where DocumentStatus(rawValue: bare) != nil:
                filter.status = DocumentStatus(rawValue: bare)
            default:
                text.append(word)
            }
        }
        filter.search = text.isEmpty ? nil : text.joined(separator: " ")
        return .success(filter)
    }

    /// A dimension by its name (any case) or its key (`T` for honesty).
    private static func dimension(_ word: String, in rubric: Rubric) -> RubricDimension? {
        rubric.dimensions.first { $0.name.lowercased() == word.lowercased() }
            ?? rubric.dimensions.first { String($0.key) == word }
            ?? rubric.dimensions.first { String($0.key).lowercased() == word.lowercased() }
    }

    private static func unknownDimension(_ word: String, in rubric: Rubric) -> EditRefusal {
        let known = rubric.dimensions.map { "\($0.key) \($0.name)" }.joined(separator: ", ")
        return EditRefusal("unknown dimension \"\(word)\" (the rubric has \(known))")
    }

    /// `honesty<=2` or `T<=2`, `honesty>=4`, `honesty=3`, `honesty=1..2`.
    private static func rating(_ text: String, rubric: Rubric) -> Result<RatingRange, EditRefusal> {
        for (symbol, build) in [("<=", { (dimension: RubricDimension, n: Int) in dimension.scale.lowerBound...n }),
                                (">=", { (dimension: RubricDimension, n: Int) in n...dimension.scale.upperBound })] {
            if let range = text.range(of: symbol) {
                let name = String(text[..<range.lowerBound])
                guard let dimension = dimension(name, in: rubric) else { return .failure(unknownDimension(name, in: rubric)) }
                guard let value = Int(text[range.upperBound...]), dimension.scale.contains(value) else {
                    return .failure(EditRefusal("rating:\(name)\(symbol)… needs a value of \(dimension.scale.lowerBound)–\(dimension.scale.upperBound)"))
                }
                return .success(RatingRange(dimension: dimension.name, values: build(dimension, value)))
            }
        }
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return .failure(EditRefusal("write rating:DIMENSION=N, =N..M, <=N or >=N")) }
        guard let dimension = dimension(parts[0], in: rubric) else { return .failure(unknownDimension(parts[0], in: rubric)) }
        let bounds = parts[1].components(separatedBy: "..").compactMap { Int($0) }
        guard let low = bounds.first, let high = bounds.last, bounds.count <= 2, low <= high else {
            return .failure(EditRefusal("rating:\(parts[0])=… needs N or N..M"))
        }
        return .success(RatingRange(dimension: dimension.name, values: low...high))
    }
}
