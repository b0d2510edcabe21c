// swift-tools-version: 6.1
import PackageDescription

// Linux only: the terminal layer, the benchmarks and the process helpers call Glibc, and
// nothing here is built or tested on another system.
#if !os(Linux)
#error("Trellis builds on Linux only (Glibc, /proc); see README.md")
#endif

let package = Package(
    name: "Trellis",
    products: [
        .executable(name: "trellis", targets: ["trellis"]),
        .library(name: "TrellisCore", targets: ["TrellisCore"]),
        .library(name: "TrellisModel", targets: ["TrellisModel"]),
        .library(name: "TrellisStore", targets: ["TrellisStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Tests only: golden files compared with its line diff (its SnapshotTesting product alone,
        // which builds without swift-syntax; see docs/architecture.md, "Golden files").
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
    ],
    targets: [
        // C: the only place that sees curses.
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),

        // C: process-wide SQLite settings (`sqlite3_config` is variadic, which Swift cannot call).
        .target(name: "CSQLiteSetup", dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]),

        // Pure core: codec, schema, spans, validation, rubric, agreement. No I/O. SHA-256 from swift-crypto.
        .target(name: "TrellisCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),

        // Starting child processes (posix_spawn, wait4, pipes, a time limit): for the benchmarks and the tests.
        .target(name: "Spawning"),

        // Default schema, rubric and keymap files, bundled with the binary.
        .target(
            name: "TrellisResources",
            path: "Resources",
            exclude: ["README.md"],
            resources: [.copy("schema.json"), .copy("rubric.json"), .copy("keymap.json")]
        ),

        // What is stored (documents, spans, reviews, history…) as plain values, and the
        // `ReviewStore` protocol the review screen talks to. No database types.
        .target(name: "TrellisModel", dependencies: ["TrellisCore"]),

        // SQLite store on GRDB: migrations, import, queries, history, export; implements `ReviewStore`.
        .target(
            name: "TrellisStore",
            dependencies: [
                "TrellisCore", "TrellisModel", "CSQLiteSetup",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                // The SQLite C API, for bulk work only: the import's inserts and probes (RawStatement.swift), agreement's and export's reads (RawRows.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),

        // Elm-style TUI: state, actions, reduce, views drawing into an off-screen grid. It reaches
        // the store only through `ReviewStore`: no SQLite, no GRDB.
        .target(name: "TrellisTUI", dependencies: ["TrellisCore", "TrellisModel"]),

        // The ncurses backend: copies the grid to the screen, turns keys into actions.
        .target(name: "TrellisTerminal", dependencies: ["CNcurses", "TrellisTUI"]),

        .executableTarget(
            name: "trellis",
            dependencies: [
                "TrellisCore", "TrellisModel", "TrellisStore", "TrellisTUI", "TrellisTerminal", "TrellisResources",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Benchmarks: `swift run -c release trellis-bench` (not part of `swift test`); see docs/performance.md.
        // Depends on `trellis` so that the release binary it runs as a child is built beside it.
        .executableTarget(
            name: "trellis-bench",
            dependencies: [
                "trellis", "TrellisCore", "TrellisModel", "TrellisStore", "TrellisTUI", "TrellisResources", "Spawning",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .target(
            name: "TrellisTestSupport",
            dependencies: [
                "TrellisCore", "TrellisModel", "TrellisStore", "TrellisTUI", "TrellisResources", "Spawning",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            path: "Tests/TrellisTestSupport"
        ),
        .testTarget(name: "TrellisCoreTests", dependencies: ["TrellisCore", "TrellisTestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "TrellisStoreTests", dependencies: [
            "TrellisStore", "TrellisTestSupport", "Spawning",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .testTarget(name: "TrellisTUITests", dependencies: ["TrellisTUI", "TrellisTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TrellisTerminalTests", dependencies: ["TrellisTerminal", "TrellisTUI", "CNcurses"]),
        .testTarget(name: "TrellisCLITests", dependencies: ["trellis", "TrellisTestSupport", "TrellisCore", "TrellisStore", "Spawning",
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ]
)
