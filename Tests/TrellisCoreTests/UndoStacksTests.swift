import Testing
import TrellisCore

/// Undo and redo from the log: replaying it oldest first, and reading only its newest entries.
@Suite struct UndoStacksTests {
    /// Reads `log` newest first, counting the entries read.
    private static func tops(of log: [UndoStacks.Entry], read: inout Int) -> UndoStacks {
        var index = log.endIndex
        var count = 0
        let stacks = UndoStacks {
            guard index > log.startIndex else { return nil }
            index -= 1
            count += 1
            return log[index]
        }
        read = count
        return stacks
    }

    @Test func replayingFollowsEditsUndosAndRedos() {
        var stacks = UndoStacks(replaying: [.edit(1), .edit(2), .undo(2)])
        #expect(stacks.nextUndo == 1 && stacks.nextRedo == 2)
        stacks.record(.redo(2))
        #expect(stacks.nextUndo == 2 && stacks.nextRedo == nil)
        stacks.record(.undo(2))
        stacks.record(.edit(3))
        #expect(stacks.nextUndo == 3 && stacks.nextRedo == nil, "an edit empties the redo stack")
    }

    /// Random logs as the store writes them (an undo takes the undo stack's top, a redo the redo
    /// stack's): after every entry, reading newest first gives the tops replaying gives.
    @Test func readingNewestFirstGivesTheTopsReplayingGives() {
        var random = SeededRandom(seed: 20)
        for _ in 0..<300 {
            var log: [UndoStacks.Entry] = []
            var replayed = UndoStacks()
            var nextID: Int64 = 1
            for _ in 0..<Int.random(in: 1...60, using: &random) {
                let entry: UndoStacks.Entry
                switch Int.random(in: 0..<3, using: &random) {
                case 1 where replayed.nextUndo != nil: entry = .undo(replayed.nextUndo!)
                case 2 where replayed.nextRedo != nil: entry = .redo(replayed.nextRedo!)
                default: entry = .edit(nextID); nextID += 1
                }
                log.append(entry)
                replayed.record(entry)
                var read = 0
                let tops = Self.tops(of: log, read: &read)
                #expect(tops.nextUndo == replayed.nextUndo && tops.nextRedo == replayed.nextRedo, "\(log)")
            }
        }
    }

    @Test func readingNewestFirstStopsOnceBothTopsAreKnown() {
        let log: [UndoStacks.Entry] = (1...1000).map { .edit(Int64($0)) } + [.undo(1000)]
        var read = 0
        let tops = Self.tops(of: log, read: &read)
        #expect(tops.nextUndo == 999 && tops.nextRedo == 1000)
        #expect(read == 3, "the undo, the edit it undid and the edit under that, not the 998 before")
        let empty = Self.tops(of: [], read: &read)
        #expect(empty.nextUndo == nil && empty.nextRedo == nil && read == 0)
        let allUndone = Self.tops(of: [.edit(1), .edit(2), .undo(2), .undo(1)], read: &read)
        #expect(allUndone.nextUndo == nil && allUndone.nextRedo == 1 && read == 4)
    }
}
