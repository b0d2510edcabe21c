import TrellisCore

/// Checks an input in another tool's format (`ImportSource`) as `Importer` would import it,
/// without writing anything: every problem of its conversion, and every schema violation,
/// placed at the span concerned (else where the document begins).
public struct ConvertedInputValidator {
    public let schema: TagSchema

    public init(schema: TagSchema) {
        self.schema = schema
    }

    /// What a validation found.
    public struct Summary: Hashable, Sendable {
        public var documents = 0
        public var withProblems = 0
        public var problems = 0
    }

    /// Checks `source`; `onProblem` sees every problem, in input order.
    public func run(_ source: ImportSource, onProblem: (ImportProblem) -> Void) throws -> Summary {
        let validator = Validator(schema: schema)
        var summary = Summary()
        try source.forEachDocument(schema: schema) { result in
            var found: [ImportProblem]
            switch result {
            case .failure(let rejection):
                found = rejection.problems
            case .success(let document):
                let annotated = document.input.annotated
                found = validator.violations(in: annotated).map { violation in
                    let place = violation.spanIndex.map { document.spanPlaces[$0] } ?? document.place
                    return place.problem(violation.report(in: annotated), documentID: document.input.externalID)
                }
            }
            summary.documents += 1
            if !found.isEmpty { summary.withProblems += 1 }
            summary.problems += found.count
            found.forEach(onProblem)
            return true
        }
        return summary
    }
}
