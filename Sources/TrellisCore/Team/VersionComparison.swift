/// Where independent versions of one document agree and where they differ, in everything that
/// makes gold: boundaries, labels, nesting, decisions, ratings (beyond the rubric's tolerance) and
/// notes, of every span and of the document. The one home of the rule that says when versions
/// agree and what an adjudicated version takes from them.
public struct VersionComparison: Hashable, Sendable {
    /// What can differ between versions, in the order it is reported.
    public enum Difference: String, Hashable, Sendable, CaseIterable, Comparable {
        case boundaries, labels, nesting, decisions, ratings, notes
        case documentDecisions = "document decisions", documentNotes = "document notes"

        public static func < (a: Difference, b: Difference) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// A span every version has alike, judgements included: one entry per version.
    public struct AgreedSpan: Hashable, Sendable {
        public var span: Span
        public var judgements: [ReviewedSpan]
    }

    /// A stretch of text where the versions differ.
    public struct Region: Hashable, Sendable {
        public var range: Range<Int>
        /// Per version (in input order), its spans starting inside the region that are not agreed.
        public var candidates: [[ReviewedSpan]]
        /// What differs there.
        public var differences: [Difference]
    }

    public let reviewers: [String]
    public let agreed: [AgreedSpan]
    public let regions: [Region]
    /// Differences in the versions' judgements of the whole document.
    public let documentDifferences: [Difference]
    private let versions: [ReviewedVersion]
    private let rubric: Rubric

    public init(versions: [ReviewedVersion], rubric: Rubric) {
        self.versions = versions
        self.rubric = rubric
        reviewers = versions.map(\.reviewer)
        let grouped = versions.map { Dictionary(grouping: $0.spans) { Shape($0.span) } }
        var agreedShapes = Set<Shape>()
        for (shape, spans) in grouped.first ?? [:] where spans.count == 1 {
            let all = grouped.map { $0[shape] ?? [] }
            if all.allSatisfy({ $0.count == 1 }), Self.judgementDifferences(all.map { $0[0] }, rubric: rubric).isEmpty {
                agreedShapes.insert(shape)
            }
        }
        agreed = (versions.first?.spans ?? []).filter { agreedShapes.contains(Shape($0.span)) }.map { span in
            AgreedSpan(span: span.span, judgements: grouped.map { $0[Shape(span.span)]![0] })
        }

        let differing = versions.map { $0.spans.filter { !agreedShapes.contains(Shape($0.span)) } }
        var ranges = differing.flatMap { $0.map { $0.span.start..<$0.span.end } }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        while !ranges.isEmpty {
            var current = ranges.removeFirst()
            while let next = ranges.first, next.lowerBound < current.upperBound {
                current = current.lowerBound..<max(current.upperBound, next.upperBound)
                ranges.removeFirst()
            }
            merged.append(current)
        }
        regions = merged.map { range in
            let candidates = differing.map { spans in
                spans.filter { range.contains($0.span.start) }.sorted { Span.documentOrder($0.span, $1.span) }
            }
            return Region(range: range, candidates: candidates, differences: Self.differences(candidates, rubric: rubric))
        }

        var document: [Difference] = []
        if Set(versions.map { Self.mark($0.documentDecision, isCurrent: $0.documentDecisionIsCurrent) }).count > 1 { document.append(.documentDecisions) }
        if Set(versions.map(\.documentNote)).count > 1 { document.append(.documentNotes) }
        documentDifferences = document
    }

    /// Whether the versions agree on everything: no region differs and neither do the document's judgements.
    public var agrees: Bool { regions.isEmpty && documentDifferences.isEmpty }

    /// Every kind of difference found, in report order.
    public var differences: [Difference] {
        Array(Set(regions.flatMap(\.differences) + documentDifferences)).sorted()
    }

    /// Agreed spans nobody decided.
    public var undecided: Int { agreed.filter { $0.judgements.first?.decision == nil }.count }

    /// Agreed spans judged (decided or rated) before a change: those judgements are not of the
    /// spans as they are now.
    public var changedSince: Int { agreed.filter { $0.judgements.contains(where: \.isChangedSince) }.count }

    /// Whether a reviewer decided the document before their version last changed.
    public var documentChangedSince: Bool { versions.contains { $0.documentDecision != nil && !$0.documentDecisionIsCurrent } }

    /// Agreed spans every reviewer flagged.
    public var flagged: Int { agreed.filter { $0.judgements.first?.currentDecision == "flagged" }.count }

    /// Whether the versions may be accepted without an adjudicator (`adjudicate --auto`): they
    /// agree on everything, have spans, every span is decided, and none is flagged (a flag asks
    /// for a person), each on the versions as they are now: a judgement made before a change was
    /// not made on what would be accepted.
    public var acceptsAutomatically: Bool {
        agrees && !agreed.isEmpty && undecided == 0 && flagged == 0 && changedSince == 0 && !documentChangedSince
    }

