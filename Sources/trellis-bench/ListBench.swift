import Foundation
import TrellisTUI

/// The document list: paging (keyset pages of 21 rows on 80×24) and filtering (each filter
/// loads its first page and counts its matches), timed key → frame like the keystrokes.
enum ListBench {
    /// Searches typed after `/`, by name.
    static let searches: [(name: String, query: String)] = [
        ("search.id-prefix", "gen-4242"),
        ("search.text", "umbrella"),
        ("search.mode", "mode:quote"),
        ("search.rating", "rating:honesty<=2"),
        ("search.stage-problems", "stage:2 problems"),
    ]

    static func run(_ workspace: Workspace, pages: Int, repetitions: Int) throws -> [Figure] {
        let driver = try KeyDriver.session(path: workspace.database, reviewer: "bench-list")
        guard driver.state.screen == .list else { throw BenchError("list: the session did not start on the list") }

        for _ in 0..<pages {
            driver.press(" ", "list.page-down")
            if driver.atListEnd { driver.press("g", nil) }
        }
        for _ in 0..<pages / 2 {
            driver.press(.control("u"), "list.page-up")
            if driver.atListEnd { driver.press("G", nil) }
        }
        for _ in 0..<repetitions * 2 {
            driver.press("G", "list.last")
            driver.press("g", "list.first")
        }
        for _ in 0..<repetitions {
            driver.press("e", "filter.problems")
            driver.press("e", "filter.problems")
            for _ in 0..<6 { driver.press("s", "filter.status") }
            driver.press("c", nil)
            for _ in 0..<5 { driver.press("t", "filter.stage") }
            driver.press("c", nil)
            for search in searches {
                driver.press("/", nil)
                driver.type(search.query)
                guard driver.press(.enter, search.name) else {
                    throw BenchError("list: the search \(search.query) was refused: \(driver.state.message?.text ?? "")")
                }
                for _ in 0..<4 {
                    driver.press(" ", "filter.page-down")
                    if driver.atListEnd { break }
                }
                driver.press("c", "filter.clear")
            }
        }

        var figures: [Figure] = []
        for name in driver.order {
            guard let samples = driver.samples[name] else { continue }
            var figure = Figure(
                name: name, size: workspace.size, fields: JSONValue.latency(samples),
                headline: "median \(Format.ms(samples.median)), p99 \(Format.ms(samples.p99)), max \(Format.ms(samples.max)) (n=\(samples.count))")
            if name.hasPrefix("search.") {
                // The first page of each search word, its count left to the idle steps.
                figure.target = "first page < 100 ms, also at 1M documents"
                figure.met = samples.max < 100
            }
            figures.append(figure)
        }
        let paging = driver.combined(["list.page-down", "list.page-up", "list.last", "list.first", "filter.page-down"])
        let filtering = driver.combined(driver.order.filter { $0.hasPrefix("search.") || ($0.hasPrefix("filter.") && $0 != "filter.page-down") })
        Report.progress("list: paging median \(Format.ms(paging.median)) p99 \(Format.ms(paging.p99)); filtering median \(Format.ms(filtering.median)), max \(Format.ms(filtering.max))")
        return figures
    }
}
