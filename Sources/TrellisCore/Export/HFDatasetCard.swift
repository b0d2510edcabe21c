/// The `README.md` of a `--format hf` folder: a Hugging Face dataset card whose YAML header
/// declares the data files of each split (`configs`) and the features of a record
/// (`dataset_info`, with the schema's modes as a class label), so that
/// `datasets.load_dataset(FOLDER)` reads it with no arguments; its body describes the modes, the
/// rubric, the counts and each data file's SHA-256.
public struct HFDatasetCard: Sendable {
    /// One split's data file, as written.
    public struct SplitFile: Hashable, Sendable {
        public var name: String
        public var path: String
        public var documents: Int
        public var records: Int
        public var spans: Int
        public var bytes: Int
        public var sha256: String

        public init(name: String, path: String, documents: Int, records: Int, spans: Int, bytes: Int, sha256: String) {
            self.name = name
            self.path = path
            self.documents = documents
            self.records = records
            self.spans = spans
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    public var schema: TagSchema
    public var rubric: Rubric
    public var provenance: ExportProvenance
    public var splits: DatasetSplits
    /// Every split's file; those without records are not declared (`datasets` refuses an empty split).
    public var files: [SplitFile]
    /// Named counts shown in the card (`spans by mode`, …), each a list of (key, count).
    public var counts: [(title: String, values: [(String, Int)])]

    public init(schema: TagSchema, rubric: Rubric, provenance: ExportProvenance, splits: DatasetSplits, files: [SplitFile],
                counts: [(title: String, values: [(String, Int)])]) {
        self.schema = schema
        self.rubric = rubric
        self.provenance = provenance
        self.splits = splits
        self.files = files
        self.counts = counts
    }

    /// The card's text.
    public var text: String {
        var lines = ["---"] + yaml + ["---", ""] + body
        lines.append("")
        return lines.joined(separator: "\n")
    }

    private var declared: [SplitFile] { files.filter { $0.records > 0 } }

    private var yaml: [String] {
        var lines = ["configs:", "- config_name: default", "  data_files:"]
        for file in declared {
            lines += ["  - split: \(file.name)", "    path: \(Self.quoted(file.path))"]
        }
        lines += ["dataset_info:", "  features:"]
        lines += Self.fields(recordFields, indent: "  ")
        lines.append("  splits:")
        for file in declared {
            lines += ["  - name: \(file.name)", "    num_bytes: \(file.bytes)", "    num_examples: \(file.records)"]
        }
        return lines
    }

    /// A feature: a scalar type, a class label, a struct of fields, or a list of one.
    indirect enum Feature {
        case value(String)
        case classLabel([String])
        case fields([(String, Feature)])
        case list(Feature)
    }

    private var recordFields: [(String, Feature)] {
        let ratings = Feature.fields(rubric.dimensions.map { ($0.name, .value("float64")) })
        let judgement = Feature.fields([
            ("reviewer", .value("string")), ("decision", .value("string")), ("ratings", ratings), ("note", .value("string")),
            ("reviewed_at", .value("string")),
        ])
        let span = Feature.fields([
            ("start", .value("int64")), ("end", .value("int64")), ("label", .classLabel(schema.tags.map(\.name))), ("text", .value("string")),
            ("ratings", ratings), ("judgements", .list(judgement)), ("reviewers", .list(.value("string"))), ("decision", .value("string")),
            ("resolution", .value("string")), ("adjudicator", .value("string")), ("note", .value("string")),
        ])
        let provenance = Feature.fields(["import_sha256", "source_sha256", "schema", "rubric", "database_id", "reviewed_at"].map { ($0, .value("string")) })
        return [
            ("id", .value("string")), ("stage", .value("int64")), ("text", .value("string")), ("source", .value("string")),
            ("spans", .list(span)), ("document_note", .value("string")), ("meta", .value("string")), ("provenance", provenance),
        ]
    }

    /// Fields in `datasets`' YAML form: `- name: N` then `dtype: T`, `struct:` or `list:`.
    private static func fields(_ fields: [(String, Feature)], indent: String) -> [String] {
        fields.flatMap { name, feature in ["\(indent)- name: \(quoted(name))"] + describe(feature, indent: indent + "  ") }
    }

    private static func describe(_ feature: Feature, indent: String) -> [String] {
        switch feature {
        case .value(let type):
            return ["\(indent)dtype: \(type)"]
        case .classLabel(let names):
            return ["\(indent)dtype:", "\(indent)  class_label:", "\(indent)    names:"]
                + names.enumerated().map { "\(indent)      '\($0.offset)': \(quoted($0.element))" }
        case .fields(let inner):
            return ["\(indent)struct:"] + Self.fields(inner, indent: indent)
        case .list(.value(let type)):
            return ["\(indent)list: \(type)"]
        case .list(.fields(let inner)):
            return ["\(indent)list:"] + Self.fields(inner, indent: indent)
        case .list(let other):
            return ["\(indent)list:"] + describe(other, indent: indent + "  ")
        }
    }

    /// A YAML double-quoted scalar (JSON's string syntax is YAML's).
    static func quoted(_ text: String) -> String {
        var object = JSONObjectBuilder()
        object.string("s", text)
        let bytes = object.finish()
        return String(decoding: bytes[5..<(bytes.count - 1)], as: UTF8.self)
    }

    private var body: [String] {
        var lines = [
            "# Trellis gold: \(provenance.schema)", "",
            "Spans of machine-rewritten documents that reviewers approved in Trellis —",
            "plain text with each gold span's mode, offsets (Unicode code points, end exclusive), ratings on the",
            "rubric and the judgements behind it, one JSON record per document.", "",
            "```python", "from datasets import load_dataset", "", "gold = load_dataset(\"PATH/TO/THIS/FOLDER\")", "```", "",
            "## Splits", "",
            "By document, stratified by stage (`\(splits)`, seed \(splits.seed)): within each stage, documents ranked by a keyed",
            "hash of their id are cut in these proportions.", "",
            "| split | documents | records | spans | file | bytes | SHA-256 |", "|---|---:|---:|---:|---|---:|---|",
        ]
        for file in files {
            lines.append("| \(file.name) | \(file.documents) | \(file.records) | \(file.spans) | `\(file.path)` | \(file.bytes) | `\(file.sha256)` |")
        }
        lines += ["", "## Modes (`spans.label`)", "", "| label | mode | description |", "|---:|---|---|"]
        for (index, tag) in schema.tags.enumerated() {
            lines.append("| \(index) | `\(tag.name)` | \(Self.cell(tag.description)) |")
        }
        lines += ["", "## Rubric (`ratings`)", "",
                  "Ratings are floats: a span's are the mean of the approving reviewers' ratings (or the adjudicated ones), a",
                  "judgement's the reviewer's own; `null` where a dimension does not apply to the mode or was not rated.", "",
                  "| dimension | modes | scale | required | description |", "|---|---|---|---|---|"]
        for dimension in rubric.dimensions {
            let scale = "\(dimension.scale.lowerBound)–\(dimension.scale.upperBound)"
            lines.append("| `\(dimension.name)` | \(dimension.modes.sorted().joined(separator: ", ")) | \(scale) | \(dimension.required ? "yes" : "no") | \(Self.cell(dimension.description)) |")
        }
        lines += ["", "## Counts", ""]
        for (title, values) in counts where !values.isEmpty {
            lines.append("- \(title): " + values.map { "\(Self.cell($0.0)) \($0.1)" }.joined(separator: ", "))
        }
        lines += ["", "## Provenance", "",
                  "- schema `\(provenance.schema)`, rubric `\(provenance.rubric)`, database `\(provenance.databaseID)`",
                  "- the manifest beside this folder (`FOLDER.manifest.json`) lists every file's size and SHA-256;",
                  "  `trellis validate FOLDER` checks them and every record."]
        return lines
    }

    /// Text for one Markdown table cell: on one line, without column separators.
    private static func cell(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "|" { out += "\\|" } else if character.isNewline { out += " " } else { out.append(character) }
        }
        return SafeText.escaped(out, keepingLineFeeds: false)
    }
}