    /// The adjudicated version: the agreed spans with their common judgement (ratings: the median
    /// of the reviewers'), plus, per region, the spans of the chosen version (`nil`: none there)
    /// with that reviewer's judgement; the document's judgement is the common one or, where it
    /// differs, that of the version `document` (`nil`: none). Only judgements of the versions as
    /// they are now are taken: a decision made before a change leaves the span (or document)
    /// undecided. Each span names the judgements it takes: every reviewer's who judged it alike.
    public func resolve(_ choices: [Int?], document: Int? = nil) -> AdjudicatedVersion {
        var chosen: [AdjudicatedSpan] = agreed.map { agreed in
            let first = agreed.judgements[0]
            var ratings: [String: Int] = [:]
            for dimension in first.ratings.keys {
                ratings[dimension] = Self.median(agreed.judgements.compactMap { $0.ratings[dimension] })
            }
            return AdjudicatedSpan(span: agreed.span, decision: first.currentDecision, ratings: ratings, note: first.note,
                                   sources: agreed.judgements.filter(\.isJudged).map(\.id))
        }
        for (region, choice) in zip(regions, choices) {
            guard let choice, region.candidates.indices.contains(choice) else { continue }
            for span in region.candidates[choice] {
                let alike = region.candidates.indices.compactMap { version -> ReviewedSpan? in
                    guard version != choice else { return span }
                    return region.candidates[version].first { Shape($0.span) == Shape(span.span) && Self.judgementDifferences([span, $0], rubric: rubric).isEmpty }
                }
                chosen.append(AdjudicatedSpan(span: span.span, decision: span.currentDecision, ratings: span.ratings, note: span.note,
                                              sources: alike.filter(\.isJudged).map(\.id)))
            }
        }
        // Depths from the result's own nesting; equal ranges keep their (document) order.
        let ordered = chosen.sorted { Span.documentOrder($0.span, $1.span) }
        let spans = zip(ordered, SpanNesting.assigningDepths(ordered.map(\.span))).map { item, span in
            var item = item
            item.span = span
            return item
        }
        let documentSource: ReviewedVersion? = documentDifferences.isEmpty ? versions.first : document.flatMap { versions.indices.contains($0) ? versions[$0] : nil }
        return AdjudicatedVersion(spans: spans, documentDecision: documentSource?.currentDocumentDecision, documentNote: documentSource?.documentNote)
    }

    /// A decision as compared: one made on an earlier state (changed since) is neither the same
    /// decision made on this state nor no decision.
    private static func mark(_ decision: String?, isCurrent: Bool) -> String? {
        decision.map { isCurrent ? $0 : $0 + " (changed since)" }
    }

    /// The lower median, so that it is always a value someone gave.
    static func median(_ values: [Int]) -> Int {
        values.sorted()[(values.count - 1) / 2]
    }

    /// What differs among the versions' judgements of one span drawn alike by all.
    static func judgementDifferences(_ spans: [ReviewedSpan], rubric: Rubric) -> Set<Difference> {
        var found: Set<Difference> = []
        if Set(spans.map { mark($0.decision, isCurrent: $0.decisionIsCurrent) }).count > 1 { found.insert(.decisions) }
        if Set(spans.map(\.note)).count > 1 { found.insert(.notes) }
        for dimension in Set(spans.flatMap(\.ratings.keys)) {
            let values = spans.map { $0.ratings[dimension] }
            let given = values.compactMap { $0 }
            if given.count < values.count || given.max()! - given.min()! > rubric.tolerance(of: dimension) {
                found.insert(.ratings)
                break
            }
        }
        return found
    }

    /// What differs in a region: for each range some version has there, whether every version
    /// has it (boundaries), with the same labels, at the same depths, and judged alike.
    static func differences(_ candidates: [[ReviewedSpan]], rubric: Rubric) -> [Difference] {
        var found: Set<Difference> = []
        let ranges = candidates.map { Set($0.map { $0.span.start..<$0.span.end }) }
        for range in ranges.reduce(Set(), { $0.union($1) }) {
            guard ranges.allSatisfy({ $0.contains(range) }) else {
                found.insert(.boundaries)
                continue
            }
            let there = candidates.map { $0.filter { $0.span.start == range.lowerBound && $0.span.end == range.upperBound } }
            guard Set(there.map { $0.map(\.span.label).sorted() }).count == 1 else {
                found.insert(.labels)
                continue
            }
            guard Set(there.map { $0.map { Shape($0.span) }.sorted() }).count == 1 else {
                found.insert(.nesting)
                continue
            }
            if there.allSatisfy({ $0.count == 1 }) {
                found.formUnion(judgementDifferences(there.map { $0[0] }, rubric: rubric))
            }
        }
        if found.isEmpty { found.insert(.boundaries) }
        return found.sorted()
    }

    /// A span's structure: range, label and depth.
    private struct Shape: Hashable, Comparable {
        var start: Int, end: Int, label: String, depth: Int
        init(_ span: Span) {
            (start, end, label, depth) = (span.start, span.end, span.label, span.depth)
        }
        static func < (a: Shape, b: Shape) -> Bool {
            (a.start, a.end, a.depth, a.label) < (b.start, b.end, b.depth, b.label)
        }
    }
}
