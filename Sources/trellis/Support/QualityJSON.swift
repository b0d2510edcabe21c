import TrellisCore

/// `trellis quality --json`: every figure of the report, with its interval and counts; figures
/// that could not be measured are `null`. docs/quality.md describes the fields.
enum QualityJSON {
    static func render(_ report: QualityReport, verdicts: QualityText.Verdicts?) -> String {
        var object = JSONObjectBuilder()
        object.strings("grouped_by", report.fields.map(\.description))
        object.number("confidence", report.confidence)
        object.int("documents", report.all.documents)
        object.object("skipped") { skipped in
            for (reason, count) in report.skipped.sorted(by: { $0.key < $1.key }) { skipped.int(reason, count) }
        }
        if let audit = report.audit {
            object.object("audit") { entry in
                entry.string("name", audit.name)
                entry.int("population", audit.population)
                entry.int("covered_population", audit.coveredPopulation)
                entry.objects("strata", audit.strata) { item, stratum in
                    key(&item, stratum.key, fields: report.fields)
                    item.int("population", stratum.population)
                    item.int("sampled", stratum.sampled)
                    item.int("reviewed", stratum.reviewed)
                    optional(&item, "weight", stratum.reviewed == 0 ? nil : Double(stratum.population) / Double(stratum.reviewed))
                }
            }
        } else {
            object.raw("audit", "null")
        }
        object.objects("groups", report.groups) { item, group in self.group(&item, group, fields: report.fields) }
        object.object("all") { item in group(&item, report.all, fields: []) }
        object.objects("worst", report.worst) { item, document in
            item.string("id", document.id)
            item.string("group", document.group)
            item.number("exact_f1", document.exact.f1)
            item.number("overlap_f1", document.overlap.f1)
            item.object("errors") { errors in
                for kind in SpanErrors.Kind.allCases {
                    errors.int(kind.rawValue, kind == .outside ? document.errors.outsideStretches : document.errors.proportion(kind).count)
                }
            }
        }
        if let verdicts {
            object.objects("verdicts", verdicts) { item, verdict in
                item.string("group", verdict.group.name)
                item.raw("accepted", verdict.checks.allSatisfy { $0.verdict == .met } ? "true" : "false")
                item.objects("checks", verdict.checks) { entry, check in
                    entry.string("metric", check.rule.metric.rawValue)
                    optional(&entry, "at_most", check.rule.atMost)
                    optional(&entry, "at_least", check.rule.atLeast)
                    estimate(&entry, check.estimate)
                    entry.string("verdict", check.verdict.rawValue)
                }
            }
        }
        return String(decoding: object.finish(), as: UTF8.self)
    }

    private static func group(_ object: inout JSONObjectBuilder, _ group: QualityGroup, fields: [StratumField]) {
        object.string("group", group.name)
        key(&object, group.key, fields: fields)
        object.int("documents", group.documents)
        object.object("metrics") { metrics in
            for metric in QualityMetric.allCases {
                metrics.object(metric.rawValue) { entry in estimate(&entry, group[metric]) }
            }
        }
        let errors = group.comparison.errors
        object.object("counts") { counts in
            counts.int("gold_spans", errors.goldSpans)
            counts.int("machine_spans", errors.machineSpans)
            counts.int("pairs", errors.pairs)
            counts.int("correct", errors.correct)
            for kind in SpanErrors.Kind.allCases where kind != .outside { counts.int(kind.rawValue, errors.proportion(kind).count) }
            counts.int("gold_code_points", errors.goldCodePoints)
            counts.int("outside_code_points", errors.outsideCodePoints)
            counts.int("outside_stretches", errors.outsideStretches)
        }
        let confusion = group.comparison.confusion
        object.object("confusion") { matrix in
            for row in confusion.labels {
                matrix.object(row) { cells in
                    for column in confusion.labels { cells.int(column, confusion.count(row, column)) }
                }
            }
        }
        object.object("boundary_shifts") { shifts in
            for (name, counts) in [("code_points", group.comparison.shifts.codePoints), ("words", group.comparison.shifts.words)] {
                shifts.object(name) { histogram in
                    for (shift, count) in counts.sorted(by: { $0.key < $1.key }) { histogram.int(String(shift), count) }
                }
            }
        }
        let effort = group.effort
        object.object("effort") { entry in
            entry.int("edits", effort.edits)
            entry.int("characters", effort.characters)
            optional(&entry, "edits_per_1000_characters", effort.editsPerThousand)
            entry.int("timed_documents", effort.timedDocuments)
            optional(&entry, "mean_seconds", effort.meanSeconds)
            optional(&entry, "median_seconds", effort.medianSeconds)
        }
        object.objects("ratings", group.ratings) { entry, rating in
            entry.string("mode", rating.mode)
            entry.string("dimension", rating.dimension)
            entry.number("mean", rating.mean)
            entry.int("count", rating.count)
        }
    }

    /// `"key": {"rewriter": "rw-7b", "stage": 1}`: the group's values, as JSON.
    private static func key(_ object: inout JSONObjectBuilder, _ key: StratumKey, fields: [StratumField]) {
        object.object("key") { values in
            for (field, value) in zip(fields, key.values) { values.raw(field.description, value ?? "null") }
        }
    }

    private static func estimate(_ object: inout JSONObjectBuilder, _ estimate: Estimate) {
        optional(&object, "value", estimate.value)
        optional(&object, "lower", estimate.interval?.lower)
        optional(&object, "upper", estimate.interval?.upper)
        object.int("count", estimate.count)
        object.int("of", estimate.of)
        object.int("documents", estimate.documents)
    }

    private static func optional(_ object: inout JSONObjectBuilder, _ key: String, _ value: Double?) {
        if let value, value.isFinite { object.number(key, value) } else { object.raw(key, "null") }
    }
}
