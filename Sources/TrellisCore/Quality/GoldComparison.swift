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
        var unwanted: [SpanDifference]? = nil
        self.init(machine: machine, gold: gold, text: text, differences: &unwanted)
    }

    /// Compares one document's spans as `init(machine:gold:text:)` does, and lists its differences:
    /// the edits that turn the machine's spans into the gold (in document order, level by level).
    public static func differences(machine: [Span], gold: [Span], text: [Unicode.Scalar]) -> (comparison: GoldComparison, differences: [SpanDifference]) {
        var differences: [SpanDifference]? = []
        let comparison = GoldComparison(machine: machine, gold: gold, text: text, differences: &differences)
        return (comparison, differences ?? [])
    }

    /// The comparison of one document found by matching every span, even when the machine's
    /// spans are the gold (which `init(machine:gold:text:)` counts without matching): tests hold
    /// the two equal.
    static func matchingEverySpan(machine: [Span], gold: [Span], text: [Unicode.Scalar]) -> GoldComparison {
        var unwanted: [SpanDifference]? = nil
        return GoldComparison(machine: machine, gold: gold, text: text, differences: &unwanted, shortcut: false)
    }

    private init(machine: [Span], gold: [Span], text: [Unicode.Scalar], differences: inout [SpanDifference]?, shortcut: Bool = true) {
        documents = 1
        exact = SpanAgreement.exact(gold, machine)
        overlap = SpanAgreement.overlap(gold, machine)
        errors = SpanErrors()
        shifts = BoundaryShifts()
        confusion = ConfusionMatrix()
        errors.goldSpans = gold.count
        errors.machineSpans = machine.count
        if shortcut, let unchanged = Self.unchanged(machine, gold) {
            // The rewriter's spans are the gold (most reviewed documents): every span is its own
            // match, every boundary where it was, which is what matching them would find.
            exact = F1Score(matched: unchanged, countA: unchanged, countB: unchanged)
            overlap = exact
            errors.pairs = unchanged
            errors.correct = unchanged
            if unchanged > 0 {
                shifts.codePoints[0] = 2 * unchanged
                shifts.words[0] = 2 * unchanged
            }
            compareCodePoints(machine: machine, gold: gold, text: text)
            return
        }

        var words = WordBoundaries(text: text)
        let goldLevels = Self.levels(gold), machineLevels = Self.levels(machine)
        for depth in 0..<max(goldLevels.count, machineLevels.count) {
            let goldLevel = depth < goldLevels.count ? goldLevels[depth] : []
            let machineLevel = depth < machineLevels.count ? machineLevels[depth] : []
            for component in Self.components(goldLevel, machineLevel) {
                classify(goldLevel[component.gold], machineLevel[component.machine], words: &words, differences: &differences)
            }
        }
        compareCodePoints(machine: machine, gold: gold, text: text)
    }

    public static func + (lhs: GoldComparison, rhs: GoldComparison) -> GoldComparison {
        var sum = lhs
        sum += rhs
        return sum
    }

    /// Adds another's counts in place (a group's running sums grow without being copied).
    public static func += (sum: inout GoldComparison, other: GoldComparison) {
        sum.documents += other.documents
        sum.exact = sum.exact + other.exact
        sum.overlap = sum.overlap + other.overlap
        sum.errors += other.errors
        sum.confusion += other.confusion
        sum.shifts += other.shifts
    }

    /// How many spans there are when `machine` and `gold` are the same spans, each with code
    /// points, no two with the same range, every two either nested or apart (where matching them
    /// pairs each with itself and nothing else); `nil` otherwise.
    private static func unchanged(_ machine: [Span], _ gold: [Span]) -> Int? {
        guard machine.count == gold.count else { return nil }
        func ordered(_ spans: [Span]) -> [Span] {
            zip(spans, spans.dropFirst()).allSatisfy { !Span.documentOrder($1, $0) } ? spans : spans.sorted(by: Span.documentOrder)
        }
        let spans = ordered(gold)
        guard spans == ordered(machine) else { return nil }
        var open: [Int] = []  // ends of the spans enclosing the current one
        var previous: Span?
        for span in spans {
            guard span.end > span.start, previous.map({ $0.start != span.start || $0.end != span.end }) ?? true else { return nil }
            while let end = open.last, end <= span.start { open.removeLast() }
            if let end = open.last, span.end > end { return nil }
            open.append(span.end)
            previous = span
        }
        return spans.count
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

    /// Classifies the spans of one group of overlapping spans; lists their differences when
    /// `differences` is not `nil`.
    private mutating func classify(_ gold: ArraySlice<Span>, _ machine: ArraySlice<Span>, words: inout WordBoundaries,
                                   differences: inout [SpanDifference]?) {
        let pairs = SpanMatching.maximum(gold, machine) { _, _ in true }
        var partnerOfGold = [Int?](repeating: nil, count: gold.count)
        var partnerOfMachine = [Int?](repeating: nil, count: machine.count)
        for (i, j) in pairs {
            partnerOfGold[i] = j
            partnerOfMachine[j] = i
        }
        // For each span, the span of the other side it shares the most code points with (the
        // first of equals), found from the overlapping pairs alone.
        func keep(_ best: inout (place: Int, shared: Int)?, _ place: Int, _ shared: Int) {
            if let known = best, known.shared > shared || (known.shared == shared && known.place < place) { return }
            best = (place, shared)
        }
        var bestGold = [(place: Int, shared: Int)?](repeating: nil, count: machine.count)
        var bestMachine = [(place: Int, shared: Int)?](repeating: nil, count: gold.count)
        SpanMatching.overlappingPairs(gold, machine) { i, j, shared in
            keep(&bestGold[j], i, shared)
            keep(&bestMachine[i], j, shared)
        }
        let g = { (i: Int) in gold[gold.startIndex + i] }, m = { (j: Int) in machine[machine.startIndex + j] }
        // Unmatched spans that overlap something overlap a matched span (the matching is maximum):
        // they split that gold span, or the machine span merged them.
        var splitGold: [Int: [Int]] = [:], mergingMachine: [Int: [Int]] = [:]
        for j in 0..<machine.count where partnerOfMachine[j] == nil {
            if let best = bestGold[j] {
                splitGold[best.place, default: []].append(j)
            } else {
                errors.spurious += 1
                differences?.append(SpanDifference(kinds: [.spurious], machine: [m(j)], gold: []))
            }
        }
        for i in 0..<gold.count where partnerOfGold[i] == nil {
            if let best = bestMachine[i] {
                mergingMachine[best.place, default: []].append(i)
            } else {
                errors.missed += 1
                differences?.append(SpanDifference(kinds: [.missed], machine: [], gold: [g(i)]))
            }
        }
        errors.split += splitGold.count
        errors.merged += mergingMachine.count
        errors.pairs += pairs.count
        var wrongLabelInside = Set<Int>()  // gold spans of a split, machine spans of a merge (as -1 - j)
        for (i, j) in pairs {
            let goldSpan = g(i), machineSpan = m(j)
            let inSplitOrMerge = splitGold[i] != nil || mergingMachine[j] != nil
            var kinds: [SpanErrors.Kind] = []
            if goldSpan.label != machineSpan.label {
                errors.wrongLabel += 1
                kinds.append(.wrongLabel)
                if splitGold[i] != nil { wrongLabelInside.insert(i) }
                if mergingMachine[j] != nil { wrongLabelInside.insert(-1 - j) }
            }
            if goldSpan.start == machineSpan.start && goldSpan.end == machineSpan.end {
                if goldSpan.label == machineSpan.label { errors.correct += 1 }
            } else if !inSplitOrMerge {
                errors.boundaryMoved += 1
                kinds.append(.boundaryMoved)
            }
            if !kinds.isEmpty, !inSplitOrMerge {
                differences?.append(SpanDifference(kinds: kinds, machine: [machineSpan], gold: [goldSpan]))
            }
            guard !inSplitOrMerge else { continue }
            for (goldOffset, machineOffset) in [(goldSpan.start, machineSpan.start), (goldSpan.end, machineSpan.end)] {
                shifts.codePoints[machineOffset - goldOffset, default: 0] += 1
                shifts.words[words.shift(from: goldOffset, to: machineOffset), default: 0] += 1
            }
        }
        guard differences != nil else { return }
        for (i, pieces) in splitGold.sorted(by: { $0.key < $1.key }) {
            differences?.append(SpanDifference(kinds: wrongLabelInside.contains(i) ? [.split, .wrongLabel] : [.split],
                                               machine: ([partnerOfGold[i]!] + pieces).sorted().map(m), gold: [g(i)]))
        }
        for (j, parts) in mergingMachine.sorted(by: { $0.key < $1.key }) {
            differences?.append(SpanDifference(kinds: wrongLabelInside.contains(-1 - j) ? [.merged, .wrongLabel] : [.merged],
                                               machine: [m(j)], gold: ([partnerOfMachine[j]!] + parts).sorted().map(g)))
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

/// One difference between a machine's spans and the gold: the machine's spans involved and the
/// gold spans they should have been, with the kinds of error it counts as. A missed span has no
/// machine span, a spurious one no gold span; a split has one gold span and the machine's pieces
/// of it, a merge one machine span and the gold spans it joined.
public struct SpanDifference: Hashable, Sendable {
    public var kinds: [SpanErrors.Kind]
    public var machine: [Span]
    public var gold: [Span]

    public init(kinds: [SpanErrors.Kind], machine: [Span], gold: [Span]) {
        self.kinds = kinds
        self.machine = machine
        self.gold = gold
    }
}
