import Foundation
import SnapshotTesting
import Testing

/// Golden files: expected output kept in `Tests/Golden/`, for a reviewer to read in a diff.
///
/// A golden file is compared byte for byte (text that differs only in Unicode normalisation or
/// line endings differs); a mismatch is reported as swift-snapshot-testing's line diff.
/// `TRELLIS_RECORD_GOLDEN=1 swift test --filter NAME` writes what the tests produce instead of
/// comparing (then `git diff Tests/Golden` shows what changed).
public enum Golden {
    public static let recordVariable = "TRELLIS_RECORD_GOLDEN"

    /// Whether this run records golden files instead of comparing.
    public static var isRecording: Bool { ProcessInfo.processInfo.environment[recordVariable] == "1" }

    /// The golden file or folder `name` (a path inside `Tests/Golden`).
    public static func url(_ name: String) -> URL {
        precondition(!name.isEmpty && !name.split(separator: "/").contains(".."), "a golden name is a path inside Tests/Golden")
        return Fixtures.repositoryFile("Tests/Golden/\(name)")
    }

    /// Expects `actual` to be the golden file `name`, byte for byte (or records it).
    public static func expect(_ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        report(mismatch(Data(actual.utf8), name), sourceLocation)
    }

    /// Expects the files under `folder` (every level) to be the golden folder `name`: the same
    /// names, each byte for byte. Recording replaces the golden folder, so that a file no longer
    /// written disappears from it too.
    public static func expect(folder: URL, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let golden = url(name)
            if isRecording {
                try? FileManager.default.removeItem(at: golden)
                try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: folder, to: golden)
                return
            }
            guard FileManager.default.fileExists(atPath: golden.path) else {
                return report("no golden folder Tests/Golden/\(name) (record it with \(recordVariable)=1)", sourceLocation)
            }
            let (written, expected) = (try files(under: folder), try files(under: golden))
            var problems: [String] = []
            for missing in expected.subtracting(written).sorted() { problems.append("\(name)/\(missing): not written") }
            for extra in written.subtracting(expected).sorted() { problems.append("\(name)/\(extra): written but not in the golden folder") }
            for file in written.intersection(expected).sorted() {
                let data = try Data(contentsOf: folder.appendingPathComponent(file))
                if let problem = mismatch(data, "\(name)/\(file)") { problems.append(problem) }
            }
            report(problems.isEmpty ? nil : problems.joined(separator: "\n\n"), sourceLocation)
        } catch {
            Issue.record(error, sourceLocation: sourceLocation)
        }
    }

    /// `nil` when `actual` is the golden file `name` byte for byte (or was just recorded into
    /// it), else what differs.
    static func mismatch(_ actual: Data, _ name: String) -> String? {
        let url = url(name)
        do {
            if isRecording {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: url)
                return nil
            }
            guard FileManager.default.fileExists(atPath: url.path) else {
                return "no golden file Tests/Golden/\(name) (record it with \(recordVariable)=1)"
            }
            guard let difference = difference(expected: try Data(contentsOf: url), actual: actual) else { return nil }
            return "Tests/Golden/\(name) differs (− golden, + this run; re-record with \(recordVariable)=1 if the change is intended):\n\(difference)"
        } catch {
            return "Tests/Golden/\(name): \(error)"
        }
    }

    /// A line diff of two files' bytes, `nil` when they are the same. Carriage returns are shown
    /// as `␍`; when the lines still look the same (the bytes differ only in Unicode
    /// normalisation), every scalar outside ASCII is shown by its code point.
    public static func difference(expected: Data, actual: Data) -> String? {
        guard expected != actual else { return nil }
        let (old, new) = (String(decoding: expected, as: UTF8.self), String(decoding: actual, as: UTF8.self))
        for escape in [false, true] {
            if let (diff, _) = Diffing<String>.lines.diffV2(visible(old, escapingNonASCII: escape), visible(new, escapingNonASCII: escape)) {
                return diff
            }
        }
        return "the bytes differ where the text does not show it (not UTF-8?)"
    }

    private static func visible(_ text: String, escapingNonASCII: Bool) -> String {
        var shown = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": shown += "␍"
            case _ where escapingNonASCII && !scalar.isASCII: shown += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// The paths of the regular files under `folder`, relative to it; empty when it is missing.
    private static func files(under folder: URL) throws -> Set<String> {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: Set<String> = []
        while let path = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder), !isFolder.boolValue {
                files.insert(path)
            }
        }
        return files
    }

    private static func report(_ problem: String?, _ sourceLocation: SourceLocation) {
        if let problem { Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation) }
    }
}
