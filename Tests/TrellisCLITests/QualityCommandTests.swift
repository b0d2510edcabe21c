import Foundation
import Spawning
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// `trellis quality` as a pipeline runs it: tables, JSON, the HTML page and acceptance verdicts
/// with their exit status.
@Suite struct QualityCommandTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// A hostile rewriter name and topic: markup, a control character, quotes.
    static let hostileRewriter = "<script>alert(\"rw\")</script>"
    static let hostileTopic = "</td><img src=x onerror=alert(1)>\u{1B}[31m'"

    /// A database of twelve reviewed documents: `rw-good` wrote six right, the hostile rewriter
    /// six with the ai turn mislabelled, which the reviewer corrects.
    private func reviewedDatabase() throws -> String {
        let lines = (0..<12).map { index in
            let rewriter = index < 6 ? "rw-good" : Self.hostileRewriter
            let meta = "{\"rewriter\": \(ImportHelpers.quoted(rewriter)), \"topic\": \(ImportHelpers.quoted(index % 2 == 0 ? Self.hostileTopic : "plain"))}"
            let text = index < 6 ? "<human>Hello number \(index).</human> <ai>Hi there.</ai>" : "<human>Hello number \(index).</human> <human>Hi there.</human>"
            return "{\"id\": \"d\(index)\", \"text\": \(ImportHelpers.quoted(text)), \"meta\": \(meta)}"
        }
        let file = try directory.write("corpus.jsonl", lines.joined(separator: "\n"))
        let db = directory.path("q.sqlite")
        #expect(try TrellisProcess.run(["import", "--db", db, file]).status == 0)
        let database = try AppDatabase.open(path: db)
        for index in 0..<12 {
            if index >= 6 { try ReviewHelpers.edit("d\(index)", .relabel(span: 1, label: "ai"), in: database, by: "ada") }
            try ReviewHelpers.decideDocument("d\(index)", in: database, by: "ada")
        }
        return db
    }

    @Test func tablesAndJSONNameEachRewriterWithItsFigures() throws {
        let db = try reviewedDatabase()
        let text = try TrellisProcess.run(["quality", "--db", db])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("12 reviewed documents"))
        #expect(text.stdout.contains("rw-good"))
        #expect(!text.stdout.unicodeScalars.contains("\u{1B}"), "no control character reaches the terminal")

        let json = try TrellisProcess.run(["quality", "--db", db, "--json"])
        #expect(json.status == 0)
        let report = try JSONParser.parse(Array(json.stdout.utf8))
        let groups = try #require(report["groups"]?.arrayValue)
        #expect(groups.map { $0["group"]?.stringValue } == [Self.hostileRewriter, "rw-good"])
        #expect(groups.map { $0["documents"]?.intValue } == [6, 6])
    }

    /// The page stands alone (no script, nothing fetched, a policy forbidding both) and every
    /// name from the database is escaped.
    @Test func theHTMLPageIsSelfContainedAndEscapesHostileNames() throws {
        let db = try reviewedDatabase()
        for by in ["rewriter", "meta.topic"] {
            let page = directory.path("quality-\(by).html")
            let outcome = try TrellisProcess.run(["quality", "--db", db, "--by", by, "--html", page])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let html = try String(contentsOfFile: page, encoding: .utf8)
            #expect(html.hasPrefix("<!DOCTYPE html>"))
            #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"))
            // Every element is one of the page's own, with no attribute that runs or fetches.
            let tags = html.matches(of: /<([!\/]?[A-Za-z][A-Za-z0-9]*)([^>]*)>/).map { (name: String($0.1).lowercased(), attributes: String($0.2)) }
            let elements: Set<String> = ["!doctype", "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "b", "span", "code",
                                         "div", "table", "tr", "th", "td", "svg", "line", "rect", "text"]
            #expect(Set(tags.map { $0.name.trimmingCharacters(in: ["/"]) }).isSubset(of: elements), "\(by): \(Set(tags.map(\.name)))")
            for tag in tags {
                #expect(tag.attributes.firstMatch(of: /(?i)\s(on[a-z]+|src|href|xlink:href)\s*=/) == nil, "\(by): \(tag)")
            }
            #expect(!html.contains("url(") && !html.contains("@import") && !html.contains("\u{1B}"))
            // The only address on the page is SVG's namespace, which names and never fetches.
            let addresses = html.matches(of: /https?:\/\/[^"\s<]*/).map { String($0.0) }
            #expect(Set(addresses) == ["http://www.w3.org/2000/svg"], "\(addresses)")
            #expect(html.components(separatedBy: "<svg").count - 1 >= 3, "F1, shifts and the heat map are charts")
            #expect(html.components(separatedBy: "<svg").count == html.components(separatedBy: "</svg>").count)
        }
        let byRewriter = try String(contentsOfFile: directory.path("quality-rewriter.html"), encoding: .utf8)
        #expect(byRewriter.contains("&lt;script&gt;alert(&quot;rw&quot;)&lt;/script&gt;"))
        let byTopic = try String(contentsOfFile: directory.path("quality-meta.topic.html"), encoding: .utf8)
        #expect(byTopic.contains("&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func acceptanceGivesAVerdictPerRewriterAndTheExitStatus() throws {
        let db = try reviewedDatabase()
        // rw-good got every label right, the other rewriter half of them wrong.
        let strict = try directory.write("strict.json", """
            // a batch passes when its wrong-label rate is shown to be under 40%
            {"confidence": 0.95, "rules": [{"metric": "wrong-label", "at-most": 0.4}, {"metric": "f1-exact", "at-least": 0.9}]}
            """)
        let rejected = try TrellisProcess.run(["quality", "--db", db, "--accept", strict])
        #expect(rejected.status == 1)
        #expect(rejected.stdout.contains("rw-good: ACCEPTED") && rejected.stdout.contains("NOT ACCEPTED (6 documents)"))
        #expect(rejected.stdout.contains("wrong-label ≤ 40%: 50.0% (25.4–74.6%) — not shown"))
        #expect(rejected.stdout.contains("f1-exact ≥ 90%: 0.500 (0.500–0.500) — failed"))
        let lenient = try directory.write("lenient.json", """
            {"rules": [{"metric": "wrong-label", "at-most": 0.4, "groups": ["rw-good"]}]}
            """)
        let json = try TrellisProcess.run(["quality", "--db", db, "--accept", lenient, "--json"])
        #expect(json.status == 0, "\(json.stdout)")
        let verdicts = try #require(try JSONParser.parse(Array(json.stdout.utf8))["verdicts"]?.arrayValue)
        #expect(verdicts.map { $0["group"]?.stringValue } == ["rw-good"])
        #expect(verdicts.first?["accepted"]?.boolValue == true)
        // A rule for a rewriter with nothing reviewed is not met: nothing shows it.
        let absent = try directory.write("absent.json", """
            {"rules": [{"metric": "wrong-label", "at-most": 0.4, "groups": ["rw-good", "rw-new"]}]}
            """)
        let unmeasured = try TrellisProcess.run(["quality", "--db", db, "--accept", absent])
        #expect(unmeasured.status == 1)
        #expect(unmeasured.stdout.contains("rw-new: NOT ACCEPTED (0 documents)"), "\(unmeasured.stdout)")

        let broken = try directory.write("broken.json", """
            {"rules": [{"metric": "wrong-labels", "at-most": 0.02}]}
            """)
        let refused = try TrellisProcess.run(["quality", "--db", db, "--accept", broken])
        #expect(refused.status == 2, "an error is not a verdict")
        #expect(refused.stderr.contains("\(broken):1:"))
        #expect(refused.stderr.contains("unknown metric \"wrong-labels\""))
    }

    @Test func anAuditIsPlannedDrawnAssignedAndMeasured() throws {
        let lines = (0..<30).map { index in
            "{\"id\": \"u\(index)\", \"text\": \"<ai>Hello \(index).</ai>\", \"meta\": {\"rewriter\": \"\(index < 20 ? "rw-a" : "rw-b")\"}}"
        }
        let db = directory.path("audit.sqlite")
        #expect(try TrellisProcess.run(["import", "--db", db, try directory.write("u.jsonl", lines.joined(separator: "\n"))]).status == 0)
        let plan = try TrellisProcess.run(["sample", "--db", db, "--plan", "--margin", "0.1", "--stratify", "rewriter"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("stratum  documents  unreviewed  needed"), "\(plan.stdout)")
        let draw = try TrellisProcess.run(["sample", "--db", db, "--size", "10", "--stratify", "rewriter", "--seed", "4",
                                           "--name", "spot", "--to", "ada,bo", "--reviewer", "lead"])
        #expect(draw.status == 0, "\(draw.stderr)")
        #expect(draw.stdout.contains("assigned: ada 5, bo 5"), "\(draw.stdout)")
        let again = try TrellisProcess.run(["sample", "--db", db, "--size", "10", "--name", "spot", "--to", "ada", "--reviewer", "lead"])
        #expect(again.status != 0 && again.stderr.contains("spot"), "an audit's name is taken once")
        let report = try TrellisProcess.run(["quality", "--db", db, "--audit", "spot", "--json"])
        #expect(report.status == 0)
        let parsed = try JSONParser.parse(Array(report.stdout.utf8))
        #expect(parsed["audit"]?["strata"]?.arrayValue?.map { $0["sampled"]?.intValue } == [7, 3])
        #expect(parsed["skipped"]?["not-reviewed"]?.intValue == 10)
    }

    /// Headless Chromium (Debian's `chromium`) renders the page: where it is installed, a
    /// screenshot of the page's size is taken and the DOM it built keeps every chart. Skipped
    /// where no Chromium is installed.
    @Test(.enabled(if: Chromium.executable != nil, "Chromium is not installed"))
    func theHTMLPageRendersInHeadlessChromium() throws {
        let db = try reviewedDatabase()
        let page = directory.path("quality.html")
        #expect(try TrellisProcess.run(["quality", "--db", db, "--html", page]).status == 0)
        let chromium = try #require(Chromium.executable)
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(directory.path("profile"))"]
        let png = directory.path("quality.png")
        let shot = try CapturedRun.run([chromium] + flags + ["--window-size=1200,1600", "--screenshot=\(png)", "file://\(page)"],
                                       timeout: Subprocess.timeout)
        #expect(shot.status == 0, "\(shot.stderr)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: png)))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG")
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 1200 && height == 1600)
        let dom = try CapturedRun.run([chromium] + flags + ["--dump-dom", "file://\(page)"], timeout: Subprocess.timeout)
        #expect(dom.status == 0)
        let source = try String(contentsOfFile: page, encoding: .utf8)
        #expect(dom.stdout.components(separatedBy: "<svg").count == source.components(separatedBy: "<svg").count)
        #expect(dom.stdout.components(separatedBy: "<rect").count == source.components(separatedBy: "<rect").count)
        #expect(!dom.stdout.contains("<script"))
    }
}

/// The name of a headless Chromium on the PATH, if one is installed.
enum Chromium {
    static let executable: String? = ["chromium", "chromium-headless-shell", "chromium-browser", "google-chrome"]
        .first { (try? Subprocess.isAvailable($0)) == true }
}
