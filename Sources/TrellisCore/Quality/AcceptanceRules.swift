/// Thresholds a batch must meet to be accepted (`trellis quality --accept FILE`), such as "the
/// wrong-label rate is at most 2% at 95% confidence", checked per group. A JSON file (comments
/// allowed):
///
/// ```json
/// {"confidence": 0.95,
///  "rules": [{"metric": "wrong-label", "at-most": 0.02},
///            {"metric": "f1-overlap", "at-least": 0.9, "groups": ["rw-7b"]}]}
/// ```
///
/// A rule holds for a group only when the figure's whole interval at that confidence lies on the
/// right side of the threshold: a rate at most 2% needs the interval's upper end at or below 2%.
/// A group whose interval straddles the threshold, or that has nothing to measure, is not
/// accepted: the data do not show it meets the rule.
public struct AcceptanceRules: Hashable, Sendable {
    public struct Rule: Hashable, Sendable {
        public var metric: QualityMetric
        public var atMost: Double?
        public var atLeast: Double?
        /// Only these groups (by name, as reports print them); `nil`: every group.
        public var groups: Set<String>?
        /// Where the rule is written, for messages.
        public var line: Int
    }

    public var confidence: Double
    public var rules: [Rule]

    /// Reads a rules file; every problem is a `ConfigError` with its line and column.
    public static func load(file: String, bytes: [UInt8]) throws(ConfigError) -> AcceptanceRules {
        let reader = try ConfigReader(file: file, bytes: bytes)
        let root = try reader.object(reader.root, named: "the acceptance rules", allowedKeys: ["confidence", "rules"])
        var confidence = 0.95
        if let node = root["confidence"] {
            guard let value = node.doubleValue, value > 0, value < 1 else {
                throw reader.error("\"confidence\" must be a number between 0 and 1 (0.95 for 95%), found \(node.typeName)", at: node)
            }
            confidence = value
        }
        let metrics = QualityMetric.allCases.map(\.rawValue).joined(separator: ", ")
        var rules: [Rule] = []
        for node in try reader.array(root, "rules", in: "the acceptance rules", required: true, at: reader.root) {
            let members = try reader.object(node, named: "a rule", allowedKeys: ["metric", "at-most", "at-least", "groups"])
            let name = try reader.string(members, "metric", in: "a rule", at: node)
            guard let metric = QualityMetric(rawValue: name) else {
                throw reader.error("unknown metric \"\(name)\" (known: \(metrics))", at: members["metric"]!)
            }
            func bound(_ key: String) throws(ConfigError) -> Double? {
                guard let value = members[key] else { return nil }
                guard let number = value.doubleValue, (0...1).contains(number) else {
                    throw reader.error("\"\(key)\" must be a proportion between 0 and 1 (0.02 for 2%), found \(value.typeName)", at: value)
                }
                return number
            }
            let atMost = try bound("at-most"), atLeast = try bound("at-least")
            guard (atMost == nil) != (atLeast == nil) else {
                throw reader.error("a rule needs one of \"at-most\" and \"at-least\"", at: node)
            }
            let groups = members["groups"] == nil ? nil : Set(try reader.strings(members, "groups", in: "a rule", at: node).map(\.0))
            let place = JSONParser.lineAndColumn(ofByteOffset: node.range.lowerBound, in: bytes)
            rules.append(Rule(metric: metric, atMost: atMost, atLeast: atLeast, groups: groups, line: place.line))
        }
        guard !rules.isEmpty else { throw reader.error("\"rules\" lists no rule", at: root["rules"] ?? reader.root) }
        return AcceptanceRules(confidence: confidence, rules: rules)
    }

    /// One rule judged on one group.
    public struct Check: Hashable, Sendable {
        public var rule: Rule
        public var estimate: Estimate
        public var verdict: Verdict
    }

    public enum Verdict: String, Hashable, Sendable {
        /// The whole interval is on the right side.
        case met
        /// The whole interval is on the wrong side.
        case failed
        /// The interval straddles the threshold: more documents are needed to tell.
        case notShown = "not-shown"
        /// Nothing to measure.
        case notMeasured = "not-measured"
    }

    /// The checks of every group a rule applies to, in the report's order (then groups a rule
    /// names that the report lacks); a group is accepted when all its checks are met, a batch
    /// when every group judged is accepted and there is one.
    public func judge(_ report: QualityReport) -> [(group: QualityGroup, checks: [Check])] {
        let present = Set(report.groups.map(\.name))
        // A group a rule names that has no reviewed document is judged too: not measured.
        let absent = Set(rules.flatMap { $0.groups ?? [] }).subtracting(present).sorted().map { name in
            QualityGroup(key: StratumKey([name]), name: name, documents: 0, comparison: .zero, estimates: [:],
                         effort: ReviewEffort(edits: 0, characters: 0, timedDocuments: 0, meanSeconds: nil, medianSeconds: nil), ratings: [])
        }
        return (report.groups + absent).compactMap { group in
            let checks = rules.filter { $0.groups?.contains(group.name) ?? true }.map { rule in
                let estimate = group[rule.metric]
                return Check(rule: rule, estimate: estimate, verdict: Self.verdict(rule, estimate))
            }
            return checks.isEmpty ? nil : (group, checks)
        }
    }

    private static func verdict(_ rule: Rule, _ estimate: Estimate) -> Verdict {
        guard let interval = estimate.interval else { return .notMeasured }
        if let limit = rule.atMost {
            return interval.upper <= limit ? .met : interval.lower > limit ? .failed : .notShown
        }
        let limit = rule.atLeast!
        return interval.lower >= limit ? .met : interval.upper < limit ? .failed : .notShown
    }
}

extension AcceptanceRules.Rule {
    /// The rule in words: `wrong-label ≤ 2%`.
    public var summary: String {
        func percent(_ value: Double) -> String { Self.percent(value) }
        if let atMost { return "\(metric.rawValue) ≤ \(percent(atMost))" }
        return "\(metric.rawValue) ≥ \(percent(atLeast ?? 0))"
    }

    /// A proportion as a percentage, with as many decimals as it needs (up to two).
    static func percent(_ value: Double) -> String {
        let scaled = (value * 10_000).rounded() / 100
        if scaled == scaled.rounded() { return "\(Int(scaled))%" }
        if scaled * 10 == (scaled * 10).rounded() { return "\((scaled * 10).rounded() / 10)%" }
        return "\(scaled)%"
    }
}
