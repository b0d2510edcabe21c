import GRDB
import TrellisCore

/// How to draw an audit: a stratified random sample of the unreviewed documents, assigned to
/// reviewers under a name.
public struct AuditRequest: Sendable {
    public var name: String
    public var size: Int
    public var fields: [StratumField]
    public var seed: UInt64
    public var reviewers: [String]

    public init(name: String, size: Int, fields: [StratumField], seed: UInt64, reviewers: [String]) {
        self.name = name
        self.size = size
        self.fields = fields
        self.seed = seed
        self.reviewers = reviewers
    }
}

/// A stratum of the corpus: its documents, and how many of them are unreviewed (the documents an
/// audit draws from) and were drawn.
public struct CorpusStratum: Hashable, Sendable {
    public var key: StratumKey
    public var population: Int
    public var unreviewed: Int
    public var sampled: Int

    public init(key: StratumKey, population: Int, unreviewed: Int, sampled: Int) {
        self.key = key
        self.population = population
        self.unreviewed = unreviewed
        self.sampled = sampled
    }
}

/// What drawing an audit did.
public struct AuditDraw: Sendable {
    public var name: String
    public var strata: [CorpusStratum]
    /// Documents assigned, per reviewer.
    public var assigned: [String: Int]
    public var sampled: Int { strata.reduce(0) { $0 + $1.sampled } }
}

extension AppDatabase {
    /// The strata of the corpus by `fields` (`stage`, `rewriter`: the latest machine version's,
    /// `meta.KEY`), sorted, with their sizes. One pass over the documents.
    public func corpusStrata(by fields: [StratumField]) throws -> [CorpusStratum] {
        try read { db in try Self.scanStrata(fields, in: db) { _, _, _ in } }.strata
    }

