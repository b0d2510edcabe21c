/// Finds where the records of a JSON input begin and end without parsing them, so that a file
/// of any size is read one record at a time: the elements of one top-level array
/// (`JSONLayout.array`), or a sequence of top-level values (`JSONLayout.values`). Each record is
/// then parsed on its own by `JSONParser`, which places its syntax errors.
///
/// The input arrives in pieces: `next` scans what it is given and keeps its state (nesting
/// depth, inside a string or not) between calls, so every byte is scanned once; the caller may
/// drop the bytes before `keepFrom` whenever `next` asks for more.
public struct JSONValueSplitter: Sendable {
    public enum Event: Hashable, Sendable {
        /// A record's bytes (absolute offsets; possibly not valid JSON, which its parser reports).
        case value(Range<Int>)
        /// Everything given has been scanned: call again with more bytes.
        case needMore
        /// The input ended where it may.
        case end
        /// The layout is broken at absolute byte `at` (a missing `[`, `,` or `]`); nothing after
        /// it can be read.
        case broken(String, at: Int)
    }

    private enum State: Hashable, Sendable {
        case start
        case beforeElement(afterComma: Bool)
        case afterElement
        case afterArray
        case beforeValue
        case inValue(start: Int, depth: Int, inString: Bool, escaped: Bool)
        case finished
    }

    public let layout: JSONLayout
    private var state = State.start
    /// Absolute offset of the next byte to scan.
    public private(set) var position = 0

    public init(layout: JSONLayout) {
        self.layout = layout
    }

    /// The first absolute offset the caller must still hold: the start of the record being
    /// scanned, else the next byte.
    public var keepFrom: Int {
        if case .inValue(let start, _, _, _) = state { return start }
        return position
    }

    /// The next event, scanning `buffer`, which holds the input's bytes from absolute offset
    /// `base` on (`base ≤ position`); `atEnd` when no more bytes will come after it.
    public mutating func next(_ buffer: UnsafeBufferPointer<UInt8>, base: Int, atEnd: Bool) -> Event {
        let limit = base + buffer.count
        func byte(_ offset: Int) -> UInt8 { buffer[offset - base] }
        func skipWhitespace() {
            while position < limit, Self.isWhitespace(byte(position)) { position += 1 }
        }
        while true {
            switch state {
            case .finished:
                return .end
            case .start:
                // A UTF-8 byte-order mark may open the file.
                if position == 0 {
                    let available = min(limit, 3)
                    if (0..<available).allSatisfy({ byte($0) == Self.byteOrderMark[$0] }) {
                        if available < 3, !atEnd { return .needMore }
                        if available == 3 { position = 3 }
                    }
                }
                skipWhitespace()
                guard position < limit else { return atEnd ? finish() : .needMore }
                if layout == .array {
                    guard byte(position) == UInt8(ascii: "[") else { return broken("expected '[' to open the array of records", at: position) }
                    position += 1
                    state = .beforeElement(afterComma: false)
                } else {
                    state = .beforeValue
                }
            case .beforeElement(let afterComma):
                skipWhitespace()
                guard position < limit else { return atEnd ? broken("unexpected end of input: the array is not closed with ']'", at: position) : .needMore }
                if byte(position) == UInt8(ascii: "]") {
                    if afterComma { return broken("expected a record after ','", at: position) }
                    position += 1
                    state = .afterArray
                } else {
                    state = .inValue(start: position, depth: 0, inString: false, escaped: false)
                }
            case .afterElement:
                skipWhitespace()
                guard position < limit else { return atEnd ? broken("unexpected end of input: the array is not closed with ']'", at: position) : .needMore }
                switch byte(position) {
                case UInt8(ascii: ","):
                    position += 1
                    state = .beforeElement(afterComma: true)
                case UInt8(ascii: "]"):
                    position += 1
                    state = .afterArray
                default:
                    return broken("expected ',' or ']' after a record", at: position)
                }
            case .afterArray:
                skipWhitespace()
                guard position < limit else { return atEnd ? finish() : .needMore }
                return broken("unexpected data after the array", at: position)
            case .beforeValue:
                skipWhitespace()
                guard position < limit else { return atEnd ? finish() : .needMore }
                state = .inValue(start: position, depth: 0, inString: false, escaped: false)
            case .inValue(let start, var depth, var inString, var escaped):
                while position < limit {
                    let current = byte(position)
                    if inString {
                        if escaped {
                            escaped = false
                        } else if current == UInt8(ascii: "\\") {
                            escaped = true
                        } else if current == UInt8(ascii: "\"") {
                            inString = false
                            if depth == 0 { return complete(start, end: position + 1) }
                        }
                        position += 1
                        continue
                    }
                    switch current {
                    case UInt8(ascii: "\""):
                        inString = true
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        if depth == 0 { return complete(start, end: position) }
                        depth -= 1
                        if depth == 0 { return complete(start, end: position + 1) }
                    case UInt8(ascii: ","):
                        if depth == 0 { return complete(start, end: position) }
                    default:
                        if depth == 0, Self.isWhitespace(current) { return complete(start, end: position) }
                    }
                    position += 1
                }
                state = .inValue(start: start, depth: depth, inString: inString, escaped: escaped)
                if atEnd {
                    // A truncated record: its parser says where it stops.
                    return complete(start, end: position)
                }
                return .needMore
            }
        }
    }

    private mutating func complete(_ start: Int, end: Int) -> Event {
        position = max(end, start + 1)
        state = layout == .array ? .afterElement : .beforeValue
        return .value(start..<position)
    }

    private mutating func finish() -> Event {
        state = .finished
        return .end
    }

    private mutating func broken(_ message: String, at offset: Int) -> Event {
        state = .finished
        return .broken(message, at: offset)
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
