import Foundation
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// An export and its manifest are published together: whichever write, sync or rename fails (a
/// full disk at each step in turn), the final names hold the old pair or the new pair, never one
/// of each, and no temporary name is left.
@Suite struct ExportPublicationTests {
    let directory: TemporaryDirectory
    let database: AppDatabase

    init() throws {
        directory = try TemporaryDirectory()
        database = try AppDatabase.inMemory(clock: { Date(timeIntervalSince1970: 1_790_000_000) })
        let lines = (1...6).map { ImportHelpers.line(id: "doc-\($0)", text: "<human>Person \($0) speaks.</human> <ai>Reply \($0),\nover two lines.</ai>", stage: $0 % 2 + 1) }
        _ = try ImportHelpers.importLines(lines, into: database, in: directory)
        for index in 1...6 { try ReviewHelpers.judgeAll("doc-\(index)", in: database, by: "ada") }
    }

    /// Makes the `failAt`th call (1-based) fail as a full disk does, and counts the calls.
    final class FaultyDisk: @unchecked Sendable {
        let failAt: Int?
        private let lock = NSLock()
        private(set) var calls = 0
        private(set) var syncs = 0
        private(set) var failed = false

        init(failAt: Int?) { self.failAt = failAt }

        private func fails(sync: Bool = false) -> Bool {
            lock.withLock {
                calls += 1
                if sync { syncs += 1 }
                guard calls == failAt else { return false }
                failed = true
                errno = ENOSPC
                return true
            }
        }

        var disk: ExportDisk {
            ExportDisk(
                write: { descriptor, bytes, count in self.fails() ? -1 : Foundation.write(descriptor, bytes, count) },
                fsync: { descriptor in self.fails(sync: true) ? -1 : Foundation.fsync(descriptor) },
                rename: { from, to in self.fails() ? -1 : Foundation.rename(from, to) })
        }
    }

    private func exporter(_ format: ExportFormat, stages: Set<Int>?, disk: ExportDisk = .system) -> Exporter {
        var exporter = Exporter(database: database, schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric,
                                options: ExportOptions(format: format, policy: GoldPolicy(rubric: Fixtures.defaultRubric), stages: stages))
        exporter.disk = disk
        return exporter
    }

    /// Every file under `path` (a file, or a folder's files) by name, with its bytes.
    private func contents(_ path: String) throws -> [String: Data] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [:] }
        guard isDirectory.boolValue else { return [path: try Data(contentsOf: URL(fileURLWithPath: path))] }
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            files[path + "/" + name] = try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))
        }
        return files
    }

    private func pair(_ path: String) throws -> [String: Data] {
        try contents(path).merging(contents(Exporter.manifestPath(for: path))) { $1 }
    }

    private var temporaries: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.url.path)) ?? []).filter { $0.contains(".partial-") || $0.contains(".old-") }
    }

    @Test(arguments: [ExportFormat.eval, .brat, .csv])
    func aFullDiskAtEveryStepLeavesTheOldPairOrTheNew(format: ExportFormat) throws {
        let path = directory.path("gold-\(format.rawValue)")
        _ = try exporter(format, stages: [1]).run(to: path)
        let old = try pair(path)
        let saved = directory.path("saved-\(format.rawValue)")
        try FileManager.default.copyItem(atPath: path, toPath: saved)
        try FileManager.default.copyItem(atPath: Exporter.manifestPath(for: path), toPath: Exporter.manifestPath(for: saved))

        var step = 1
        while true {
            let faulty = FaultyDisk(failAt: step)
            let outcome = Result { try exporter(format, stages: nil, disk: faulty.disk).run(to: path, force: true) }
            if !faulty.failed {
                // Past the last call: the new pair is published.
                #expect(throws: Never.self) { try outcome.get() }
                #expect(try ManifestCheck.problems(forExportAt: path).isEmpty)
                #expect(try pair(path) != old)
                if format == .brat {
                    let files = try FileManager.default.contentsOfDirectory(atPath: path).count
                    #expect(faulty.syncs > files, "every file of the folder, the folder and its parent are synced")
                }
                break
            }
            #expect(throws: ExportError.self, "step \(step)") { try outcome.get() }
            #expect(try pair(path) == old, "step \(step): the old pair stays whole")
            #expect(temporaries.isEmpty, "step \(step) left \(temporaries)")
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.removeItem(atPath: Exporter.manifestPath(for: path))
            try FileManager.default.copyItem(atPath: saved, toPath: path)
            try FileManager.default.copyItem(atPath: Exporter.manifestPath(for: saved), toPath: Exporter.manifestPath(for: path))
            step += 1
        }
        #expect(step > 5, "the export made \(step - 1) calls that could fail")
    }

    @Test func aFailedFirstExportLeavesNothing() throws {
        let path = directory.path("first.jsonl")
        var step = 1
        while true {
            let faulty = FaultyDisk(failAt: step)
            let outcome = Result { try exporter(.train, stages: nil, disk: faulty.disk).run(to: path) }
            guard faulty.failed else { break }
            #expect(throws: ExportError.self) { try outcome.get() }
            #expect(try pair(path).isEmpty, "step \(step)")
            #expect(temporaries.isEmpty, "step \(step) left \(temporaries)")
            step += 1
        }
        #expect(try ManifestCheck.problems(forExportAt: path).isEmpty)
    }

    @Test func aManifestFromAnotherExportIsFound() throws {
        let path = directory.path("mixed.jsonl")
        _ = try exporter(.eval, stages: [1]).run(to: path)
        let other = directory.path("other.jsonl")
        _ = try exporter(.eval, stages: nil).run(to: other)
        #expect(try ManifestCheck.problems(forExportAt: path).isEmpty)
        try FileManager.default.removeItem(atPath: Exporter.manifestPath(for: path))
        try FileManager.default.copyItem(atPath: Exporter.manifestPath(for: other), toPath: Exporter.manifestPath(for: path))
        // The other manifest names other.jsonl.
        #expect(try ManifestCheck.problems(forExportAt: path).first?.contains("lists other.jsonl") == true)
        try FileManager.default.removeItem(atPath: other)
        try FileManager.default.moveItem(atPath: path, toPath: other)
        let problems = try ManifestCheck.problems(forExportAt: other)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("they are not from the same export") == true)
    }
}
