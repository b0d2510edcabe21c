import Foundation
import TrellisCore

/// Writing to standard error, and knowing whether it is a terminal (for progress indicators).
///
/// Text goes through ``SafeText`` on the way out, to a terminal and to a pipe alike: messages
/// quote documents, file names, notes and config files, none of which may reach a terminal raw.
enum StandardError {
    static let isTerminal = isatty(STDERR_FILENO) == 1

    static func write(_ text: String) {
        writeBytes(SafeText.escaped(text))
    }

    static func line(_ text: String) {
        write(text + "\n")
    }

    /// Writes one of Trellis's own control sequences (the progress line's carriage return and
    /// erase), on a terminal only; never text from elsewhere.
    static func control(_ sequence: ControlSequence) {
        guard isTerminal else { return }
        writeBytes(sequence.rawValue)
    }

    /// The control sequences Trellis itself writes.
    enum ControlSequence: String {
        /// Back to the start of the line and erase it.
        case eraseLine = "\r\u{1B}[K"
    }

    private static func writeBytes(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
