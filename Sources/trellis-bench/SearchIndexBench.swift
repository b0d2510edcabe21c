import Foundation
import GRDB
import TrellisStore

/// The search index (migration `v9-search-index`): its size in the database (SQLite's `dbstat`),
/// and its cost to build, timed in process as a rebuild from every document (what import adds
/// as it writes), against the import's time when the import was measured.
enum SearchIndexBench {
    static func run(_ workspace: Workspace, importSeconds: Double?) throws -> [Figure] {
        let pages = try DatabaseQueue(path: workspace.database, configuration: Corpus.readOnly()).read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").map { row in
                (try row.decode(atIndex: 0) as String, try row.decode(atIndex: 1) as Int)
            })
        }
        let grams = pages["search_gram"] ?? 0, tokens = pages["search_token"] ?? 0
        let total = pages.values.reduce(0, +)
        let database = try AppDatabase.open(path: workspace.database)
        let (_, buildMs) = try Clock.time { try database.rebuildSearchIndex() }
        let share = Double(grams + tokens) / Double(max(total, 1))
        var fields: [(String, JSONValue)] = [
            ("index_mb", .round(Double(grams + tokens) / 1_048_576, 1)), ("grams_mb", .round(Double(grams) / 1_048_576, 1)),
            ("tokens_mb", .round(Double(tokens) / 1_048_576, 1)), ("database_mb", .round(Double(total) / 1_048_576, 1)),
            ("share_of_database", .round(share, 3)), ("build_seconds", .round(buildMs / 1000, 3)),
        ]
        var headline = String(format: "%@ (%.1f%% of the database's %@: grams %@, mode and rating tokens %@), built from every document in %@",
                              Format.mb(grams + tokens), share * 100, Format.mb(total), Format.mb(grams), Format.mb(tokens), Format.seconds(buildMs / 1000))
        if let importSeconds {
            fields.append(("share_of_import", .round(buildMs / 1000 / importSeconds, 3)))
            headline += String(format: " (%.0f%% of the import's %@)", buildMs / 1000 / importSeconds * 100, Format.seconds(importSeconds))
        }
        Report.progress("search index: \(headline)")
        return [Figure(name: "search-index", size: workspace.size, fields: fields, headline: headline)]
    }
}
