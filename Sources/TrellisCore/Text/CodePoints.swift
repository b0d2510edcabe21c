extension String {
    /// The string's code points as an array, decoded straight from its UTF-8. Same result as
    /// `Array(unicodeScalars)`, which goes through a generic path many times slower; import,
    /// export and the review screen turn every document into code points.
    public var codePoints: [Unicode.Scalar] {
        var string = self
        return string.withUTF8 { utf8 in
            var result: [Unicode.Scalar] = []
            result.reserveCapacity(utf8.count)
            var index = 0
            while index < utf8.count {
                let lead = utf8[index]
                if lead < 0x80 {
                    result.append(Unicode.Scalar(lead))
                    index += 1
                    continue
                }
                // A String's UTF-8 is always valid: the lead byte gives the length.
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                var value = UInt32(lead) & (0x7F >> length)
                for offset in 1..<length { value = value << 6 | UInt32(utf8[index + offset] & 0x3F) }
                result.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                index += length
            }
            return result
        }
    }
}
