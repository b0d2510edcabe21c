/// What `trellis quality` counts of one document with a decision, in a form kept between reports
/// (`quality_document`): its machine version against its gold, its span edits and its gold spans'
/// ratings summed per mode and dimension; or why it is left out. Everything else a report needs of
/// the document (its id, length, stage, meta, review time) is read when the report is made.
public enum KeptQuality: Hashable, Sendable {
    case reviewed(Figures)
    /// The reason (`ReviewedGold.Outcome.skipped`, or `no-machine-version`).
    case skipped(String)

    public struct Figures: Hashable, Sendable {
        public var rewriter: String
        public var comparison: GoldComparison
        public var edits: Int
        /// One rating per mode and dimension, its `value` the sum of `count` ratings.
        public var ratings: [ReviewedDocument.Rating]

        public init(rewriter: String, comparison: GoldComparison, edits: Int, ratings: [ReviewedDocument.Rating]) {
            self.rewriter = rewriter
            self.comparison = comparison
            self.edits = edits
            self.ratings = Self.summed(ratings)
        }

        /// Figures whose ratings are summed already (as kept).
        init(rewriter: String, comparison: GoldComparison, edits: Int, summedRatings: [ReviewedDocument.Rating]) {
            self.rewriter = rewriter
            self.comparison = comparison
            self.edits = edits
            ratings = summedRatings
        }

        /// Ratings summed per mode and dimension, in order.
        static func summed(_ ratings: [ReviewedDocument.Rating]) -> [ReviewedDocument.Rating] {
            var sums: [ReviewedDocument.Rating] = []
            var places: [String: [String: Int]] = [:]
            for rating in ratings {
                if let place = places[rating.mode]?[rating.dimension] {
                    sums[place].value += rating.value
                    sums[place].count += rating.count
                } else {
                    places[rating.mode, default: [:]][rating.dimension] = sums.count
                    sums.append(rating)
                }
            }
            return sums.sorted { ($0.mode, $0.dimension) < ($1.mode, $1.dimension) }
        }
    }

    /// The encoding; figures kept in another are worked out again.
    public static let format = 1

    public var encoded: [UInt8] {
        var bytes: [UInt8] = [UInt8(Self.format)]
        switch self {
        case .skipped(let reason):
            bytes.append(0)
            Varint.append(text: reason, to: &bytes)
        case .reviewed(let figures):
            bytes.append(1)
            Varint.append(text: figures.rewriter, to: &bytes)
            Varint.append(figures.edits, to: &bytes)
            Self.append(figures.comparison, to: &bytes)
            Varint.append(figures.ratings.count, to: &bytes)
            for rating in figures.ratings {
                Varint.append(text: rating.mode, to: &bytes)
                Varint.append(text: rating.dimension, to: &bytes)
                Varint.append(signed: rating.value, to: &bytes)
                Varint.append(rating.count, to: &bytes)
            }
        }
        return bytes
    }

    /// A comparison's counts, confusion cells and shifts (not its number of documents).
    static func append(_ comparison: GoldComparison, to bytes: inout [UInt8]) {
        for score in [comparison.exact, comparison.overlap] {
            for number in [score.matched, score.countA, score.countB] { Varint.append(number, to: &bytes) }
        }
        for number in Self.errorCounts(comparison.errors) { Varint.append(number, to: &bytes) }
        let cells = comparison.confusion.counts.flatMap { gold, row in row.map { (gold, $0.key, $0.value) } }
        Varint.append(cells.count, to: &bytes)
        for (gold, machine, count) in cells {
            Varint.append(text: gold, to: &bytes)
            Varint.append(text: machine, to: &bytes)
            Varint.append(count, to: &bytes)
        }
        for shifts in [comparison.shifts.codePoints, comparison.shifts.words] {
            Varint.append(shifts.count, to: &bytes)
            for (shift, count) in shifts {
                Varint.append(signed: shift, to: &bytes)
                Varint.append(count, to: &bytes)
            }
        }
    }

    /// The figures `bytes` hold; `nil` for bytes of another format or damaged.
    public init?(encoded bytes: [UInt8]) {
        var decoder = Decoder()
        guard let kept = bytes.withUnsafeBufferPointer({ decoder.decode($0) }) else { return nil }
        self = kept
    }

    /// Decodes kept figures one after another, each name (labels, dimensions, rewriters: a
    /// corpus has few) made into a string once rather than once per document.
    public struct Decoder {
        private var names: [(bytes: [UInt8], name: String)] = []

