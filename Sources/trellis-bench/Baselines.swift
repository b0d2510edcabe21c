import Foundation

/// One run of the Python import baseline.
struct BaselineImportRun {
    var seconds: Double
    var maxRSSBytes: Int
    var documents: Int
    var spans: Int
}

/// The plain scripts the figures are compared with, run as child processes on the same machine
/// in the same run: `bench/baseline_import.py` (Python's json + sqlite3) and
/// `bench/baseline_eval_export.sql` (the sqlite3 shell's JSON functions).
enum Baselines {
    /// The Python interpreter itself (not a version manager's shim, whose start-up would count).
    static func python(scratch: String) throws -> String {
        let result = try Child.check(["python3", "-c", "import sys; print(sys.executable)"], scratch: scratch)
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !path.isEmpty else { throw BenchError("python3 did not say where it is") }
        return path
    }

    static func version(_ arguments: [String], scratch: String) -> String {
        guard let result = try? Child.run(arguments, scratch: scratch), result.status == 0 else { return "unavailable" }
        return (result.stdout + result.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: "\n").first.map(String.init) ?? ""
    }

    static func importRuns(_ workspace: Workspace, python: String, repetitions: Int) throws -> [BaselineImportRun] {
        let script = Options.repositoryRoot + "/bench/baseline_import.py"
        var runs: [BaselineImportRun] = []
        for repetition in 1...repetitions {
            let path = "\(workspace.scratch)/baseline-import.sqlite"
            FileSize.removeDatabase(path)
            let result = try Child.check([python, script, workspace.corpus, path], scratch: workspace.scratch)
            let summary = result.stdout
            func number(_ key: String) -> Int {
                guard let range = summary.range(of: "\"\(key)\": ") else { return 0 }
                return Int(summary[range.upperBound...].prefix { $0.isNumber }) ?? 0
            }
            runs.append(BaselineImportRun(seconds: result.seconds, maxRSSBytes: result.maxRSSBytes, documents: number("documents"), spans: number("spans")))
            Report.progress("python import \(repetition)/\(repetitions): \(Format.seconds(result.seconds)), \(Format.mb(result.maxRSSBytes)) peak")
            FileSize.removeDatabase(path)
        }
        return runs
    }

    /// The eval export written with the sqlite3 shell: seconds, peak RSS, bytes, lines.
    static func evalExport(_ workspace: Workspace, output: String) throws -> ChildResult {
        let script = Options.repositoryRoot + "/bench/baseline_eval_export.sql"
        return try Child.check(["sqlite3", "-batch", workspace.database], stdinPath: script, stdoutPath: output, scratch: workspace.scratch)
    }
}
