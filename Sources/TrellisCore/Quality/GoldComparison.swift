/// A machine's spans of documents against their gold: precision, recall and F1 (exact and
/// overlapping), errors by kind, a confusion matrix of labels over code points and the shifts of
/// boundaries. One document's comparison, or several added up with `+`.
public struct GoldComparison: Hashable, Sendable {
    /// How many documents are behind the figures.
    public var documents: Int
    /// Same start, end and label; the gold is the reference (precision: of the machine's spans).
    public var exact: F1Score
    /// Same label and at least one shared code point, matched one to one.
    public var overlap: F1Score
    public var errors: SpanErrors
    /// Code points by gold label (rows) and machine label (columns): the innermost span's label,
    /// `CharacterLabels.none` outside every span.
    public var confusion: ConfusionMatrix
    public var shifts: BoundaryShifts

    public static let zero = GoldComparison(documents: 0, exact: .zero, overlap: .zero, errors: SpanErrors(), confusion: ConfusionMatrix(), shifts: BoundaryShifts())

    public init(documents: Int, exact: F1Score, overlap: F1Score, errors: SpanErrors, confusion: ConfusionMatrix, shifts: BoundaryShifts) {
        self.documents = documents
        self.exact = exact
        self.overlap = overlap
        self.errors = errors
        self.confusion = confusion
        self.shifts = shifts
    }

    /// Compares the `machine` spans of one document with its `gold` spans over `text`.
    public init(machine: [Span], gold: [Span], text: [Unicode.Scalar]) {
        documents = 1
        exact = SpanAgreement.exact(gold, machine)
        overlap = SpanAgreement.overlap(gold, machine)
        errors = SpanErrors()
        shifts = BoundaryShifts()
        confusion = ConfusionMatrix()
        errors.goldSpans = gold.count
        errors.machineSpans = machine.count

        var words = WordBoundaries(text: text)
        let goldLevels = Self.levels(gold), machineLevels = Self.levels(machine)
        for depth in 0..<max(goldLevels.count, machineLevels.count) {
            let goldLevel = depth < goldLevels.count ? goldLevels[depth] : []
            let machineLevel = depth < machineLevels.count ? machineLevels[depth] : []
            for component in Self.components(goldLevel, machineLevel) {
                classify(goldLevel[component.gold], machineLevel[component.machine], words: &words)
            }
        }
        compareCodePoints(machine: machine, gold: gold, text: text)
    }

    public static func + (lhs: GoldComparison, rhs: GoldComparison) -> GoldComparison {
        GoldComparison(
            documents: lhs.documents + rhs.documents, exact: lhs.exact + rhs.exact, overlap: lhs.overlap + rhs.overlap,
            errors: lhs.errors + rhs.errors, confusion: lhs.confusion + rhs.confusion, shifts: lhs.shifts + rhs.shifts)
    }

    /// The spans of each nesting depth, in document order.
    private static func levels(_ spans: [Span]) -> [[Span]] {
        let ordered = spans.sorted(by: Span.documentOrder)
        let parents = SpanNesting.structure(of: ordered).parents
        var depths = [Int](repeating: 0, count: ordered.count)
        var levels: [[Span]] = []
        for (index, span) in ordered.enumerated() {
            depths[index] = parents[index].map { depths[$0] + 1 } ?? 0
            while levels.count <= depths[index] { levels.append([]) }
            levels[depths[index]].append(span)
        }
        return levels
    }

    /// The groups of spans joined by overlaps, as ranges of the two levels (each sorted by start,
    /// its spans disjoint): a span that overlaps nothing is a group of its own. One pass.
    private static func components(_ gold: [Span], _ machine: [Span]) -> [(gold: Range<Int>, machine: Range<Int>)] {
        var found: [(gold: Range<Int>, machine: Range<Int>)] = []
        var g = 0, m = 0
        var current: (gold: Range<Int>, machine: Range<Int>)?
        var goldEnd = Int.min, machineEnd = Int.min
        while g < gold.count || m < machine.count {
            let takeGold = m == machine.count || (g < gold.count && gold[g].start <= machine[m].start)
            let span = takeGold ? gold[g] : machine[m]
            let joins = current != nil && span.start < (takeGold ? machineEnd : goldEnd)
            if !joins {
                if let current { found.append(current) }
                current = (g..<g, m..<m)
                goldEnd = Int.min
                machineEnd = Int.min
            }
            if takeGold {
                current!.gold = current!.gold.lowerBound..<(g + 1)
                goldEnd = max(goldEnd, span.end)
                g += 1
            } else {
                current!.machine = current!.machine.lowerBound..<(m + 1)
                machineEnd = max(machineEnd, span.end)
                m += 1
            }
        }
        if let current { found.append(current) }
        return found
    }

