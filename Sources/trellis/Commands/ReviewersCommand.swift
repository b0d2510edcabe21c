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
            if try database.hasAdmin() {
                let actor = try project.actingReviewer(database: database)
                guard try database.role(of: actor) == .admin else {
                    throw CLIError("\(actor) is not an admin; only admins change roles")
                }
            }
            try database.setRole(role, of: set)
            StandardOutput.line("\(set) is now \(role == .admin ? "an" : "a") \(role.rawValue)")
        }
        let rows = try database.reviewers().map { [$0.name, $0.role.rawValue, String($0.createdAt.prefix(10))] }
        StandardOutput.line(TextTable.render(header: ["reviewer", "role", "since"], rows: rows).joined(separator: "\n"))
    }
}
