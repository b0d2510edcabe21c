import Testing
import TrellisCore
import TrellisModel
import TrellisStore
import TrellisTestSupport

/// The list's search: ids starting with the words, or texts containing them anywhere
/// (`trellis_contains`, a C function added to every connection).
@Suite struct DocumentSearchTests {
    let database: AppDatabase

    init() throws {
        database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines([
            ImportHelpers.line(id: "alpha-1", text: "<ai>Nothing to see.</ai>"),
            ImportHelpers.line(id: "beta-2", text: "<human>\(String(repeating: "long text ", count: 300))日本語 at the end</human>"),
            ImportHelpers.line(id: "gamma_3", text: "<ai>100% sure, said alpha-1</ai>"),
        ], into: database, in: try TemporaryDirectory())
    }

    private func found(_ search: String) throws -> [String] {
        let filter = DocumentFilter(search: search)
        let page = try database.documentPage(filter: filter, limit: 10).map(\.externalId)
        #expect(try database.documentCount(filter: filter) == page.count)
        return page
    }

    @Test func findsIdPrefixesAndTextAnywhere() throws {
        #expect(try found("alpha") == ["alpha-1", "gamma_3"])
        #expect(try found("日本語 at") == ["beta-2"])
        #expect(try found("to see.") == ["alpha-1"])
        #expect(try found("100%") == ["gamma_3"])
    }

    @Test func searchesAreLiteralAndCaseSensitive() throws {
        #expect(try found("gamma_").count == 1)
        #expect(try found("gamma%").isEmpty)
        #expect(try found("NOTHING").isEmpty)
        #expect(try found("日本人").isEmpty)
    }
}
