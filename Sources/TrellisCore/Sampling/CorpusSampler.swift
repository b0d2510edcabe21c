/// Draws a stratified random sample of the documents of a JSONL corpus read once, line by line
/// (`trellis sample --from`): each line is checked as import would check it, its stratum read
/// from its fields, and it is offered to a `StratifiedReservoir` that copies only the lines it
/// keeps. The file I/O stays with the caller.
public struct CorpusSampler {
    public let fields: [StratumField]
    public let seed: UInt64
    private let decoder: DocumentLineDecoder
    private var reservoir: StratifiedReservoir<(line: Int, bytes: [UInt8])>
    /// Lines that held a document, and lines rejected as import would reject them.
    public private(set) var documents = 0
    public private(set) var invalid = 0

    public init(size: Int, fields: [StratumField], seed: UInt64, schema: TagSchema) {
        self.fields = fields
        self.seed = seed
        decoder = DocumentLineDecoder(schema: schema)
        reservoir = StratifiedReservoir(size: size, seed: seed)
    }

    /// What became of a line.
    public enum Outcome {
        /// A document, offered to the sample.
        case document
        /// Only white space: ignored, as import ignores it.
        case blank
        /// Not a document on purpose (a Prodigy answer other than "accept"): ignored.
        case skipped(LineRejection)
        /// What import would reject, with every problem.
        case invalid(LineRejection)
    }

    /// Reads line `number` (its bytes without the line end).
    public mutating func add(line bytes: UnsafeBufferPointer<UInt8>, number: Int) -> Outcome {
        guard !DocumentLineDecoder.isBlank(bytes) else { return .blank }
        let (result, json) = decoder.decodeKeepingJSON(bytes, lineNumber: number, hashing: false)
        switch result {
        case .failure(let rejection) where rejection.skipped:
            return .skipped(rejection)
        case .failure(let rejection):
            invalid += 1
            return .invalid(rejection)
        case .success:
            documents += 1
            let key = json.map { StratumKey(fields: fields, of: $0) } ?? StratumKey(fields.map { _ in nil })
            reservoir.offer(key) { (number, Array(bytes)) }
            return .document
        }
    }

    /// Counts a line longer than `limit` bytes, which the caller skipped unread, as invalid.
    public mutating func addTooLong(number: Int, byteCount: Int, limit: Int) -> ImportProblem {
        invalid += 1
        return .lineTooLong(line: number, byteCount: byteCount, limit: limit)
    }

    /// Lines held now (at most the sample size per stratum).
    public var held: Int { reservoir.held }

    /// The sample: lines (without their line ends) with their line numbers, in file order, and
    /// the strata with their sizes.
    public func draw() -> StratifiedSample<(line: Int, bytes: [UInt8])> {
        reservoir.draw()
    }

    /// The manifest written beside a sample: where it came from, how it was drawn and, per
    /// stratum, its size in the corpus and in the sample and the weight of each sampled document.
    public func manifest(sample: StratifiedSample<(line: Int, bytes: [UInt8])>, source: String, output: String, lines: Int) -> [UInt8] {
        var header = JSONObjectBuilder()
        header.string("format", "trellis-sample")
        header.int("formatVersion", 1)
        header.string("source", source)
        header.string("sample", output)
        header.raw("seed", String(seed))
        header.int("size", reservoir.size)
        header.strings("stratify", fields.map(\.description))
        header.string("method", "one pass; a reservoir per stratum (Vitter's Algorithm R); strata allocated in proportion to their size by largest remainders")
        header.int("lines", lines)
        header.int("documents", documents)
        header.int("invalid", invalid)
        header.int("sampled", sample.strata.reduce(0) { $0 + $1.items.count })
        var bytes = header.finish()
        bytes.removeLast()
        bytes += Array(",\n\"strata\":[\n".utf8)
        for (index, stratum) in sample.strata.enumerated() {
            var object = JSONObjectBuilder()
            object.object("key") { key in
                for (field, value) in zip(fields, stratum.key.values) { key.raw(field.description, value ?? "null") }
            }
            object.int("population", stratum.population)
            object.int("sampled", stratum.items.count)
            if let weight = stratum.weight { object.number("weight", weight) } else { object.raw("weight", "null") }
            bytes += object.finish()
            bytes += Array((index + 1 < sample.strata.count ? ",\n" : "\n").utf8)
        }
        bytes += Array("]}\n".utf8)
        return bytes
    }
}
