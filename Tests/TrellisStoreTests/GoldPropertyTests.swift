import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// Random sequences of decisions, edits, undos, redos, re-imports and adjudications, checked
/// against a model of what each reviewer saw when they decided: every exported gold span is the
/// current state of a span that enough reviewers approved in exactly that state (and nobody
/// rejected or flagged), every whole-document record is a document approved in exactly its
/// current state, and every export passes its validator.
@Suite struct GoldPropertyTests {
    static let reviewers = ["ada", "bo"]
    static let adjudicator = "judy"
    let schema = Fixtures.defaultSchema

    /// A decision as the model records it: what was decided and the state it was decided on,
    /// written out (not the fingerprint Trellis stores).
    struct Seen: Hashable {
        var decision: Decision
        var state: String
    }

    enum Key: Hashable {
        case span(reviewer: String, id: Int64)
        case document(reviewer: String, id: Int64)
    }

    /// The model: every reviewer's current decisions, and what each history entry changed in them
    /// (so that undo and redo can be followed).
    struct Model {
        var decisions: [Key: Seen] = [:]
        var changes: [Int64: [(key: Key, before: Seen?, after: Seen?)]] = [:]
    }

    /// A span's state as the specification says: its label and boundaries, and those of every
    /// span nested in it.
    static func state(of span: SpanRecord, in spans: [SpanRecord]) -> String {
        let nested = spans.filter { $0.id != span.id && $0.depth > span.depth && span.start <= $0.start && $0.end <= span.end }
        return ([span] + nested).map { "\($0.label) \($0.start)-\($0.end)/\($0.depth)" }.joined(separator: ";")
    }

    /// A document's state: its content and every span.
    static func state(of document: StoredDocument) -> String {
        document.record.contentHash + "|" + document.spans.map { "\($0.label) \($0.start)-\($0.end)/\($0.depth)" }.joined(separator: ";")
    }

