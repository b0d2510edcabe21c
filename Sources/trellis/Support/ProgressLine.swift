import Foundation

/// A one-line progress indicator on standard error, redrawn in place, shown only on a terminal.
final class ProgressLine {
    private let enabled: Bool
    private let label: String
    private var lastDraw = Date.distantPast
    private var visible = false

    init(enabled: Bool, label: String) {
        self.enabled = enabled
        self.label = label
    }

    /// Shows `done` of `total` bytes (at most ten times a second).
    func show(done: Int, total: Int?, detail: String) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        var text = "\(label): \(ByteCount.format(done))"
        if let total, total > 0 {
            text = "\(label): \(done * 100 / total)% (\(ByteCount.format(done)) of \(ByteCount.format(total)))"
        }
        StandardError.control(.eraseLine)
        StandardError.write("\(text), \(detail)")
        visible = true
    }

    /// Removes the indicator so that other output starts on a clean line.
    func clear() {
        guard visible else { return }
        StandardError.control(.eraseLine)
        visible = false
    }
}

/// Human-readable byte counts.
enum ByteCount {
    static func format(_ bytes: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
