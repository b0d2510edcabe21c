extension Unicode.Scalar {
    /// Whether this is Unicode white space (`properties.isWhitespace`), answered without the
    /// property table lookup for ASCII, which validation and text layout ask about constantly.
    @inline(__always)
    public var isWhitespace: Bool {
        isASCII ? value == 0x20 || (0x09...0x0D).contains(value) : properties.isWhitespace
    }
}
