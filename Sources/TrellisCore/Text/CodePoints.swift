extension String {
    /// The string's code points as an array, decoded straight from its UTF-8. Same result as
    /// `Array(unicodeScalars)`, which goes through a generic path many times slower; import,
    /// export and the review screen turn every document into code points.
    public var codePoints: [Unicode.Scalar] {
        var string = self
        return string.withUTF8 { utf8 in
            [Unicode.Scalar](unsafeUninitializedCapacity: utf8.count) { buffer, count in
                count = buffer.baseAddress.map { UTF8Decoding.decode(utf8, into: $0) } ?? 0
            }
        }
    }
}

/// Decoding of UTF-8 that is known to be valid (a `String`'s), without the checks, eight
/// ASCII bytes at a time.
enum UTF8Decoding {
    /// Writes the code points of `utf8` from `scalars` on, which has room for `utf8.count`;
    /// returns how many there were.
    @inline(__always)
    static func decode(_ utf8: UnsafeBufferPointer<UInt8>, into scalars: UnsafeMutablePointer<Unicode.Scalar>) -> Int {
        var count = 0
        var index = 0
        while index < utf8.count {
            if index &+ 8 <= utf8.count {
                let word = ByteWord.load(UnsafeRawPointer(utf8.baseAddress!), at: index)
                if ByteWord.nonASCII(word) == 0 {
                    for byte in 0..<8 {
                        scalars[count &+ byte] = Unicode.Scalar(UInt8(truncatingIfNeeded: word &>> UInt64(byte &* 8)))
                    }
                    count &+= 8
                    index &+= 8
                    continue
                }
            }
            let lead = utf8[index]
            if lead < 0x80 {
                scalars[count] = Unicode.Scalar(lead)
                count += 1
                index += 1
                continue
            }
            // Valid UTF-8: the lead byte gives the length.
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            var value = UInt32(lead) & (0x7F >> length)
            for offset in 1..<length { value = value << 6 | UInt32(utf8[index + offset] & 0x3F) }
            scalars[count] = Unicode.Scalar(value) ?? "\u{FFFD}"
            count += 1
            index += length
        }
        return count
    }
}
