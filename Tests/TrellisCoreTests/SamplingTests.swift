import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct ProportionalAllocationTests {
    @Test func sharesBySizeWithLargestRemainders() {
        #expect(ProportionalAllocation.allocate(10, among: [50, 30, 20]) == [5, 3, 2])
        #expect(ProportionalAllocation.allocate(7, among: [1, 2, 97]) == [0, 0, 7])
        #expect(ProportionalAllocation.allocate(10, among: [33, 33, 34]) == [3, 3, 4])
        #expect(ProportionalAllocation.allocate(2, among: [5, 5, 5]) == [1, 1, 0])  // ties: the first
        #expect(ProportionalAllocation.allocate(2, among: [2, 7, 1]) == [0, 2, 0])  // equal remainders: the larger stratum
        #expect(ProportionalAllocation.allocate(50, among: [3, 4]) == [3, 4])  // fewer than asked: everything
        #expect(ProportionalAllocation.allocate(0, among: [3, 4]) == [0, 0])
        #expect(ProportionalAllocation.allocate(5, among: []) == [])
    }

    @Test func partsAddUpAndNeverExceedAStratum() {
        var random = SeededRandom(seed: 2)
        for _ in 0..<500 {
            let populations = (0..<(1 + random.uniform(below: 8))).map { _ in 1 + random.uniform(below: 1000) }
            let size = random.uniform(below: populations.reduce(0, +) + 10)
            let parts = ProportionalAllocation.allocate(size, among: populations)
            #expect(parts.reduce(0, +) == min(size, populations.reduce(0, +)))
            #expect(zip(parts, populations).allSatisfy { $0 <= $1 })
            let total = Double(populations.reduce(0, +))
            // Each part is within one of its exact quota.
            #expect(zip(parts, populations).allSatisfy { size >= Int(total) || abs(Double($0) - Double(size) * Double($1) / total) < 1 })
        }
    }
}

@Suite struct StratifiedReservoirTests {
    private func key(_ value: String?) -> StratumKey { StratumKey([value]) }

    /// Items 0..<count, item i in stratum `stratum(i)`.
    private func sample(count: Int, size: Int, seed: UInt64, stratum: (Int) -> String) -> StratifiedReservoir<Int> {
        var reservoir = StratifiedReservoir<Int>(size: size, seed: seed)
        for item in 0..<count { reservoir.offer(key(stratum(item))) { item } }
        return reservoir
    }

    @Test func theSameStreamAndSeedGiveTheSameSample() {
        let first = sample(count: 5000, size: 60, seed: 3) { "\($0 % 7)" }.draw()
        #expect(first.items == sample(count: 5000, size: 60, seed: 3) { "\($0 % 7)" }.draw().items)
        #expect(first.items != sample(count: 5000, size: 60, seed: 4) { "\($0 % 7)" }.draw().items)
        #expect(first.items.count == 60)
        #expect(first.items == first.items.sorted())  // stream order
    }

    @Test func strataSizesAreExactAndPartsProportional() {
        // Strata of 5000, 3000, 1500 and 500 items, interleaved.
        let drawn = sample(count: 10_000, size: 200, seed: 8, stratum: stratumName).draw()
        #expect(drawn.strata.map(\.key) == ["a", "b", "c", "d"].map { key($0) })
        #expect(drawn.strata.map(\.population) == [5000, 3000, 1500, 500])
        #expect(drawn.strata.map(\.items.count) == [100, 60, 30, 10])
        #expect(drawn.strata.allSatisfy { stratum in stratum.items.allSatisfy { key(self.stratumName($0)) == stratum.key } })
        #expect(drawn.strata[3].weight == 50)
    }

    /// "a" for half the items, "b" for 30%, "c" for 15%, "d" for 5%.
    private func stratumName(_ item: Int) -> String {
        item % 20 < 10 ? "a" : item % 20 < 16 ? "b" : item % 20 < 19 ? "c" : "d"
    }

    @Test func everyItemIsEquallyLikelyToBeDrawn() {
        // 2000 draws of 8 from 40 items in two strata of 30 and 10 (parts 6 and 2): each item is
        // drawn 400 times on average.
        var counts = [Int](repeating: 0, count: 40)
        for seed in 0..<2000 {
            for item in sample(count: 40, size: 8, seed: UInt64(seed), stratum: { $0 % 4 == 3 ? "rare" : "common" }).draw().items {
                counts[item] += 1
            }
        }
        #expect(counts.reduce(0, +) == 16_000)
        // Chi-square with 39 degrees of freedom: 72.1 is its 99.9th percentile.
        let chiSquare = counts.reduce(0.0) { $0 + (Double($1) - 400) * (Double($1) - 400) / 400 }
        #expect(chiSquare < 72.1, "counts \(counts)")
    }