    /// Classifies the spans of one group of overlapping spans.
    private mutating func classify(_ gold: ArraySlice<Span>, _ machine: ArraySlice<Span>, words: inout WordBoundaries) {
        let pairs = SpanMatching.maximum(gold, machine) { _, _ in true }
        var partnerOfGold = [Int?](repeating: nil, count: gold.count)
        var partnerOfMachine = [Int?](repeating: nil, count: machine.count)
        for (i, j) in pairs {
            partnerOfGold[i] = j
            partnerOfMachine[j] = i
        }
        /// The place (from the slice's start) of the span of `others` that shares the most code
        /// points with `span`, if any shares one.
        func mostOverlapping(_ span: Span, in others: ArraySlice<Span>) -> Int? {
            func shared(_ other: Span) -> Int { min(span.end, other.end) - max(span.start, other.start) }
            return others.indices.filter { shared(others[$0]) > 0 }.max { shared(others[$0]) < shared(others[$1]) }.map { $0 - others.startIndex }
        }
        var splitGold = Set<Int>(), mergingMachine = Set<Int>()
        for (j, span) in machine.enumerated() where partnerOfMachine[j] == nil {
            if let i = mostOverlapping(span, in: gold) { splitGold.insert(i) } else { errors.spurious += 1 }
        }
        for (i, span) in gold.enumerated() where partnerOfGold[i] == nil {
            if let j = mostOverlapping(span, in: machine) { mergingMachine.insert(j) } else { errors.missed += 1 }
        }
        errors.split += splitGold.count
        errors.merged += mergingMachine.count
        errors.pairs += pairs.count
        for (i, j) in pairs {
            let g = gold[gold.startIndex + i], m = machine[machine.startIndex + j]
            if g.label != m.label { errors.wrongLabel += 1 }
            if g.start == m.start && g.end == m.end {
                if g.label == m.label { errors.correct += 1 }
            } else if !splitGold.contains(i) && !mergingMachine.contains(j) {
                errors.boundaryMoved += 1
            }
            guard !splitGold.contains(i) && !mergingMachine.contains(j) else { continue }
            for (goldOffset, machineOffset) in [(g.start, m.start), (g.end, m.end)] {
                shifts.codePoints[machineOffset - goldOffset, default: 0] += 1
                shifts.words[words.shift(from: goldOffset, to: machineOffset), default: 0] += 1
            }
        }
    }

    /// The confusion matrix over code points, and text outside every machine span.
    private mutating func compareCodePoints(machine: [Span], gold: [Span], text: [Unicode.Scalar]) {
        let length = text.count
        var offset = 0
        var visibleInStretch = 0
        func closeStretch() {
            if visibleInStretch > 0 { errors.outsideStretches += 1 }
            visibleInStretch = 0
        }
        CharacterLabels.aligned([CharacterLabels.runs(spans: gold, length: length), CharacterLabels.runs(spans: machine, length: length)]) { labels, count in
            confusion.add(labels[0], labels[1], count: count)
            if labels[0] != CharacterLabels.none {
                let visible = text[offset..<(offset + count)].reduce(0) { $1.isWhitespace ? $0 : $0 + 1 }
                errors.goldCodePoints += visible
                if labels[1] == CharacterLabels.none {
                    errors.outsideCodePoints += visible
                    visibleInStretch += visible
                } else {
                    closeStretch()
                }
            } else {
                closeStretch()
            }
            offset += count
        }
        closeStretch()
    }
}

/// Where the words of a text start and end, found when first asked for (most documents need
/// no word counts: every boundary right).
struct WordBoundaries {
    let text: [Unicode.Scalar]
    private var found: (starts: [Int], ends: [Int])?

    init(text: [Unicode.Scalar]) {
        self.text = text
    }

    /// The signed number of words wholly or partly between offsets `a` and `b`.
    mutating func shift(from a: Int, to b: Int) -> Int {
        guard a != b else { return 0 }
        let (starts, ends) = boundaries()
        let low = min(a, b), high = max(a, b)
        /// How many of `offsets` (sorted) satisfy `belongs`, which holds for a prefix of them.
        func prefix(_ offsets: [Int], _ belongs: (Int) -> Bool) -> Int {
            var lower = 0, upper = offsets.count
            while lower < upper {
                let middle = (lower + upper) / 2
                if belongs(offsets[middle]) { lower = middle + 1 } else { upper = middle }
            }
            return lower
        }
        // Words starting before `high`, less those that end by `low`.
        let count = prefix(starts) { $0 < high } - prefix(ends) { $0 <= low }
        return b > a ? count : -count
    }

    private mutating func boundaries() -> (starts: [Int], ends: [Int]) {
        if let found { return found }
        var starts: [Int] = [], ends: [Int] = []
        var inWord = false
        for (offset, scalar) in text.enumerated() {
            if scalar.isWhitespace == inWord {
                if inWord { ends.append(offset) } else { starts.append(offset) }
                inWord.toggle()
            }
        }
        if inWord { ends.append(text.count) }
        found = (starts, ends)
        return (starts, ends)
    }
}
