import Testing
@testable import TrellisCore

/// Splits by document, stratified by stage: proportions kept per stage, the same seed the same
/// split, another seed another one, and `--split` read strictly.
@Suite struct DatasetSplitsTests {
    let splits = try! DatasetSplits(parsing: "train=0.8,validation=0.1,test=0.1", seed: 7)

    @Test func countsKeepTheProportionsWithLargestRemainders() {
        #expect(splits.counts(of: 10) == [8, 1, 1])
        #expect(splits.counts(of: 13) == [11, 1, 1])
        #expect(splits.counts(of: 5) == [4, 1, 0], "a tie of remainders goes to the earlier split")
        #expect(splits.counts(of: 1) == [1, 0, 0])
        #expect(splits.counts(of: 0) == [0, 0, 0])
        for count in 0..<300 { #expect(splits.counts(of: count).reduce(0, +) == count) }
    }

    @Test func assignmentFollowsTheKeysAndTheSeed() {
        let ids = (0..<200).map { "doc-\($0)" }
        let first = splits.assign(ids.map(splits.key(of:)))
        #expect(first == splits.assign(ids.map(splits.key(of:))))
        #expect((0..<3).map { split in first.filter { $0 == split }.count } == [160, 20, 20])
        let other = DatasetSplits(splits: splits.splits, seed: 8)
        #expect(other.assign(ids.map(other.key(of:))) != first)
        // A document's split depends on its rank, not on where it comes in the export.
        let reversed = splits.assign(ids.reversed().map(splits.key(of:)))
        #expect(Array(reversed.reversed()) == first)
    }

    @Test func badSpecificationsAreRefusedWithAReason() {
        for (text, reason) in [("train=0.8,test=0.1", "add up to"), ("train=0.8,train=0.2", "twice"), ("train", "NAME=FRACTION"),
                               ("tr ain=1", "split name"), ("train=-1,test=2", "above 0"), ("", "NAME=FRACTION")] {
            #expect(throws: SplitError.self) { try DatasetSplits(parsing: text, seed: 0) }
            do {
                _ = try DatasetSplits(parsing: text, seed: 0)
            } catch {
                #expect(error.description.contains(reason), "\(text): \(error)")
            }
        }
        #expect(splits.description == "train=0.8,validation=0.1,test=0.1")
    }
}
