extension LineValidator {
    /// A quick check of lines in offset form (Trellis's eval export) whose shape is known: one
    /// pass over the bytes (``JSONShapeScanner``) instead of a tree of nodes, then the same rules
    /// as ``check(_:lineNumber:hashing:)`` on the values it noted (the id's, the optional
    /// fields', the spans' through `OffsetSpans`, the schema's through `Validator`). It says
    /// only "clean" or "not sure": a line it does not pass is checked in full, so that problems
    /// are always found and worded by the full check.
    public struct Quick: Sendable {
        let scanner: JSONShapeScanner
        let validator: LineValidator
        let labels: Set<String>
        let ignoring: Set<Violation.Kind>

        /// The paths noted, in slot order.
        enum Slot: Int, CaseIterable {
            case id, text, source, stage, meta, spans, span, start, end, label, quoted

            var path: String {
                switch self {
                case .id: "id"
                case .text: "text"
                case .source: "source"
                case .stage: "stage"
                case .meta: "meta"
                case .spans: "spans"
                case .span: "spans[]"
                case .start: "spans[].start"
                case .end: "spans[].end"
                case .label: "spans[].label"
                case .quoted: "spans[].text"
                }
            }
        }

        /// The scratch a thread reuses from line to line.
        public struct Scratch: Sendable {
            var captures: [JSONShapeScanner.Capture] = []
            /// Each span's candidate, with the bytes of its quoted text (without quotes), if any.
            var candidates: [OffsetSpanCandidate<Range<Int>?>] = []
            /// The offsets in the text where quoted texts start and end, in order.
            var marks: [Int] = []

            public init() {}

            /// Whether it grew for a record of very many spans: not worth keeping for the next.
            public var isLarge: Bool { captures.capacity > 1 << 14 }

            /// Scratch with room for `capacity` values noted (a record of about `capacity / 6`
            /// spans) without growing: for a thread that checks one record with it.
            public init(capacity: Int) {
                captures.reserveCapacity(capacity)
                candidates.reserveCapacity(capacity / 4)
            }
        }

        /// Whether the line is clean: it decodes as a document whose schema violations are all
        /// among `ignoring` (and no more than are placed in full), and its shape admits it.
        /// `false` says only that the full check must decide.
        public func passes(_ bytes: UnsafeBufferPointer<UInt8>, scratch: inout Scratch) -> Bool {
            scratch.captures.removeAll(keepingCapacity: true)
            guard scanner.scan(bytes, into: &scratch.captures) else { return false }
            var id: String?, textCapture: JSONShapeScanner.Capture?, listed = false
            scratch.candidates.removeAll(keepingCapacity: true)
            for capture in scratch.captures {
                let slot = Slot(rawValue: capture.slot)!
                if capture.isNull {
                    // `null` is "absent" for the optional fields and a quote; elsewhere it is a problem.
                    guard slot == .source || slot == .stage || slot == .meta || slot == .quoted else { return false }
                    continue
                }
                switch slot {
                case .id:
                    guard let value = string(capture, in: bytes), DocumentRules.idProblem(value) == nil else { return false }
                    id = value
                case .text:
                    textCapture = capture  // decoded below, once the spans' offsets are known.
                case .source:
                    break  // a string is a source, an empty one none.
                case .stage:
                    guard integer(capture, in: bytes) != nil else { return false }
                case .meta:
                    guard let value = string(capture, in: bytes),
                          case .success = OptionalFields.meta(JSONNode(.string(value), range: capture.range)) else { return false }
                case .spans:
                    listed = true
                case .span:
                    scratch.candidates.append(OffsetSpanCandidate(start: -1, end: -1, label: "", place: nil))
                case .start, .end:
                    guard let offset = integer(capture, in: bytes), !scratch.candidates.isEmpty else { return false }
                    if slot == .start { scratch.candidates[scratch.candidates.count - 1].start = offset } else { scratch.candidates[scratch.candidates.count - 1].end = offset }
                case .label:
                    guard let value = string(capture, in: bytes), !scratch.candidates.isEmpty else { return false }
                    scratch.candidates[scratch.candidates.count - 1].label = value
                case .quoted:
                    // A string (the scan has checked its type): compared with the text below.
                    guard !scratch.candidates.isEmpty else { return false }
                    scratch.candidates[scratch.candidates.count - 1].place = capture.range
                }
            }
            // A list of spans (an empty one too) makes the line one in offset form.
            guard id != nil, let textCapture, listed else { return false }
            // The text decoded straight into code points, noting where the quoted spans' bytes lie.
            scratch.marks.removeAll(keepingCapacity: true)
            for candidate in scratch.candidates where candidate.place != nil && 0 <= candidate.start && candidate.start < candidate.end {
                scratch.marks.append(candidate.start)
                scratch.marks.append(candidate.end)
            }
            scratch.marks.sort()
            guard let text = JSONStringScalars(bytes, range: textCapture.range, marking: scratch.marks), !text.scalars.isEmpty else { return false }
            // A quoted text is the text at its offsets when it is written in the same bytes as
            // them; else it is decoded and compared code point by code point.
            for index in scratch.candidates.indices {
                guard let quoted = scratch.candidates[index].place else { continue }
                let (start, end) = (scratch.candidates[index].start, scratch.candidates[index].end)
                // Offsets outside the text or reversed: the rules below find it.
                guard 0 <= start, start < end, end <= text.scalars.count else { continue }
                let written = text.positions[mark(start, in: scratch.marks)]..<text.positions[mark(end, in: scratch.marks)]
                let inner = (quoted.lowerBound + 1)..<(quoted.upperBound - 1)
                let base = UnsafeRawPointer(bytes.baseAddress!)
                if written.count == inner.count, ByteWord.sameBytes(base + written.lowerBound, base + inner.lowerBound, count: inner.count) { continue }
                guard let value = string(JSONShapeScanner.Capture(slot: Slot.quoted.rawValue, range: quoted, isNull: false, escaped: true), in: bytes),
                      OffsetSpans.exactQuote(value, text.scalars[start..<end]) else { return false }
            }
            var failed = false
            guard let annotated = OffsetSpans.annotate(scratch.candidates, scalars: text.scalars, labels: labels, report: { _, _ in failed = true }),
                  !failed, DocumentRules.hasVisibleText(annotated.scalars) else { return false }
            let violations = validator.validator.violations(in: annotated)
            return violations.count <= ProblemLimit.perLine && violations.allSatisfy { ignoring.contains($0.kind) }
        }

