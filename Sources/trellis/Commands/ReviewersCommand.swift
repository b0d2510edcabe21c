import ArgumentParser
import TrellisModel
import TrellisStore

extension ReviewerRole: ExpressibleByArgument {}

struct ReviewersCommand: DatabaseCommand {
    static let configuration = CommandConfiguration(
        commandName: "reviewers",
        abstract: "List reviewers and their roles, or set a role.",
        discussion: """
            Roles: reviewer (reviews), adjudicator (also adjudicates and assigns), admin (also manages
            roles and may act under another name with --reviewer). Until a database has an admin,
            roles restrict nothing; the first `trellis reviewers --set NAME --role admin` turns them on.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: ArgumentHelp("The reviewer whose role to set (created if new).", valueName: "name"))
    var set: String?

    @Option(help: "reviewer, adjudicator or admin.")
    var role: ReviewerRole?

    func validate() throws {
        if (set == nil) != (role == nil) { throw ValidationError("--set and --role go together") }
    }

    func run() throws {
        let database = try project.openDatabase(readOnly: set == nil)
        if let set, let role {
            // Nobody need be named before the database has an admin: roles restrict nothing then.
            try database.setRole(role, of: set, by: database.hasAdmin() ? project.actingReviewer(database: database) : nil)
            StandardOutput.line("\(set) is now \(role.withArticle)")
        }
        let rows = try database.reviewers().map { [$0.name, $0.role.rawValue, String($0.createdAt.prefix(10))] }
        StandardOutput.line(TextTable.render(header: ["reviewer", "role", "since"], rows: rows).joined(separator: "\n"))
    }
}
