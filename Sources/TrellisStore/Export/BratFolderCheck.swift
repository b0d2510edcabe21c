import Crypto
import Foundation
import TrellisCore

/// Checks a brat export folder by the rules of brat's own server (its `annotation.py` reading an
/// `.ann` file and `verify_annotations.py` checking it against `annotation.conf`), streaming the
/// folder (it holds two files per document):
///
/// - lines are split where Python's `str.splitlines` splits (``BratStandoff/breaksLine(_:)``
///   without TAB), each needs an id, a TAB, then its data; ids are unique;
/// - a `T` line's type is an entity of `annotation.conf`, its fragments lie inside the `.txt`
///   (code points), do not overlap one another, and its text is the text they cover, joined by
///   spaces;
/// - `A` lines name an existing annotation, an attribute the conf gives its type, a value it
///   lists; `#` lines name their type and target;
/// - two spans that overlap are allowed to by an `<OVERLAP>` rule (contain, equal or cross);
/// - `ids.tsv` lists every `.txt` with its id, and `SHA256SUMS` every file's sum.
enum BratFolderCheck {
    static func problems(in directory: String) throws -> [String] {
        var problems: [String] = []
        let configuration = Configuration(path: "\(directory)/annotation.conf", problems: &problems)
        var documents: [String] = []
        guard forEachEntry(in: directory, { name in
            if name.hasSuffix(".ann") { problems += annotationProblems(directory, name, configuration) }
            if name.hasSuffix(".txt") { documents.append(String(name.dropLast(4))) }
        }) else {
            return ["\(directory): cannot read the folder: \(String(cString: strerror(errno)))"]
        }
        problems += idProblems(directory, documents: documents)
        problems += try checksumProblems(directory)
        return problems
    }

    /// What `annotation.conf` allows: entity types, which types may overlap how, and attributes.
    struct Configuration {
        var entities: Set<String> = []
        /// Per (inner, outer) type pair, the `<OVL-TYPE>` values of its `<OVERLAP>` rules.
        var overlaps: [String: Set<String>] = [:]
        /// Per attribute, the types it applies to and its values.
        var attributes: [String: (types: Set<String>, values: Set<String>)] = [:]

        init(path: String, problems: inout [String]) {
            guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
                problems.append("\(path): missing")
                return
            }
            var section = ""
            for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.allSatisfy(\.isWhitespace) {
                if line.hasPrefix("[") {
                    section = String(line)
                    continue
                }
                let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
                let arguments = Self.arguments(fields.count > 1 ? fields[1] : "")
                switch section {
                case "[entities]": entities.insert(fields[0].trimmingCharacters(in: .whitespaces))
                case "[relations]" where fields[0] == "<OVERLAP>":
                    for inner in arguments["Arg1"] ?? [] {
                        for outer in arguments["Arg2"] ?? [] { overlaps["\(inner)\t\(outer)", default: []].formUnion(arguments["<OVL-TYPE>"] ?? []) }
                    }
                case "[attributes]": attributes[fields[0]] = (Set(arguments["Arg"] ?? []), Set(arguments["Value"] ?? []))
                default: break
                }
            }
        }

