import CNcurses
import Glibc
import TrellisTUI

/// The ncurses screen: copies ``Grid``s to the terminal and reads keys.
///
/// Only one terminal may be started at a time (ncurses has one current screen), and it is used
/// from the thread that started it (the signals are unblocked there, to wake
/// ``readKey(timeoutMilliseconds:)``).
///
/// The app must call ``stop()`` on every exit path — normal quit, thrown error, and after
/// ``pendingSignal`` is set — e.g. with `defer { terminal.stop() }` right after ``start()``;
/// `deinit` is only a backstop. SIGTERM, SIGHUP, SIGINT and SIGQUIT do not kill the app while
/// the terminal runs: they end ``readKey(timeoutMilliseconds:)`` and set ``pendingSignal``, and
/// the app exits cleanly.
public final class Terminal {
    /// Cells the last ``draw(_:)`` sent to ncurses (after diffing with the previous grid).
    public private(set) var cellsWrittenLastDraw = 0
    /// Whether the terminal shows colours; false on monochrome terminals (e.g. `TERM=vt100`),
    /// where the app should draw markers instead and colours are ignored.
    public private(set) var hasColors = false

    private var screen: OpaquePointer?
    /// Streams this class opened (/dev/tty, or /dev/null when headless), closed on ``stop()``.
    private var openedFiles: [UnsafeMutablePointer<FILE>] = []
    private var signalTrap = SignalTrap()
    private var painter = CellPainter()
    private var lastDrawn: Grid?
    private var needsFullRedraw = true
    /// The descriptor keys are read from, to notice when the terminal goes away.
    private var inputDescriptor: Int32 = -1

    /// Whether the terminal went away (the window closed, the SSH connection dropped): reading
    /// keys found it hung up. The app should stop the terminal and exit, as for SIGHUP, whatever
    /// the disposition of SIGHUP (a shell that ignores it never passes it on).
    public private(set) var hasHungUp = false

    public init() {}

    deinit { stop() }

