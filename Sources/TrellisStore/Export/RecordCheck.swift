import Synchronization
import TrellisCore

/// The check of one record of a JSONL export, on its own: by the schema's rules (those of
/// `ignoring` aside) through `LineValidator`, else by `extra`; and, when shapes are checked, the
/// record's shape when the shape known from the records before does not admit it as it is. The
/// one home of what ``ExportValidator`` checks on each line of a file and the exporter on each
/// record as it makes it (``Exporter``), so that both find the same problems, worded the same.
struct RecordCheck: Sendable {
    /// The file the problems name.
    let path: String
    let validator: LineValidator?
    let ignoring: Set<Violation.Kind>
    /// Whether records have one shape across the file (eval, and hf's eval records).
    let checksShapes: Bool
    let extra: @Sendable (JSONNode) -> [String]

    init(path: String, validator: LineValidator?, ignoring: Set<Violation.Kind> = [], checksShapes: Bool = false,
         extra: @escaping @Sendable (JSONNode) -> [String] = { _ in [] }) {
        self.path = path
        self.validator = validator
        self.ignoring = ignoring
        self.checksShapes = checksShapes
        self.extra = extra
    }

    /// The problems of the record on line `lineNumber`, and its shape when `known` (the shape of
    /// the records before; `nil` when shapes are not checked) does not admit it as it is. Each
    /// record is parsed once: the schema's check hands on the JSON whose shape is checked.
    func check(_ bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int, known: JSONShape?) -> (problems: [String], shape: JSONShape?) {
        var problems: [String] = []
        let node: JSONNode
        if let validator {
            let checked = validator.check(bytes, lineNumber: lineNumber)
            problems = checked.problems
                .filter { problem in !ignoring.contains { problem.message.hasPrefix($0.rawValue + ":") } }
                .map { $0.formatted(file: path) }
            // A line that is not JSON has that among its problems.
            guard known != nil, let json = checked.json else { return (problems, nil) }
            node = json
        } else {
            do throws(JSONSyntaxError) {
                node = try JSONParser.parse(bytes)
            } catch {
                return (["\(path):\(lineNumber):\(JSONParser.column(ofByteOffset: error.byteOffset, in: bytes)): \(error.message)"], nil)
            }
            problems += extra(node).map { "\(path):\(lineNumber): \($0)" }
        }
        guard let known, !known.admits(node) else { return (problems, nil) }
        var conflict: ShapeConflict?
        let found = JSONShape.of(node, conflict: &conflict)
        if let conflict { problems.append("\(path):\(lineNumber): \(conflict.described(otherPlace: "elsewhere in this record"))") }
        return (problems, found)
    }
    /// The quick check of records of `shape` (the shape known so far), when one applies: schema
    /// rules checked in offset form and shapes checked (eval). A record it passes is one
    /// ``check(_:lineNumber:known:)`` finds nothing in and whose shape `shape` admits.
    func quick(for shape: JSONShape?) -> LineValidator.Quick? {
        guard checksShapes, let shape else { return nil }
        return validator?.quick(for: shape, ignoring: ignoring)
    }
}

/// The shape of a file's records so far, joined record by record in file order: a record of
/// another shape is a problem at its line (the first `ProblemLimit.perLine` of them in full).
struct RecordShapes {
    /// `nil` when shapes are not checked.
    private(set) var shape: JSONShape?
    private var conflicts = 0

    init(_ shape: JSONShape?) {
        self.shape = shape
    }

    /// Joins the shape of the record on line `lineNumber` of `path` (`nil`: the shape known
    /// admitted it, which changes nothing); returns the problem when it does not fit.
    mutating func add(_ found: JSONShape?, path: String, lineNumber: Int) -> String? {
        guard let found, let current = shape else { return nil }
        switch current.unified(with: found) {
        case .success(let unified):
            shape = unified
            return nil
        case .failure(let conflict):
            conflicts += 1
            return conflicts <= ProblemLimit.perLine ? "\(path):\(lineNumber): \(conflict.described(otherPlace: "in the records before"))" : nil
        }
    }

    /// The count of records of another shape not reported in full, if any.
    func leftOut(path: String) -> String? {
        conflicts > ProblemLimit.perLine ? "\(path): … and \(conflicts - ProblemLimit.perLine) more records of another shape" : nil
    }
}

