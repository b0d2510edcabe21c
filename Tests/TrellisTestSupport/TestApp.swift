import Foundation
import TrellisCore
import TrellisResources
import TrellisStore
import TrellisTUI

/// The whole app on an in-memory database with no terminal: type keys, read the screen.
public final class TestApp {
    public let database: AppDatabase
    public let runtime: AppRuntime

    /// The built-in keymap.
    public static let defaultKeymap: Keymap = {
        do {
            return try Keymap.load(layers: [("keymap.json", try BundledResource.keymap.bytes())])
        } catch {
            fatalError("the built-in keymap does not load: \(error)")
        }
    }()

    /// An app over `lines` (JSONL) imported into a fresh database.
    public init(lines: [String], rows: Int = 24, cols: Int = 80, reviewer: String = "ada", monochrome: Bool = false, database: AppDatabase? = nil) throws {
        let database = try database ?? AppDatabase.inMemory()
        if !lines.isEmpty {
            let directory = try TemporaryDirectory()
            _ = try ImportHelpers.importLines(lines, into: database, in: directory)
        }
        self.database = database
        let state = AppState(size: ScreenSize(rows: rows, cols: cols), schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric, keymap: Self.defaultKeymap, reviewer: reviewer, monochrome: monochrome)
        runtime = AppRuntime(database: database, state: state)
        runtime.start()
        runtime.finishBackgroundWork()
    }

    /// Types keys: each character is one key; `<enter>`, `<esc>`, `<down>`, `<ctrl-r>`… name others.
    /// After each key the background work (a count of the list) is done, as for a reviewer who
    /// reads the screen before the next key; `press` leaves it waiting.
    public func type(_ keys: String) {
        var rest = Substring(keys)
        while let first = rest.first {
            if first == "<", let close = rest.firstIndex(of: ">"), close > rest.index(after: rest.startIndex),
               let key = KeyName.parse(String(rest[rest.index(after: rest.startIndex)..<close])) {
                runtime.send(.key(key))
                rest = rest[rest.index(after: close)...]
            } else {
                runtime.send(.key(.character(first)))
                rest = rest.dropFirst()
            }
            runtime.finishBackgroundWork()
        }
    }

    /// Presses one key, leaving the background work it starts waiting (see `type`).
    public func press(_ key: KeyPress) {
        runtime.send(.key(key))
    }

    public var state: AppState { runtime.state }
    public var grid: Grid { runtime.frame }
    /// The screen's text, rows joined with newlines.
    public var screen: String { grid.text }

    /// The row containing `needle`, if any.
    public func row(containing needle: String) -> Int? {
        (0..<grid.rows).first { grid.text(row: $0).contains(needle) }
    }

    /// The stored document `id`, fresh from the database.
    public func stored(_ id: String) throws -> StoredDocument {
        guard let document = try database.document(externalID: id) else { throw StoreError.unknownDocument(id) }
        return document
    }
}
