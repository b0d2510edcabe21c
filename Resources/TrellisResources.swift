import Foundation

/// The default project files shipped with Trellis (schema, rubric, keymap), bundled by SwiftPM.
public enum BundledResource: String, CaseIterable, Sendable {
    case schema = "schema.json"
    case rubric = "rubric.json"
    case keymap = "keymap.json"

    /// The file's bytes.
    public func bytes() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: rawValue, withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: rawValue])
        }
        return [UInt8](try Data(contentsOf: url))
    }

    /// A name for error messages.
    public var displayName: String { "(built-in) \(rawValue)" }
}
