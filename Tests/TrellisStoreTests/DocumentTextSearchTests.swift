import Testing
import TrellisCore
import TrellisModel
import TrellisStore
import TrellisTestSupport

/// The in-document search of a long document's text a step at a time
/// (``ReviewStore/findText(_:in:within:forward:budget:)``), on every backend: stepping through the
/// whole text finds exactly the matches the screen's rule finds in the whole text, forward and
/// backward, across the SQLite store's 262 144-code-point pieces, ignoring case, and a step reads
/// a bounded part of it.
@Suite struct DocumentTextSearchTests {
    static let backends = StoreBackend.allCases
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// 21 845 spans of 12 code points, then "L'école" whose "école" runs across the first
    /// piece's end (262 142–262 147), then 4000 spans, one of them with a thumb of a skin tone (two
    /// scalars), and "ÉCOLE" near the end.
    static let line: String = {
        var text = String(repeating: "<human>Hello there</human> ", count: 21_845)
        text += "<ai>L'école</ai> "
        for turn in 0..<4000 {
            text += turn == 2000 ? "<ai>Fine 👍🏽 yes</ai> " : turn == 3990 ? "<human>ÉCOLE!</human> " : "<ai>Fine thanks</ai> "
        }
        return ImportHelpers.line(id: "long", text: text)
    }()

    static let plain: [Unicode.Scalar] = {
        guard let annotated = try? ModelFixtures.input(line).annotated else { return [] }
        return annotated.scalars
    }()

    /// Every match of `query` met by stepping through the whole text in `direction`, and the steps taken.
    private func walk(_ query: String, forward: Bool, budget: Int, in store: any ReviewStore) throws -> (matches: [Range<Int>], steps: Int) {
        var rest = 0..<Self.plain.count
        var found: [Range<Int>] = [], steps = 0
        while !rest.isEmpty {
            steps += 1
            #expect(steps < 1_000)
            if steps >= 1_000 { break }
            switch try store.findText(query, in: 1, within: rest, forward: forward, budget: budget) {
            case .found(let match):
                #expect(rest.contains(match.lowerBound))
                found.append(match)
                rest = forward ? (match.lowerBound + 1)..<rest.upperBound : rest.lowerBound..<match.lowerBound
            case .searched(let left):
                #expect(left.count < rest.count, "a step searches something")
                rest = left
            }
        }
        return (forward ? found : found.reversed(), steps)
    }

    @Test(arguments: backends) func steppingThroughTheTextFindsEveryMatchOfTheWholeText(_ backend: StoreBackend) throws {
        let store = try backend.make([Self.line], in: directory)
        #expect(Self.plain.count > 1 << 18, "the text is kept in pieces")
        let window = try #require(try store.workingDocument(id: 1, for: "ada", near: nil)?.window, "the document is read a window at a time")
        #expect(window.length == Self.plain.count)
        let école = TextMatcher("ÉCOLE").matches(in: Self.plain)
        #expect(école.count == 2 && école.first?.lowerBound == 262_142, "the oracle sees both, one across the pieces' edge")
        for forward in [true, false] {
            #expect(try walk("ÉCOLE", forward: forward, budget: 100_000, in: store).matches == école, "forward: \(forward)")
            #expect(try walk("école", forward: forward, budget: 7_777, in: store).matches == école, "forward: \(forward)")
            // Steps that end where a piece does, with the match across that end.
            #expect(try walk("école", forward: forward, budget: 1 << 18, in: store).matches == école, "forward: \(forward)")
            #expect(try walk("👍🏽 YES", forward: forward, budget: 100_000, in: store).matches == TextMatcher("👍🏽 yes").matches(in: Self.plain))
        }
        let none = try walk("giraffe", forward: true, budget: 1 << 18, in: store)
        #expect(none.matches.isEmpty)
        #expect(none.steps <= Self.plain.count / (1 << 18) + 2, "\(none.steps) steps of a piece each")
    }

    @Test func theSQLiteStoreStepsToMultiplesOfTheBudgetAtMostAPiece() throws {
        let store = try StoreBackend.sqlite.make([Self.line], in: directory)
        let length = Self.plain.count
        #expect(try store.findText("giraffe", in: 1, within: 10..<length, forward: true, budget: 1 << 18) == .searched(rest: (1 << 18)..<length),
                "a step ends where the piece it reads does")
        #expect(try store.findText("giraffe", in: 1, within: 0..<length, forward: true, budget: 1 << 20) == .searched(rest: (1 << 18)..<length),
                "a step reads at most a piece")
        #expect(try store.findText("giraffe", in: 1, within: 10..<length, forward: true, budget: 1 << 16) == .searched(rest: (1 << 16)..<length))
        #expect(try store.findText("giraffe", in: 1, within: 0..<length, forward: false, budget: 1 << 18) == .searched(rest: 0..<(1 << 18)))
        #expect(try store.findText("hello", in: 1, within: 5..<length, forward: true, budget: 1 << 18) == .found(12..<17))
        #expect(try store.findText("hello", in: 1, within: 0..<(1 << 18), forward: false, budget: 1 << 18) == .found((21_844 * 12)..<(21_844 * 12 + 5)))
        #expect(throws: ReviewStoreError.self) { try store.findText("hello", in: 99, within: 0..<10, forward: true, budget: 1) }
    }
}
