import ArgumentParser
import TrellisStore

struct AssignCommand: DatabaseCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Share the unassigned documents out among reviewers, balanced.",
        discussion: """
            An --overlap share of the documents (chosen reproducibly by --seed) goes to --per-document
            reviewers each, who then review independently, each on their own version (so that their
            agreement can be measured); the rest go to one reviewer each. Reviewers see their queue
            first when they open the review screen. Needs the adjudicator or admin role.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Option(parsing: .upToNextOption, help: ArgumentHelp("The reviewers to assign to.", valueName: "name"))
    var to: [String]

    @Option(help: ArgumentHelp("Reviewers per overlapping document.", valueName: "k"))
    var perDocument = 2

    @Option(help: ArgumentHelp("Share of documents reviewed by --per-document reviewers (0 to 1).", valueName: "fraction"))
    var overlap = 0.2

    @Option(help: ArgumentHelp("Only documents of this stage.", valueName: "n"))
    var stage: Int?

    @Option(help: ArgumentHelp("Seed for choosing the overlapping documents.", valueName: "n"))
    var seed: UInt64 = 1

    @Flag(help: "Let overlapping reviewers share one version instead of working independently.")
    var shared = false

    func validate() throws {
        guard (0...1).contains(overlap) else { throw ValidationError("--overlap is a fraction from 0 to 1") }
        guard !to.isEmpty else { throw ValidationError("name the reviewers with --to") }
    }

    func run() throws {
        let database = try project.openDatabase()
        let plan = AssignmentPlan(reviewers: to, perDocument: perDocument, overlap: overlap, stage: stage, independent: !shared, seed: seed)
        let made = try database.assign(plan, by: try project.actingReviewer(database: database))
        if made.isEmpty { StandardOutput.line("every document is already assigned") }
        for (reviewer, count) in made.sorted(by: { $0.key < $1.key }) { StandardOutput.line("\(reviewer): \(count) documents") }
    }
}
