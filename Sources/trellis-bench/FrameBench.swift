import Foundation
import GRDB
import TrellisModel
import TrellisStore
import TrellisTUI

/// Database open to first rendered frame, in process: `AppDatabase.open`, the project files,
/// `AppRuntime.start()` (first list page and its count, or the document the reviewer left) and
/// the first `frame` into the off-screen grid, each time on a fresh connection.
enum FrameBench {
    static func run(_ workspace: Workspace, repetitions: Int) throws -> [Figure] {
        let path = workspace.database
        // A reviewer who left off in the middle of the corpus, for the resume case.
        let middle = try DatabaseQueue(path: path).read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM document ORDER BY id LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM document)")
        } ?? 1
        let opened = try AppDatabase.open(path: path)
        try opened.savePosition(ReviewerPosition(documentID: middle, spanIndex: 2), of: "bench-resume")
        try Corpus.write(database: path) { db in
            try db.execute(sql: "DELETE FROM reviewer_state WHERE reviewer_id IN (SELECT id FROM reviewer WHERE name = 'bench-open')")
        }

        var figures: [Figure] = []
        for (name, reviewer, screen) in [("open.list", "bench-open", Screen.list), ("open.resume", "bench-resume", Screen.document)] {
            var samples = Samples()
            var first = 0.0
            for repetition in 0..<repetitions {
                let start = Clock.now()
                let runtime = try Project.session(path: path, reviewer: reviewer)
                let frame = runtime.frame
                let ms = Clock.milliseconds(since: start)
                consume(frame)
                guard runtime.state.screen == screen, !(runtime.state.message?.isError ?? false) else {
                    throw BenchError("\(name): the first screen is not the expected one: \(runtime.state.message?.text ?? "")")
                }
                if repetition == 0 { first = ms }
                samples.add(ms)
                if reviewer == "bench-open" {
                    // Opening the list must not leave a position behind for the next repetition.
                    try Corpus.write(database: path) { db in
                        try db.execute(sql: "DELETE FROM reviewer_state WHERE reviewer_id IN (SELECT id FROM reviewer WHERE name = 'bench-open')")
                    }
                }
            }
            let worst = samples.max
            figures.append(Figure(
                name: name, size: workspace.size,
                fields: JSONValue.latency(samples) + [("first_in_process_ms", .ms(first))],
                headline: "median \(Format.ms(samples.median)), max \(Format.ms(worst))",
                target: "< 100 ms (every repetition), the same at every size", met: worst < 100))
            Report.progress("\(name): median \(Format.ms(samples.median)), max \(Format.ms(worst))")
        }
        return figures
    }
}
