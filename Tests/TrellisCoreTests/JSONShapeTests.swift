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
