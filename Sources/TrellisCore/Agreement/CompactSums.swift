import Foundation

/// A compact binary form for sums kept between runs (agreement's cache): whole numbers and strings
/// as ``Varint`` writes them (LEB128, zigzag for signed ones), reals as their 8 bytes. Reading it back is many times faster than JSON, and every read is
/// checked: data cut short or malformed throws `CompactSums.Corrupt`, never traps.
public enum CompactSums {
    /// Data that is not what `Writer` wrote.
    public struct Corrupt: Error {
        public init() {}
    }

    /// Appends values to a byte buffer.
    public struct Writer {
        public private(set) var bytes: [UInt8] = []

        public init(capacity: Int = 4096) {
            bytes.reserveCapacity(capacity)
        }

        public var data: Data { Data(bytes) }

        /// A non-negative whole number (use `signed` for one that may be negative).
        public mutating func count(_ value: Int) {
            Varint.append(value, to: &bytes)
        }

        public mutating func signed(_ value: Int) {
            Varint.append(signed: value, to: &bytes)
        }

        public mutating func optional(_ value: Int?) {
            flag(value != nil)
            if let value { signed(value) }
        }

        public mutating func real(_ value: Double) {
            var bits = value.bitPattern
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: bits))
                bits >>= 8
            }
        }

        public mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

        /// How many `items` there are, then each as `write` writes it.
        public mutating func each<Items: Collection>(_ items: Items, _ write: (inout Writer, Items.Element) -> Void) {
            count(items.count)
            for item in items { write(&self, item) }
        }

        public mutating func string(_ value: String) {
            Varint.append(text: value, to: &bytes)
        }
    }

    /// Reads what `Writer` wrote, in the same order, from bytes valid while it is used.
    public struct Reader {
        @usableFromInline let bytes: UnsafeRawBufferPointer
        @usableFromInline var position = 0

        public init(_ bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        /// Whether every byte was read.
        public var isAtEnd: Bool { position == bytes.count }

        /// Bytes not read yet.
        public var remaining: Int { bytes.count - position }

        /// Most numbers kept are under 128: one byte, read inline.
        @inlinable
        public mutating func count() throws -> Int {
            guard position < bytes.count else { throw Corrupt() }
            let first = bytes[position]
            guard first >= 0x80 else {
                position += 1
                return Int(first)
            }
            return try longCount()
        }

        @usableFromInline
        mutating func longCount() throws -> Int {
            var varint = Varint.Reader(bytes: bytes, position: position)
            guard let value = varint.number() else { throw Corrupt() }
            position = varint.position
            return value
        }

        /// A count of things each at least `bytesEach` long still to read: no more than could fit.
        public mutating func count(ofItemsAtLeast bytesEach: Int) throws -> Int {
            let value = try count()
            guard value <= remaining / max(bytesEach, 1) else { throw Corrupt() }
            return value
        }

        public mutating func signed() throws -> Int {
            let zigzag = try count()
            return (zigzag >> 1) ^ -(zigzag & 1)
        }

        public mutating func optional() throws -> Int? {
            try flag() ? try signed() : nil
        }

        public mutating func real() throws -> Double {
            guard remaining >= 8 else { throw Corrupt() }
            var bits: UInt64 = 0
            for index in (0..<8).reversed() { bits = bits << 8 | UInt64(bytes[position + index]) }
            position += 8
            return Double(bitPattern: bits)
        }

        public mutating func flag() throws -> Bool {
            guard position < bytes.count, bytes[position] <= 1 else { throw Corrupt() }
            position += 1
            return bytes[position - 1] == 1
        }

        public mutating func string() throws -> String {
            var varint = Varint.Reader(bytes: bytes, position: position)
            guard let text = varint.text() else { throw Corrupt() }
            position = varint.position
            return text
        }
    }
}

/// A value kept in `CompactSums`' binary form.
public protocol CompactlyKept {
    func write(to writer: inout CompactSums.Writer)
    init(reading reader: inout CompactSums.Reader) throws
}

extension CompactlyKept {
    /// This value alone, in bytes.
    public var compactData: Data {
        var writer = CompactSums.Writer()
        write(to: &writer)
        return writer.data
    }

    /// The value `data` holds whole (nothing left over).
    public init(compactData data: Data) throws {
        self = try data.withUnsafeBytes { bytes in
            var reader = CompactSums.Reader(bytes)
            let value = try Self(reading: &reader)
            guard reader.isAtEnd else { throw CompactSums.Corrupt() }
            return value
        }
    }
}

extension F1Score: CompactlyKept {
    public func write(to writer: inout CompactSums.Writer) {
        writer.count(matched)
        writer.count(countA)
        writer.count(countB)
    }

    public init(reading reader: inout CompactSums.Reader) throws {
        self.init(matched: try reader.count(), countA: try reader.count(), countB: try reader.count())
    }
}
