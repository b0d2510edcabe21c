import Foundation
import TrellisTUI

/// Keystroke latency on the review screen: action → reduce → database write (committed) → frame,
/// over a mix of what reviewing is made of. Per document visited:
///
/// - span moves: `g` then up to four `j` (each also saves the reviewer's position: a write);
/// - boundary moves: the current span's end `h` `l` `h` `l` (character) and `b` `w` (word), each
///   an edit with a history entry, reloading the document;
/// - relabels: the first span `r a`, then `r h` back (the timed key is the mode key, which writes);
/// - page-downs: `ctrl-d` (scroll half a page) in the document, and every fifth document, back
///   on the list, five list page-downs (`space`, each a keyset page read) and `l` to open;
/// - searches in the text: `/e` typed (untimed), then `Enter` (finds every match, jumps to the
///   first) and `n` `n` (next match), timed as "search";
/// - document jumps: `}` to the next document (or the open from the list).
///
/// After each document the reviewer pauses to read the next one: the runtime's idle hook runs
/// (untimed), as the terminal session calls it after 250 ms without a key; that is when the
/// session's writes are checkpointed.
enum KeystrokeBench {
    static let categories = ["boundary", "relabel", "span-move", "page-down", "search", "document-jump"]

    static func run(_ workspace: Workspace, documents: Int) throws -> [Figure] {
        let driver = try KeyDriver.session(path: workspace.database, reviewer: "bench-keys")
        guard driver.press("l", "document-jump"), driver.state.screen == .document else {
            throw BenchError("keystrokes: cannot open the first document: \(driver.state.message?.text ?? "")")
        }
        for visited in 1...documents {
            if let spans = driver.state.document?.annotated.spans.count, spans > 0 {
                driver.press("g", "span-move")
                for _ in 0..<min(4, spans - 1) { driver.press("j", "span-move") }
                for _ in 0..<2 {
                    driver.press("h", "boundary")
                    driver.press("l", "boundary")
                }
                driver.press("b", "boundary")
                driver.press("w", "boundary")
                driver.press("g", "span-move")
                driver.relabelHumanAndBack("relabel")
            }
            driver.press(.control("d"), "page-down")
            driver.type("/e")
            driver.press(.enter, "search")
            driver.press("n", "search")
            driver.press("n", "search")
            if visited % 5 == 0 {
                driver.press("q", nil)
                for _ in 0..<5 {
                    // At the end of the list, back to the top.
                    driver.press(" ", "page-down")
                    if driver.atListEnd { driver.press("g", nil) }
                }
                driver.press("l", "document-jump")
            } else if !driver.press("}", "document-jump") {
                // The last document: start again from the first.
                driver.press("q", nil)
                driver.press("g", nil)
                driver.press("l", nil)
            }
            guard driver.state.screen == .document else {
                throw BenchError("keystrokes: lost the document screen after \(visited) documents: \(driver.state.message?.text ?? "")")
            }
            driver.runtime.idle()
        }

        let all = driver.combined(categories)
        var fields = JSONValue.latency(all) + [("documents_visited", .int(documents))]
        fields.append(("by_kind", driver.latencyByKind(categories)))
        let p99 = all.p99
        let detail = categories.compactMap { name in
            driver.samples[name].map { "\(name) \(Format.ms($0.p99))" }
        }.joined(separator: ", ")
        Report.progress("keystrokes: \(all.count) keys, median \(Format.ms(all.median)), p99 \(Format.ms(p99)) (p99 \(detail))")
        return [Figure(
            name: "keystroke", size: workspace.size, fields: fields,
            headline: "\(all.count) keys: median \(Format.ms(all.median)), p99 \(Format.ms(p99)), max \(Format.ms(all.max)) (p99 by kind: \(detail))",
            target: "p99 < 5 ms including the SQLite commit, the same at every size", met: p99 < 5)]
    }
}
