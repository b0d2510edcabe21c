import GRDB
import TrellisCore

/// How `assign` shares documents out.
public struct AssignmentPlan: Sendable {
    public var reviewers: [String]
    /// Reviewers per document in the overlap set (for measuring agreement).
    public var perDocument: Int
    /// Share of the documents that go to `perDocument` reviewers; the rest go to one.
    public var overlap: Double
    /// Only this stage.
    public var stage: Int?
    /// Reviewers of overlapping documents work on their own versions, blind to each other.
    public var independent: Bool
    /// Makes the choice of overlapping documents reproducible.
    public var seed: UInt64

    public init(reviewers: [String], perDocument: Int, overlap: Double, stage: Int? = nil, independent: Bool = true, seed: UInt64 = 1) {
        self.reviewers = reviewers
        self.perDocument = perDocument
        self.overlap = overlap
        self.stage = stage
        self.independent = independent
        self.seed = seed
    }
}

extension AppDatabase {
    /// Assigns the not yet assigned documents (of a stage) to reviewers, balancing their load:
    /// an `overlap` share of them, chosen by `seed`, to `perDocument` reviewers each, the rest to
    /// one. Returns the number of assignments made per reviewer.
    public func assign(_ plan: AssignmentPlan, by actor: String) throws -> [String: Int] {
        if isReadOnly { throw StoreError.readOnly(path ?? "database") }
        let reviewers = Array(Set(plan.reviewers)).sorted()
        guard !reviewers.isEmpty else { throw StoreError.refused("name at least one reviewer") }
        guard (1...reviewers.count).contains(plan.perDocument) else {
            throw StoreError.refused("each document can go to 1 to \(reviewers.count) of the named reviewers")
        }
        return try write { db in
            try self.require([.admin, .adjudicator], of: actor, to: "assign documents", in: db)
            let (ids, names) = try self.reviewerIDs(reviewers, in: db)
            let stageCondition = plan.stage == nil ? "" : "AND stage = \(plan.stage!)"
            var documents = try Int64.fetchAll(db, sql: """
                SELECT id FROM document WHERE NOT EXISTS (SELECT 1 FROM assignment a WHERE a.document_id = document.id) \(stageCondition) ORDER BY id
                """)
            var random = SeededRandom(seed: plan.seed)
            documents.shuffle(using: &random)
            let overlapping = Set(documents.prefix(Int((Double(documents.count) * plan.overlap).rounded())))
            return try Self.shareOut(documents.sorted().map { ($0, overlapping.contains($0) ? plan.perDocument : 1) }, among: ids, names: names,
                                     independent: plan.independent, at: now(), in: db)
        }
    }

    /// The ids of reviewers named, by id. Each id is looked up with its name, and a lookup that
    /// fails fails the whole assignment (nothing is written): a name never stands for another
    /// reviewer's id.
    func reviewerIDs(_ reviewers: [String], in db: Database) throws -> (ids: [Int64], names: [Int64: String]) {
        var names: [Int64: String] = [:]
        for name in reviewers { names[try reviewer(named: name, in: db).id] = name }
        return (Array(names.keys), names)
    }

    /// Assigns each document to its count of the reviewers with the fewest assignments so far
    /// (then by name); returns the assignments made per reviewer. A document a reviewer already
    /// has stays as it is.
    static func shareOut(_ documents: [(id: Int64, count: Int)], among ids: [Int64], names: [Int64: String], independent: Bool,
                         at time: String, in db: Database) throws -> [String: Int] {
        var load = Dictionary(uniqueKeysWithValues: try ids.map { id in
            (id, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM assignment WHERE reviewer_id = ?", arguments: [id]) ?? 0)
        })
        var made: [String: Int] = [:]
        for (document, count) in documents {
            let chosen = ids.sorted { (load[$0]!, names[$0]!) < (load[$1]!, names[$1]!) }.prefix(count)
            for reviewer in chosen {
                try db.execute(sql: "INSERT OR IGNORE INTO assignment (document_id, reviewer_id, independent, assigned_at) VALUES (?, ?, ?, ?)",
                               arguments: [document, reviewer, independent && count > 1, time])
                guard db.changesCount > 0 else { continue }
                load[reviewer]! += 1
                made[names[reviewer]!, default: 0] += 1
            }
        }
        return made
    }
}

extension AppDatabase {
    /// Whether `reviewer` has documents assigned that they have not decided yet.
    public func hasQueue(for reviewer: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM assignment a JOIN reviewer v ON v.id = a.reviewer_id WHERE v.name = ?
                    AND NOT EXISTS (SELECT 1 FROM document_review r WHERE r.document_id = a.document_id AND r.reviewer_id = v.id AND r.decision IS NOT NULL))
                """, arguments: [reviewer]) ?? false
        }
    }
}
