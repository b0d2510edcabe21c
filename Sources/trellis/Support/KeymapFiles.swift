import Foundation
import TrellisResources
import TrellisTUI

/// The keymap layers: built-in defaults, then the user's file, then `--keymap`.
enum KeymapFiles {
    /// `$XDG_CONFIG_HOME/trellis/keymap.json`, or `~/.config/trellis/keymap.json` (see ``UserAccount``).
    static var userFile: String? {
        UserAccount.configHome.map { $0 + "/trellis/keymap.json" }
    }

    static func load(override: String?) throws -> Keymap {
        var layers = [(file: BundledResource.keymap.displayName, bytes: try BundledResource.keymap.bytes())]
        if let userFile, FileManager.default.fileExists(atPath: userFile) {
            layers.append((userFile, try FileInput.bytes(of: userFile)))
        }
        if let override {
            layers.append((override, try FileInput.bytes(of: override)))
        }
        return try Keymap.load(layers: layers)
    }
}
