import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct CorpusGeneratorTests {
    private func lines(seed: UInt64, count: Int) -> [String] {
        var generator = CorpusGenerator(seed: seed)
        return (1...count).map { generator.nextLine(index: $0) }
    }

    @Test func theSameSeedGivesTheSameCorpus() {
        #expect(lines(seed: 9, count: 50) == lines(seed: 9, count: 50))
        #expect(lines(seed: 9, count: 50) != lines(seed: 10, count: 50))
    }

    @Test func documentsHaveTheShapeOfTheRealThingWithSomeErrors() {
        let decoder = DocumentLineDecoder(schema: Fixtures.defaultSchema)
        var rejected = 0, spans: [Int] = [], quotes = 0, stages = Set<Int>()
        for (index, line) in lines(seed: 3, count: 400).enumerated() {
            let bytes = Array(line.utf8)
            switch bytes.withUnsafeBufferPointer({ decoder.decode($0, lineNumber: index + 1) }) {
            case .success(let input):
                spans.append(input.annotated.spans.count)
                quotes += input.annotated.spans.filter { $0.label == "quote" }.count
                if let stage = input.stage { stages.insert(stage) }
            case .failure:
                rejected += 1
            }
        }
        #expect((1...16).contains(rejected))
        #expect(spans.min()! >= 4 && spans.max()! <= 25)
        #expect(quotes > 50)
        #expect(stages == [1, 2, 3, 4])
    }
}
