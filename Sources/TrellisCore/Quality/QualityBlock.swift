/// `trellis quality`'s kept figures of a block of documents added up (`quality_block`), so that
/// a report reads a few thousand blocks rather than every document: per rewriter and stage, the
/// documents' sums (`QualityTally`, without review times, which come from history); the block's
/// worst documents; and how many documents with a decision it holds per stage, and why those
/// left out were. A report grouped by rewriter, stage or both, outside an audit, with at most
/// `worstKept` worst documents, is made of blocks alone; the same documents give the same report
/// as adding them up one by one.
public struct QualityBlock: Equatable, Sendable {
    /// The documents of a group of a block.
    public struct Key: Hashable, Sendable {
        public var rewriter: String
        public var stage: Int?

        public init(rewriter: String, stage: Int?) {
            (self.rewriter, self.stage) = (rewriter, stage)
        }
    }

    /// A worst document, its group named when the report is made.
    public struct Worst: Equatable, Sendable {
        public var key: Key
        public var document: WorstDocument
    }

    public struct Skip: Hashable, Sendable {
        public var stage: Int?
        public var reason: String
    }

    /// Documents per block: a report after a day's work adds up again the blocks holding a
    /// changed document, each from its documents' kept rows.
    public static let documents: Int64 = 256
    /// Worst documents kept per block: a report asking for more adds up every document.
    public static let worstKept = 50
    /// The encoding; blocks kept in another are added up again.
    public static let format = 1

    public private(set) var tallies: [Key: QualityTally] = [:]
    /// The block's worst documents, worst first (at most `worstKept`).
    public private(set) var worst: [Worst] = []
    /// Documents with a kept row, per stage.
    public private(set) var considered: [Int?: Int] = [:]
    public private(set) var skipped: [Skip: Int] = [:]

    public init() {}

    /// The block a document belongs to.
    public static func block(of document: Int64) -> Int64 { document / documents }

    /// Adds a document's kept figures.
    public mutating func add(id: String, stage: Int?, length: Int, kept: KeptQuality) {
        considered[stage, default: 0] += 1
        switch kept {
        case .skipped(let reason):
            skipped[Skip(stage: stage, reason: reason), default: 0] += 1
        case .reviewed(let figures):
            let key = Key(rewriter: figures.rewriter, stage: stage)
            tallies[key, default: QualityTally()].add(ReviewedDocument(id: id, key: StratumKey([]), length: length, comparison: figures.comparison,
                                                                       edits: figures.edits, ratings: figures.ratings))
            let comparison = figures.comparison
            let candidate = WorstDocument(id: id, group: "", exact: comparison.exact, overlap: comparison.overlap, errors: comparison.errors)
            WorstDocument.keep(Worst(key: key, document: candidate), in: &worst, limit: Self.worstKept) { $0.document }
        }
    }

    public var encoded: [UInt8] {
        var bytes: [UInt8] = [UInt8(Self.format)]
        func append(stage: Int?) {
            bytes.append(stage == nil ? 0 : 1)
            if let stage { Varint.append(signed: stage, to: &bytes) }
        }
        Varint.append(considered.count, to: &bytes)
        for (stage, count) in considered {
            append(stage: stage)
            Varint.append(count, to: &bytes)
        }
        Varint.append(skipped.count, to: &bytes)
        for (skip, count) in skipped {
            append(stage: skip.stage)
            Varint.append(text: skip.reason, to: &bytes)
            Varint.append(count, to: &bytes)
        }
        Varint.append(tallies.count, to: &bytes)
        for (key, tally) in tallies {
            Varint.append(text: key.rewriter, to: &bytes)
            append(stage: key.stage)
            for number in [tally.documents, tally.withErrors, tally.edits, tally.characters] { Varint.append(number, to: &bytes) }
            KeptQuality.append(tally.comparison, to: &bytes)
            Varint.append(tally.ratings.count, to: &bytes)
            for (rating, sum) in tally.ratings {
                Varint.append(text: rating.mode, to: &bytes)
                Varint.append(text: rating.dimension, to: &bytes)
                Varint.append(signed: sum.total, to: &bytes)
                Varint.append(sum.count, to: &bytes)
            }
            let f1 = tally.f1[-1] ?? [:]
            Varint.append(f1.count, to: &bytes)
            for (counts, documents) in f1 {
                for number in [counts.exactMatched, counts.exactSpans, counts.overlapMatched, counts.overlapSpans, documents] { Varint.append(number, to: &bytes) }
            }
        }
        Varint.append(worst.count, to: &bytes)
        for entry in worst {
            Varint.append(text: entry.document.id, to: &bytes)
            Varint.append(text: entry.key.rewriter, to: &bytes)
            append(stage: entry.key.stage)
            var comparison = GoldComparison.zero
            (comparison.exact, comparison.overlap, comparison.errors) = (entry.document.exact, entry.document.overlap, entry.document.errors)
            KeptQuality.append(comparison, to: &bytes)
        }
        return bytes
    }

