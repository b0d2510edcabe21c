/// A deterministic synthetic corpus in the import format, realistic in shape: dialogues and
/// first-person passages of 5–20 spans, AI turns quoting the human, several stages, non-ASCII
/// text, a few schema mistakes (same-mode neighbours, untagged text) and, in about one document
/// in a hundred, a tag error the importer must reject. The same seed gives the same bytes.
public struct CorpusGenerator {
    private var random: SeededRandom
    public let stages: ClosedRange<Int>

    public init(seed: UInt64, stages: ClosedRange<Int> = 1...4) {
        random = SeededRandom(seed: seed)
        self.stages = stages
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
        let mistake = Int.random(in: 0..<100, using: &random)
        switch mistake {
        case 0: parts.append("<ai>an unclosed turn")
        case 1...3: parts.append("<human>\(sentences(for: "human", count: 1))</human>")
        case 4...5: parts.append("a sentence outside any span.")
        default: break
        }
        let separator = Int.random(in: 0..<4, using: &random) == 0 ? "\n\n" : "\n"
        var object = JSONObjectBuilder()
        object.string("id", id)
        object.string("text", parts.joined(separator: separator))
        if Int.random(in: 0..<2, using: &random) == 0 {
            object.string("source", sentences(for: "human", count: 3))
        }
        object.int("stage", stage)
        object.raw("meta", "{\"generator\":\"trellis gen\",\"turns\":\(turns)}")
        return String(decoding: object.finish(), as: UTF8.self)
    }

    private mutating func sentences(for mode: String, count: Int) -> String {
        let pool = mode == "ai" ? Self.aiSentences : Self.humanSentences
        return (0..<count).map { _ in pool.randomElement(using: &random)! }.joined(separator: " ")
    }

    private func escape(_ text: String) -> String {
        text.replacingAll("<", with: "&lt;")
    }
}
