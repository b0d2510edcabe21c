import GRDB

extension AppDatabase {
    /// A document's state fingerprint became additive over its spans (``DecisionState``), so that
    /// it is kept per version and moved by each edit instead of read from every span:
    ///
    /// - `version_state`: each version's sum of span terms (`owner_id` 0: the shared version),
    ///   kept as ``VersionState`` says (a version without a row has it worked out when needed);
    /// - `carried_document_state`: per document, the fingerprints stored before (sequential) and
    ///   the new ones of the same states, for history entries written before (append-only, not
    ///   rewritten), which undo, redo and revert read through it.
    ///
    /// Decisions' fingerprints are carried over here (``DocumentStateCarryOver``).
    static func addAdditiveDocumentState(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE version_state (
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                owner_id INTEGER NOT NULL,
                span_sum INTEGER NOT NULL,
                PRIMARY KEY (document_id, owner_id)
            ) WITHOUT ROWID;
            CREATE TABLE carried_document_state (
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                sequential INTEGER NOT NULL,
                additive INTEGER NOT NULL,
                PRIMARY KEY (document_id, sequential)
            ) WITHOUT ROWID;
            """)
        try DocumentStateCarryOver.run(in: db)
    }
}