        public init() {}

        /// The figures `bytes` hold; `nil` for bytes of another format or damaged.
        public mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> KeptQuality? {
            var reader = Varint.Reader(bytes: bytes, position: bytes.startIndex)
            guard reader.byte() == UInt8(KeptQuality.format), let kind = reader.byte() else { return nil }
            if kind == 0 {
                guard let reason = name(&reader), reader.remaining == 0 else { return nil }
                return .skipped(reason)
            }
            guard kind == 1, let rewriter = name(&reader), let edits = reader.number() else { return nil }
            guard var comparison = self.comparison(&reader) else { return nil }
            comparison.documents = 1
            guard let count = reader.number(), count <= reader.remaining else { return nil }
            var ratings: [ReviewedDocument.Rating] = []
            for _ in 0..<count {
                guard let mode = name(&reader), let dimension = name(&reader), let value = reader.signed(), let times = reader.number() else { return nil }
                ratings.append(ReviewedDocument.Rating(mode: mode, dimension: dimension, value: value, count: times))
            }
            guard reader.remaining == 0 else { return nil }
            return .reviewed(Figures(rewriter: rewriter, comparison: comparison, edits: edits, summedRatings: ratings))
        }

        /// A comparison written by `KeptQuality.append(_:to:)` (its `documents` 0).
        mutating func comparison(_ reader: inout Varint.Reader<UnsafeBufferPointer<UInt8>>) -> GoldComparison? {
            var numbers: [Int] = []
            numbers.reserveCapacity(6 + KeptQuality.errorKinds)
            for _ in 0..<(6 + KeptQuality.errorKinds) {
                guard let number = reader.number() else { return nil }
                numbers.append(number)
            }
            var comparison = GoldComparison.zero
            comparison.exact = F1Score(matched: numbers[0], countA: numbers[1], countB: numbers[2])
            comparison.overlap = F1Score(matched: numbers[3], countA: numbers[4], countB: numbers[5])
            comparison.errors = KeptQuality.errors(numbers[6...])
            guard let cells = reader.number(), cells <= reader.remaining else { return nil }
            for _ in 0..<cells {
                guard let gold = name(&reader), let machine = name(&reader), let count = reader.number() else { return nil }
                comparison.confusion.add(gold, machine, count: count)
            }
            for keyPath in [\BoundaryShifts.codePoints, \BoundaryShifts.words] {
                guard let count = reader.number(), count <= reader.remaining else { return nil }
                for _ in 0..<count {
                    guard let shift = reader.signed(), let boundaries = reader.number() else { return nil }
                    comparison.shifts[keyPath: keyPath][shift, default: 0] += boundaries
                }
            }
            return comparison
        }

        /// A string written by `Varint.append(text:to:)`, the same string as before for the same bytes.
        mutating func name(_ reader: inout Varint.Reader<UnsafeBufferPointer<UInt8>>) -> String? {
            guard let length = reader.number(), length <= reader.remaining else { return nil }
            let bytes = reader.bytes[reader.position..<(reader.position + length)]
            for known in names where known.bytes.count == length && known.bytes.elementsEqual(bytes) {
                reader.position += length
                return known.name
            }
            guard let name = reader.text(length) else { return nil }
            if names.count < 64 { names.append((Array(bytes), name)) }
            return name
        }
    }

    /// How many counts `errorCounts` gives.
    static let errorKinds = 13

    private static func errorCounts(_ errors: SpanErrors) -> [Int] {
        [errors.goldSpans, errors.machineSpans, errors.pairs, errors.correct, errors.missed, errors.spurious, errors.wrongLabel,
         errors.boundaryMoved, errors.split, errors.merged, errors.goldCodePoints, errors.outsideCodePoints, errors.outsideStretches]
    }

    private static func errors(_ counts: ArraySlice<Int>) -> SpanErrors {
        let counts = Array(counts)
        var errors = SpanErrors()
        (errors.goldSpans, errors.machineSpans, errors.pairs, errors.correct, errors.missed, errors.spurious, errors.wrongLabel) =
            (counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6])
        (errors.boundaryMoved, errors.split, errors.merged, errors.goldCodePoints, errors.outsideCodePoints, errors.outsideStretches) =
            (counts[7], counts[8], counts[9], counts[10], counts[11], counts[12])
        return errors
    }
}