    /// Draws an audit: `size` unreviewed documents, shared among the strata in proportion to the
    /// unreviewed documents they hold and uniform within each (`StratifiedReservoir`, seeded),
    /// recorded with every stratum's size in the corpus and assigned to the reviewers (fewest
    /// assignments first). Needs the adjudicator or admin role, as assigning does.
    public func drawAudit(_ request: AuditRequest, by actor: String) throws -> AuditDraw {
        if isReadOnly { throw StoreError.readOnly(path ?? "database") }
        let reviewers = Array(Set(request.reviewers)).sorted()
        guard !reviewers.isEmpty else { throw StoreError.refused("name at least one reviewer to assign the audit to (--to)") }
        if let why = VisibleText.identifierProblem(request.name) { throw StoreError.refused("the audit's name (--name) \(why)") }
        return try write { db in
            try self.require([.admin, .adjudicator], of: actor, to: "assign documents", in: db)
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit WHERE name = ?)", arguments: [request.name]) == true {
                throw StoreError.refused("an audit named \(request.name) exists already; choose another name")
            }
            let (ids, names) = try self.reviewerIDs(reviewers, in: db)
            var reservoir = StratifiedReservoir<Int64>(size: request.size, seed: request.seed)
            let scanned = try Self.scanStrata(request.fields, in: db) { key, document, unreviewed in
                if unreviewed { reservoir.offer(key) { document } }
            }
            let sample = reservoir.draw()
            let drawn = Dictionary(uniqueKeysWithValues: sample.strata.map { ($0.key, $0.items) })
            let time = now()
            let actorID = try self.reviewer(named: actor, in: db).id
            try db.execute(sql: "INSERT INTO audit (name, stratify, seed, size, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [request.name, request.fields.map(\.description).joined(separator: ","), Int64(bitPattern: request.seed),
                                       request.size, actorID, time])
            let auditID = db.lastInsertedRowID
            var strata: [CorpusStratum] = []
            var documents: [(id: Int64, count: Int)] = []
            for (place, stratum) in scanned.strata.enumerated() {
                let items = drawn[stratum.key] ?? []
                try db.execute(sql: "INSERT INTO audit_stratum (audit_id, place, key, population, frame, sampled) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [auditID, place, Self.json(stratum.key), stratum.population, stratum.unreviewed, items.count])
                for document in items {
                    try db.execute(sql: "INSERT INTO audit_document (audit_id, document_id, stratum) VALUES (?, ?, ?)", arguments: [auditID, document, place])
                    documents.append((document, 1))
                }
                strata.append(CorpusStratum(key: stratum.key, population: stratum.population, unreviewed: stratum.unreviewed, sampled: items.count))
            }
            let assigned = try Self.shareOut(documents.sorted { $0.id < $1.id }, among: ids, names: names, independent: false, at: time, in: db)
            return AuditDraw(name: request.name, strata: strata, assigned: assigned)
        }
    }

    /// An audit's design for weighting its estimates: its strata, in order, with their sizes.
    func auditDesign(named name: String) throws -> (id: Int64, design: AuditDesign) {
        try read { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM audit WHERE name = ?", arguments: [name]) else {
                let known = try String.fetchAll(db, sql: "SELECT name FROM audit ORDER BY name")
                throw StoreError.refused("no audit named \(name)" + (known.isEmpty ? " (none was drawn: trellis sample --size N --name NAME --to REVIEWERS)"
                                                                       : "; audits: \(known.joined(separator: ", "))"))
            }
            var strata: [(key: StratumKey, population: Int, sampled: Int)] = []
            for row in try Row.fetchAll(db, sql: "SELECT key, population, sampled FROM audit_stratum WHERE audit_id = ? ORDER BY place", arguments: [id]) {
                guard let key = Self.stratumKey(json: try row.decode(forColumn: "key")) else {
                    throw StoreError.damaged(path: path ?? "database", detail: "a stratum of audit \(name) cannot be read")
                }
                strata.append((key, try row.decode(forColumn: "population"), try row.decode(forColumn: "sampled")))
            }
            return (id, AuditDesign(name: name, strata: strata))
        }
    }

    /// Every document's stratum, one pass in id order: `visit` gets each document's key and id and
    /// whether it is unreviewed; returns the strata sorted by key.
    private static func scanStrata(_ fields: [StratumField], in db: Database,
                                   visit: (StratumKey, Int64, Bool) -> Void) throws -> (strata: [CorpusStratum], documents: Int) {
        var counts: [StratumKey: (population: Int, unreviewed: Int)] = [:]
        var documents = 0
        let needsRewriter = fields.contains(.rewriter)
        try db.forEachRawRow(sql: """
            SELECT d.id, d.stage, d.meta, d.status = 'unreviewed',
                   \(needsRewriter ? "(SELECT m.rewriter FROM machine_version m WHERE m.document_id = d.id ORDER BY m.version DESC LIMIT 1)" : "NULL")
            FROM document d ORDER BY d.id
            """, arguments: []) { row in
            let key = StratumKey(fields: fields, stage: row.optionalInt64(1).map(Int.init), rewriter: row.optionalString(4), metaJSON: row.optionalString(2))
            let unreviewed = row.bool(3)
            counts[key, default: (0, 0)].population += 1
            if unreviewed { counts[key, default: (0, 0)].unreviewed += 1 }
            documents += 1
            visit(key, row.int64(0), unreviewed)
        }
        let strata = counts.keys.sorted().map { CorpusStratum(key: $0, population: counts[$0]!.population, unreviewed: counts[$0]!.unreviewed, sampled: 0) }
        return (strata, documents)
    }

    /// A stratum key as stored: a JSON array of its values.
    static func json(_ key: StratumKey) -> String {
        "[" + key.values.map { $0 ?? "null" }.joined(separator: ",") + "]"
    }

    static func stratumKey(json: String) -> StratumKey? {
        guard let items = (try? JSONParser.parse(Array(json.utf8)))?.arrayValue else { return nil }
        return StratumKey(items.map { $0.value == .null ? nil : String(decoding: JSONWriter.write($0, sortedKeys: true), as: UTF8.self) })
    }
}
