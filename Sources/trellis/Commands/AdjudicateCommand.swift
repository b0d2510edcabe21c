import ArgumentParser
import TrellisStore

struct AdjudicateCommand: DatabaseCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjudicate",
        abstract: "List the documents awaiting adjudication and what differs, or accept those on which the reviewers agree.",
        discussion: """
            Without --auto, lists every document with two or more independent versions not yet
            adjudicated, and where and in what they differ: boundaries, labels, nesting, decisions,
            ratings (beyond the rubric's tolerance), notes, and the document's own decision and note.
            With --auto, accepts the documents whose versions agree in all of these, with every span
            decided and none flagged: their spans, judgements and the median of the ratings. Resolve
            the others in the review screen (V on the document). Needs the adjudicator or admin role.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Accept every document on which the reviewers agree in everything.")
    var auto = false

    func run() throws {
        let database = try project.openDatabase(readOnly: !auto)
        let schema = try project.loadSchema(database: database)
        let rubric = try project.loadRubric(schema: schema, database: database)
        let reviewer = try project.actingReviewer(database: database)
        if auto {
            let accepted = try database.autoAdjudicate(by: reviewer, schema: schema, rubric: rubric)
            StandardOutput.line("\(accepted.count) document\(accepted.count == 1 ? "" : "s") accepted" + (accepted.isEmpty ? "" : ": " + accepted.joined(separator: ", ")))
            return
        }
        var listed = 0, acceptable = 0
        try database.forEachPendingAdjudication(rubric: rubric, by: reviewer) { pending in
            listed += 1
            if pending.comparison.acceptsAutomatically { acceptable += 1 }
            StandardOutput.line(AdjudicationText.line(pending))
        }
        StandardOutput.line(AdjudicationText.summary(listed: listed, acceptable: acceptable))
    }
}
