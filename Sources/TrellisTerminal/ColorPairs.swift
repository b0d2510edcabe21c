import CNcurses
import TrellisTUI

/// Colour pairs, allocated the first time a (foreground, background) combination is drawn.
struct ColorPairs {
    /// Whether the terminal's own default colours can be used (`use_default_colors` succeeded).
    let hasDefaultColors: Bool
    private var pairs: [UInt8: Int16] = [:]

    init(hasDefaultColors: Bool) {
        self.hasDefaultColors = hasDefaultColors
    }

    /// The pair number for the combination; 0 (the terminal's default pair) for default on
    /// default, or when the terminal has no pairs left.
    mutating func pair(foreground: TermColor, background: TermColor) -> Int16 {
        if foreground == .default && background == .default { return 0 }
        let key = foreground.rawValue << 4 | background.rawValue
        if let pair = pairs[key] { return pair }
        let number = Int16(truncatingIfNeeded: pairs.count + 1)
        guard Int(number) < Int(trellis_color_pairs()),
              init_pair(number, colorNumber(foreground, fallback: COLOR_WHITE), colorNumber(background, fallback: COLOR_BLACK)) == OK
        else { return 0 }
        pairs[key] = number
        return number
    }

    /// The curses colour number; `.default` is -1 when default colours are available.
    private func colorNumber(_ color: TermColor, fallback: Int32) -> Int16 {
        guard color != .default else { return Int16(hasDefaultColors ? -1 : fallback) }
        return Int16(color.rawValue) - 1
    }
}
