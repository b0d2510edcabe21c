import TrellisCore

/// Breaks a line of text into lines of at most a given display width, after spaces where it can
/// (a word wider than a line is cut), so that messages, hints and help are read whole.
enum WordWrap {
    /// The lines of `text`, each at most `width` columns; the lines after the first start with
    /// `indent` spaces (a hanging indent) when that leaves room. Spaces inside a line are kept.
    static func lines(_ text: String, width: Int, indent: Int = 0) -> [String] {
        let width = max(1, width)
        let indent = indent < width / 2 ? indent : 0
        var lines: [String] = []
        var line = "", lineWidth = 0, wordsInLine = 0
        func finish() {
            while line.last == " " { line.removeLast() }
            lines.append(line)
            line = String(repeating: " ", count: indent)
            lineWidth = indent
            wordsInLine = 0
        }
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let wordWidth = SafeText.width(of: String(word))
            let gap = wordsInLine == 0 ? 0 : 1
            if lineWidth + gap + wordWidth > width, wordsInLine > 0, !word.isEmpty {
                finish()
            }
            if wordsInLine > 0 { line += " "; lineWidth += 1 }
            wordsInLine += 1
            if word.isEmpty, wordsInLine == 1, !lines.isEmpty { continue }
            for character in word {
                let characterWidth = SafeText.glyph(for: character).width
                if lineWidth + characterWidth > width, lineWidth > (lines.isEmpty ? 0 : indent) { finish(); wordsInLine = 1 }
                line.append(character)
                lineWidth += characterWidth
            }
        }
        finish()
        return lines
    }
}