        /// The index of `offset` in `marks` (sorted, and holding it).
        private func mark(_ offset: Int, in marks: [Int]) -> Int {
            var (low, high) = (0, marks.count)
            while low < high {
                let middle = (low + high) / 2
                if marks[middle] < offset { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// A string's value, decoded as the parser decodes it.
        private func string(_ capture: JSONShapeScanner.Capture, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
            guard capture.range.count >= 2, bytes[capture.range.lowerBound] == UInt8(ascii: "\"") else { return nil }
            guard capture.escaped else {
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[(capture.range.lowerBound + 1)..<(capture.range.upperBound - 1)]), as: UTF8.self)
            }
            // The scan has found it a string the parser reads: its own string reader decodes it.
            var scanner = JSONScanner(bytes: UnsafeBufferPointer(rebasing: bytes[capture.range]), allowComments: false)
            return try? scanner.parseString()
        }

        /// A whole number ≥ 0 that fits `Int`, as written (the shape has made it an integer).
        private func integer(_ capture: JSONShapeScanner.Capture, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
            var value = 0
            for byte in bytes[capture.range] {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflowSum) = times.addingReportingOverflow(Int(digit))
                guard !overflowTimes, !overflowSum else { return nil }
                value = sum
            }
            return capture.range.isEmpty ? nil : value
        }
    }

    /// The quick check of lines of `shape` (`ignoring`: the schema's rules a problem of which does
    /// not count), or `nil` when lines of that shape are not in offset form or may be read
    /// otherwise (a Prodigy `answer`, doccano's fields).
    public func quick(for shape: JSONShape, ignoring: Set<Violation.Kind> = []) -> Quick? {
        guard case .object(let fields) = shape, fields["id"] != nil, fields["text"] != nil,
              case .array(let element)? = fields["spans"],
              fields["answer"] == nil, fields["entities"] == nil, fields["label"] == nil else { return nil }
        switch element {
        case .null: break
        case .object(let item) where item["start"] != nil && item["end"] != nil && item["label"] != nil: break
        default: return nil
        }
        return Quick(scanner: JSONShapeScanner(shape, capturing: Quick.Slot.allCases.map(\.path)), validator: self,
                     labels: decoder.codec.schema.tagNames, ignoring: ignoring)
    }
}
