import TrellisCore
import TrellisModel

/// What is left of the list's filter, at the right of its title: "decided 3/12 documents ·
/// 40/130 spans ▕███░░░░░░░▏ 31%", shortened to what fits ("40/130 spans ▕██░░░░▏ 31%", "31%").
enum ProgressText {
    static func draw(_ progress: ReviewProgress, row: Int, after column: Int, cols: Int, into grid: inout Grid) {
        let room = cols - column - 1
        guard room > 0, let text = variants(progress).first(where: { SafeText.width(of: $0) <= room }) else { return }
        grid.write(text, row: row, col: cols - 1 - SafeText.width(of: text), style: CellStyle(attributes: .bold))
    }

    /// From the longest to the shortest.
    static func variants(_ progress: ReviewProgress) -> [String] {
        let percent = progress.spans == 0 ? 100 : progress.spansDecided * 100 / progress.spans
        let spans = "\(progress.spansDecided)/\(progress.spans) span\(progress.spans == 1 ? "" : "s")"
        let documents = "\(progress.documentsDecided)/\(progress.documents) document\(progress.documents == 1 ? "" : "s")"
        return [
            "decided \(documents) · \(spans) \(bar(percent, width: 10)) \(percent)%",
            "\(progress.documentsDecided)/\(progress.documents) docs · \(spans) \(bar(percent, width: 6)) \(percent)%",
            "\(spans) \(bar(percent, width: 6)) \(percent)%",
            "\(percent)%",
        ]
    }

    /// "▕███░░░░░░░▏": `percent` of `width` cells filled.
    static func bar(_ percent: Int, width: Int) -> String {
        let filled = min(width, max(0, percent * width / 100))
        return "▕" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "▏"
    }
}
