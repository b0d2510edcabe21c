import Foundation
import Spawning

/// A monotonic clock in nanoseconds.
enum Clock {
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Milliseconds since `start`.
    static func milliseconds(since start: UInt64) -> Double {
        Double(now() - start) / 1_000_000
    }

    /// Runs `body` and returns its result with the milliseconds it took.
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = now()
        let result = try body()
        return (result, milliseconds(since: start))
    }
}

/// Measurements of one kind, with nearest-rank percentiles.
struct Samples {
    private(set) var values: [Double] = []

    init(_ values: [Double] = []) {
        self.values = values
    }

    mutating func add(_ value: Double) { values.append(value) }
    mutating func add(contentsOf other: Samples) { values += other.values }

    var count: Int { values.count }
    var isEmpty: Bool { values.isEmpty }

    /// The value at or below which `fraction` of the samples lie (nearest rank).
    func percentile(_ fraction: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }

    var median: Double { percentile(0.5) }
    var p99: Double { percentile(0.99) }
    var max: Double { values.max() ?? .nan }
    var min: Double { values.min() ?? .nan }
    var mean: Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }
}

/// What a finished child process reports.
struct ChildResult {
    var status: Int32
    var seconds: Double
    /// Peak resident set size of the child, from `wait4`'s `rusage` (bytes).
    var maxRSSBytes: Int
    var userSeconds: Double
    var systemSeconds: Double
    var stdout: String
    var stderr: String

    var maxRSSMegabytes: Double { Double(maxRSSBytes) / 1_048_576 }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs programs with `posix_spawn` and waits with `wait4`, which gives the child's peak RSS.
enum Child {
    /// Runs `arguments` (`arguments[0]` a path, or a name looked up on the PATH), with standard
    /// input from `stdinPath` (else /dev/null) and standard output to `stdoutPath` (else captured).
    static func run(_ arguments: [String], stdinPath: String? = nil, stdoutPath: String? = nil,
                    environment: [String: String] = [:], scratch: String) throws -> ChildResult {
        let capturedOut = "\(scratch)/child-\(getpid()).out"
        let capturedErr = "\(scratch)/child-\(getpid()).err"
        defer {
            unlink(capturedOut)
            unlink(capturedErr)
        }
        // The child's peak RSS as wait4 reports it is at least this process's own peak at the
        // moment of spawning (see PeakMemory); lower that floor to the current RSS first.
        PeakMemory.resetOwnPeak()
        let floor = PeakMemory.peakBytes(of: getpid()) ?? 0
        let start = Clock.now()
        let child = try ChildProcess.start(arguments, environment: ChildProcess.environment(overriding: environment)) { actions in
            posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, stdinPath ?? "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdoutPath ?? capturedOut, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, capturedErr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        let sampler = PeakMemory.Sampler(pid: child.pid)
        let ending = try child.wait()
        let usage = ending.usage
        let seconds = Clock.milliseconds(since: start) / 1000
        let sampled = sampler.stop()
        let reported = Int(usage.ru_maxrss) * 1024
        // Above the floor, wait4's figure is the child's own, exactly; at or below it, it is ours,
        // and the child's peak is what sampling its VmHWM saw.
        let peak = reported > floor + (1 << 20) ? reported : sampled
        func read(_ path: String) -> String {
            (FileManager.default.contents(atPath: path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        return ChildResult(
            status: ending.status, seconds: seconds, maxRSSBytes: peak,
            userSeconds: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
            systemSeconds: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
            stdout: stdoutPath == nil ? read(capturedOut) : "", stderr: read(capturedErr))
    }

    /// Runs and insists on exit status 0.
    static func check(_ arguments: [String], stdinPath: String? = nil, stdoutPath: String? = nil,
                      environment: [String: String] = [:], scratch: String, allowing: Set<Int32> = [0]) throws -> ChildResult {
        let result = try run(arguments, stdinPath: stdinPath, stdoutPath: stdoutPath, environment: environment, scratch: scratch)
        guard allowing.contains(result.status) else {
            throw BenchError("\(arguments.joined(separator: " ")) exited with \(result.status):\n\(result.stderr.suffix(2000))")
        }
        return result
    }
}

/// File and folder sizes.
enum FileSize {
    static func bytes(_ path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.reduce(0) { $0 + bytes("\(path)/\($1)") }
        }
        return Int(info.st_size)
    }

    /// A database with its WAL and shared-memory files.
    static func database(_ path: String) -> Int {
        bytes(path) + bytes(path + "-wal") + bytes(path + "-shm")
    }

    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
}

/// Keeps a value alive and observed, so that measured work is not optimised away.
@inline(never)
func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// Peak resident memory of processes.
///
/// `wait4` reports a child's peak RSS as the larger of the child's own peak and the peak of the
/// address space it replaced at `exec`: `posix_spawn` runs the child in this process's address
/// space until `exec` (vfork), so every child would seem to use at least as much memory as this
/// process had used so far. So the bench lowers its own high-water mark before spawning
/// (`/proc/self/clear_refs`), and samples the child's own `VmHWM` every 2 ms while it runs: a
/// peak above this process's is then exact from `wait4`, and one below is the last sample.
enum PeakMemory {
    /// VmHWM of `pid` in bytes, if it is running.
    static func peakBytes(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.dropFirst("VmHWM:".count).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }

    /// Lowers this process's high-water mark to its current RSS (Linux 4.0 and later).
    static func resetOwnPeak() {
        let descriptor = open("/proc/self/clear_refs", O_WRONLY)
        guard descriptor >= 0 else { return }
        _ = write(descriptor, "5", 1)
        close(descriptor)
    }

    /// Samples a child's VmHWM on a thread until stopped.
    final class Sampler: @unchecked Sendable {
        private let lock = NSLock()
        private var running = true
        private var peak = 0
        private let done = DispatchSemaphore(value: 0)

        init(pid: pid_t) {
            let thread = Thread { [self] in
                while lock.withLock({ running }) {
                    if let value = PeakMemory.peakBytes(of: pid) { lock.withLock { peak = max(peak, value) } }
                    usleep(2000)
                }
                done.signal()
            }
            thread.start()
        }

        /// Stops sampling and returns the highest VmHWM seen.
        func stop() -> Int {
            lock.withLock { running = false }
            done.wait()
            return lock.withLock { peak }
        }
    }
}

/// A command run several times as a child process: its wall times and its peak RSS.
struct ChildRuns {
    var seconds = Samples()
    var peakRSSBytes = 0

    /// Runs `arguments` `repetitions` times (each must exit 0), each after `prepare`, handing each
    /// result to `check`.
    init(_ arguments: [String], repetitions: Int, scratch: String, prepare: () throws -> Void = {},
         check: (ChildResult) throws -> Void = { _ in }) throws {
        for _ in 0..<repetitions {
            try prepare()
            let result = try Child.check(arguments, scratch: scratch)
            try check(result)
            seconds.add(result.seconds)
            peakRSSBytes = Swift.max(peakRSSBytes, result.maxRSSBytes)
        }
    }
}
