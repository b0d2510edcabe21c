import Foundation
import TrellisCore
import TrellisModel
import TrellisStore
import TrellisTUI

/// The whole app with no terminal, on any ``ReviewStore``: type keys, read the screen (as
/// swift-nio's `EmbeddedChannel` runs a pipeline with no network). ``TestApp`` runs it on an
/// in-memory SQLite database, for tests that rely on what the store does; ``FakeApp`` on a
/// ``FakeStore``, for screens and keys alone.
public final class AppHarness<Store: ReviewStore> {
    public let store: Store
    public let runtime: AppRuntime

    /// Starts the app on `store` (first list page, or the document the reviewer left).
    public init(store: Store, rows: Int = 24, cols: Int = 80, reviewer: String = "ada", monochrome: Bool = false) {
        self.store = store
        let state = AppState(size: ScreenSize(rows: rows, cols: cols), schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric,
                             keymap: Fixtures.defaultKeymap, reviewer: reviewer, monochrome: monochrome)
        runtime = AppRuntime(store: store, state: state)
        runtime.start()
        runtime.finishBackgroundWork()
    }

    /// The built-in keymap.
    public static var defaultKeymap: Keymap { Fixtures.defaultKeymap }

    /// Types keys: each character is one key; `<enter>`, `<esc>`, `<down>`, `<ctrl-r>`… name others.
    /// After each key the background work (a count of the list) is done, as for a reviewer who
    /// reads the screen before the next key; `press` leaves it waiting.
    public func type(_ keys: String) {
        for key in Self.keys(keys) {
            runtime.send(.key(key))
            runtime.finishBackgroundWork()
        }
    }

    /// Presses one key, leaving the background work it starts waiting (see `type`).
    public func press(_ key: KeyPress) {
        runtime.send(.key(key))
    }

    /// The keys `text` names: each character is one key; `<enter>`, `<esc>`, `<down>`,
    /// `<ctrl-r>`… name others.
    public static func keys(_ text: String) -> [KeyPress] {
        var keys: [KeyPress] = []
        var rest = Substring(text)
        while let first = rest.first {
            if first == "<", let close = rest.firstIndex(of: ">"), close > rest.index(after: rest.startIndex),
               let key = KeyName.parse(String(rest[rest.index(after: rest.startIndex)..<close])) {
                keys.append(key)
                rest = rest[rest.index(after: close)...]
            } else {
                keys.append(.character(first))
                rest = rest.dropFirst()
            }
        }
        return keys
    }

    public var state: AppState { runtime.state }
    public var grid: Grid { runtime.frame }
    /// The screen's text, rows joined with newlines.
    public var screen: String { grid.text }

    /// The row containing `needle`, if any.
    public func row(containing needle: String) -> Int? {
        (0..<grid.rows).first { grid.text(row: $0).contains(needle) }
    }
}

/// The app on an in-memory SQLite database (``SQLiteReviewStore``).
public typealias TestApp = AppHarness<SQLiteReviewStore>

extension AppHarness where Store == SQLiteReviewStore {
    /// An app over `lines` (JSONL) imported into `database` (by default a fresh in-memory one).
    public convenience init(lines: [String], rows: Int = 24, cols: Int = 80, reviewer: String = "ada", monochrome: Bool = false, database: AppDatabase? = nil) throws {
        let database = try database ?? AppDatabase.inMemory()
        if !lines.isEmpty {
            let directory = try TemporaryDirectory()
            _ = try ImportHelpers.importLines(lines, into: database, in: directory)
        }
        self.init(store: SQLiteReviewStore(database: database, schema: Fixtures.defaultSchema), rows: rows, cols: cols, reviewer: reviewer, monochrome: monochrome)
    }

    /// The database under the app.
    public var database: AppDatabase { store.database }

    /// The stored document `id`, fresh from the database.
    public func stored(_ id: String) throws -> StoredDocument {
        guard let document = try database.document(externalID: id) else { throw StoreError.unknownDocument(id) }
        return document
    }
}

/// The app on a ``FakeStore``: no database at all.
public typealias FakeApp = AppHarness<FakeStore>

extension AppHarness where Store == FakeStore {
    /// An app over `lines` (JSONL) held by a fresh fake store.
    public convenience init(lines: [String], rows: Int = 24, cols: Int = 80, reviewer: String = "ada", monochrome: Bool = false) throws {
        self.init(store: try FakeStore(lines: lines), rows: rows, cols: cols, reviewer: reviewer, monochrome: monochrome)
    }
}
