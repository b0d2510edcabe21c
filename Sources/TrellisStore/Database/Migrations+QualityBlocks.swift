import GRDB

extension AppDatabase {
    /// `trellis quality`'s kept figures added up per block of documents (`QualityBlock`):
    /// `quality_block` holds a block's sums, `quality_progress.blocks_format` the encoding they
    /// were added up in (0: none yet, so the first report after migrating adds up every block from
    /// the kept rows, without working any document out again). A block's sums name each
    /// document's stage, so a stage changed by a re-import names its document as changed.
    static func addQualityBlocks(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE quality_block (block_id INTEGER PRIMARY KEY, sums BLOB NOT NULL);
            ALTER TABLE quality_progress ADD COLUMN blocks_format INTEGER NOT NULL DEFAULT 0;
            CREATE TRIGGER quality_change_after_document_stage_update AFTER UPDATE OF stage ON document
            WHEN OLD.stage IS NOT NEW.stage BEGIN
                INSERT INTO quality_change (document_id) VALUES (NEW.id);
            END;
            """)
    }
}
