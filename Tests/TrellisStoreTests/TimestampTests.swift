import Foundation
import Testing
@testable import TrellisStore

/// Stored timestamps: ISO 8601 in UTC with milliseconds, as Foundation writes them, and read back
/// (times a binary fraction holds exactly, so that no rounding differs).
@Suite struct TimestampTests {
    @Test(arguments: [0, 0.125, 59.75, 951_782_400.5, 1_780_000_000.375, 4_102_444_799.875] as [Double])
    func writtenAsISO8601WithMillisecondsAndReadBack(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let written = Timestamp.string(from: date)
        #expect(written == formatter.string(from: Date(timeIntervalSince1970: (seconds * 1000).rounded(.down) / 1000)))
        #expect(written.count == 24)
        let read = try #require(Timestamp.seconds(from: written))
        #expect(abs(read - (seconds * 1000).rounded(.down) / 1000) < 0.0005)
    }
}
