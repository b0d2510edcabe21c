import Foundation
import GRDB
import TrellisCore
import TrellisModel
import TrellisStore
import TrellisTUI

/// The million-span document (issue 20), once, whatever the sizes (`--only huge`): one document
/// of `spans` spans (`LongDocumentGenerator`, about 15 MB of JSONL, under the import's line
/// limit) imported with `trellis import` as a child (time, peak RSS); then in process, on fresh
/// connections, the document opened where a reviewer left it to its first frame (median and
/// max of 5), and a review session on it: span moves (`j`, a thousand, across many windows),
/// `G` and `g`, boundary moves (`l` `h`, edits), relabels (`r a`, `r h`), undo and redo, each
/// timed from the key to the frame, with the process's peak RSS over the session (its
/// high-water mark lowered before opening); the span count the list shows for it; a decision on
/// the whole document (`F`, flag it) and edits while it stands, then its withdrawal; and the
/// in-document search (`HugeSearchBench`).
enum HugeBench {
    static func run(dataDirectory: String, trellis: String, spans: Int) throws -> [Figure] {
        let folder = "\(dataDirectory)/huge-\(spans)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let corpus = folder + "/huge.jsonl", database = folder + "/trellis.sqlite"
        if !FileManager.default.fileExists(atPath: corpus) {
            try (LongDocumentGenerator.line(id: "huge", spans: spans) + "\n").write(toFile: corpus, atomically: true, encoding: .utf8)
        }
        let bytes = FileSize.bytes(corpus)
        Report.progress("huge: one document of \(spans) spans, \(bytes / 1_000_000) MB of JSONL")
        FileSize.removeDatabase(database)
        let imported = try Child.check([trellis, "import", "--db", database, "--reviewer", "bench-import", "--quiet", corpus], scratch: folder)
        var figures = [Figure(
            name: "huge.import", size: spans,
            fields: [("seconds", .number((imported.seconds * 1000).rounded() / 1000)), ("peak_rss_mb", .number(imported.maxRSSMegabytes.rounded())), ("bytes", .int(bytes))],
            headline: "\(Format.ms(imported.seconds * 1000)), \(Int(imported.maxRSSMegabytes)) MB")]
        Report.progress("huge.import: \(Format.ms(imported.seconds * 1000)), \(Int(imported.maxRSSMegabytes)) MB")

        let opened = try AppDatabase.open(path: database)
        let documentID = try requireBenchValue(opened.documentID(named: "huge"), "the huge document was not imported")
        let middle = try requireBenchValue(opened.workingDocument(id: documentID, for: "bench-huge", near: nil)?.window?.length, "the huge document is not windowed") / 2
        try opened.savePosition(ReviewerPosition(documentID: documentID, spanIndex: 0), of: "bench-huge")

        // The list's counts for it.
        let row = try opened.documentPage(filter: .all, after: nil, before: nil, limit: 1, viewer: "bench-huge").first
        let listed = row?.spanCount ?? 0
        figures.append(Figure(name: "huge.list-count", size: spans, fields: [("span_count", .int(listed)), ("problem_count", .int(row?.problemCount ?? 0))],
                              headline: "\(listed) spans, \(row?.problemCount ?? 0) problems", target: "the list's span count true", met: listed == spans || listed == spans + 1))

        // Open to the first frame, on a fresh connection each time.
        PeakMemory.resetOwnPeak()
        let before = PeakMemory.peakBytes(of: getpid()) ?? 0
        var open = Samples()
        var runtime: AppRuntime?
        for _ in 0..<5 {
            let start = Clock.now()
            let session = try Project.session(path: database, reviewer: "bench-huge")
            let frame = session.frame
            open.add(Clock.milliseconds(since: start))
            consume(frame)
            guard session.state.screen == .document else { throw BenchError("huge: the document did not open: \(session.state.message?.text ?? "")") }
            runtime = session
        }
        figures.append(Figure(name: "huge.open", size: spans, fields: JSONValue.latency(open),
                              headline: "median \(Format.ms(open.median)), max \(Format.ms(open.max))", target: "< 100 ms to the first frame", met: open.max < 100))
        Report.progress("huge.open: median \(Format.ms(open.median)), max \(Format.ms(open.max))")

        // A review session: moves across windows, edits, undo and redo.
        let driver = KeyDriver(runtime: try requireBenchValue(runtime, "no session"))
        for _ in 0..<1000 { driver.press("j", "span-move") }
        driver.press("G", "span-move")
        driver.press("g", "span-move")
        for round in 0..<100 {
            if round == 50 { driver.runtime.send(.key(.character("G"))) }
            driver.press("j", "span-move")
            driver.press("l", "edit")
            driver.press("h", "edit")
            driver.relabelHumanAndBack("edit")
            driver.press("u", "undo")
            driver.press(.control("r"), "undo")
            driver.runtime.idle()
        }
        let peak = PeakMemory.peakBytes(of: getpid()) ?? 0
        let edits = driver.combined(["edit", "undo"])
        let rss = Double(peak) / 1_048_576
        figures.append(Figure(
            name: "huge.keys", size: spans,
            fields: JSONValue.latency(edits) + [("by_kind", driver.latencyByKind(["span-move", "edit", "undo"])), ("peak_rss_mb", .number(rss.rounded())),
                                                ("peak_rss_before_open_mb", .number((Double(before) / 1_048_576).rounded())), ("middle_offset", .int(middle))],
            headline: "edit p99 \(Format.ms(edits.p99)) (median \(Format.ms(edits.median))), move p99 \(Format.ms(driver.samples["span-move"]?.p99 ?? .nan)), peak RSS \(Int(rss)) MB",
            target: "edit p99 < 5 ms, memory bounded", met: edits.p99 < 5))
        Report.progress("huge.keys: edit p99 \(Format.ms(edits.p99)), span move p99 \(Format.ms(driver.samples["span-move"]?.p99 ?? .nan)), peak RSS \(Int(rss)) MB")
        figures.append(decided(driver, spans: spans))
        return figures + (try HugeSearchBench.run(driver.runtime, spans: spans))
    }
}

/// A decision on the whole document (`F`) and edits and undos while it stands (each has to tell
/// whether the decision is still current), then the decision withdrawn (`F` again).
private func decided(_ driver: KeyDriver, spans: Int) -> Figure {
    driver.press("F", "decide")
    for _ in 0..<50 {
        driver.press("j", nil)
        driver.press("l", "decided-edit")
        driver.press("h", "decided-edit")
        driver.press("u", "decided-edit")
        driver.press(.control("r"), "decided-edit")
        driver.runtime.idle()
    }
    driver.press("F", "decide")
    let edits = driver.combined(["decided-edit"]), decide = driver.combined(["decide"])
    Report.progress("huge.decided: decide max \(Format.ms(decide.max)), edit p99 \(Format.ms(edits.p99)) under the decision")
    return Figure(name: "huge.decided", size: spans, fields: [("decide", .object(JSONValue.latency(decide))), ("edits", .object(JSONValue.latency(edits)))],
                  headline: "decide max \(Format.ms(decide.max)), edit p99 \(Format.ms(edits.p99)) (median \(Format.ms(edits.median))) under it",
                  target: "edit p99 < 5 ms under a whole-document decision", met: edits.p99 < 5)
}

/// The value, or a benchmark error saying what is missing.
private func requireBenchValue<T>(_ value: T?, _ message: String) throws -> T {
    guard let value else { throw BenchError(message) }
    return value
}
