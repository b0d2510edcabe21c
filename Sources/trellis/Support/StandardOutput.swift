import TrellisCore

/// Printing to standard output: every line goes through ``SafeText``, to a terminal and to a pipe
/// alike (the output quotes documents, notes and names).
enum StandardOutput {
    static func line(_ text: String) {
        print(SafeText.escaped(text))
    }
}
