import Foundation
import Glibc
import TrellisTUI

/// Runs the app on the real terminal: draws each frame, turns keys into actions, refreshes when
/// another reviewer changes the database while idle, and always restores the terminal, on quit,
/// on error, on SIGINT/SIGTERM/SIGHUP/SIGQUIT (also while waiting for another process's lock)
/// and when the terminal goes away.
public enum TerminalSession {
    /// How long a key read waits before the loop checks signals and polls for others' changes.
    static let idleMilliseconds = 250

    /// Runs until the reviewer quits, a signal arrives or the terminal hangs up; returns the
    /// signal that ended it (SIGHUP for a hang-up), if any.
    @discardableResult
    public static func run(_ runtime: AppRuntime, forceMonochrome: Bool = false) throws -> Int32? {
        let terminal = Terminal()
        try terminal.start()
        defer { terminal.stop() }
        let size = terminal.size
        runtime.send(.resized(ScreenSize(rows: size.rows, cols: size.cols)))
        runtime.setMonochrome(forceMonochrome || !terminal.hasColors)
        // The busy callback runs on this thread, inside the database call that waits.
        nonisolated(unsafe) let screen = terminal
        nonisolated(unsafe) let app = runtime
        runtime.store.waits.onWait { seconds in screen.draw(app.waitingFrame(seconds: seconds)) }
        // A signal or a hang-up during a lock wait ends the wait (the action fails as busy, nothing is written).
        runtime.store.waits.giveUp { SignalTrap.pending != nil || screen.isHungUp() }
        defer { runtime.store.waits.giveUp { false } }
        runtime.start()
        // Leaving by a signal or a hang-up saves where the reviewer was (quitting by key does).
        defer { runtime.leave() }
        var redraws = runtime.state.redraws
        while !runtime.state.shouldQuit {
            if runtime.state.redraws != redraws {
                redraws = runtime.state.redraws
                terminal.repaintAll()
            }
            terminal.draw(runtime.frame)
            if let signal = terminal.pendingSignal { return signal }
            // Background work (a count of the list) goes on a step at a time while no key waits.
            let background = runtime.hasBackgroundWork
            guard let key = terminal.readKey(timeoutMilliseconds: background ? 0 : idleMilliseconds) else {
                if let signal = terminal.pendingSignal { return signal }
                if terminal.hasHungUp || terminal.isHungUp() { return SIGHUP }
                if background { runtime.backgroundStep() } else { runtime.idle() }
                continue
            }
            if key == .resize {
                let size = terminal.size
                runtime.send(.resized(ScreenSize(rows: size.rows, cols: size.cols)))
            } else {
                runtime.send(.key(key))
            }
        }
        return nil
    }
}