    @Test func memoryIsBoundedByTheReservoirs() {
        var reservoir = StratifiedReservoir<[UInt8]>(size: 50, seed: 1)
        var copies = 0
        for item in 0..<30_000 {
            let stratum = item % 1000 == 0 ? "tiny" : item % 2 == 0 ? "even" : "odd"
            reservoir.offer(StratumKey([stratum])) {
                copies += 1
                return [UInt8](repeating: 1, count: 100)
            }
            #expect(reservoir.largestReservoir <= 50)
        }
        #expect(reservoir.held == 50 + 50 + 30)  // "tiny" has 30 items
        #expect(reservoir.count == 30_000)
        // Only kept items are copied: about size × (1 + ln(n / size)) per stratum, not n.
        #expect(copies < 1500, "\(copies) items copied")
        #expect(reservoir.draw().items.count == 50)
    }
}

@Suite struct CorpusSamplerTests {
    private func line(_ id: String, stage: Int?, rewriter: String?) -> String {
        let stageField = stage.map { ", \"stage\": \($0)" } ?? ""
        let meta = rewriter.map { ", \"meta\": {\"rewriter\": \"\($0)\"}" } ?? ""
        return "{\"id\": \"\(id)\", \"text\": \"<human>Hi.</human> <ai>Hello.</ai>\"\(stageField)\(meta)}"
    }

    private func add(_ text: String, number: Int, to sampler: inout CorpusSampler) -> CorpusSampler.Outcome {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { sampler.add(line: UnsafeBufferPointer($0), number: number) }
    }

    @Test func readsStrataFromStageAndMetaAndSkipsWhatImportRejects() throws {
        let fields = try StratumField.list("stage, meta.rewriter")
        var sampler = CorpusSampler(size: 4, fields: fields, seed: 5, schema: Fixtures.defaultSchema)
        var lines = (1...30).map { line("d\($0)", stage: $0 % 2 + 1, rewriter: $0 % 3 == 0 ? nil : "rw-\($0 % 3)") }
        lines.insert("{\"id\": \"bad\", \"text\": \"<ai>never closed\"}", at: 4)
        lines.insert("   ", at: 7)
        lines.insert("{\"id\": \"p\", \"text\": \"<ai>x</ai>\", \"answer\": \"reject\"}", at: 9)
        lines.insert("{not json", at: 12)
        var invalid: [Int] = []
        for (index, text) in lines.enumerated() {
            if case .invalid(let rejection) = add(text, number: index + 1, to: &sampler) { invalid += rejection.problems.map(\.line) }
        }
        #expect(invalid == [5, 13])
        #expect(sampler.documents == 30 && sampler.invalid == 2)

        let sample = sampler.draw()
        #expect(sample.strata.map(\.key.values) == [["1", nil], ["1", "\"rw-1\""], ["1", "\"rw-2\""], ["2", nil], ["2", "\"rw-1\""], ["2", "\"rw-2\""]])
        #expect(sample.strata.map(\.population) == [5, 5, 5, 5, 5, 5])
        #expect(sample.items.count == 4)

        let manifest = try JSONParser.parse(sampler.manifest(sample: sample, source: "c.jsonl", output: "s.jsonl", lines: lines.count))
        #expect(manifest["documents"]?.intValue == 30)
        #expect(manifest["invalid"]?.intValue == 2)
        #expect(manifest["sampled"]?.intValue == 4)
        #expect(manifest["stratify"]?.arrayValue?.compactMap(\.stringValue) == ["stage", "meta.rewriter"])
        let strata = try #require(manifest["strata"]?.arrayValue)
        #expect(strata.count == 6)
        #expect(strata[0]["key"]?["meta.rewriter"]?.value == .null)
        #expect(strata[1]["key"]?["meta.rewriter"]?.stringValue == "rw-1")
        #expect(strata[1]["key"]?["stage"]?.intValue == 1)
        #expect(strata.reduce(0) { $0 + ($1["population"]?.intValue ?? 0) } == 30)
    }

    @Test func keepsTheLinesItDrawsByteForByte() throws {
        var sampler = CorpusSampler(size: 3, fields: [], seed: 1, schema: Fixtures.defaultSchema)
        let lines = (1...10).map { line("é\($0)", stage: nil, rewriter: nil) }
        for (index, text) in lines.enumerated() { _ = add(text, number: index + 1, to: &sampler) }
        let items = sampler.draw().items
        #expect(items.count == 3)
        for item in items { #expect(String(decoding: item.bytes, as: UTF8.self) == lines[item.line - 1]) }
    }

    @Test func fieldsAreStageRewriterOrMeta() throws {
        #expect(try StratumField.list("stage,meta.rewriter,meta.a.b") == [.stage, .meta(["rewriter"]), .meta(["a", "b"])])
        #expect(try StratumField.list("rewriter, stage") == [.rewriter, .stage])
        #expect(try StratumField.list("") == [])
        for bad in ["rewriters", "meta", "meta.", "meta..x", "stage,id"] {
            #expect(throws: StratumFieldError.self) { try StratumField.list(bad) }
        }
    }
}
