import Crypto
import Foundation
import TrellisCore

/// Streams the gold of a database into one export, in batches with bounded memory. It writes
/// the export and its manifest (counts, options, versions and checksums) under temporary names,
/// syncs them, validates the export, and only then publishes the pair (``ExportPublication``):
/// a failed or interrupted export never leaves a half-written file, nor an export beside another
/// export's manifest, under the final names.
public struct Exporter {
    public let database: AppDatabase
    public let schema: TagSchema
    public let rubric: Rubric
    public let options: ExportOptions
    /// The system calls that write the files (tests make one fail).
    var disk = ExportDisk.system
    /// Changes each record once it is formatted, as a bug in formatting would (tests make one
    /// invalid, to see it caught).
    var tamper: (@Sendable ([UInt8]) -> [UInt8])?

    public init(database: AppDatabase, schema: TagSchema, rubric: Rubric, options: ExportOptions) {
        self.database = database
        self.schema = schema
        self.rubric = rubric
        self.options = options
    }

    /// The manifest's path for an export at `path`.
    public static func manifestPath(for path: String) -> String { path + ".manifest.json" }

    /// Writes the export to `path`; `onProgress` gets the number of documents read so far.
    /// `beforePublishing` runs once everything is written and validated, last before the export
    /// is published: what it throws leaves nothing published (a check of the database beside the
    /// export, ``SoundnessCheck``).
    public func run(to path: String, force: Bool = false, beforePublishing: () throws -> Void = {},
                    onProgress: (Int) -> Void = { _ in }) throws -> ExportSummary {
        if FileManager.default.fileExists(atPath: path), !force { throw ExportError.exists(path) }
        let publication = ExportPublication(path: path, disk: disk)
        publication.removeTemporaries()
        defer { publication.removeTemporaries() }
        let temporary = publication.dataPartial
        let provenance = ExportProvenance(schema: "\(schema.name)@\(schema.version)", rubric: "\(rubric.name)@\(rubric.version)", databaseID: try database.databaseID())

        if options.split != nil, !options.format.splits {
            throw ExportError.options("--split applies to eval, train and hf, not \(options.format.rawValue)")
        }
        // The problems of the records, when they were checked as they were made; else the
        // files written are read back and checked.
        var summary: ExportSummary, problems: [String]?
        if options.format.comparesRewriter {
            summary = try writeCorrections(to: temporary, onProgress: onProgress)
        } else {
            (summary, problems) = try write(to: temporary, provenance: provenance, onProgress: onProgress)
        }
        if options.policy.disagreement == .refuse, !summary.disagreements.isEmpty {
            throw ExportError.disagreements(summary.disagreements)
        }
        let found = try problems ?? ExportValidator.problems(at: temporary, format: options.format, schema: schema, tokens: options.tokens)
        guard found.isEmpty else { throw ExportError.invalid(file: path, problems: found) }
        if !isFolder {
            summary.files = summary.files.map { file in
                var renamed = file
                renamed.name = (path as NSString).lastPathComponent
                return renamed
            }
        }
        try writeManifest(summary, provenance: provenance, to: publication.manifestPartial)
        try beforePublishing()
        try publication.publish()
        return summary
    }

    /// Whether the export is a folder: brat, hf, and eval or train with `--split`.
    var isFolder: Bool { options.format == .brat || options.format == .hf || options.split != nil }

    /// The splits records go to: those of `--split`, or hf's single `train` split.
    private var splits: DatasetSplits? { options.split ?? (options.format == .hf ? .single() : nil) }

