import Foundation
import TrellisCore

/// `trellis quality` as terminal tables with bars, 80 columns wide (printed through
/// `StandardOutput`, so document ids and group names reach the terminal escaped).
enum QualityText {
    typealias Verdicts = [(group: QualityGroup, checks: [AcceptanceRules.Check])]

    static func render(_ report: QualityReport, verdicts: Verdicts?, database: String) -> String {
        let confidence = QualityFormat.percent(report.confidence, digits: 0)
        var lines: [String] = []
        let grouping = report.fields.map(\.description).joined(separator: ", ")
        if let audit = report.audit {
            lines.append("Audit \(audit.name): \(report.all.documents) reviewed of \(audit.strata.reduce(0) { $0 + $1.sampled }) drawn, grouped by \(grouping) (\(confidence) intervals, weighted by stratum)")
        } else {
            lines.append("Rewriter quality over \(report.all.documents) reviewed document\(report.all.documents == 1 ? "" : "s"), grouped by \(grouping) (\(confidence) intervals)")
        }
        let skipped = report.skipped.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        if !skipped.isEmpty { lines.append("left out: " + skipped.map { "\($0.value) \($0.key)" }.joined(separator: ", ")) }
        guard report.all.documents > 0 else {
            lines.append("")
            lines.append("No reviewed document to measure yet: approve documents as a whole, or decide every span of them.")
            if let verdicts { lines += [""] + verdictLines(verdicts) }
            return lines.joined(separator: "\n")
        }
        let groups = report.groups.count > 1 ? report.groups + [report.all] : report.groups
        if let audit = report.audit { lines += [""] + coverage(audit) }

        lines += [""] + TextTable.render(
            header: ["F1", "docs", "exact", "overlap", "overlap F1"],
            rows: groups.map { group in
                [group.name, "\(group.documents)", QualityFormat.score(group[.f1Exact]), QualityFormat.score(group[.f1Overlap]),
                 QualityFormat.bar(group[.f1Overlap].value ?? 0, width: 12)]
            })
        for (title, precision, recall) in [("exact match", QualityMetric.precisionExact, QualityMetric.recallExact),
                                           ("overlapping", .precisionOverlap, .recallOverlap)] {
            lines += [""] + TextTable.render(
                header: [title, "precision", "recall"],
                rows: groups.map { [$0.name, QualityFormat.rate($0[precision]), QualityFormat.rate($0[recall])] })
        }

        var errorRows: [[String]] = []
        for metric in QualityMetric.allCases where metric.errorKind != nil || metric == .documentsWithErrors {
            for (index, group) in groups.enumerated() {
                let estimate = group[metric]
                errorRows.append([index == 0 ? metric.rawValue : "", group.name, QualityFormat.rate(estimate), "\(estimate.count)/\(estimate.of)",
                                  QualityFormat.bar(estimate.value ?? 0, width: 10)])
            }
        }
        lines += [""] + TextTable.render(header: ["errors", "group", "rate [interval]", "count/of", ""], rows: errorRows)
        lines.append("rates of: missed, split — gold spans; spurious, merged — machine spans; wrong-label, boundary-moved — matched pairs;")
        lines.append("text-outside — visible code points of gold spans; documents-with-errors — documents")

        let confusion = report.all.comparison.confusion
        let labels = confusion.labels
        if !labels.isEmpty {
            lines += ["", "Code points by mode (rows: gold, columns: machine), all documents:"]
            lines += TextTable.render(header: [""] + labels, rows: labels.map { row in [row] + labels.map { "\(confusion.count(row, $0))" } })
        }

        let shifts = report.all.comparison.shifts
        if shifts.count > 0 {
            lines += ["", "Boundary shifts (machine − gold) of \(shifts.count) boundaries of matched spans, all documents:"]
            let codePoints = QualityFormat.histogram(shifts.codePoints, buckets: QualityFormat.codePointBuckets)
            let words = QualityFormat.histogram(shifts.words, buckets: QualityFormat.wordBuckets)
            let rows = (0..<max(codePoints.count, words.count)).map { index -> [String] in
                let left = index < codePoints.count ? codePoints[index] : nil, right = index < words.count ? words[index] : nil
                return [left?.label ?? "", left.map { "\($0.count)" } ?? "", left.map { QualityFormat.bar(Double($0.count) / Double(shifts.count), width: 10) } ?? "",
                        right?.label ?? "", right.map { "\($0.count)" } ?? "", right.map { QualityFormat.bar(Double($0.count) / Double(shifts.count), width: 10) } ?? ""]
            }
            lines += TextTable.render(header: ["code points", "", "", "words", "", ""], rows: rows)
        }

        lines += [""] + TextTable.render(
            header: ["effort", "docs", "edits", "per 1k chars", "timed", "mean", "median"],
            rows: groups.map(QualityFormat.effortRow))

        let ratingRows = QualityFormat.ratingRows(groups)
        if !ratingRows.isEmpty {
            lines += [""] + TextTable.render(header: ["ratings", "mode", "dimension", "mean", "ratings"], rows: ratingRows)
        }

        if !report.worst.isEmpty {
            lines += [""] + TextTable.render(
                header: ["worst documents", "group", "exact", "overlap", "errors"],
                rows: report.worst.map(QualityFormat.worstRow))
            lines.append("open one with: trellis review \(database) --open ID (or / and its id in the review screen)")
        }
        if let verdicts { lines += [""] + verdictLines(verdicts) }
        return lines.joined(separator: "\n")
    }

