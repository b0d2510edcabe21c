import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// Where an import writes (`ImportDestination`): a new database appears only when there is
/// something to keep, and a stop says what was written.
@Suite struct ImportDestinationTests {
    let directory: TemporaryDirectory
    let lines = [ImportHelpers.line(id: "a", text: "<ai>Hello</ai>"), ImportHelpers.line(id: "b", text: "<human>there</human>")]

    init() throws {
        directory = try TemporaryDirectory()
    }

    private struct Unreadable: Error, CustomStringConvertible {
        var description: String { "cannot read second.jsonl" }
    }

    private func documents(at path: String) throws -> Int {
        try AppDatabase.open(path: path, readOnly: true).documentCount(filter: .all)
    }

    @Test func aNewDatabaseIsMovedIntoPlaceWhenTheImportEnds() throws {
        let path = directory.path("new.sqlite")
        var sawPath = true
        let rejected = try ImportDestination.importing(into: path, beforeCreating: {}) { database in
            sawPath = FileManager.default.fileExists(atPath: path)
            return try ImportHelpers.importLines(lines, into: database, in: directory).hasRejections
        }
        #expect(!rejected)
        #expect(!sawPath, "built aside, not at the path while it is written")
        #expect(try documents(at: path) == 2)
    }

    @Test func aFileThatFailsAfterOthersImportedKeepsTheNewDatabase() throws {
        let path = directory.path("new.sqlite")
        #expect(throws: ImportStopped("cannot read second.jsonl. \(path) was created with the files imported before it.")) {
            _ = try ImportDestination.importing(into: path, beforeCreating: {}) { database in
                _ = try ImportHelpers.importLines(lines, into: database, in: directory)
                throw Unreadable()
            }
        }
        #expect(try documents(at: path) == 2)
    }

    @Test func aFailureBeforeAnyDocumentLeavesNothing() throws {
        let path = directory.path("new.sqlite")
        #expect(throws: ImportStopped("cannot read second.jsonl. Nothing was written: \(path) was not created.")) {
            _ = try ImportDestination.importing(into: path, beforeCreating: {}) { _ in throw Unreadable() }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func aRefusalBeforeCreatingBeginsNoDatabase() throws {
        let path = directory.path("new.sqlite")
        var imported = false
        #expect(throws: Unreadable.self) {
            _ = try ImportDestination.importing(into: path, beforeCreating: { throw Unreadable() }) { _ in
                imported = true
                return false
            }
        }
        #expect(!imported)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("")).isEmpty)
    }

    @Test func anExistingDatabaseKeepsWhatWasCommittedAndSaysSo() throws {
        let path = directory.path("old.sqlite")
        _ = try ImportHelpers.importLines([lines[0]], into: try AppDatabase.open(path: path), in: directory)
        let stop = ImportInterrupted(file: "more.jsonl", committed: ImportSummary(), cause: Unreadable())
        #expect(throws: ImportStopped("more.jsonl: cannot read second.jsonl. Nothing of more.jsonl was written to \(path)."
            + " Run the same import again when that is fixed: documents already in \(path) are skipped as unchanged.")) {
            _ = try ImportDestination.importing(into: path, beforeCreating: { Issue.record("an existing database is not created") }) { _ in throw stop }
        }
        #expect(try documents(at: path) == 1)
    }
}
