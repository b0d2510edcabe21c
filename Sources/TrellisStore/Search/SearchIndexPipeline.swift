import Foundation
import GRDB
import TrellisCore

/// The search index of an import's new documents, built on a thread of its own while the
/// importer writes the next batch: the importer hands over each batch's new documents once it is
/// committed (`add`), and writes the chunks finished so far in its next transaction
/// (`writeFinished`), the rest when it ends (`finish`). `indexed_through` moves with the chunks
/// written, so a search reads every document written after them, and an import stopped in between
/// leaves them to the next one's catch-up (`SearchIndexWriter.catchUp`).
///
/// At most two batches wait for the thread, which bounds the memory their texts hold.
final class SearchIndexPipeline: @unchecked Sendable {
    /// A new document, in id order after every one the index covers.
    struct Document: Sendable {
        var id: Int64
        var externalID: String
        var text: String
    }

    private let queue = DispatchQueue(label: "trellis.import.search")
    private let slots = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    /// The chunk being filled and the last document in it; touched only on `queue`.
    private var bits: SearchChunkBits?
    private var last: Int64 = 0
    /// Chunks filled, with the last document of each, waiting to be written; under `lock`.
    private var finished: [(bits: SearchChunkBits, last: Int64)] = []

    /// Adds `documents` (committed, in id order) on the index's thread; waits while two batches wait.
    func add(_ documents: [Document]) {
        guard !documents.isEmpty else { return }
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            for document in documents {
                let chunk = SearchChunkBits.chunk(of: document.id)
                if let current = bits, current.chunk != chunk { complete(current) }
                if bits == nil { bits = SearchChunkBits(chunk: chunk) }
                bits!.add(document: document.id, texts: [document.externalID, document.text])
                last = document.id
            }
        }
    }

    /// Writes the chunks filled so far (or-ed into the rows already there).
    func writeFinished(in db: Database) throws {
        let chunks = lock.withLock {
            defer { finished = [] }
            return finished
        }
        for chunk in chunks {
            try SearchIndexWriter.merge(chunk.bits, in: db)
            try SearchIndex.setIndexedThrough(chunk.last, in: db)
        }
    }

    /// Waits for every document added, then writes them all: the index then covers them.
    func finish(in db: Database) throws {
        queue.sync {
            if let bits { complete(bits) }
            bits = nil
        }
        try writeFinished(in: db)
    }

    /// Waits for the index's thread to be done with what it was given (an import that stops
    /// leaves nothing running behind it).
    func wait() {
        queue.sync {}
    }

    /// On `queue`: hands a filled chunk over to be written.
    private func complete(_ chunk: SearchChunkBits) {
        lock.withLock { finished.append((chunk, last)) }
        bits = nil
    }
}