    private static func coverage(_ audit: AuditCoverage) -> [String] {
        var lines = TextTable.render(
            header: ["stratum", "corpus", "drawn", "reviewed", "weight"],
            rows: audit.strata.map { stratum in
                [stratum.key.display, "\(stratum.population)", "\(stratum.sampled)", "\(stratum.reviewed)",
                 stratum.reviewed == 0 ? "–" : String(format: "%.1f", Double(stratum.population) / Double(stratum.reviewed))]
            })
        let uncovered = audit.population - audit.coveredPopulation
        if uncovered > 0 {
            lines.append("\(uncovered) of \(audit.population) corpus documents are in strata with no reviewed audit document yet: the estimates leave them out")
        }
        return lines
    }

    /// The verdict of each group, then each rule's.
    static func verdictLines(_ verdicts: Verdicts) -> [String] {
        guard !verdicts.isEmpty else { return ["No group to judge: nothing is accepted."] }
        var lines: [String] = []
        for (group, checks) in verdicts {
            let accepted = checks.allSatisfy { $0.verdict == .met }
            lines.append("\(group.name): \(accepted ? "ACCEPTED" : "NOT ACCEPTED") (\(group.documents) documents)")
            for check in checks {
                let isF1 = check.rule.metric == .f1Exact || check.rule.metric == .f1Overlap
                let measured = check.estimate.value == nil ? "nothing to measure" : isF1 ? QualityFormat.score(check.estimate) : QualityFormat.rate(check.estimate)
                let why: String
                switch check.verdict {
                case .met: why = "met"
                case .failed: why = "failed"
                case .notShown: why = "not shown: the interval straddles the threshold (review more documents)"
                case .notMeasured: why = "not measured"
                }
                lines.append("  \(check.rule.summary): \(measured) — \(why)")
            }
        }
        return lines
    }
}

/// Numbers, intervals, bars and histograms as the quality reports write them.
enum QualityFormat {
    static func f1(_ value: Double) -> String { String(format: "%.3f", value) }

    /// A group's effort: name, documents, edits, edits per 1,000 characters, documents timed, mean and median time.
    static func effortRow(_ group: QualityGroup) -> [String] {
        let effort = group.effort
        return [group.name, "\(group.documents)", "\(effort.edits)", effort.editsPerThousand.map { String(format: "%.2f", $0) } ?? "–",
                "\(effort.timedDocuments)", duration(effort.meanSeconds), duration(effort.medianSeconds)]
    }

    /// Every group's mean ratings: group, mode, dimension, mean, number of ratings.
    static func ratingRows(_ groups: [QualityGroup]) -> [[String]] {
        groups.flatMap { group in group.ratings.map { [group.name, $0.mode, $0.dimension, String(format: "%.2f", $0.mean), "\($0.count)"] } }
    }

    /// A worst document: id, group, exact F1, overlap F1, its errors.
    static func worstRow(_ document: WorstDocument) -> [String] {
        [document.id, document.group, f1(document.exact.f1), f1(document.overlap.f1), document.summary]
    }

    static func percent(_ value: Double, digits: Int = 1) -> String { String(format: "%.\(digits)f%%", value * 100) }

    /// `0.912 (0.881–0.940)`.
    static func score(_ estimate: Estimate) -> String {
        guard let value = estimate.value else { return "–" }
        return f1(value) + (estimate.interval.map { " (\(f1($0.lower))–\(f1($0.upper)))" } ?? "")
    }

    /// `1.3% (0.5–3.2%)`.
    static func rate(_ estimate: Estimate) -> String {
        guard let value = estimate.value else { return "–" }
        return percent(value) + (estimate.interval.map { " (\(String(format: "%.1f", $0.lower * 100))–\(percent($0.upper)))" } ?? "")
    }

    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "–" }
        return seconds < 60 ? String(format: "%.0f s", seconds) : String(format: "%.1f min", seconds / 60)
    }

    /// A bar of `fraction` (0…1) of `width` cells, in eighths of a cell.
    static func bar(_ fraction: Double, width: Int) -> String {
        let eighths = Int((min(1, max(0, fraction)) * Double(width * 8)).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    /// Buckets of shifts: (label, lowest, highest), in order.
    static let codePointBuckets: [(String, Int, Int)] = [
        ("≤ −21", .min, -21), ("−20…−6", -20, -6), ("−5…−1", -5, -1), ("0", 0, 0), ("1…5", 1, 5), ("6…20", 6, 20), ("≥ 21", 21, .max),
    ]
    static let wordBuckets: [(String, Int, Int)] = [
        ("≤ −3", .min, -3), ("−2", -2, -2), ("−1", -1, -1), ("0", 0, 0), ("1", 1, 1), ("2", 2, 2), ("≥ 3", 3, .max),
    ]

    static func histogram(_ counts: [Int: Int], buckets: [(String, Int, Int)]) -> [(label: String, count: Int)] {
        buckets.map { label, low, high in (label, counts.filter { low <= $0.key && $0.key <= high }.reduce(0) { $0 + $1.value }) }
    }
}
