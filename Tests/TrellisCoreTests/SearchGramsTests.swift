import Testing
import TrellisCore

/// The search index's grams: a text has every gram of each of its substrings (in any case of
/// ASCII letters), and a chunk's rows say exactly which blocks have which bucket.
@Suite struct SearchGramsTests {
    private func bits(of texts: [String]) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: SearchGrams.words)
        words.withUnsafeMutableBufferPointer { pointer in
            for text in texts { SearchGrams.add(text, to: pointer.baseAddress!) }
        }
        return words
    }

    private func has(_ words: [UInt64], _ query: SearchGrams.Query) -> Bool {
        let present = query.buckets.map { words[$0 / 64] >> UInt64($0 % 64) & 1 == 1 }
        return query.isEmpty || (query.needsAll ? present.allSatisfy { $0 } : present.contains(true))
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func everySubstringOfATextIsFoundInItsGramsInAnyCase(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let alphabet = Array("abcXYZ 12é日本語😤\n\t-_%")
        for _ in 0..<200 {
            let text = String((0..<Int.random(in: 1...40, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let words = bits(of: ["an id", text])
            let characters = Array(text)
            let start = Int.random(in: 0..<characters.count, using: &random)
            let end = Int.random(in: start...characters.count, using: &random)
            let part = String(characters[start..<end])
            // ASCII letters in either case (others keep their bytes).
            let upper = String(part.map { $0.isASCII ? Character($0.uppercased()) : $0 })
            let lower = String(part.map { $0.isASCII ? Character($0.lowercased()) : $0 })
            for variant in [part, upper, lower] {
                let found = has(words, SearchGrams.query(variant))
                #expect(found, "“\(variant)” in “\(text)”")
            }
        }
    }

    @Test func gramsATextLacksRuleItOut() {
        let words = bits(of: ["gen-17", "I forgot my umbrella again."])
        for absent in ["umbrellas", "zq", "q", "gen-18", "日本"] {
            let found = has(words, SearchGrams.query(absent))
            #expect(!found, "“\(absent)”")
        }
        for present in ["UMBRELLA", "n-1", "y", "n.", "I f", "I"] {
            let found = has(words, SearchGrams.query(present))
            #expect(found, "“\(present)”")
        }
        #expect(SearchGrams.query("").isEmpty)
    }

    @Test func aChunksRowsSayWhichBlocksHaveEachBucket() {
        var random = SeededRandom(seed: 7)
        let chunk = 3
        let firstID = Int64(chunk * SearchChunkBits.blocksPerChunk) * SearchChunkBits.documentsPerBlock
        var chunkBits = SearchChunkBits(chunk: chunk)
        var expected: [Int: [UInt64]] = [:]
        let words = ["umbrella", "bread", "日本語", "rain", "x"]
        for _ in 0..<300 {
            let id = firstID + Int64.random(in: 0..<Int64(SearchChunkBits.blocksPerChunk) * SearchChunkBits.documentsPerBlock, using: &random)
            let text = (0..<3).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
            chunkBits.add(document: id, texts: ["d\(id)", text])
            let block = SearchChunkBits.block(of: id) - chunk * SearchChunkBits.blocksPerChunk
            let documentBits = bits(of: ["d\(id)", text])
            for bucket in 0..<SearchGrams.bucketCount where documentBits[bucket / 64] >> UInt64(bucket % 64) & 1 == 1 {
                expected[bucket, default: [UInt64](repeating: 0, count: SearchChunkBits.rowWords)][block / 64] |= 1 << UInt64(block % 64)
            }
        }
        var rows: [Int: [UInt64]] = [:]
        chunkBits.forEachRow { bucket, row in rows[bucket] = row }
        let same = rows == expected
        #expect(same, "\(rows.count) rows, \(expected.count) expected")
        #expect(SearchChunkBits.chunk(of: firstID) == chunk)
        #expect(SearchChunkBits.documents(inBlock: 2) == 128...191)
    }
}
