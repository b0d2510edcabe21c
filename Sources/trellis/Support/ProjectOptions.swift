import ArgumentParser
import Foundation
import TrellisCore
import TrellisResources
import TrellisStore

/// Options every database command shares: which database, which schema, who is acting.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The Trellis database (SQLite file).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("A tag schema file (default: the one the database was imported with, else the built-in one).", valueName: "file"))
    var schema: String?

    @Option(name: .long, help: ArgumentHelp("A rubric file (default: the one the database was given before, else the built-in one).", valueName: "file"))
    var rubric: String?

    @Option(name: .long, help: ArgumentHelp("Act under another reviewer's name: an admin's override (default: your account name).", valueName: "name"))
    var reviewer: String?

    /// The database the command works on: `--db`, else the sample's copy.
    var databasePath: String { db ?? SampleDatabase.copyPath }

    /// The reviewer acting: the account name of the real user id (``UserAccount``), or
    /// `--reviewer` as the database's role policy allows (`AppDatabase.actingReviewer`).
    func actingReviewer(database: AppDatabase) throws -> String {
        try database.actingReviewer(login: UserAccount.name, requested: reviewer) ?? UserAccount.requireName()
    }

    /// The schema to use: `--schema` (then kept in a writable database), else the database's
    /// own, else the built-in one.
    func loadSchema(database: AppDatabase?) throws -> TagSchema {
        let (file, bytes) = try projectFile(.schema, given: schema, bundled: .schema, database: database)
        return try TagSchema.load(file: file, bytes: bytes)
    }

    /// The rubric to use, found like the schema; its keys must not be review-screen keys.
    func loadRubric(schema: TagSchema, reservedKeys: [Character: String] = [:], database: AppDatabase?) throws -> Rubric {
        let (file, bytes) = try projectFile(.rubric, given: rubric, bundled: .rubric, database: database)
        return try Rubric.load(file: file, bytes: bytes, schema: schema, reservedKeys: reservedKeys)
    }

    /// Loads the configuration files given on the command line (`--schema`, `--rubric`) even
    /// when the command does not use them, so that a broken one stops every command with its
    /// line and column (exit status 1), never passes silently.
    func checkGivenFiles(database: AppDatabase?) throws {
        guard schema != nil || rubric != nil else { return }
        let schema = try loadSchema(database: database)
        if rubric != nil { _ = try loadRubric(schema: schema, database: database) }
    }

    private func projectFile(_ kind: AppDatabase.ProjectFile, given: String?, bundled: BundledResource, database: AppDatabase?) throws -> (file: String, bytes: [UInt8]) {
        if let given {
            let bytes = try FileInput.bytes(of: given)
            if let database, !database.isReadOnly { try database.storeFile(kind, name: given, bytes: bytes) }
            return (given, bytes)
        }
        if let stored = try database?.storedFile(kind) {
            return ("\(stored.name) (as stored in the database)", stored.bytes)
        }
        return (bundled.displayName, try bundled.bytes())
    }

    /// Opens `--db`, or the sample database when none is given, then checks the configuration
    /// files given (`checkGivenFiles`). Only `trellis import` creates databases; everything else
    /// refuses a path that does not exist.
    func openDatabase(readOnly: Bool = false) throws -> AppDatabase {
        let path = try existingDatabasePath()
        let database: AppDatabase
        do {
            database = try AppDatabase.open(path: path, readOnly: readOnly, allowReadOnly: true)
        } catch {
            throw Self.openingError(path, error)
        }
        try checkGivenFiles(database: database)
        return database
    }

    /// Opens the database for a command that reads all of it (an export), with SQLite's check of
    /// every page (`AppDatabase.requireSound(path:)`) running beside the command
    /// (``SoundnessCheck``): the command publishes nothing before `require()` passes. The file
    /// is opened read-only, so that nothing is written into a damaged file; when opening must
    /// write (an older schema to upgrade, `--schema` or `--rubric` to store), the check comes
    /// first.
    func openDatabaseCheckingBeside() throws -> (database: AppDatabase, check: SoundnessCheck) {
        let path = try existingDatabasePath()
        let check = SoundnessCheck(path: path)
        if schema == nil, rubric == nil {
            do {
                return (try AppDatabase.openReading(path: path), check)
            } catch StoreError.olderSchema {
                // Upgraded below, once the check has passed.
            } catch {
                throw check.explaining(Self.openingError(path, error))
            }
        }
        try check.require()
        return (try openDatabase(), check)
    }

    /// `--db`, or the sample's copy, refused when there is no file.
    private func existingDatabasePath() throws -> String {
        let path = try db ?? SampleDatabase.userCopy()
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("no database at \(path) (trellis import --db \(path) FILE creates one)")
        }
        return path
    }

    /// What stopped a database opening, as reported: damage as such (with exit status 2, by
    /// `Trellis.main`), anything else as the file not opening.
    private static func openingError(_ path: String, _ error: any Error) -> any Error {
        StoreMessages.damage(in: error) != nil ? error : CLIError(FileInput.cannotOpen(path, error))
    }
}
