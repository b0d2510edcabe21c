extension Keymap {
    /// The printable keys the review screen already uses, with what they do, so that rubric
    /// dimension keys cannot shadow them.
    public var reservedDocumentKeys: [Character: String] {
        var reserved: [Character: String] = [:]
        for command in Command.allCases where command.context == .document || command.context == .global {
            for case .character(let character) in keys(for: command) {
                reserved[character] = command.rawValue
            }
        }
        return reserved
    }
}
