import TrellisCore
import TrellisModel
import TrellisStore

/// Every ``ReviewStore`` implementation, for the conformance tests (`ReviewStoreConformanceTests`)
/// that each must pass. A new backend adds a case here and makes its store from the same seed.
public enum StoreBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    /// ``SQLiteReviewStore`` on an in-memory database (a file in `directory` when read-only).
    case sqlite
    /// ``FakeStore``.
    case fake

    public var description: String { rawValue }

    /// A store holding `lines` (JSONL), every document assigned to `independent` reviewers to
    /// review independently (when two or more are named), the reviewers in `roles` given theirs.
    /// `directory` holds what a store keeps in files (a read-only one must be a file).
    public func make(_ lines: [String], independent: [String] = [], roles: [String: ReviewerRole] = [:], readOnly: Bool = false,
                     in directory: TemporaryDirectory) throws -> any ReviewStore {
        switch self {
        case .sqlite:
            let path = directory.path("store.sqlite")
            var database = try readOnly ? AppDatabase.open(path: path) : AppDatabase.inMemory()
            _ = try ImportHelpers.importLines(lines, into: database, in: directory)
            if independent.count > 1 {
                _ = try database.assign(AssignmentPlan(reviewers: independent, perDocument: independent.count, overlap: 1), by: "lead")
            }
            let admin = roles.first { $0.value == .admin }?.key
            for (name, role) in roles.sorted(by: { ($0.value == .admin ? 0 : 1, $0.key) < ($1.value == .admin ? 0 : 1, $1.key) }) {
                try database.setRole(role, of: name, by: admin)
            }
            if readOnly { database = try AppDatabase.open(path: path, readOnly: true) }
            return SQLiteReviewStore(database: database, schema: Fixtures.defaultSchema)
        case .fake:
            let store = try FakeStore(lines: lines, readOnly: readOnly)
            if independent.count > 1 { store.assign(to: independent) }
            for (name, role) in roles { store.setRole(role, of: name) }
            return store
        }
    }
}
