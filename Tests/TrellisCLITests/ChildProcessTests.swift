import Foundation
import Spawning
import Testing
import TrellisTestSupport

/// The one way tests and benchmarks run programs: outputs read while the child runs, input fed,
/// statuses as a shell reports them, and a time limit that kills a hung child.
@Suite struct ChildProcessTests {
    @Test func aHungTrellisIsKilledAndTheTestIsToldWhich() throws {
        let directory = try TemporaryDirectory()
        let fifo = directory.path("no-writer.jsonl")
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opening a FIFO that nobody writes to blocks forever: a hung child.
        let started = ContinuousClock.now
        do {
            _ = try TrellisProcess.run(["validate", fifo], timeout: .milliseconds(500))
            Issue.record("a run that cannot finish returned")
        } catch let error as SpawnError {
            guard case .timedOut = error else { throw error }
            #expect(error.description.contains("trellis validate \(fifo) did not finish within"), "\(error)")
            #expect(error.description.contains("killed"))
        }
        #expect(started.duration(to: .now) < .seconds(30))
    }

    @Test func aTimedOutChildIsGoneAfterwards() throws {
        let child = try ChildProcess.start(["sleep", "30"]) { _ in }
        #expect(throws: SpawnError.self) { try child.wait(until: .now + .milliseconds(100), limit: .milliseconds(100)) }
        #expect(kill(child.pid, 0) == -1 && errno == ESRCH, "killed and reaped")
    }

    @Test func statusesAndBothOutputsAreKeptApart() throws {
        let run = try CapturedRun.run(["sh", "-c", "echo out; echo err >&2; exit 3"], timeout: .seconds(60))
        #expect(run.status == 3)
        #expect(run.stdout == "out\n")
        #expect(run.stderr == "err\n")
        let merged = try CapturedRun.run(["sh", "-c", "echo out; echo err >&2"], output: .merged, timeout: .seconds(60))
        #expect(merged.stdout == "out\nerr\n")
        #expect(try CapturedRun.run(["sh", "-c", "kill -TERM $$"], timeout: .seconds(60)).status == 128 + SIGTERM)
    }

    /// A child that writes more than a pipe holds on both outputs, while reading more than a pipe
    /// holds of input, finishes: everything moves at once.
    @Test func largeInputAndOutputsDoNotDeadlock() throws {
        let input = Array(String(repeating: "trellis\n", count: 200_000).utf8)
        let run = try CapturedRun.run(["sh", "-c", "tee /dev/stderr"], input: input, timeout: .seconds(60))
        #expect(run.status == 0)
        #expect(run.stdout.utf8.count == input.count)
        #expect(run.stderr.utf8.count == input.count)
    }

    @Test func aChildThatIgnoresItsInputDoesNotHurtTheCaller() throws {
        let run = try CapturedRun.run(["true"], input: [UInt8](repeating: 65, count: 1 << 20), timeout: .seconds(60))
        #expect(run.status == 0)
    }

    @Test func theEnvironmentIsInheritedWithOverrides() throws {
        let run = try CapturedRun.run(["sh", "-c", "echo \"$TRELLIS_TEST_VALUE:$PATH\""], environment: ["TRELLIS_TEST_VALUE": "set"], timeout: .seconds(60))
        #expect(run.stdout.hasPrefix("set:"))
        #expect(run.stdout.count > "set:\n".count, "PATH is inherited")
    }

    /// Signals this thread blocks are not blocked in the child (tmux and trellis need theirs), and
    /// none of the standard ones is ignored (glibc keeps 32 and 33 for itself).
    @Test func theChildStartsWithNoSignalBlockedOrIgnored() throws {
        var blocked = sigset_t(), previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGUSR1)
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let status = try CapturedRun.run(["cat", "/proc/self/status"], timeout: .seconds(60)).stdout
        let masks = status.split(separator: "\n").filter { $0.hasPrefix("SigBlk:") || $0.hasPrefix("SigIgn:") }
        #expect(masks.count == 2)
        for mask in masks {
            let bits = try #require(UInt64(mask.split(separator: "\t").last ?? "", radix: 16), "\(mask)")
            #expect(bits & 0x7FFF_FFFF == 0, "\(mask)")
        }
    }

    /// Runs on several threads close only their own descriptors, each once: a second close of
    /// a number another thread has just opened a file under would close that file (SQLite saw
    /// "disk I/O error" when it did).
    @Test func runsOnSeveralThreadsLeaveOtherFilesOpen() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("mine.txt", "x")
        let closedUnderneath = Counter(), runsLeft = Counter()
        runsLeft.add(3)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            if worker == 0 {
                while runsLeft.value > 0 {
                    let descriptor = open(path, O_RDONLY)
                    for _ in 0..<20 where lseek(descriptor, 0, SEEK_SET) < 0 { closedUnderneath.add() }
                    close(descriptor)
                }
            } else {
                for _ in 0..<100 { _ = try? CapturedRun.run(["true"], input: [1, 2, 3], timeout: .seconds(10)) }
                runsLeft.add(-1)
            }
        }
        #expect(closedUnderneath.value == 0)
    }

    @Test func aMissingProgramIsAnError() {
        #expect(throws: SpawnError.self) { try CapturedRun.run(["trellis-no-such-program"], timeout: .seconds(60)) }
    }
}

/// A count kept from several threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ amount: Int = 1) { lock.withLock { count += amount } }
    var value: Int { lock.withLock { count } }
}
