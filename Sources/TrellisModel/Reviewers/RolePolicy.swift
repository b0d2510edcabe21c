/// Who may do what, in every store: until a store has an admin, roles restrict nothing (a new
/// project works before anyone sets them up); from then on an action that needs a role is refused
/// to everyone else, and a reviewer may not adjudicate a document they review blind.
public enum RolePolicy {
    /// Why `name` (whose role is `role`; `nil` for a name the store has not met, who counts as a
    /// reviewer) may not `what`, which needs one of `roles`; `nil` when they may, or when the
    /// store has no admin yet.
    public static func refusal(of name: String, role: ReviewerRole?, storeHasAdmin: Bool, needs roles: Set<ReviewerRole>,
                               to what: String) -> String? {
        let role = role ?? .reviewer
        guard storeHasAdmin, !roles.contains(role) else { return nil }
        return "\(name) is \(role.withArticle); only \(roles.map(\.rawValue).sorted().joined(separator: " or ")) may \(what)"
    }

    /// Why `name` (whose role is `role`, `nil` when unknown) may not adjudicate a document they
    /// review blind (`reviewsBlind`): an adjudicator or an admin sees every version, a reviewer
    /// does not. `nil` when nothing stands in the way.
    public static func blindRefusal(of name: String, role: ReviewerRole?, reviewsBlind: Bool) -> String? {
        guard role == .reviewer, reviewsBlind else { return nil }
        return "\(name) reviews this blind, so may not adjudicate it"
    }
}