    /// Takes over the terminal: raw keys (^C, ^Z, ^S arrive as keys), no echo, hidden cursor,
    /// default colours, and the signal trap. Uses standard input/output, or /dev/tty when they are
    /// redirected, and the environment's locale (C.UTF-8 for characters if that is not UTF-8).
    /// Does nothing if already started.
    public func start() throws {
        guard screen == nil else { return }
        useUTF8Locale()
        let output: UnsafeMutablePointer<FILE>
        let input: UnsafeMutablePointer<FILE>
        if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
            (output, input) = (trellis_stdout(), trellis_stdin())
        } else {
            guard let ttyOut = fopen("/dev/tty", "w") else { throw TerminalError.noTerminal }
            guard let ttyIn = fopen("/dev/tty", "r") else {
                fclose(ttyOut)
                throw TerminalError.noTerminal
            }
            openedFiles = [ttyOut, ttyIn]
            (output, input) = (ttyOut, ttyIn)
        }
        try open(terminalType: nil, output: output, input: input)
    }

    /// Starts on an invisible screen of the given size for tests: output to /dev/null, input from
    /// /dev/null (so ``readKey(timeoutMilliseconds:)`` only reports resizes), `terminalType` from
    /// the terminfo database ("vt100" for a monochrome terminal). Read the screen back with
    /// `mvwin_wch` + `getcchar` on `trellis_stdscr()`.
    package func startHeadless(rows: Int, cols: Int, terminalType: String = "xterm-256color") throws {
        guard screen == nil else { return }
        useUTF8Locale()
        guard let output = fopen("/dev/null", "w") else { throw TerminalError.noTerminal }
        guard let input = fopen("/dev/null", "r") else {
            fclose(output)
            throw TerminalError.noTerminal
        }
        openedFiles = [output, input]
        try open(terminalType: terminalType, output: output, input: input)
        // resize_term, unlike resizeterm, does not queue a KEY_RESIZE.
        resize_term(Int32(rows), Int32(cols))
    }

    /// Rows and columns of the screen; (0, 0) when not started.
    public var size: (rows: Int, cols: Int) {
        guard screen != nil, let window = trellis_stdscr() else { return (0, 0) }
        return (Int(getmaxy(window)), Int(getmaxx(window)))
    }

    /// The signal (SIGTERM, SIGHUP, SIGINT or SIGQUIT) that arrived since ``start()``, if any.
    /// The app should then stop the terminal and exit.
    public var pendingSignal: Int32? { SignalTrap.pending }

    /// Copies `grid` to the screen. Only cells that differ from the last drawn grid are sent,
    /// unless the sizes differ or the terminal was resized; parts outside the screen are clipped.
    public func draw(_ grid: Grid) {
        guard screen != nil, let window = trellis_stdscr() else { return }
        var previous = needsFullRedraw ? nil : lastDrawn
        if previous?.rows != grid.rows || previous?.cols != grid.cols { previous = nil }
        if previous == nil { werase(window) }
        let (screenRows, screenCols) = size
        var written = 0
        for row in 0..<min(grid.rows, screenRows) {
            for col in 0..<min(grid.cols, screenCols) {
                let cell = grid[row, col]
                guard !cell.isContinuation, previous?[row, col] != cell else { continue }
                painter.paint(cell, row: row, col: col, room: screenCols - col, in: window)
                written += 1
            }
        }
        cellsWrittenLastDraw = written
        lastDrawn = grid
        needsFullRedraw = false
        wnoutrefresh(window)
        doupdate()
    }

    /// Makes the next ``draw(_:)`` clear the terminal and send every cell again, whatever was
    /// drawn before: for a screen another program wrote over (the redraw key).
    public func repaintAll() {
        needsFullRedraw = true
        if screen != nil, let window = trellis_stdscr() { clearok(window, true) }
    }

    /// Waits up to `timeoutMilliseconds` (negative: forever) for a key. Returns nil on timeout,
    /// for keys Trellis does not use, when not started, and when a signal arrived (see
    /// ``pendingSignal``). A terminal resize is reported as ``KeyPress/resize``, after which the
    /// next ``draw(_:)`` repaints everything.
    public func readKey(timeoutMilliseconds: Int) -> KeyPress? {
        guard screen != nil, pendingSignal == nil, let window = trellis_stdscr() else { return nil }
        wtimeout(window, Int32(clamping: timeoutMilliseconds))
        var code: wint_t = 0
        let status = wget_wch(window, &code)
        guard pendingSignal == nil else { return nil }
        if status == ERR, isHungUp() {
            hasHungUp = true
            return nil
        }
        let key: KeyPress? = switch status {
        case KEY_CODE_YES: KeyMapping.key(forKeyCode: code)
        case OK: KeyMapping.key(forCharacter: code)
        default: nil
        }
        if key == .resize { needsFullRedraw = true }
        return key
    }

    /// Whether the input has hung up, asked without waiting: `poll` reports POLLHUP or an error
    /// (a read would return 0 or EIO at once, forever). Safe to call from another thread.
    public func isHungUp() -> Bool {
        guard inputDescriptor >= 0 else { return false }
        var entry = pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 0) >= 0 else { return errno != EINTR }
        return entry.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    /// Gives the terminal back: `endwin`, frees the screen, restores the signal dispositions that
    /// were in place before ``start()``. Safe to call more than once and when never started.
    public func stop() {
        guard let screen else { return }
        endwin()
        delscreen(screen)
        self.screen = nil
        inputDescriptor = -1
        for file in openedFiles { fclose(file) }
        openedFiles = []
        signalTrap.restore()
        lastDrawn = nil
        needsFullRedraw = true
        hasColors = false
        painter = CellPainter()
    }

    /// Creates the ncurses screen on the given streams and sets the terminal modes.
    private func open(terminalType: String?, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>) throws {
        // ncurses installs its own SIGINT/SIGTERM handlers in newterm; record what was there before.
        let trap = SignalTrap.recordingCurrentDispositions()
        guard let newScreen = newterm(terminalType, output, input) else {
            for file in openedFiles { fclose(file) }
            openedFiles = []
            let name = terminalType ?? getenv("TERM").map { String(cString: $0) } ?? ""
            throw TerminalError.cannotInitialize(terminalType: name)
        }
        screen = newScreen
        inputDescriptor = fileno(input)
        hasHungUp = false
        set_term(newScreen)
        let window = trellis_stdscr()
        raw()
        noecho()
        nonl()
        keypad(window, true)
        leaveok(window, true)
        set_escdelay(25)
        curs_set(0)
        hasColors = has_colors()
        if hasColors {
            start_color()
            painter.colorPairs = ColorPairs(hasDefaultColors: use_default_colors() == OK)
        }
        signalTrap = trap
        trap.install()
    }

    /// Takes the locale from the environment; if its character set is not UTF-8 (e.g. `LANG`
    /// unset), uses C.UTF-8 for characters so that wide characters and `wcwidth` work.
    private func useUTF8Locale() {
        setlocale(LC_ALL, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }
}
