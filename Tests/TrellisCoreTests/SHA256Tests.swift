import Testing
@testable import TrellisCore
import TrellisTestSupport

struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        ("héllo 😀 漢字", "aa4cd0e14c8397884ce9671a071f2f3791da684338daae7c90a9d457dc51fde0"),
    ])
    func nistVectors(input: String, digest: String) {
        #expect(SHA256.hexDigest(input) == digest)
        #expect(SHA256.hexDigest(Array(input.utf8)) == digest)
        #expect(SHA256.hex(SHA256.hash(Array(input.utf8))) == digest)
    }

    @Test func oneMillionA() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(SHA256.hex(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the 55/56/64-byte padding boundaries (digests from Python's hashlib).
    @Test(arguments: [
        (55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b"),
        (56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27"),
        (63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055"),
        (64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241"),
        (65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e"),
        (119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e"),
        (120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5"),
        (127, "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07"),
        (128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6"),
    ])
    func paddingBoundaries(length: Int, digest: String) {
        let bytes = (0..<length).map { UInt8(($0 * 7 + 3) % 256) }
        #expect(SHA256.hexDigest(bytes) == digest)
    }

    @Test func randomChunkingMatchesOneShot() {
        var random = SeededRandom(seed: 42)
        for length in [0, 1, 63, 64, 65, 200, 1000, 4099] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let expected = SHA256.hash(message)
            #expect(expected.count == 32)
            for _ in 0..<20 {
                var hasher = SHA256()
                var offset = 0
                while offset < message.count {
                    let size = Int.random(in: 0...min(130, message.count - offset), using: &random)
                    if Bool.random(using: &random) {
                        hasher.update(Array(message[offset..<offset + size]))
                    } else {
                        message[offset..<offset + size].withUnsafeBytes { hasher.update($0) }
                    }
                    offset += size
                }
                #expect(hasher.finalize() == expected)
            }
        }
    }

    /// The CPU's SHA instructions (where this machine has them) and the portable code agree.
    @Test func acceleratedAndPortableBlocksAgree() {
        var random = SeededRandom(seed: 9)
        for length in [0, 55, 64, 65, 127, 128, 1000, 4096, 65_537] {
            let message = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            var portable = SHA256(accelerated: false), accelerated = SHA256(accelerated: true)
            portable.update(message)
            accelerated.update(message)
            #expect(portable.finalize() == accelerated.finalize(), "\(length) bytes")
        }
        var portable = SHA256(accelerated: false)
        portable.update("abc")
        #expect(SHA256.hex(portable.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func stringUpdatesHashUTF8() {
        var hasher = SHA256()
        hasher.update("héllo ")
        hasher.update("")
        hasher.update("😀 漢字")
        #expect(SHA256.hex(hasher.finalize()) == "aa4cd0e14c8397884ce9671a071f2f3791da684338daae7c90a9d457dc51fde0")
    }

    @Test func hexIsLowerCaseAndPadded() {
        #expect(SHA256.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(SHA256.hex([]) == "")
    }
}