    /// Writes the gold's files; returns the summary and, when the export is one JSONL file,
    /// the problems of its records, each checked as it was made (``RecordChecks``).
    private func write(to temporary: String, provenance: ExportProvenance, onProgress: (Int) -> Void) throws -> (ExportSummary, [String]?) {
        var summary = ExportSummary()
        let codec = TagCodec(schema: schema)
        let escaping: TokenEscaping
        do throws(TokenError) {
            escaping = try TokenEscaping(tokens: options.tokens.all(modes: schema.tags.map(\.name)))
        } catch {
            throw ExportError.options(error.description)
        }
        var single: HashingFileWriter?
        var checksums: HashingFileWriter?
        var ids: HashingFileWriter?
        var splitWriter: SplitWriter?
        let syncs = BackgroundSyncs(disk: disk)
        // Every brat file is synced before the folder is published, even when writing stops early.
        defer { try? syncs.finish() }
        if isFolder { try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false) }
        let dataFolder = options.format == .hf ? "data/" : ""
        if options.format == .brat {
            checksums = try HashingFileWriter(path: "\(temporary)/\(Self.checksumFile)", disk: disk)
            ids = try HashingFileWriter(path: "\(temporary)/\(BratIDMap.fileName)", disk: disk)
            try ids?.write(BratStandoff.idsHeader)
            try writeFile("annotation.conf", BratStandoff.configuration(schema: schema, rubric: rubric), in: temporary, listedIn: checksums, syncs: syncs)
        } else if let splits {
            if !dataFolder.isEmpty { try FileManager.default.createDirectory(atPath: "\(temporary)/\(dataFolder)", withIntermediateDirectories: false) }
            splitWriter = try SplitWriter(splits: splits, paths: splits.splits.map { "\(temporary)/\(dataFolder)\($0.name).jsonl" },
                                          spool: "\(temporary)/.spool", disk: disk)
        } else {
            single = try HashingFileWriter(path: temporary, disk: disk)
            if options.format == .csv { try single?.write(CSVTable(rubric: rubric).header) }
        }
        let validator = Validator(schema: schema)
        let table = CSVTable(rubric: rubric, formulaGuard: options.formulaGuard)
        let output = RecordOutput(single: single, splits: splitWriter, brat: checksums, ids: ids, folder: temporary, table: table, syncs: syncs)
        let formatter = RecordFormatter(format: options.format, spanRuns: options.spanRuns, tokens: options.tokens, escaping: escaping, codec: codec,
                                        validator: validator, provenance: provenance, dimensions: rubric.dimensions.map(\.name))
        // The records of one JSONL file are checked as they are made, instead of reading the file back.
        var checks = single.flatMap { _ in ExportValidator.recordCheck(of: temporary, format: options.format, schema: schema, tokens: options.tokens) }
            .map(RecordChecks.init)
        let shared = checks?.shared, tamper = self.tamper, wholeDocuments = options.wholeDocuments
        var modes = FewCounts(), resolutions = FewCounts()
        // Records are formatted (and checked) on the threads that read and judge the gold.
        try GoldReader(database: database, options: options, validator: validator).forEachDocument(prepare: { judged -> PreparedRecords? in
            guard RecordFormatter.formats(formatter.format), !(wholeDocuments && !judged.decided) else { return nil }
            var formatted = formatter.records(for: judged)
            if let tamper { formatted.records = formatted.records.map(tamper) }
            return PreparedRecords(formatted: formatted, verdicts: shared.map { shared in formatted.records.map(shared.verdict) } ?? [])
        }) { judged, prepared in
            let document = judged.document
            summary.documentsRead += 1
            if summary.documentsRead % 1000 == 0 { onProgress(summary.documentsRead) }
            for (span, exclusion) in judged.exclusions {
                summary.excluded[exclusion.rawValue, default: 0] += 1
                if exclusion == .disagreement { summary.disagreements.append("\(document.id) @\(span.start)-\(span.end) \(span.label)") }
            }
            if options.wholeDocuments, !judged.decided { return }
            if let prepared { checks?.add(prepared.formatted.records, verdicts: prepared.verdicts) }
            let exported = try write(judged, formatted: prepared?.formatted, to: output, summary: &summary)
            // Gold left out of a format of whole documents: counted with the reason.
            if exported.count < document.gold.count {
                summary.excluded[(judged.whole ?? .documentIncomplete).rawValue, default: 0] += document.gold.count - exported.count
            }
            guard !exported.isEmpty else { return }
            summary.documentsExported += 1
            summary.goldSpans += exported.count
            summary.spansByStage[document.stage.map(String.init) ?? "none", default: 0] += exported.count
            // Usually every gold span, in order (eval, hf): counted without a set of them. By
            // index, so that no gold span (its ratings, judgements, names) is copied.
            let gold = document.gold
            let everyGold = exported.count == gold.count && exported.indices.allSatisfy { exported[$0] == gold[$0].span }
            let written = everyGold ? nil : Set(exported)
            for index in gold.indices where written?.contains(gold[index].span) ?? true {
                modes.add(gold[index].span.label)
                resolutions.add(gold[index].resolution)
            }
        }
        modes.add(to: &summary.spansByMode)
        resolutions.add(to: &summary.resolutions)
        if let single {
            let digest = try single.close()
            summary.files.append(.init(name: temporary, bytes: single.bytesWritten, sha256: digest))
        }
        if let splitWriter, let splits {
            let written = try splitWriter.finish()
            summary.splits = splitWriter.counts
            var cardFiles: [HFDatasetCard.SplitFile] = []
            for ((split, count), file) in zip(zip(splits.splits, splitWriter.counts), written) {
                let name = "\(dataFolder)\(split.name).jsonl"
                // `datasets.load_dataset(FOLDER)` refuses an empty split: a split folder holds
                // none (hf's card leaves them out instead).
                if options.format != .hf, count.records == 0 {
                    guard unlink("\(temporary)/\(name)") == 0 else { throw ExportError.cannotWrite("\(temporary)/\(name): \(String(cString: strerror(errno)))") }
                    continue
                }
                summary.files.append(.init(name: name, bytes: file.bytes, sha256: file.sha256))
                cardFiles.append(.init(name: split.name, path: name, documents: count.documents, records: count.records, spans: count.spans,
                                       bytes: file.bytes, sha256: file.sha256))
            }
            if options.format == .hf {
                let card = HFDatasetCard(schema: schema, rubric: rubric, provenance: provenance, splits: splits, files: cardFiles, counts: [
                    ("spans by mode", summary.spansByMode.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }),
                    ("spans by stage", summary.spansByStage.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }),
                    ("resolutions", summary.resolutions.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }),
                    ("spans left out", summary.excluded.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }),
                ])
                let writer = try HashingFileWriter(path: "\(temporary)/README.md", disk: disk)
                try writer.write(card.text)
                let sha256 = try writer.close()
                summary.files.append(.init(name: "README.md", bytes: writer.bytesWritten, sha256: sha256))
                try disk.syncFolder("\(temporary)/\(dataFolder)")
            }
            try disk.syncFolder(temporary)
        }
        if let checksums, let ids {
            let digest = try ids.close()
            try checksums.write("\(digest)  \(BratIDMap.fileName)\n")
            // The folder's files were synced in the background (two per document); the folder's
            // own entries are synced with them.
            try syncs.finish()
            try disk.syncFolder(temporary)
            let sums = try checksums.close()
            summary.files.append(.init(name: Self.checksumFile, bytes: checksums.bytesWritten, sha256: sums))
        }
        onProgress(summary.documentsRead)
        return (summary, checks?.problems)
    }

    /// Writes a corrections or preference export (`CorrectionsWriter`).
    private func writeCorrections(to temporary: String, onProgress: (Int) -> Void) throws -> ExportSummary {
        let output = try HashingFileWriter(path: temporary, disk: disk)
        var summary = try CorrectionsWriter(database: database, schema: schema, format: options.format, stages: options.stages)
            .write(to: output, onProgress: onProgress)
        let digest = try output.close()
        summary.files.append(.init(name: temporary, bytes: output.bytesWritten, sha256: digest))
        return summary
    }

    /// Where one document's records go, and what formats them.
    private struct RecordOutput {
        var single: HashingFileWriter?
        var splits: SplitWriter?
        /// brat: the checksum list and `ids.tsv`.
        var brat: HashingFileWriter?
        var ids: HashingFileWriter?
        var folder: String
        var table: CSVTable
        var syncs: BackgroundSyncs
    }

    /// Writes one document's records, `formatted` on the reading threads for the JSONL formats
    /// (for brat, its two files, listed in the checksum list and `ids.tsv`); returns the gold
    /// spans it exported (offsets in the document).
    private func write(_ judged: JudgedDocument, formatted: RecordFormatter.Records?, to output: RecordOutput,
                       summary: inout ExportSummary) throws -> [Span] {
        let document = judged.document
        var records: [[UInt8]] = []
        var spans: [Span] = []
        switch options.format {
        case .train, .controlTokens, .eval, .hf:
            guard let formatted else { return [] }
            (records, spans) = (formatted.records, formatted.spans)
            summary.escapedTokens += formatted.escaped
        case .csv:
            guard !document.gold.isEmpty else { return [] }
            try output.single?.write(output.table.rows(for: document))
            summary.records += document.gold.reduce(0) { $0 + max(1, $1.judgements.count) }
            return document.gold.map(\.span)
        case .corrections, .preference:
            preconditionFailure("written by CorrectionsWriter, from reviewed documents rather than the gold policy")
        case .brat:
            guard !document.gold.isEmpty else { return [] }
            let files = BratStandoff.files(for: document)
            let name = BratStandoff.fileName(for: document.id)
            try writeFile(name + ".txt", files.text, in: output.folder, listedIn: output.brat, syncs: output.syncs)
            try writeFile(name + ".ann", files.annotations, in: output.folder, listedIn: output.brat, syncs: output.syncs)
            try output.ids?.write(BratStandoff.idsLine(id: document.id))
            summary.records += 1
            return document.gold.map(\.span)
        }
        if let splits = output.splits {
            if !records.isEmpty { try splits.add(id: document.id, stage: document.stage, records: records, spans: spans.count) }
        } else {
            for record in records { try output.single?.line(record) }
        }
        summary.records += records.count
        return spans
    }

    /// The brat folder's list of its files' SHA-256 sums, in `sha256sum` format (`sha256sum -c`
    /// checks it); the manifest gives this file's own sum. Streamed, so memory stays flat however
    /// many files the folder holds.
    static let checksumFile = "SHA256SUMS"

    /// Writes a small file of a brat folder in one call, hands it to `syncs` to be synced and
    /// closed in the background, and lists its sum.
    private func writeFile(_ name: String, _ contents: String, in directory: String, listedIn checksums: HashingFileWriter?, syncs: BackgroundSyncs) throws {
        let bytes = Array(contents.utf8)
        let path = "\(directory)/\(name)"
        // Never over another document's file: two ids given one name (on a file system that
        // ignores case, say) stop the export.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o666)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "two documents would share this file name" : String(cString: strerror(errno))
            throw ExportError.cannotWrite("\(path): \(reason)")
        }
        do {
            try writeAll(bytes, to: descriptor, path: path, disk: disk)
        } catch {
            close(descriptor)
            throw error
        }
        syncs.syncAndClose(descriptor, path: path)
        try checksums?.write("\(SHA256.hexDigest(bytes))  \(name)\n")
    }

    /// Writes the manifest to `path` (its temporary name) and syncs it.
    private func writeManifest(_ summary: ExportSummary, provenance: ExportProvenance, to path: String) throws {
        func counts(_ values: [String: Int]) -> (inout JSONObjectBuilder) -> Void {
            { object in for (key, value) in values.sorted(by: { $0.key < $1.key }) { object.int(key, value) } }
        }
        var manifest = JSONObjectBuilder()
        manifest.string("trellis_export", "1")
        manifest.string("database_id", provenance.databaseID)
        manifest.string("schema", provenance.schema)
        manifest.string("rubric", provenance.rubric)
        manifest.object("options") { object in
            object.string("format", options.format.rawValue)
            object.string("unit", options.spanRuns ? "span-run" : "document")
            object.int("shuffle_seed", options.shuffleSeed.map { Int(truncatingIfNeeded: $0) })
            object.raw("whole_documents", options.wholeDocuments ? "true" : "false")
            object.int("min_approvals", options.policy.minApprovals)
            object.object("min_ratings", counts(options.policy.minRatings))
            object.raw("stages", options.stages.map { "[" + $0.sorted().map(String.init).joined(separator: ",") + "]" } ?? "null")
            object.strings("modes", options.modes?.sorted())
            object.strings("reviewers", options.policy.reviewers?.sorted())
            object.string("from", options.policy.from)
            object.string("until", options.policy.until)
            object.string("on_disagreement", options.policy.disagreement.rawValue)
            object.object("tokens") { tokens in
                for mode in schema.tags.map(\.name).sorted() { tokens.string(mode, options.tokens.token(for: mode)) }
            }
            object.string("split", splits?.description)
            object.int("split_seed", splits.map { Int(truncatingIfNeeded: $0.seed) })
            object.raw("formula_guard", options.formulaGuard ? "true" : "false")
        }
        manifest.object("counts") { object in
            object.int("documents_read", summary.documentsRead)
            object.int("documents", summary.documentsExported)
            object.int("records", summary.records)
            object.int("spans", summary.goldSpans)
            object.object("spans_by_mode", counts(summary.spansByMode))
            object.object("spans_by_stage", counts(summary.spansByStage))
            object.object("resolutions", counts(summary.resolutions))
            object.object("excluded_spans", counts(summary.excluded))
            if options.format.comparesRewriter { object.object("excluded_documents", counts(summary.excludedDocuments)) }
            object.int("escaped_token_literals", summary.escapedTokens)
            object.objects("splits", summary.splits) { split, count in
                split.string("name", count.name)
                split.int("documents", count.documents)
                split.int("records", count.records)
                split.int("spans", count.spans)
            }
        }
        manifest.objects("files", summary.files.sorted { $0.name < $1.name }) { object, file in
            object.string("name", file.name)
            object.int("bytes", file.bytes)
            object.string("sha256", file.sha256)
        }
        let writer = try HashingFileWriter(path: path, disk: disk)
        try writer.line(manifest.finish())
        _ = try writer.close()
    }
}
