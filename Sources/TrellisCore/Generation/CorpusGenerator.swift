/// A deterministic synthetic corpus in the import format, realistic in shape: dialogues and
/// first-person passages of 5–20 spans, AI turns quoting the human, several stages, non-ASCII
/// text, a few schema mistakes (same-mode neighbours, untagged text) and, in about one document
/// in a hundred, a tag error the importer must reject. The same seed gives the same bytes.
///
/// With `rewriters`, each document is written by one of them (named in `meta.rewriter`), which
/// relabels each span with its `labelErrorRate` (a human or AI turn as the other, a quote as
/// human): planted errors at a known rate, with the document as it should be (`truth`) to check
/// what `trellis quality` recovers. Without, the corpus is the same as ever for the same seed.
public struct CorpusGenerator {
    private var random: SeededRandom
    public let stages: ClosedRange<Int>
    public let rewriters: [PlantedRewriter]
    /// Draws for the rewriters only, so that they leave the rest of the corpus as it was.
    private var planting: SeededRandom

    /// A rewriter of a generated corpus, and the share of its spans it gets the wrong label.
    public struct PlantedRewriter: Hashable, Sendable {
        public var name: String
        public var labelErrorRate: Double

        public init(name: String, labelErrorRate: Double) {
            precondition((0...1).contains(labelErrorRate), "a label error rate is a proportion")
            self.name = name
            self.labelErrorRate = labelErrorRate
        }

        /// Reads `NAME` or `NAME:RATE` (`rw-7b:0.08`); `nil` when it is neither.
        public init?(parsing text: String) {
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let name = parts.first, VisibleText.identifierProblem(name) == nil else { return nil }
            let rate = parts.count == 2 ? Double(parts[1]) : 0
            guard let rate, (0...1).contains(rate) else { return nil }
            self.init(name: name, labelErrorRate: rate)
        }
    }

    public init(seed: UInt64, stages: ClosedRange<Int> = 1...4, rewriters: [PlantedRewriter] = []) {
        random = SeededRandom(seed: seed)
        planting = SeededRandom(seed: seed ^ 0x5245_5752_4954_4552)  // "REWRITER"
        self.stages = stages
        self.rewriters = rewriters
    }

    private static let humanSentences = [
        "I forgot my umbrella again and got soaked on the way to work.",
        "Honestly, I just want him to fail so everyone sees what I see.",
        "My grandmother taught me to bake bread when I was nine.",
        "I told my sister it was her fault, even though it was mine.",
        "The bus was late, so I walked the last two kilometres in the rain.",
        "I'm tired of pretending I like my job.",
        "We moved to Reykjavík when I was twelve, and I hated the dark winters.",
        "Mon voisin joue du violon tous les soirs à 22 h.",
        "昨日は友達と一緒に公園を散歩しました。",
        "I keep a list of everyone who was rude to me this year 😤.",
        "Can you help me write an apology that doesn't sound fake?",
        "My daughter cried when the stabilisers came off her bike 🚲.",
    ]
    private static let aiSentences = [
        "That sounds exhausting, and it makes sense that you're frustrated.",
        "I can help you write it; an apology works best when it names what happened.",
        "It might help to say what you need from him instead of hoping he fails.",
        "Bread is mostly patience: flour, water, salt and time.",
        "I don't know for certain, but here is what the evidence suggests.",
        "You could tell her honestly when you're going to let go of the saddle.",
        "Darkness in winter affects many people; light in the morning can help.",
        "Je comprends. Avez-vous essayé d'en parler avec lui calmement ?",
        "それは大変でしたね。少し休んでください。",
        "Keeping score can feel protective, but it also keeps the hurt fresh 💛.",
    ]

    /// The next document as one JSONL line (without the newline).
    public mutating func nextLine(index: Int) -> String {
        nextDocument(index: index).line
    }

    /// The next document as one JSONL line as its rewriter wrote it (without the newline), and as
    /// it should be: the same line without the planted errors (equal without `rewriters`).
    public mutating func nextDocument(index: Int) -> (line: String, truth: String) {
        let id = "gen-\(String(index, radix: 10))"
        let stage = Int.random(in: stages, using: &random)
        let turns = Int.random(in: 4...15, using: &random)
        var parts: [String] = []
        var previous = ""
        for turn in 0..<turns {
            let mode = turn % 2 == 0 ? "human" : "ai"
            var text = sentences(for: mode, count: Int.random(in: 1...4, using: &random))
            if mode == "ai", Int.random(in: 0..<3, using: &random) == 0, let quoted = previous.split(separator: ".").first {
                text = "You said <quote>\"\(escape(String(quoted)))\"</quote>. " + text
            }
            parts.append("<\(mode)>\(text)</\(mode)>")
            previous = text
        }
        let truth = parts
        var rewriter: PlantedRewriter?
        if !rewriters.isEmpty {
            let chosen = rewriters[planting.uniform(below: rewriters.count)]
            rewriter = chosen
            parts = parts.map { plantErrors(in: $0, rate: chosen.labelErrorRate) }
        }
        let mistake = Int.random(in: 0..<100, using: &random)
        switch mistake {
        case 0: parts.append("<ai>an unclosed turn")
        case 1...3: parts.append("<human>\(sentences(for: "human", count: 1))</human>")
        case 4...5: parts.append("a sentence outside any span.")
        default: break
        }
        let mistakes = parts[turns...]
        let separator = Int.random(in: 0..<4, using: &random) == 0 ? "\n\n" : "\n"
        let source = Int.random(in: 0..<2, using: &random) == 0 ? sentences(for: "human", count: 3) : nil
        func line(_ parts: [String]) -> String {
            var object = JSONObjectBuilder()
            object.string("id", id)
            object.string("text", parts.joined(separator: separator))
            if let source { object.string("source", source) }
            object.int("stage", stage)
            let named = rewriter.map { ",\"rewriter\":" + StratumField.json($0.name) } ?? ""
            object.raw("meta", "{\"generator\":\"trellis gen\",\"turns\":\(turns)\(named)}")
            return String(decoding: object.finish(), as: UTF8.self)
        }
        return (line(parts), line(truth + mistakes))
    }

    /// A turn with each of its spans relabelled with probability `rate`: the turn as the other of
    /// human and AI, a quote in it as human.
    private mutating func plantErrors(in part: String, rate: Double) -> String {
        guard rate > 0 else { return part }
        func draw() -> Bool { Double(planting.next() >> 11) / Double(1 << 53) < rate }
        var result = part
        if draw() {
            let (from, to) = result.hasPrefix("<human>") ? ("human", "ai") : ("ai", "human")
            result = "<\(to)>" + result.dropFirst(from.count + 2).dropLast(from.count + 3) + "</\(to)>"
        }
        if result.contains("<quote>"), draw() {
            result = result.replacing("<quote>", with: "<human>").replacing("</quote>", with: "</human>")
        }
        return result
    }

    private mutating func sentences(for mode: String, count: Int) -> String {
        let pool = mode == "ai" ? Self.aiSentences : Self.humanSentences
        return (0..<count).map { _ in pool.randomElement(using: &random)! }.joined(separator: " ")
    }

    private func escape(_ text: String) -> String {
        text.replacingAll("<", with: "&lt;")
    }
}