/// The shape known so far, shared with the threads that check records as they are made, with
/// its quick check (``RecordCheck/quick(for:)``).
final class SharedShape: Sendable {
    struct Known: Sendable {
        var shape: JSONShape?
        var quick: LineValidator.Quick?
    }

    private let value: Mutex<Known>

    init(_ shape: JSONShape?) {
        value = Mutex(Known(shape: shape))
    }

    var known: Known {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}

/// The quick check's scratch (``LineValidator/Quick/Scratch``) for the threads that check
/// records: each record takes one and gives it back, sized for a record by then, so that no
/// record allocates its own (one grown for a record of very many spans is let go).
final class QuickScratches: Sendable {
    private let spare = Mutex<[LineValidator.Quick.Scratch]>([])

    func with<Result>(_ body: (inout LineValidator.Quick.Scratch) -> Result) -> Result {
        var scratch = spare.withLock { $0.popLast() } ?? LineValidator.Quick.Scratch(capacity: 128)
        let result = body(&scratch)
        if !scratch.isLarge { spare.withLock { $0.append(scratch) } }
        return result
    }
}

/// The records of one JSONL export checked as they are made (the exporter's instead of reading
/// the file back): each on the thread that formats it, against the shape known so far
/// (``Shared/verdict(of:)``); then, in file order on the writing thread (``add(_:)``), the shapes
/// are joined and a record found wanting is checked again to place its problems at its line.
/// The problems are those ``ExportValidator`` would find in the file, worded the same.
struct RecordChecks {
    /// What a record's check found on the formatting thread: whether it has no problem, and its
    /// shape when the shape known did not admit it.
    struct Verdict: Sendable {
        var clean: Bool
        var shape: JSONShape?
    }

    /// What the formatting threads share: the check, the shape known so far, and the quick
    /// check's scratch, taken by one record at a time and given back (each is sized for a
    /// record by then: no allocation per record).
    struct Shared: Sendable {
        let check: RecordCheck
        let known: SharedShape
        let scratches = QuickScratches()

        /// Most records pass the quick check, which builds no tree; the rest are checked in full.
        func verdict(of record: [UInt8]) -> Verdict {
            let known = known.known
            if let quick = known.quick {
                let passed = scratches.with { scratch in record.withUnsafeBufferPointer { quick.passes($0, scratch: &scratch) } }
                if passed { return Verdict(clean: true, shape: nil) }
            }
            let found = record.withUnsafeBufferPointer { check.check($0, lineNumber: 0, known: known.shape) }
            return Verdict(clean: found.problems.isEmpty && !record.contains(0x0A), shape: found.shape)
        }
    }

    let shared: Shared
    private var shapes: RecordShapes
    private var line = 0
    private var found: [String] = []

    init(_ check: RecordCheck) {
        let start: JSONShape? = check.checksShapes ? .null : nil
        shared = Shared(check: check, known: SharedShape(start))
        shapes = RecordShapes(start)
    }

    /// Takes the next records of the file, in order, with their verdicts.
    mutating func add(_ records: [[UInt8]], verdicts: [Verdict]) {
        let check = shared.check
        var joined = false
        for (record, verdict) in zip(records, verdicts) {
            joined = joined || verdict.shape != nil
            line += 1
            if !verdict.clean {
                found += record.withUnsafeBufferPointer { check.check($0, lineNumber: line, known: shapes.shape) }.problems
                // Written as it is, the record would be read back as more than one line.
                if record.contains(0x0A) { found.append("\(check.path):\(line): the record holds a line break") }
            }
            if let problem = shapes.add(verdict.shape, path: check.path, lineNumber: line) { found.append(problem) }
        }
        // The quick check is made again only when the shape grew (never when no record of
        // another shape was joined: the shape known is then the one shared since the last call).
        guard joined else { return }
        let before = shared.known.known
        if before.shape != shapes.shape { shared.known.known = SharedShape.Known(shape: shapes.shape, quick: check.quick(for: shapes.shape)) }
    }

    /// Every problem found, in file order.
    var problems: [String] {
        found + (shapes.leftOut(path: shared.check.path).map { [$0] } ?? [])
    }
}
