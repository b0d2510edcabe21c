import Foundation
import TrellisModel

extension BusySignal {
    /// SQLite's busy callback: sleeps a little (20 ms a try) and says whether to keep waiting,
    /// telling the listener every tenth try.
    func wait(tries: Int) -> Bool {
        let step: TimeInterval = 0.02
        guard keepWaiting(after: Double(tries) * step, report: tries % 10 == 0) else { return false }
        Thread.sleep(forTimeInterval: step)
        return true
    }
}
