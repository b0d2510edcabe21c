import Foundation

/// Golden files: expected output kept in `Tests/Golden/`, for a reviewer to read in a diff.
/// `TRELLIS_RECORD_GOLDEN=1 swift test --filter NAME` writes what the tests produce instead of
/// comparing (then `git diff Tests/Golden` shows what changed).
public enum Golden {
    public static let recordVariable = "TRELLIS_RECORD_GOLDEN"

    /// The golden file `name`.
    public static func url(_ name: String) -> URL {
        Fixtures.repositoryFile("Tests/Golden/\(name)")
    }

    /// `nil` when `actual` equals the golden file `name` (or was just recorded into it), else
    /// the first line that differs.
    public static func mismatch(_ actual: String, _ name: String) throws -> String? {
        let url = url(name)
        if ProcessInfo.processInfo.environment[recordVariable] == "1" {
            try Data(actual.utf8).write(to: url)
            return nil
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return "no golden file \(url.path) (record it with \(recordVariable)=1)"
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return nil }
        let (expectedLines, actualLines) = (expected.split(separator: "\n", omittingEmptySubsequences: false), actual.split(separator: "\n", omittingEmptySubsequences: false))
        let line = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
        let want = line < expectedLines.count ? String(expectedLines[line]) : "(end of file)"
        let got = line < actualLines.count ? String(actualLines[line]) : "(end of output)"
        return "\(name):\(line + 1): expected \(want)\n   got \(got)\n(re-record with \(recordVariable)=1 if the change is intended)"
    }
}
