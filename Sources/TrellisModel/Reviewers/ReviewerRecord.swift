/// A reviewer: one person (by default their login name) and their role.
public struct ReviewerRecord: Hashable, Sendable {
    public var id: Int64
    public var name: String
    public var role: ReviewerRole
    public var createdAt: String

    public init(id: Int64, name: String, role: ReviewerRole, createdAt: String) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
    }
}

/// What a reviewer may do.
public enum ReviewerRole: String, Hashable, Sendable, CaseIterable {
    case reviewer, adjudicator, admin

    /// "a reviewer", "an adjudicator", "an admin".
    public var withArticle: String { self == .reviewer ? "a reviewer" : "an \(rawValue)" }
}