    /// The block `bytes` hold; `nil` for bytes of another format or damaged (checked as read:
    /// every count against the bytes left, every name valid UTF-8, nothing left over).
    public init?(encoded bytes: [UInt8], decoder: inout KeptQuality.Decoder) {
        guard let block = bytes.withUnsafeBufferPointer({ Self.decode($0, decoder: &decoder) }) else { return nil }
        self = block
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, decoder: inout KeptQuality.Decoder) -> QualityBlock? {
        var reader = Varint.Reader(bytes: bytes, position: bytes.startIndex)
        func stage() -> Int?? {
            switch reader.byte() {
            case 0: return .some(nil)
            case 1: return reader.signed().map { .some($0) }
            default: return nil
            }
        }
        func count() -> Int? {
            guard let count = reader.number(), count <= reader.remaining else { return nil }
            return count
        }
        guard reader.byte() == UInt8(format) else { return nil }
        var block = QualityBlock()
        guard let stages = count() else { return nil }
        for _ in 0..<stages {
            guard let stage = stage(), let documents = reader.number() else { return nil }
            block.considered[stage] = documents
        }
        guard let skips = count() else { return nil }
        for _ in 0..<skips {
            guard let stage = stage(), let reason = decoder.name(&reader), let documents = reader.number() else { return nil }
            block.skipped[Skip(stage: stage, reason: reason)] = documents
        }
        guard let groups = count() else { return nil }
        for _ in 0..<groups {
            guard let rewriter = decoder.name(&reader), let stage = stage(), let documents = reader.number(), let withErrors = reader.number(),
                  let edits = reader.number(), let characters = reader.number(), var comparison = decoder.comparison(&reader),
                  let ratingCount = count() else { return nil }
            comparison.documents = documents
            var ratings: [QualityTally.RatingKey: QualityTally.RatingSum] = [:]
            for _ in 0..<ratingCount {
                guard let mode = decoder.name(&reader), let dimension = decoder.name(&reader), let total = reader.signed(), let times = reader.number() else { return nil }
                ratings[QualityTally.RatingKey(mode: mode, dimension: dimension)] = QualityTally.RatingSum(total: total, count: times)
            }
            guard let distinct = count() else { return nil }
            var f1: [F1Counts: Int] = [:]
            for _ in 0..<distinct {
                guard let a = reader.number(), let b = reader.number(), let c = reader.number(), let d = reader.number(), let times = reader.number() else { return nil }
                f1[F1Counts(exactMatched: a, exactSpans: b, overlapMatched: c, overlapSpans: d)] = times
            }
            guard f1.values.reduce(0, +) == documents else { return nil }
            block.tallies[Key(rewriter: rewriter, stage: stage)] = QualityTally(comparison: comparison, withErrors: withErrors, edits: edits,
                                                                               characters: characters, ratings: ratings, f1: f1)
        }
        guard let worstCount = count(), worstCount <= worstKept else { return nil }
        for _ in 0..<worstCount {
            guard let id = reader.text(), let rewriter = decoder.name(&reader), let stage = stage(), let comparison = decoder.comparison(&reader) else { return nil }
            block.worst.append(Worst(key: Key(rewriter: rewriter, stage: stage),
                                     document: WorstDocument(id: id, group: "", exact: comparison.exact, overlap: comparison.overlap, errors: comparison.errors)))
        }
        guard reader.remaining == 0 else { return nil }
        return block
    }
}
