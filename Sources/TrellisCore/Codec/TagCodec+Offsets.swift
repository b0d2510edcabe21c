extension TagCodec {
    /// Maps plain-text offsets back to offsets in the tagged text they were parsed from: each
    /// lands where the plain text reaches it, before any tags written at that place.
    /// `plainOffsets` need not be sorted; offsets past the end map to the end.
    public func taggedOffsets(ofPlain plainOffsets: [Int], in tagged: [Unicode.Scalar]) -> [Int] {
        let order = plainOffsets.indices.sorted { plainOffsets[$0] < plainOffsets[$1] }
        var result = [Int](repeating: tagged.count, count: plainOffsets.count)
        var next = 0
        var plain = 0
        var index = 0
        func settle() {
            while next < order.count, plainOffsets[order[next]] <= plain {
                result[order[next]] = index
                next += 1
            }
        }
        while index < tagged.count, next < order.count {
            settle()
            if tagged[index] == "<", let token = TagSyntax.token(in: tagged, at: index), tagNames.contains(token.name) {
                index += token.length
                continue
            }
            if tagged[index] == "&", let entity = TagSyntax.entity(in: tagged, at: index) {
                index += entity.length
            } else {
                index += 1
            }
            plain += 1
        }
        settle()
        return result
    }
}
