#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFuzzer
import TrellisCore

/// What the fuzz targets share.
public enum Fuzz {
    /// Runs libFuzzer on `body` with this process's command line (corpus folders, options),
    /// then exits with its status.
    public static func run(_ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, body))
    }

    /// Stops the run, so that libFuzzer keeps the input as a crash, when an invariant breaks.
    public static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("invariant broken: \(message())") }
    }

    /// A file of the repository (`Resources/schema.json`), read once at start.
    public static func repositoryFile(_ relativePath: String) -> [UInt8] {
        // #filePath is fuzz/Sources/FuzzSupport/FuzzSupport.swift.
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        let path = (parts + [Substring(relativePath)]).joined(separator: "/")
        guard let file = fopen(path, "rb") else { fatalError("cannot read \(path)") }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }

    /// The built-in schema, as `trellis` loads it.
    public static let defaultSchema: TagSchema = {
        do {
            return try TagSchema.load(file: "schema.json", bytes: repositoryFile("Resources/schema.json"))
        } catch {
            fatalError("the built-in schema does not load: \(error)")
        }
    }()

    /// The code points of valid UTF-8, or nil.
    public static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var scalars = String.UnicodeScalarView()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: return String(scalars)
            case .error: return nil
            }
        }
    }
}
