import Foundation

/// Puts an export and its manifest in place together.
///
/// Both are written and synced under temporary names first (`PATH.partial-PID`,
/// `PATH.manifest.json.partial-PID`). Publishing moves the old pair aside (manifest first), the
/// new pair in (data first), syncs the folder and only then removes the old pair. A failure at any
/// step moves everything back: the final names hold the old pair or the new one, never one of
/// each, and ``removeTemporaries()`` leaves no temporary name behind. (Between the renames, a
/// reader may briefly find the data without a manifest, never with the wrong one.)
struct ExportPublication {
    /// The export's final name (a file, or a folder for brat).
    let path: String
    /// The manifest's final name.
    let manifest: String
    let disk: ExportDisk

    init(path: String, disk: ExportDisk) {
        self.path = path
        manifest = Exporter.manifestPath(for: path)
        self.disk = disk
    }

    /// Where the export is written before publishing.
    var dataPartial: String { "\(path).partial-\(getpid())" }
    /// Where the manifest is written before publishing.
    var manifestPartial: String { "\(manifest).partial-\(getpid())" }
    private var dataAside: String { "\(path).old-\(getpid())" }
    private var manifestAside: String { "\(manifest).old-\(getpid())" }

    /// Moves the new pair in place of the old one, or leaves the old pair as it was.
    func publish() throws(ExportError) {
        let manager = FileManager.default
        var undo: [(from: String, to: String)] = []
        do throws(ExportError) {
            for (from, to) in [(manifest, manifestAside), (path, dataAside)] where manager.fileExists(atPath: from) {
                try disk.move(from, to: to)
                undo.append((to, from))
            }
            for (from, to) in [(dataPartial, path), (manifestPartial, manifest)] {
                try disk.move(from, to: to)
                undo.append((to, from))
            }
            try disk.syncFolder(Self.folder(of: path))
        } catch {
            for step in undo.reversed() { _ = disk.rename(step.from, step.to) }
            try? disk.syncFolder(Self.folder(of: path))
            throw error
        }
        for old in [dataAside, manifestAside] { try? manager.removeItem(atPath: old) }
    }

    /// Removes the temporary names of this export (files or folders), whatever happened.
    func removeTemporaries() {
        for name in [dataPartial, manifestPartial, dataAside, manifestAside] {
            try? FileManager.default.removeItem(atPath: name)
        }
    }

    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }
}
