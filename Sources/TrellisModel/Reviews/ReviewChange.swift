/// A change of a reviewer's own ratings, decisions or notes on one document.
public enum ReviewChange: Hashable, Sendable {
    case rate(spanID: Int64, dimension: String, value: Int?)
    case decideSpan(spanID: Int64, decision: Decision?)
    case noteSpan(spanID: Int64, note: String?)
    case decideDocument(Decision?)
    case noteDocument(String?)
    /// Bind the reviewer's decision and ratings, made on an earlier state, to the current one.
    case reconfirmSpan(spanID: Int64)
    case reconfirmDocument

    /// The span the change is about; `nil` for the document.
    public var spanID: Int64? {
        switch self {
        case .rate(let span, _, _), .decideSpan(let span, _), .noteSpan(let span, _), .reconfirmSpan(let span): span
        case .decideDocument, .noteDocument, .reconfirmDocument: nil
        }
    }
}
