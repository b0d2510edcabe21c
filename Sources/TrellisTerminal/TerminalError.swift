/// Why ``Terminal/start()`` failed.
public enum TerminalError: Error, Equatable, Sendable {
    /// Neither standard input and output nor /dev/tty is a terminal.
    case noTerminal
    /// ncurses could not set up a screen for this terminal type (e.g. an unknown `TERM`).
    case cannotInitialize(terminalType: String)
}
