/// How many terminal columns text occupies, as glibc's `wcwidth`, xterm and tmux count them
/// (Unicode 15 East Asian Width, plus emoji presentation rules for whole grapheme clusters).
///
/// These are raw widths: control characters count 0. Text from documents is shown through
/// ``SafeText``, whose placeholders are 1 column wide; measure such text with
/// ``SafeText/width(of:)``.
public enum DisplayWidth {
    /// Columns of one grapheme cluster: 2 for flags, keycaps, emoji with VS16 and ZWJ emoji
    /// sequences, else the widest of its scalars (2 for East Asian Wide/Fullwidth and emoji
    /// presentation, 0 for a lone combining mark, control or invisible format character, else 1).
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let base = scalars.first else { return 0 }
        if isRegionalIndicator(base) {
            return scalars.count(where: isRegionalIndicator) >= 2 ? 2 : 1
        }
        if base.properties.isEmoji, isEmojiSequence(scalars, base: base) { return 2 }
        return scalars.reduce(0) { max($0, of($1)) }
    }

    /// Columns of a string: the sum over its grapheme clusters.
    public static func of(_ string: String) -> Int {
        string.reduce(0) { $0 + of($1) }
    }

    /// Columns of a single scalar, as `wcwidth` counts them (controls count 0, not -1).
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value >= 0x20 ? 1 : 0 }
        if value < 0xA0 { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .control, .lineSeparator, .paragraphSeparator:
            return 0
        case .format:
            return prependedConcatenationMarks.contains(value) ? 1 : 0
        default:
            break
        }
        // Hangul medial vowels and final consonants join the preceding leading consonant.
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return 0 }
        if isWide(value) || (scalar.properties.isEmojiPresentation && !isRegionalIndicator(scalar)) { return 2 }
        return 1
    }

    /// The format characters that are visible: signs spanning the digits after them (U+0600 …).
    private static let prependedConcatenationMarks: Set<UInt32> = [
        0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD,
    ]

    private static let variationSelector16: Unicode.Scalar = "\u{FE0F}"
    private static let zeroWidthJoiner: Unicode.Scalar = "\u{200D}"
    private static let combiningKeycap: Unicode.Scalar = "\u{20E3}"

    /// An emoji base shown as a 2-column emoji: followed by VS16 (keycaps need U+20E3 too when the
    /// base is ASCII), or joined by ZWJ to another emoji.
    private static func isEmojiSequence(_ scalars: Character.UnicodeScalarView, base: Unicode.Scalar) -> Bool {
        if base.isASCII {
            return scalars.contains(variationSelector16) && scalars.contains(combiningKeycap)
        }
        var previous = base
        for scalar in scalars.dropFirst() {
            if scalar == variationSelector16 { return true }
            if previous == zeroWidthJoiner, scalar.properties.isEmoji { return true }
            previous = scalar
        }
        return false
    }

    private static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F1E6...0x1F1FF).contains(scalar.value)
    }

    /// Binary search in ``wideRanges``.
    private static func isWide(_ value: UInt32) -> Bool {
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = wideRanges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    /// East Asian Width W and F ranges of Unicode 15.0 (EastAsianWidth.txt), sorted, merged; plus,
    /// as glibc has them, U+3248–U+324F (circled numbers on black squares) and U+4DC0–U+4DFF
    /// (Yijing hexagrams), which close the gaps in 0x3220...0xA48C.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55, 0x2E80...0x2E99,
        0x2E9B...0x2EF3, 0x2F00...0x2FD5, 0x2FF0...0x2FFB, 0x3000...0x303E, 0x3041...0x3096, 0x3099...0x30FF,
        0x3105...0x312F, 0x3131...0x318E, 0x3190...0x31E3, 0x31F0...0x321E, 0x3220...0xA48C,
        0xA490...0xA4C6, 0xA960...0xA97C, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
        0xFE30...0xFE52, 0xFE54...0xFE66, 0xFE68...0xFE6B, 0xFF01...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
        0x16FF0...0x16FF1, 0x17000...0x187F7, 0x18800...0x18CD5, 0x18D00...0x18D08, 0x1AFF0...0x1AFF3,
        0x1AFF5...0x1AFFB, 0x1AFFD...0x1AFFE, 0x1B000...0x1B122, 0x1B132...0x1B132, 0x1B150...0x1B152,
        0x1B155...0x1B155, 0x1B164...0x1B167, 0x1B170...0x1B2FB, 0x1F004...0x1F004, 0x1F0CF...0x1F0CF,
        0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248,
        0x1F250...0x1F251, 0x1F260...0x1F265, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C,
        0x1F37E...0x1F393, 0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4,
        0x1F3F8...0x1F43E, 0x1F440...0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E,
        0x1F550...0x1F567, 0x1F57A...0x1F57A, 0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F,
        0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF,
        0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0, 0x1F90C...0x1F93A,
        0x1F93C...0x1F945, 0x1F947...0x1F9FF, 0x1FA70...0x1FA7C, 0x1FA80...0x1FA88, 0x1FA90...0x1FABD,
        0x1FABF...0x1FAC5, 0x1FACE...0x1FADB, 0x1FAE0...0x1FAE8, 0x1FAF0...0x1FAF8, 0x20000...0x2FFFD,
        0x30000...0x3FFFD,
    ]
}
