import GRDB

extension AppDatabase {
    /// The search index (`SearchIndex`): grams of ids and texts per block of 64 documents, filled
    /// here from the documents already there; and `search_token`, the blocks (document id / 64)
    /// that may hold a live shared span of a mode (`mode:LABEL`) or a span rated a value
    /// (`rating:DIMENSION=VALUE`), kept by triggers on the changes reviewers make (a span comes to
    /// life through an update, also when an edit adds it) and by import for what it writes. (The
    /// triggers insert with `ON CONFLICT DO NOTHING`: an `OR IGNORE` in a trigger gives way to the
    /// outer statement's policy, which is to fail.) Tokens
    /// are only ever added: a block that lost its last quote is read for nothing, never missed.
    static func addSearchIndex(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE search_gram (
                chunk INTEGER NOT NULL,
                bucket INTEGER NOT NULL,
                blocks BLOB NOT NULL,
                PRIMARY KEY (chunk, bucket)
            ) WITHOUT ROWID;
            CREATE TABLE search_progress (indexed_through INTEGER NOT NULL);
            INSERT INTO search_progress (indexed_through) VALUES (0);

            CREATE TABLE search_token (
                token TEXT NOT NULL,
                block INTEGER NOT NULL,
                PRIMARY KEY (token, block)
            ) WITHOUT ROWID;
            INSERT OR IGNORE INTO search_token (token, block)
            SELECT 'mode:' || label, document_id / 64 FROM span WHERE owner_id IS NULL AND deleted = 0;
            INSERT OR IGNORE INTO search_token (token, block)
            SELECT 'rating:' || r.dimension || '=' || r.value, s.document_id / 64 FROM rating r JOIN span s ON s.id = r.span_id;

            CREATE TRIGGER search_token_after_span_update AFTER UPDATE OF label, deleted, owner_id ON span
            WHEN NEW.owner_id IS NULL AND NEW.deleted = 0 BEGIN
                INSERT INTO search_token (token, block) VALUES ('mode:' || NEW.label, NEW.document_id / 64) ON CONFLICT (token, block) DO NOTHING;
            END;
            CREATE TRIGGER search_token_after_rating_insert AFTER INSERT ON rating BEGIN
                INSERT INTO search_token (token, block)
                SELECT 'rating:' || NEW.dimension || '=' || NEW.value, document_id / 64 FROM span WHERE id = NEW.span_id
                ON CONFLICT (token, block) DO NOTHING;
            END;
            CREATE TRIGGER search_token_after_rating_update AFTER UPDATE OF span_id, dimension, value ON rating BEGIN
                INSERT INTO search_token (token, block)
                SELECT 'rating:' || NEW.dimension || '=' || NEW.value, document_id / 64 FROM span WHERE id = NEW.span_id
                ON CONFLICT (token, block) DO NOTHING;
            END;
            """)
        var writer = SearchIndexWriter()
        // Every text was whole in its row until `v26-text-in-pieces`.
        try writer.catchUp(in: db, text: "text")
    }
}
