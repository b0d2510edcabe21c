import TrellisCore
import TrellisModel
import TrellisStore

/// The store steps the randomised totals tests take turns at, in one place: an edit the editor
/// accepts (a refused one is skipped, as the screen refuses it), and undo or redo (skipped when a
/// change by another reviewer since refuses them).
struct RandomSteps {
    let database: AppDatabase
    let schema: TagSchema

    func edit(_ edit: SpanEdit, of document: StoredDocument, by reviewer: String) throws {
        if case .success(let result) = SpanEditor(schema: schema, annotated: document.annotated).apply(edit) {
            _ = try database.applyEdit(result, named: edit.name, to: document, by: reviewer, schema: schema)
        }
    }

    func undo(in document: Int64, by reviewer: String) throws {
        do { _ = try database.undo(in: document, by: reviewer, schema: schema) } catch is StoreError {}
    }

    func redo(in document: Int64, by reviewer: String) throws {
        do { _ = try database.redo(in: document, by: reviewer, schema: schema) } catch is StoreError {}
    }
}
