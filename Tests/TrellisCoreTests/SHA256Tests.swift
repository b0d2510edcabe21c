import Crypto
import Testing
import TrellisCore

/// SHA-256 itself is swift-crypto's; these pin what Trellis builds on it: hex digests of text and
/// bytes, hashing in pieces, and the content hash stored for every imported document (which must
/// never change, or re-imports would see every document as changed).
struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),  // bytes below 0x10 keep their 0
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("héllo 😀 漢字", "aa4cd0e14c8397884ce9671a071f2f3791da684338daae7c90a9d457dc51fde0"),
    ])
    func vectors(input: String, digest: String) {
        #expect(SHA256.hexDigest(input) == digest)
        #expect(SHA256.hexDigest(Array(input.utf8)) == digest)
    }

    @Test func piecesHashLikeTheWhole() {
        var hasher = SHA256()
        for piece in ["héllo ", "", "😀", " 漢字"] { hasher.update(utf8: piece) }
        #expect(hasher.finalize().hex == "aa4cd0e14c8397884ce9671a071f2f3791da684338daae7c90a9d457dc51fde0")
    }

    /// Digests from Python's hashlib over the same fields, NUL after each.
    @Test func contentHashesAreStable() {
        #expect(DocumentLineDecoder.contentHash(id: "d1", tagged: "<human>Hello.</human> <ai>Hi, 漢字 😀.</ai>", source: nil, stage: 2, canonicalMeta: #"{"a":1}"#)
            == "d9e14d1411edcbe1bf393a0d889e0e0900d14bfaa17a8017285f855d4498bc84")
        #expect(DocumentLineDecoder.contentHash(id: "d2", tagged: "<ai>x</ai>", source: "src text", stage: nil, canonicalMeta: nil)
            == "86b08ca57ed99e1201a81e15309110eb349a4cce23f3e075b285e58e8ea89b7d")
    }
}
