import TrellisCore

extension Importer {
    /// Converts the documents of an input in another tool's format (`ImportSource`) in batches,
    /// sending each down `pipe` as `readBatches` does a JSONL file's lines; stops early when the
    /// writer stops taking batches.
    static func convertBatches(from source: ImportSource, schema: TagSchema, validator: Validator, options: ImportOptions, into pipe: BatchPipe<DecodedBatch>) throws {
        var pending: [DecodedLine] = []
        var documents = 0
        func send() -> Bool {
            defer { pending.removeAll(keepingCapacity: true) }
            return pipe.send(DecodedBatch(lines: pending, bytesRead: source.bytesRead, linesRead: documents))
        }
        var stopped = false
        try source.forEachDocument(schema: schema) { result in
            documents += 1
            switch result {
            case .success(let document):
                pending.append(.decoded(line: document.place.line, input: document.input, validator: validator))
            case .failure(let rejection):
                pending.append(.rejected(rejection))
            }
            if pending.count >= options.batchSize, !send() { stopped = true }
            return !stopped
        }
        if stopped || (!pending.isEmpty && !send()) { throw CancellationError() }
    }
}
