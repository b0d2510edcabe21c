import ArgumentParser

/// A command that works on one database, which a message about a damaged file names.
protocol DatabaseCommand: ParsableCommand {
    var project: ProjectOptions { get }
    /// The database the command works on.
    var databasePath: String { get }
}

extension DatabaseCommand {
    var databasePath: String { project.databasePath }
}