        /// `Arg1:a|b, Arg2:c` as lists by name.
        private static func arguments(_ text: String) -> [String: [String]] {
            var found: [String: [String]] = [:]
            for part in text.split(separator: ",") {
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 1).map(String.init)
                if pair.count == 2 { found[pair[0], default: []] += pair[1].split(separator: "|").map(String.init) }
            }
            return found
        }

        /// brat's `overlap_types(inner, outer)` holding `kind` or `<ANY>`, in either order as its checks ask.
        func allows(_ kind: String, _ first: String, _ second: String) -> Bool {
            let forward = overlaps["\(first)\t\(second)"] ?? [], backward = overlaps["\(second)\t\(first)"] ?? []
            if forward.contains(kind) || forward.contains("<ANY>") || backward.contains("<ANY>") { return true }
            return kind != "contain" && backward.contains(kind)
        }
    }

    /// A text-bound annotation as read: its id, type and fragments.
    private struct TextBound {
        var id: String
        var type: String
        var fragments: [Range<Int>]
        var first: Int { fragments.map(\.lowerBound).min() ?? 0 }
        var last: Int { fragments.map(\.upperBound).max() ?? 0 }
        func contains(_ other: TextBound) -> Bool {
            other.fragments.allSatisfy { inner in fragments.contains { $0.lowerBound <= inner.lowerBound && inner.upperBound <= $0.upperBound } }
        }
    }

    private static func annotationProblems(_ directory: String, _ name: String, _ configuration: Configuration) -> [String] {
        let base = String(name.dropLast(4))
        let file = "\(directory)/\(name)"
        guard let textData = FileManager.default.contents(atPath: "\(directory)/\(base).txt") else {
            return ["\(file): no \(base).txt beside it"]
        }
        let scalars = String(decoding: textData, as: UTF8.self).codePoints
        let annotations = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
        var problems: [String] = []
        var ids = Set<String>()
        var types: [String: String] = [:]
        var textBounds: [TextBound] = []
        var references: [(line: Int, id: String, type: String, target: String, value: String?)] = []
        for (index, line) in pythonLines(annotations).enumerated() {
            let place = "\(file):\(index + 1)"
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2, let prefix = fields[0].first, fields[0].dropFirst().first?.isNumber ?? false else {
                problems.append("\(place): not an annotation line (ID, a tab, then its data)")
                continue
            }
            guard ids.insert(fields[0]).inserted else {
                problems.append("\(place): the id \(fields[0]) is used twice")
                continue
            }
            let data = fields[1].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            switch prefix {
            case "T":
                guard let bound = textBound(fields, data: data, text: scalars, place: place, problems: &problems) else { continue }
                if !configuration.entities.contains(bound.type) { problems.append("\(place): \(bound.type) is not an entity of annotation.conf") }
                types[bound.id] = bound.type
                textBounds.append(bound)
            case "A", "M":
                guard data.count == 2 || data.count == 3 else {
                    problems.append("\(place): an attribute line is TYPE TARGET [VALUE]")
                    continue
                }
                references.append((index + 1, fields[0], data[0], data[1], data.count == 3 ? data[2] : nil))
            case "#":
                guard data.count == 2 else {
                    problems.append("\(place): a note line is TYPE TARGET, a tab, then the note")
                    continue
                }
                references.append((index + 1, fields[0], data[0], data[1], nil))
            default:
                problems.append("\(place): Trellis writes only T, A and # lines")
            }
        }
        for reference in references {
            let place = "\(file):\(reference.line)"
            guard let targetType = types[reference.target] else {
                problems.append("\(place): \(reference.target) is not defined")
                continue
            }
            guard !reference.id.hasPrefix("#") else { continue }
            guard let attribute = configuration.attributes[reference.type], attribute.types.contains(targetType) else {
                problems.append("\(place): \(targetType) cannot take a \(reference.type) attribute")
                continue
            }
            if let value = reference.value, !attribute.values.contains(value) {
                problems.append("\(place): \(value) is not a value of \(reference.type)")
            }
        }
        problems += overlapProblems(textBounds, configuration, file: file)
        return problems
    }

    /// The `T` line's annotation, or nil (with a problem) when brat would refuse it.
    private static func textBound(_ fields: [String], data: [String], text: [Unicode.Scalar], place: String, problems: inout [String]) -> TextBound? {
        let offsets = fields[1].split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        var fragments: [Range<Int>] = []
        for fragment in offsets.split(separator: ";", omittingEmptySubsequences: false) {
            let numbers = fragment.split(separator: " ", omittingEmptySubsequences: false).map { Int($0) }
            guard numbers.count == 2, let start = numbers[0], let end = numbers[1], 0 <= start, start <= end, end <= text.count else {
                problems.append("\(place): \"\(offsets)\" are not fragments START END inside the text (\(text.count) code points)")
                return nil
            }
            if fragments.contains(where: { end >= $0.lowerBound && start < $0.upperBound }) {
                problems.append("\(place): its fragments overlap")
                return nil
            }
            fragments.append(start..<end)
        }
        let covered = fragments.map { AnnotatedText(scalars: Array(text[$0])).text }.joined(separator: " ")
        guard fields.count == 3, fields[2] == covered else {
            problems.append("\(place): the text field is not the text at \(offsets) (fragments joined by a space)")
            return nil
        }
        return TextBound(id: fields[0], type: String(data.first ?? ""), fragments: fragments)
    }

    /// brat's `verify_entity_overlap`: every overlapping pair allowed by an `<OVERLAP>` rule.
    private static func overlapProblems(_ bounds: [TextBound], _ configuration: Configuration, file: String) -> [String] {
        var problems: [String] = []
        // Sorted by start, a span overlaps only those after it that start before it ends.
        let sorted = bounds.sorted { ($0.first, -$0.last) < ($1.first, -$1.last) }
        for (index, a) in sorted.enumerated() {
            for b in sorted[(index + 1)...] {
                guard b.first < a.last else { break }
                guard b.last > a.first else { continue }
                let allowed: Bool
                if Set(a.fragments) == Set(b.fragments) {
                    allowed = configuration.allows("equal", a.type, b.type)
                } else if a.contains(b) {
                    allowed = configuration.allows("contain", b.type, a.type)
                } else if b.contains(a) {
                    allowed = configuration.allows("contain", a.type, b.type)
                } else {
                    allowed = configuration.allows("cross", a.type, b.type)
                }
                if !allowed { problems.append("\(file): \(a.id) (\(a.type)) and \(b.id) (\(b.type)) overlap in a way annotation.conf does not allow") }
            }
        }
        return problems
    }

    /// The lines of an `.ann` file as brat reads them (Python's `str.splitlines`), without their ends.
    static func pythonLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            if scalar != "\t", BratStandoff.breaksLine(scalar) {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }

    /// `ids.tsv` (when the folder has one): every document's `.txt` listed once, ids distinct.
    private static func idProblems(_ directory: String, documents: [String]) -> [String] {
        let path = "\(directory)/\(BratIDMap.fileName)"
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let map = [UInt8](data).withUnsafeBufferPointer { BratIDMap(parsing: $0) }
        var problems = map.problems.map { $0.formatted(file: directory) }
        for name in documents where map.ids[name] == nil {
            problems.append("\(path): \(name).txt is not listed")
        }
        let names = Set(documents)
        for name in map.ids.keys.sorted() where !names.contains(name) {
            problems.append("\(path): lists \(name).txt, which is not in the folder")
        }
        return problems
    }

    /// Calls `body` with the name of every entry of `directory`, read one by one; false when the
    /// folder cannot be opened.
    private static func forEachEntry(in directory: String, _ body: (String) -> Void) -> Bool {
        guard let stream = opendir(directory) else { return false }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { body(name) }
        }
        return true
    }

    /// Every file `SHA256SUMS` lists, hashed again and compared, line by line.
    private static func checksumProblems(_ directory: String) throws -> [String] {
        let list = "\(directory)/\(Exporter.checksumFile)"
        guard FileManager.default.fileExists(atPath: list) else { return [] }
        var problems: [String] = []
        let reader = try LineReader(path: list, maxLineBytes: 1 << 16)
        try reader.forEachLine { event in
            guard case .line(let number, let bytes) = event else { return problems.append("\(list): line too long") }
            let line = String(decoding: bytes, as: UTF8.self)
            guard let separator = line.range(of: "  ") else { return problems.append("\(list):\(number): not \"SUM  NAME\"") }
            let name = String(line[separator.upperBound...])
            guard let contents = FileManager.default.contents(atPath: "\(directory)/\(name)") else {
                return problems.append("\(list):\(number): \(name) is missing")
            }
            if SHA256.hexDigest(Array(contents)) != line[..<separator.lowerBound] {
                problems.append("\(list):\(number): \(name) does not match its SHA-256")
            }
        }
        return problems
    }
}