    /// A small document of turns: human and ai spans, quotes in some ai spans.
    static func document(id: String, random: inout SeededRandom, variant: Int = 0) -> String {
        let words = ["I", "was", "seven", "when", "she", "fell", "you", "could", "let", "her", "try", "again", "balance", "comes", "slowly"]
        func sentence() -> String {
            (0..<Int.random(in: 2...5, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " ") + "."
        }
        var turns: [String] = []
        for turn in 0..<Int.random(in: 2...4, using: &random) {
            if turn % 2 == 0 {
                turns.append("<human>\(sentence()) \(sentence())</human>")
            } else {
                let quote = Bool.random(using: &random) ? " <quote>\(sentence())</quote>" : ""
                turns.append("<ai>\(sentence())\(quote) \(sentence())</ai>")
            }
        }
        if variant > 0 { turns.append("<human>Changed \(variant).</human>") }
        return ImportHelpers.line(id: id, text: turns.joined(separator: " "), stage: 1)
    }

    @Test func exportedGoldIsExactlyWhatEnoughReviewersApprovedAsItIsNow() throws {
        var gold = 0, whole = 0
        for seed in 1...4 as ClosedRange<UInt64> {
            let (spans, records) = try run(seed: seed)
            gold += spans
            whole += records
        }
        // The sequences make gold and whole records: the checks are not vacuous.
        #expect(gold > 20)
        #expect(whole > 0)
    }

    /// One random sequence; returns the gold spans and whole-document records it checked.
    private func run(seed: UInt64) throws -> (Int, Int) {
        var random = SeededRandom(seed: seed)
        let directory = try TemporaryDirectory()
        let database = try AppDatabase.inMemory()
        let ids = ["d1", "d2", "d3"]
        var variants = [0, 0, 0]
        _ = try ImportHelpers.importLines(ids.map { Self.document(id: $0, random: &random) }, into: database, in: directory)
        var model = Model()
        var gold = 0, whole = 0

        for step in 0..<100 {
            let which = Int.random(in: 0..<ids.count, using: &random)
            let documentID = try database.document(externalID: ids[which])!.record.id
            let reviewer = Self.reviewers.randomElement(using: &random)!
            let roll = Int.random(in: 0..<100, using: &random)
            let lastEntry = try latestEntry(in: database, documentID)
            var changes: [(key: Key, before: Seen?, after: Seen?)] = []
            let document = try database.document(id: documentID)!
            switch roll {
            case 0..<25:
                // Rate and decide a span (mostly approve).
                guard let span = document.spans.randomElement(using: &random) else { continue }
                let decision: Decision? = [.approved, .approved, .approved, .approved, .rejected, .flagged, nil].randomElement(using: &random)!
                changes = [try decide(span, decision, in: document, by: reviewer, database: database, model: model)]
            case 25..<35:
                // A reviewer's pass: approve every span, then (mostly) the document.
                for span in document.spans {
                    let entry = try latestEntry(in: database, documentID)
                    let change = try decide(span, .approved, in: document, by: reviewer, database: database, model: model)
                    try record(change, in: database, documentID, since: entry, model: &model)
                }
                guard Int.random(in: 0..<3, using: &random) > 0 else {
                    // Every span approved as it is now, the document perhaps earlier: is it whole?
                    whole += try check(database, model: model, directory: directory, step: step, formats: [.train], policies: [1]).1
                    continue
                }
                let key = Key.document(reviewer: reviewer, id: documentID)
                let before = model.decisions[key]
                let entry = try latestEntry(in: database, documentID)
                _ = try database.decide(document: documentID, decision: .approved, by: reviewer, schema: schema)
                try record((key, before, Seen(decision: .approved, state: Self.state(of: document))), in: database, documentID, since: entry, model: &model)
                continue
            case 35..<40:
                guard let span = document.spans.randomElement(using: &random) else { continue }
                let key = Key.span(reviewer: reviewer, id: span.id)
                let before = model.decisions[key]
                _ = try database.reconfirm(span: span.id, in: documentID, by: reviewer, schema: schema)
                changes = [(key, before, before.map { Seen(decision: $0.decision, state: Self.state(of: span, in: document.spans)) })]
            case 40..<46:
                let decision: Decision? = [.approved, .approved, .approved, .rejected, .flagged, nil].randomElement(using: &random)!
                let key = Key.document(reviewer: reviewer, id: documentID)
                let before = model.decisions[key]
                _ = try database.decide(document: documentID, decision: decision, by: reviewer, schema: schema)
                changes = [(key, before, decision.map { Seen(decision: $0, state: Self.state(of: document)) })]
            case 46..<64:
                try? ReviewHelpers.edit(ids[which], randomEdit(document, random: &random), in: database, by: reviewer)
            case 64..<82:
                let undo = Int.random(in: 0..<10, using: &random) < 7
                _ = try? (undo ? database.undo(in: documentID, by: reviewer, schema: schema) : database.redo(in: documentID, by: reviewer, schema: schema))
                if let entry = try latestEntry(in: database, documentID), entry.id != lastEntry?.id, let target = entry.reverts {
                    for change in model.changes[target] ?? [] { model.decisions[change.key] = undo ? change.before : change.after }
                }
                continue
            case 82..<87:
                variants[which] += 1
                var fresh = SeededRandom(seed: seed &* 31 &+ UInt64(step))
                _ = try ImportHelpers.importLines([Self.document(id: ids[which], random: &fresh, variant: variants[which])], into: database, in: directory,
                                                  name: "step\(step).jsonl", options: ImportOptions(onChanged: .replace))
                continue
            default:
                // Adjudicate: the shared spans, sometimes less one.
                var spans = document.spans.map(\.span)
                if spans.count > 1, Bool.random(using: &random) { spans.remove(at: Int.random(in: 0..<spans.count, using: &random)) }
                let chosen = spans.map { span in
                    AdjudicatedSpan(span: span, ratings: Dictionary(uniqueKeysWithValues: Fixtures.defaultRubric.dimensions(for: span.label).map { ($0.name, 4) }))
                }
                let adjudicated = try database.adjudicate(document: documentID, version: AdjudicatedVersion(spans: chosen, documentDecision: "approved"),
                                                          by: Self.adjudicator, schema: schema)
                let judge = Self.adjudicator
                changes = adjudicated.spans.map { span in (Key.span(reviewer: judge, id: span.id), nil, Seen(decision: .approved, state: Self.state(of: span, in: adjudicated.spans))) }
                let key = Key.document(reviewer: judge, id: documentID)
                changes.append((key, model.decisions[key], Seen(decision: .approved, state: Self.state(of: adjudicated))))
            }
            for change in changes { try record(change, in: database, documentID, since: lastEntry, model: &model) }
            if step % 25 == 24 {
                let (spans, records) = try check(database, model: model, directory: directory, step: step,
                                                 formats: step == 99 ? ExportFormat.gold : [.eval, .train], policies: [1, 2])
                gold += spans
                whole += records
            }
        }
        return (gold, whole)
    }

    /// Rates a span and decides it as `reviewer`, who sees `document`; returns the model's change.
    private func decide(_ span: SpanRecord, _ decision: Decision?, in document: StoredDocument, by reviewer: String, database: AppDatabase,
                        model: Model) throws -> (key: Key, before: Seen?, after: Seen?) {
        let documentID = document.record.id
        // Ratings once per span and reviewer: the decision binds them to what it decides on.
        let rated = Set(document.ratings(of: span.id, by: reviewer).keys)
        for dimension in Fixtures.defaultRubric.dimensions(for: span.label) where !rated.contains(dimension.name) {
            _ = try database.rate(span: span.id, in: documentID, dimension: dimension.name, value: 4, by: reviewer, schema: schema)
        }
        let key = Key.span(reviewer: reviewer, id: span.id)
        let before = model.decisions[key]
        _ = try database.decide(span: span.id, in: documentID, decision: decision, by: reviewer, schema: schema)
        return (key, before, decision.map { Seen(decision: $0, state: Self.state(of: span, in: document.spans)) })
    }

    /// Follows a change in the model, recorded against the history entry that made it (the
    /// latest, when there is one after `since`), so that undo and redo can be followed.
    private func record(_ change: (key: Key, before: Seen?, after: Seen?), in database: AppDatabase, _ documentID: Int64,
                        since: (id: Int64, reverts: Int64?)?, model: inout Model) throws {
        guard let entry = try latestEntry(in: database, documentID), entry.id != since?.id else { return }
        model.changes[entry.id, default: []].append(change)
        model.decisions[change.key] = change.after
    }

    private func latestEntry(in database: AppDatabase, _ documentID: Int64) throws -> (id: Int64, reverts: Int64?)? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT id, reverts FROM history WHERE document_id = ? ORDER BY id DESC LIMIT 1", arguments: [documentID])
                .map { ($0["id"], $0["reverts"]) }
        }
    }

    /// An edit: often one that keeps the document valid (a quote added inside an ai span,
    /// removed or moved), else anything.
    private func randomEdit(_ document: StoredDocument, random: inout SeededRandom) -> SpanEdit {
        let roll = Int.random(in: 0..<10, using: &random)
        if roll < 4, let ai = document.spans.filter({ $0.label == "ai" && $0.end - $0.start > 4 }).randomElement(using: &random) {
            let start = Int.random(in: ai.start..<(ai.end - 2), using: &random)
            return .insert(range: start..<min(ai.end, start + Int.random(in: 2...10, using: &random)), label: "quote")
        }
        if roll < 6, let quote = document.spans.indices.filter({ document.spans[$0].label == "quote" }).randomElement(using: &random) {
            return Bool.random(using: &random) ? .delete(span: quote)
                : .moveEdge(span: quote, edge: .end, direction: Bool.random(using: &random) ? .forward : .backward, unit: .character)
        }
        let count = max(1, document.spans.count)
        let span = Int.random(in: 0..<count, using: &random)
        let length = document.record.length
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return .moveEdge(span: span, edge: Bool.random(using: &random) ? .start : .end, direction: Bool.random(using: &random) ? .forward : .backward,
                                 unit: TextUnit.allCases.randomElement(using: &random)!)
        case 1: return .split(span: span, at: Int.random(in: 0..<max(1, length), using: &random))
        case 2: return .mergeWithNext(span: span)
        case 3: return .relabel(span: span, label: ["human", "ai", "quote"].randomElement(using: &random)!)
        case 4:
            let start = Int.random(in: 0..<max(1, length), using: &random)
            return .insert(range: start..<min(length, start + Int.random(in: 1...12, using: &random)), label: ["human", "ai", "quote"].randomElement(using: &random)!)
        default: return .delete(span: span)
        }
    }

    /// Exports `formats` (those of whole documents with and without span runs) with each of
    /// `policies` as the approvals needed, and checks each eval and train record against the model.
    /// Returns the gold spans and whole-document records checked.
    private func check(_ database: AppDatabase, model: Model, directory: TemporaryDirectory, step: Int, formats: [ExportFormat],
                       policies: [Int]) throws -> (Int, Int) {
        var goldChecked = 0, wholeChecked = 0
        for minApprovals in policies {
            let policy = GoldPolicy(rubric: Fixtures.defaultRubric, minApprovals: minApprovals)
            for format in formats {
                for spanRuns in format.writesDocuments ? [false, true] : [false] {
                    // The exporter validates what it wrote and throws if it does not validate.
                    let path = directory.path("s\(step)-m\(minApprovals)-\(format.rawValue)-\(spanRuns)")
                    #expect(try ExportHelpers.export(database, format, to: path, policy: policy) { $0.spanRuns = spanRuns }.problems.isEmpty)
                }
            }
            let evalPath = directory.path("s\(step)-m\(minApprovals)-eval-false")
            for line in formats.contains(.eval) ? try String(contentsOfFile: evalPath, encoding: .utf8).split(separator: "\n") : [] {
                let record = try JSONParser.parse(Array(line.utf8))
                let document = try #require(try database.document(externalID: record["id"]!.stringValue!))
                for item in record["spans"]?.arrayValue ?? [] {
                    let start = item["start"]!.intValue!, end = item["end"]!.intValue!, label = item["label"]!.stringValue!
                    let candidates = document.spans.filter { $0.start == start && $0.end == end && $0.label == label }
                    #expect(candidates.contains { justified($0, in: document, model: model, minApprovals: minApprovals) },
                            "gold \(label) \(start)-\(end) of \(document.record.externalId) is not what enough reviewers approved as it is now")
                    goldChecked += 1
                }
            }
            let trainPath = directory.path("s\(step)-m\(minApprovals)-train-false")
            for line in try String(contentsOfFile: trainPath, encoding: .utf8).split(separator: "\n") {
                let record = try JSONParser.parse(Array(line.utf8))
                let document = try #require(try database.document(externalID: record["id"]!.stringValue!))
                let annotated = TagCodec(schema: schema).parse(record["text"]!.stringValue!).annotated
                #expect(annotated.spans == document.spans.map(\.span), "a whole record is the document as it is now")
                let state = Self.state(of: document)
                let approvals = Self.reviewers.filter { model.decisions[.document(reviewer: $0, id: document.record.id)] == Seen(decision: .approved, state: state) }
                let objections = Self.reviewers.filter { (model.decisions[.document(reviewer: $0, id: document.record.id)]?.decision ?? .approved) != .approved }
                let adjudicated = model.decisions[.document(reviewer: Self.adjudicator, id: document.record.id)] == Seen(decision: .approved, state: state)
                #expect(adjudicated || (approvals.count >= minApprovals && objections.isEmpty),
                        "\(document.record.externalId) is a whole record without enough approvals of it as it is now")
                #expect(document.spans.allSatisfy { justified($0, in: document, model: model, minApprovals: minApprovals) })
                wholeChecked += 1
            }
        }
        return (goldChecked, wholeChecked)
    }

    /// Whether the model says the span is gold: enough reviewers approved it in exactly its
    /// current state and none rejected or flagged it (in any state), or the adjudicator approved
    /// it in exactly its current state.
    private func justified(_ span: SpanRecord, in document: StoredDocument, model: Model, minApprovals: Int) -> Bool {
        let state = Self.state(of: span, in: document.spans)
        if model.decisions[.span(reviewer: Self.adjudicator, id: span.id)] == Seen(decision: .approved, state: state) { return true }
        let seen = Self.reviewers.compactMap { model.decisions[.span(reviewer: $0, id: span.id)] }
        return seen.filter { $0 == Seen(decision: .approved, state: state) }.count >= minApprovals && seen.allSatisfy { $0.decision == .approved }
    }
}
