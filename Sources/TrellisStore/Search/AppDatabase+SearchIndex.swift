import GRDB

extension AppDatabase {
    /// Builds the search index's grams again from every document, dropping old grams (those of
    /// replaced texts): a repair, and how the bench measures what the index costs to build.
    public func rebuildSearchIndex() throws {
        try write { db in
            try db.execute(sql: "DELETE FROM search_gram")
            try SearchIndex.setIndexedThrough(0, in: db)
            var index = SearchIndexWriter()
            try index.catchUp(in: db)
        }
    }
}
