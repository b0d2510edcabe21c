import Foundation
import TrellisTUI

/// The in-document search on the million-span document (`--only huge`, after its review session):
/// `/` with a word the text does not hold, from the first span, timed from Enter to the frame that
/// says so (the whole text searched, a step at a time as while no key waits), with the longest
/// step (the most a key can wait behind the search); then `N` from the first span, which goes
/// round to the last match near the document's end, timed to the frame of that far window; and
/// `E` from the first span, round to the last schema problem, likewise.
enum HugeSearchBench {
    static func run(_ runtime: AppRuntime, spans: Int) throws -> [Figure] {
        let driver = KeyDriver(runtime: runtime)
        driver.press("g", nil)
        driver.press("/", nil)
        driver.press(.control("u"), nil)
        driver.type("zebra")
        var steps = Samples()
        let start = Clock.now()
        driver.press(.enter, nil)
        while runtime.hasBackgroundWork {
            let step = Clock.now()
            runtime.backgroundStep()
            consume(runtime.frame)
            steps.add(Clock.milliseconds(since: step))
        }
        let whole = Clock.milliseconds(since: start)
        guard runtime.state.message?.text.contains("is not in this document") == true else {
            throw BenchError("huge.search: the search did not end saying so: \(runtime.state.message?.text ?? "")")
        }
        Report.progress("huge.search: no match in \(Format.ms(whole)) (\(steps.count) steps, median \(Format.ms(steps.median)), longest \(Format.ms(steps.max)))")

        driver.press("/", nil)
        driver.press(.control("u"), nil)
        driver.type("no")
        driver.press(.enter, nil)
        driver.press("g", nil)
        let far = Clock.now()
        runtime.send(.key(.character("N")))
        while runtime.hasBackgroundWork { runtime.backgroundStep() }
        consume(runtime.frame)
        let round = Clock.milliseconds(since: far)
        let landed = runtime.state.document.map { $0.base > 0 && $0.search?.focus != nil } ?? false
        guard landed else { throw BenchError("huge.search: N did not land on a match near the end: \(runtime.state.message?.text ?? "")") }
        Report.progress("huge.search: N round to the last match \(Format.ms(round))")

        driver.press("g", nil)
        let problem = Clock.now()
        runtime.send(.key(.character("E")))
        while runtime.hasBackgroundWork { runtime.backgroundStep() }
        consume(runtime.frame)
        let problemRound = Clock.milliseconds(since: problem)
        guard runtime.state.document.map({ $0.base > 0 && $0.problemFocus != nil }) == true else {
            throw BenchError("huge.search: E did not land on a problem near the end: \(runtime.state.message?.text ?? "")")
        }
        Report.progress("huge.search: E round to the last problem \(Format.ms(problemRound))")
        return [Figure(name: "huge.search", size: spans,
                       fields: [("no_match_ms", .ms(whole)), ("steps", .int(steps.count)), ("median_step_ms", .ms(steps.median)), ("longest_step_ms", .ms(steps.max)),
                                ("far_match_ms", .ms(round)),
                                ("far_problem_ms", .ms(problemRound))],
                       headline: "whole text \(Format.ms(whole)) (step median \(Format.ms(steps.median)), max \(Format.ms(steps.max))), far match \(Format.ms(round)), far problem \(Format.ms(problemRound))",
                       target: "a step < 5 ms, a far match or problem < 100 ms", met: steps.max < 5 && round < 100 && problemRound < 100)]
    }
}
