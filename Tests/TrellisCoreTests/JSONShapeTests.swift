import Testing
@testable import TrellisCore

/// One type per field, as Arrow infers it: integers and floats apart, objects by their keys,
/// `null` and empty arrays fitting anything.
@Suite struct JSONShapeTests {
    private func shape(_ json: String) throws -> JSONShape {
        var conflict: ShapeConflict?
        let found = JSONShape.of(try JSONParser.parse(Array(json.utf8)), conflict: &conflict)
        #expect(conflict == nil)
        return found
    }

    @Test func recordsOfOneShapeUnifyAndNullsFitAnyType() throws {
        let first = try shape(#"{"r": {"a": 4.0, "b": null}, "j": [], "s": null}"#)
        let second = try shape(#"{"r": {"a": null, "b": 3.5}, "j": [{"x": "y"}], "s": "t"}"#)
        #expect(try first.unified(with: second).get() == shape(#"{"r": {"a": 1.0, "b": 1.0}, "j": [{"x": ""}], "s": ""}"#))
    }

    /// `admits` says exactly when a record's shape would leave the known one unchanged (what lets
    /// the export's validation skip building a shape per record).
    @Test func admitsExactlyTheRecordsThatUnifyIntoTheKnownShape() throws {
        let known = try shape(#"{"id": "a", "stage": 1, "r": {"a": 4.0, "b": null}, "j": [{"x": "y", "n": 2}], "e": []}"#)
        let records = [
            #"{"id": "b", "stage": null, "r": {"a": null, "b": null}, "j": [], "e": []}"#,
            #"{"id": "c", "stage": 2, "r": {"a": 1.5, "b": null}, "j": [{"x": "z", "n": 3}, {"x": null, "n": 1}], "e": [null]}"#,
            #"{"id": "d", "stage": 2, "r": {"a": 1.5, "b": 2.5}, "j": [], "e": []}"#,
            #"{"id": "e", "stage": 2, "r": {"a": 1.5, "b": null}, "j": [], "e": ["x"]}"#,
            #"{"id": "f", "stage": 2.0, "r": {"a": 1.5, "b": null}, "j": [], "e": []}"#,
            #"{"id": "g", "stage": 2, "r": {"a": 1, "b": null}, "j": [], "e": []}"#,
            #"{"id": "h", "stage": 2, "r": {"a": 1.5}, "j": [], "e": []}"#,
            #"{"id": "i", "stage": 2, "r": {"a": 1.5, "b": null, "c": null}, "j": [], "e": []}"#,
            #"{"id": "j", "stage": 2, "r": {"a": 1.5, "b": null}, "j": [{"x": "y", "n": 1e3}], "e": []}"#,
            #"{"id": 7, "stage": 2, "r": {"a": 1.5, "b": null}, "j": [], "e": []}"#,
            #"{"id": "k", "stage": 2, "r": [], "j": [], "e": []}"#,
            #"{"id": "l", "stage": 2, "r": {"a": 1.5, "b": null}, "j": [{"x": "y", "n": 2}], "e": [], "more": true}"#,
        ]
        var admitted = 0
        for record in records {
            let node = try JSONParser.parse(Array(record.utf8))
            var conflict: ShapeConflict?
            let own = JSONShape.of(node, conflict: &conflict)
            let leavesUnchanged = conflict == nil && (try? known.unified(with: own).get()) == known
            #expect(known.admits(node) == leavesUnchanged, "\(record)")
            if leavesUnchanged { admitted += 1 }
        }
        #expect(admitted == 2)
        #expect(JSONShape.null.admits(try JSONParser.parse(Array("null".utf8))))
        #expect(!JSONShape.null.admits(try JSONParser.parse(Array("1".utf8))))
    }

    @Test func integersBesideFloatsAndKeysThatVaryAreConflictsWithTheirPath() throws {
        let floats = try shape(#"{"spans": [{"ratings": {"care": 4.5}}]}"#)
        let integers = try shape(#"{"spans": [{"ratings": {"care": 4}}]}"#)
        #expect(throws: ShapeConflict(path: "spans[].ratings.care", first: .float, second: .integer)) { try floats.unified(with: integers).get() }
        let other = try shape(#"{"spans": [{"ratings": {"honesty": 4.5}}]}"#)
        let conflict = try #require(floats.unified(with: other).failure)
        #expect(conflict.path == "spans[].ratings.honesty")
        #expect(conflict.described(otherPlace: "on line 1").contains("is a float here and absent on line 1"))
        var inside: ShapeConflict?
        _ = JSONShape.of(try JSONParser.parse(Array(#"{"a": [1, 1.5]}"#.utf8)), conflict: &inside)
        #expect(inside?.path == "a[]")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
