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

    public init(database: AppDatabase, schema: TagSchema, rubric: Rubric, options: ExportOptions) {
        self.database = database
        self.schema = schema
        self.rubric = rubric
        self.options = options
    }

    /// The manifest's path for an export at `path`.
    public static func manifestPath(for path: String) -> String { path + ".manifest.json" }

    /// Writes the export to `path`; `onProgress` gets the number of documents read so far.
    public func run(to path: String, force: Bool = false, onProgress: (Int) -> Void = { _ in }) throws -> ExportSummary {
        if FileManager.default.fileExists(atPath: path), !force { throw ExportError.exists(path) }
        let publication = ExportPublication(path: path, disk: disk)
        publication.removeTemporaries()
        defer { publication.removeTemporaries() }
        let temporary = publication.dataPartial
        let provenance = ExportProvenance(schema: "\(schema.name)@\(schema.version)", rubric: "\(rubric.name)@\(rubric.version)", databaseID: try database.databaseID())

        var summary = options.format.comparesRewriter
            ? try writeCorrections(to: temporary, onProgress: onProgress)
            : try write(to: temporary, provenance: provenance, onProgress: onProgress)
        if options.policy.disagreement == .refuse, !summary.disagreements.isEmpty {
            throw ExportError.disagreements(summary.disagreements)
        }
        let problems = try ExportValidator.problems(at: temporary, format: options.format, schema: schema)
        guard problems.isEmpty else { throw ExportError.invalid(file: path, problems: problems) }
        summary.files = summary.files.map { file in
            var renamed = file
            renamed.name = options.format == .brat ? file.name : (path as NSString).lastPathComponent
            return renamed
        }
        try writeManifest(summary, provenance: provenance, to: publication.manifestPartial)
        try publication.publish()
        return summary
    }

    private func write(to temporary: String, provenance: ExportProvenance, onProgress: (Int) -> Void) throws -> ExportSummary {
        var summary = ExportSummary()
        let codec = TagCodec(schema: schema)
        var single: HashingFileWriter?
        var checksums: HashingFileWriter?
        let syncs = BackgroundSyncs(disk: disk)
        // Every brat file is synced before the folder is published, even when writing stops early.
        defer { try? syncs.finish() }
        if options.format == .brat {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
            checksums = try HashingFileWriter(path: "\(temporary)/\(Self.checksumFile)", disk: disk)
            try writeFile("annotation.conf", BratStandoff.configuration(schema: schema, rubric: rubric), in: temporary, listedIn: checksums, syncs: syncs)
        } else {
            single = try HashingFileWriter(path: temporary, disk: disk)
            if options.format == .csv { try single?.write(CSVTable.header(rubric: rubric)) }
        }
        let validator = Validator(schema: schema)
        try GoldReader(database: database, options: options, validator: validator).forEachDocument { judged in
            let document = judged.document
            summary.documentsRead += 1
            if summary.documentsRead % 1000 == 0 { onProgress(summary.documentsRead) }
            for (span, exclusion) in judged.exclusions {
                summary.excluded[exclusion.rawValue, default: 0] += 1
                if exclusion == .disagreement { summary.disagreements.append("\(document.id) @\(span.start)-\(span.end) \(span.label)") }
            }
            if options.wholeDocuments, !judged.decided { return }
            let exported = try write(judged, to: single ?? checksums, directory: temporary, codec: codec, validator: validator,
                                     provenance: provenance, syncs: syncs, summary: &summary)
            // Gold left out of a format of whole documents: counted with the reason.
            if exported.count < document.gold.count {
                summary.excluded[(judged.whole ?? .documentIncomplete).rawValue, default: 0] += document.gold.count - exported.count
            }
            guard !exported.isEmpty else { return }
            summary.documentsExported += 1
            summary.goldSpans += exported.count
            summary.spansByStage[document.stage.map(String.init) ?? "none", default: 0] += exported.count
            let written = Set(exported)
            for gold in document.gold where written.contains(gold.span) {
                summary.spansByMode[gold.span.label, default: 0] += 1
                summary.resolutions[gold.resolution, default: 0] += 1
            }
        }
        if let single {
            let digest = try single.close()
            summary.files.append(.init(name: temporary, bytes: single.bytesWritten, sha256: digest))
        }
        if let checksums {
            // The folder's files were synced in the background (two per document); the folder's
            // own entries are synced with them.
            try syncs.finish()
            try disk.syncFolder(temporary)
            let digest = try checksums.close()
            summary.files.append(.init(name: Self.checksumFile, bytes: checksums.bytesWritten, sha256: digest))
        }
        onProgress(summary.documentsRead)
        return summary
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

    /// Writes one document's records (for brat, its two files, listed in `output`, the
    /// checksum list); returns the gold spans it exported (offsets in the document).
    private func write(_ judged: JudgedDocument, to output: HashingFileWriter?, directory: String, codec: TagCodec, validator: Validator,
                       provenance: ExportProvenance, syncs: BackgroundSyncs, summary: inout ExportSummary) throws -> [Span] {
        let document = judged.document
        switch options.format {
        case .train, .controlTokens:
            // A whole document needs its approval, every span gold and no schema problem;
            // otherwise (--span-runs) the stretches of it that are gold and keep to the schema.
            let units = judged.whole == nil ? [(id: document.id, annotated: document.annotated, start: 0)]
                : options.spanRuns ? document.goldRuns(validator: validator) : []
            var spans: [Span] = []
            for unit in units {
                let record = options.format == .train
                    ? ExportRecords.train(id: unit.id, stage: document.stage, annotated: unit.annotated, codec: codec)
                    : ExportRecords.controlTokens(id: unit.id, stage: document.stage, annotated: unit.annotated, tokens: options.tokens)
                try output?.line(record)
                summary.records += 1
                spans += unit.annotated.spans.map { Span(start: $0.start + unit.start, end: $0.end + unit.start, label: $0.label, depth: $0.depth) }
            }
            return spans
        case .eval:
            guard !document.gold.isEmpty else { return [] }
            try output?.line(ExportRecords.eval(document, provenance: provenance))
            summary.records += 1
            return document.gold.map(\.span)
        case .csv:
            guard !document.gold.isEmpty else { return [] }
            try output?.write(CSVTable.rows(for: document, rubric: rubric))
            summary.records += document.gold.reduce(0) { $0 + $1.reviewers.count }
            return document.gold.map(\.span)
        case .corrections, .preference:
            preconditionFailure("written by CorrectionsWriter, from reviewed documents rather than the gold policy")
        case .brat:
            guard !document.gold.isEmpty else { return [] }
            let files = BratStandoff.files(for: document)
            let name = BratStandoff.fileName(for: document.id)
            try writeFile(name + ".txt", files.text, in: directory, listedIn: output, syncs: syncs)
            try writeFile(name + ".ann", files.annotations, in: directory, listedIn: output, syncs: syncs)
            summary.records += 1
            return document.gold.map(\.span)
        }
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
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        guard descriptor >= 0 else { throw ExportError.cannotWrite("\(path): \(String(cString: strerror(errno)))") }
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
                for (mode, token) in options.tokens.tokens.sorted(by: { $0.key < $1.key }) { tokens.string(mode, token) }
            }
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
