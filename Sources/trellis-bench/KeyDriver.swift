import Foundation
import GRDB
import TrellisStore
import TrellisTUI

/// Presses keys on an in-process review session and times each one from the action to the frame
/// in the off-screen grid: `send(.key)` runs reduce and performs the effects (every database
/// write committed), then `frame` renders. Samples are kept by category.
final class KeyDriver {
    let runtime: AppRuntime
    private(set) var samples: [String: Samples] = [:]
    private(set) var refused: [String: Int] = [:]
    /// Category names in the order first seen.
    private(set) var order: [String] = []

    init(runtime: AppRuntime) {
        self.runtime = runtime
    }

    /// Opens a session for `reviewer` starting on the list (any saved position forgotten).
    static func session(path: String, reviewer: String) throws -> KeyDriver {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DELETE FROM reviewer_state WHERE reviewer_id IN (SELECT id FROM reviewer WHERE name = ?)", arguments: [reviewer])
        }
        try queue.close()
        return KeyDriver(runtime: try Project.session(path: path, reviewer: reviewer))
    }

    /// Presses `key`; records the time under `category` when given. Returns false when the app
    /// answered with an error message (a refused edit, the end of the list).
    @discardableResult
    func press(_ key: KeyPress, _ category: String?) -> Bool {
        let start = Clock.now()
        runtime.send(.key(key))
        let frame = runtime.frame
        let ms = Clock.milliseconds(since: start)
        consume(frame)
        let failed = runtime.state.message?.isError ?? false
        if let category {
            if samples[category] == nil { order.append(category) }
            samples[category, default: Samples()].add(ms)
            if failed { refused[category, default: 0] += 1 }
        }
        return !failed
    }

    @discardableResult
    func press(_ character: Character, _ category: String?) -> Bool {
        press(.character(character), category)
    }

    /// Types text (unmeasured), e.g. a search.
    func type(_ text: String) {
        for character in text { press(.character(character), nil) }
    }

    var state: AppState { runtime.state }

    /// Whether the last key hit the end (or start) of the list.
    var atListEnd: Bool {
        guard let text = runtime.state.message?.text else { return false }
        return text.hasPrefix("this is the last document") || text.hasPrefix("this is the first document")
    }

    /// On a human span, relabels it `r a` and back `r h`, timing the mode keys (which write)
    /// under `category`; elsewhere nothing.
    func relabelHumanAndBack(_ category: String) {
        guard state.document?.currentSpan?.label == "human" else { return }
        press("r", nil)
        press("a", category)
        press("r", nil)
        press("h", category)
    }

    /// Each category's latencies and refusals, as a JSON object by category.
    func latencyByKind(_ categories: [String]) -> JSONValue {
        .object(categories.compactMap { name in
            samples[name].map { (name, .object(JSONValue.latency($0) + [("refused", .int(refused[name] ?? 0))])) }
        })
    }

    /// Every sample of the given categories together.
    func combined(_ categories: [String]? = nil) -> Samples {
        var all = Samples()
        for name in categories ?? order { if let values = samples[name] { all.add(contentsOf: values) } }
        return all
    }
}
