// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for Trellis's parsers of untrusted input. A package of its own, so that a
// plain `swift build` / `swift test` of the repository never sees them: they only link with the
// fuzzer runtime (`-sanitize=fuzzer`). Build and run one with `fuzz/run.sh TARGET SECONDS` (see fuzz/README.md).
let package = Package(
    name: "TrellisFuzz",
    dependencies: [.package(name: "Trellis", path: "..")],
    targets: [
        // libFuzzer's driver, declared for Swift.
        .systemLibrary(name: "CFuzzer"),
        // What both targets share: running the driver, reading the repository's files, failing loudly.
        .target(name: "FuzzSupport", dependencies: ["CFuzzer", .product(name: "TrellisCore", package: "Trellis")]),
        // JSONL import lines: the JSON parser, the line decoder, the tag codec, the validator.
        .executableTarget(name: "fuzz-line-decoder", dependencies: ["FuzzSupport", .product(name: "TrellisCore", package: "Trellis")]),
        // JSON and configuration files: the parser (with and without comments), schemas, rubrics.
        .executableTarget(name: "fuzz-json", dependencies: ["FuzzSupport", .product(name: "TrellisCore", package: "Trellis")]),
    ]
)
