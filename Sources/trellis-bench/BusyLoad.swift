import Foundation
import Spawning

/// A busy host (`--busy`): another process that keeps one core loaded while the bench measures,
/// as other reviewers' jobs do on a shared SSH host. A shell loop, at normal priority, that ends
/// by itself when the bench does; when it stops, the CPU time it used says how much of a core it
/// really held.
final class BusyLoad {
    private let child: ChildProcess
    private let started = Clock.now()
    private var stopped = false

    init() throws {
        // Counts in the shell, and stops by itself when the bench is gone (killed before `stop`).
        let loop = "while kill -0 \(getpid()) 2>/dev/null; do i=0; while [ $i -lt 200000 ]; do i=$((i + 1)); done; done"
        child = try ChildProcess.start(["sh", "-c", loop]) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        Report.progress("busy host: process \(child.pid) keeps one core loaded")
    }

    /// Stops the load; the figure of how much of a core it held.
    func stop() throws -> Figure {
        stopped = true
        kill(child.pid, SIGKILL)
        let usage = try child.wait().usage
        let wall = Clock.milliseconds(since: started) / 1000
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        let share = wall > 0 ? cpu / wall : 0
        Report.progress(String(format: "busy host: the load held %.2f of a core over %.0f s", share, wall))
        return Figure(name: "busy-load", size: nil,
                      fields: [("wall_seconds", .round(wall, 1)), ("cpu_seconds", .round(cpu, 1)), ("cores_held", .round(share, 2))],
                      headline: String(format: "another process held %.2f of a core for the %.0f s of the run", share, wall))
    }

    /// Stops the load if `stop` did not (a run that failed).
    func end() {
        if !stopped { child.killAndReap() }
    }
}
