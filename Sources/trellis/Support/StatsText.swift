import TrellisStore

/// `trellis stats` as printed.
enum StatsText {
    static func render(_ stats: DatabaseStats, path: String) -> String {
        var lines = [
            "database:  \(path)",
            "documents: \(stats.documents) (\(stats.documentsWithProblems) with schema problems)",
            "spans:     \(stats.spans)" + (stats.spansByLabel.isEmpty ? "" : " (" + stats.spansByLabel.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"),
            "reviewers: \(stats.reviewers)",
            "status:    " + DocumentStatus.allCases.map { "\($0.rawValue) \(stats.byStatus[$0] ?? 0)" }.joined(separator: ", "),
            "",
        ]
        let header = ["stage", "documents", "spans", "approved", "rejected", "problems"]
        let rows = stats.byStage.map { row in
            [row.stage.map(String.init) ?? "-", "\(row.documents)", "\(row.spans)", "\(row.approved)", "\(row.rejected)", "\(row.withProblems)"]
        }
        lines += TextTable.render(header: header, rows: rows)
        return lines.joined(separator: "\n")
    }
}

/// A plain text table with right-aligned numeric columns.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> [String] {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        return [line(header)] + rows.map(line)
    }
}
