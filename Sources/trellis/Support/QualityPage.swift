import Foundation
import TrellisCore

/// `trellis quality --html FILE`: the report as one self-contained page — inline CSS and SVG
/// charts (F1 per group with its interval, the boundary-shift histogram, the confusion heat map)
/// and the tables; nothing is fetched (its Content-Security-Policy forbids it). Every text from
/// the database is escaped for HTML after `SafeText` has made control characters visible.
enum QualityPage {
    static func render(_ report: QualityReport, verdicts: QualityText.Verdicts?, database: String) -> String {
        let confidence = QualityFormat.percent(report.confidence, digits: 0)
        let groups = report.groups.count > 1 ? report.groups + [report.all] : report.groups
        var body = "<h1>Rewriter quality: \(text(database))</h1>\n"
        let grouping = report.fields.map(\.description).joined(separator: ", ")
        if let audit = report.audit {
            body += "<p>Audit <b>\(text(audit.name))</b>: \(report.all.documents) reviewed documents, grouped by \(text(grouping)); \(confidence) intervals, strata weighted by their size in the corpus (\(audit.coveredPopulation) of \(audit.population) corpus documents covered).</p>\n"
        } else {
            body += "<p>\(report.all.documents) reviewed documents, grouped by \(text(grouping)); \(confidence) intervals (Wilson for proportions, a bootstrap over documents for F1).</p>\n"
        }
        let skipped = report.skipped.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        if !skipped.isEmpty { body += "<p class=\"note\">Left out: " + text(skipped.map { "\($0.value) \($0.key)" }.joined(separator: ", ")) + ".</p>\n" }
        if let verdicts { body += verdictSection(verdicts) }
        if report.all.documents > 0 {
            body += "<h2>F1 per group</h2>\n" + f1Chart(groups) + "\n"
            body += table(header: ["group", "documents", "F1 exact", "F1 overlap", "precision exact", "recall exact", "precision overlap", "recall overlap"],
                          rows: groups.map { group in
                              [group.name, "\(group.documents)", QualityFormat.score(group[.f1Exact]), QualityFormat.score(group[.f1Overlap]),
                               QualityFormat.rate(group[.precisionExact]), QualityFormat.rate(group[.recallExact]),
                               QualityFormat.rate(group[.precisionOverlap]), QualityFormat.rate(group[.recallOverlap])]
                          })
            body += "<h2>Errors by kind</h2>\n"
            let kinds = QualityMetric.allCases.filter { $0.errorKind != nil || $0 == .documentsWithErrors }
            body += table(header: ["group"] + kinds.map(\.rawValue), rows: groups.map { group in
                [group.name] + kinds.map { metric in
                    let estimate = group[metric]
                    return QualityFormat.rate(estimate) + " · \(estimate.count)/\(estimate.of)"
                }
            })
            let shifts = report.all.comparison.shifts
            if shifts.count > 0 {
                body += "<h2>Boundary shifts</h2>\n<p>Machine minus gold, for the \(shifts.count) starts and ends of matched spans (all documents).</p>\n"
                body += "<div class=\"charts\">" + histogram(QualityFormat.histogram(shifts.codePoints, buckets: QualityFormat.codePointBuckets), title: "code points")
                body += histogram(QualityFormat.histogram(shifts.words, buckets: QualityFormat.wordBuckets), title: "words") + "</div>\n"
            }
            let confusion = report.all.comparison.confusion
            if !confusion.labels.isEmpty {
                body += "<h2>Modes per code point</h2>\n<p>Rows: the gold's mode; columns: the machine's (all documents). Shade: share of the row.</p>\n"
                body += heatMap(confusion) + "\n"
            }
            body += "<h2>Reviewer effort</h2>\n"
            body += table(header: ["group", "documents", "edits", "edits per 1,000 characters", "documents timed", "mean time", "median time"],
                          rows: groups.map(QualityFormat.effortRow))
            let ratings = QualityFormat.ratingRows(groups)
            if !ratings.isEmpty {
                body += "<h2>Mean ratings</h2>\n" + table(header: ["group", "mode", "dimension", "mean", "ratings"], rows: ratings)
            }
            if !report.worst.isEmpty {
                body += "<h2>Worst documents</h2>\n<p>Open one with <code>trellis review \(text(database)) --open ID</code>.</p>\n"
                body += table(header: ["id", "group", "F1 exact", "F1 overlap", "errors"],
                              rows: report.worst.map(QualityFormat.worstRow))
            }
        } else {
            body += "<p>No reviewed document to measure yet.</p>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Rewriter quality: \(text(database))</title>
            <style>
            body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #1d2329; background: #fff; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.8em; border-bottom: 1px solid #d8dee4; }
            table { border-collapse: collapse; margin: .6em 0; }
            th, td { padding: .25em .7em; border-bottom: 1px solid #e4e8ec; text-align: right; white-space: nowrap; }
            th:first-child, td:first-child { text-align: left; }
            th { background: #f3f5f7; font-weight: 600; }
            .note { color: #57606a; } .met { color: #1a7f37; font-weight: 600; } .not-met { color: #b42318; font-weight: 600; }
            .charts { display: flex; flex-wrap: wrap; gap: 2em; }
            svg text { font: 12px system-ui, sans-serif; fill: #1d2329; }
            code { background: #f3f5f7; padding: .1em .3em; }
            </style>
            </head>
            <body>
            \(body)
            </body>
            </html>

            """
    }

    /// Writes the page beside `path`, then moves it into place.
    static func write(_ page: String, to path: String) throws {
        let partial = "\(path).partial-\(getpid())"
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: partial))
            guard rename(partial, path) == 0 else { throw CLIError(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw CLIError("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Text from the database or the user, safe inside HTML.
    static func text(_ value: String) -> String {
        var escaped = ""
        for character in SafeText.escaped(value) {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private static func table(header: [String], rows: [[String]]) -> String {
        "<table>\n<tr>" + header.map { "<th>\(text($0))</th>" }.joined() + "</tr>\n"
            + rows.map { "<tr>" + $0.map { "<td>\(text($0))</td>" }.joined() + "</tr>\n" }.joined() + "</table>\n"
    }

    private static func verdictSection(_ verdicts: QualityText.Verdicts) -> String {
        var html = "<h2>Acceptance</h2>\n"
        if verdicts.isEmpty { return html + "<p class=\"not-met\">No group to judge: nothing is accepted.</p>\n" }
        for (group, checks) in verdicts {
            let accepted = checks.allSatisfy { $0.verdict == .met }
            html += "<p><b>\(text(group.name))</b>: <span class=\"\(accepted ? "met" : "not-met")\">\(accepted ? "accepted" : "not accepted")</span></p>\n"
            html += table(header: ["rule", "measured", "verdict"], rows: checks.map { check in
                let isF1 = check.rule.metric == .f1Exact || check.rule.metric == .f1Overlap
                return [check.rule.summary, isF1 ? QualityFormat.score(check.estimate) : QualityFormat.rate(check.estimate), check.verdict.rawValue]
            })
        }
        return html
    }

    /// Horizontal bars of exact and overlap F1 per group, each with its interval as a whisker.
    private static func f1Chart(_ groups: [QualityGroup]) -> String {
        let labelWidth = 180.0, plotWidth = 420.0, row = 46.0, top = 28.0
        let height = top + row * Double(groups.count) + 30
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(labelWidth + plotWidth + 80))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"F1 per group with intervals\">\n"
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = labelWidth + tick * plotWidth
            svg += "<line x1=\"\(x)\" y1=\"\(top - 6)\" x2=\"\(x)\" y2=\"\(height - 24)\" stroke=\"#d8dee4\"/>"
            svg += "<text x=\"\(x)\" y=\"\(height - 8)\" text-anchor=\"middle\">\(String(format: "%.2f", tick))</text>\n"
        }
        svg += "<rect x=\"\(labelWidth)\" y=\"6\" width=\"12\" height=\"10\" fill=\"#8fb3d9\"/><text x=\"\(labelWidth + 16)\" y=\"15\">exact</text>"
        svg += "<rect x=\"\(labelWidth + 70)\" y=\"6\" width=\"12\" height=\"10\" fill=\"#2f6fb0\"/><text x=\"\(labelWidth + 86)\" y=\"15\">overlap</text>\n"
        for (index, group) in groups.enumerated() {
            let y = top + row * Double(index)
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 22)\" text-anchor=\"end\">\(text(String(group.name.prefix(28)))) (\(group.documents))</text>\n"
            for (offset, metric, colour) in [(4.0, QualityMetric.f1Exact, "#8fb3d9"), (22.0, .f1Overlap, "#2f6fb0")] {
                let estimate = group[metric]
                guard let value = estimate.value else { continue }
                svg += "<rect x=\"\(labelWidth)\" y=\"\(y + offset)\" width=\"\(value * plotWidth)\" height=\"14\" fill=\"\(colour)\"><title>\(metric.rawValue) \(QualityFormat.score(estimate))</title></rect>"
                if let interval = estimate.interval {
                    let middle = y + offset + 7, low = labelWidth + interval.lower * plotWidth, high = labelWidth + interval.upper * plotWidth
                    svg += "<line x1=\"\(low)\" y1=\"\(middle)\" x2=\"\(high)\" y2=\"\(middle)\" stroke=\"#1d2329\" stroke-width=\"1.5\"/>"
                    svg += "<line x1=\"\(low)\" y1=\"\(middle - 5)\" x2=\"\(low)\" y2=\"\(middle + 5)\" stroke=\"#1d2329\" stroke-width=\"1.5\"/>"
                    svg += "<line x1=\"\(high)\" y1=\"\(middle - 5)\" x2=\"\(high)\" y2=\"\(middle + 5)\" stroke=\"#1d2329\" stroke-width=\"1.5\"/>"
                }
                svg += "<text x=\"\(labelWidth + plotWidth + 6)\" y=\"\(y + offset + 11)\">\(QualityFormat.f1(value))</text>\n"
            }
        }
        return svg + "</svg>"
    }

    /// Vertical bars of a bucketed histogram.
    private static func histogram(_ buckets: [(label: String, count: Int)], title: String) -> String {
        let width = 56.0, plotHeight = 160.0, top = 24.0
        let largest = max(1, buckets.map(\.count).max() ?? 1)
        let total = max(1, buckets.reduce(0) { $0 + $1.count })
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width * Double(buckets.count) + 20))\" height=\"\(Int(top + plotHeight + 40))\" role=\"img\" aria-label=\"boundary shifts in \(title)\">\n"
        svg += "<text x=\"10\" y=\"14\">in \(title)</text>\n"
        for (index, bucket) in buckets.enumerated() {
            let x = 10 + width * Double(index)
            let height = plotHeight * Double(bucket.count) / Double(largest)
            let colour = bucket.label == "0" ? "#1a7f37" : "#c2410c"
            svg += "<rect x=\"\(x + 6)\" y=\"\(top + plotHeight - height)\" width=\"\(width - 12)\" height=\"\(height)\" fill=\"\(colour)\"><title>\(text(bucket.label)): \(bucket.count)</title></rect>"
            svg += "<text x=\"\(x + width / 2)\" y=\"\(top + plotHeight - height - 4)\" text-anchor=\"middle\">\(QualityFormat.percent(Double(bucket.count) / Double(total), digits: 0))</text>"
            svg += "<text x=\"\(x + width / 2)\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\">\(text(bucket.label))</text>"
            svg += "<text x=\"\(x + width / 2)\" y=\"\(top + plotHeight + 32)\" text-anchor=\"middle\">\(bucket.count)</text>\n"
        }
        return svg + "</svg>"
    }

    /// The confusion matrix as a grid shaded by each cell's share of its row.
    private static func heatMap(_ confusion: ConfusionMatrix) -> String {
        let labels = confusion.labels
        let cell = 84.0, left = 110.0, top = 48.0
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(left + cell * Double(labels.count) + 10))\" height=\"\(Int(top + cell * Double(labels.count) + 10))\" role=\"img\" aria-label=\"confusion heat map\">\n"
        svg += "<text x=\"\(left)\" y=\"14\">machine →</text><text x=\"4\" y=\"\(top - 8)\">gold ↓</text>\n"
        for (column, label) in labels.enumerated() {
            svg += "<text x=\"\(left + cell * (Double(column) + 0.5))\" y=\"\(top - 8)\" text-anchor=\"middle\">\(text(label))</text>\n"
        }
        for (row, gold) in labels.enumerated() {
            let rowTotal = max(1, labels.reduce(0) { $0 + confusion.count(gold, $1) })
            let y = top + cell * Double(row)
            svg += "<text x=\"\(left - 8)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"end\">\(text(gold))</text>\n"
            for (column, machine) in labels.enumerated() {
                let count = confusion.count(gold, machine)
                let share = Double(count) / Double(rowTotal)
                let x = left + cell * Double(column)
                let colour = gold == machine ? "47,111,176" : "194,65,12"
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" fill=\"rgba(\(colour),\(String(format: "%.3f", 0.08 + 0.85 * share)))\"><title>gold \(text(gold)), machine \(text(machine)): \(count)</title></rect>"
                svg += "<text x=\"\(x + cell / 2 - 1)\" y=\"\(y + cell / 2 - 2)\" text-anchor=\"middle\">\(count)</text>"
                svg += "<text x=\"\(x + cell / 2 - 1)\" y=\"\(y + cell / 2 + 14)\" text-anchor=\"middle\">\(QualityFormat.percent(share, digits: 1))</text>\n"
            }
        }
        return svg + "</svg>"
    }
}
