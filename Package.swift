// swift-tools-version:6.1
import PackageDescription

// Imports only point down: labledger -> LabLedgerApp -> LabLedgerDemo, LabLedgerConsole -> LabLedgerAPI -> LabLedgerContract,
// LabLedgerProjections -> EventStore, LabLedgerReadModels -> LabLedgerDomain, LabLedgerContract. EventStore knows nothing of the
// domain; LabLedgerDomain imports no I/O. Each target declares exactly the modules it imports
// (docs/architecture.md lists them).
let package = Package(
    name: "LabLedger",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "labledger", targets: ["labledger"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "LabLedgerDomain", targets: ["LabLedgerDomain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Reads openapi.yaml at start for the request-body check (the generator reads it at build time).
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // The web console's templates (issue 17).
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .target(name: "LabLedgerDomain"),
        .target(
            name: "EventStore",
            dependencies: [
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        // The transparency log's pure core: RFC 9162 Merkle tree, proofs, C2SP signed checkpoints.
        .target(name: "TransparencyLog", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The verifiable history: the sequencer that extends the Merkle log, signed checkpoints, proofs.
        .target(
            name: "LabLedgerAudit",
            dependencies: [
                "EventStore",
                "TransparencyLog",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Personal data sealed per person (crypto-shredding): keys wrapped by a KEK outside the database.
        .target(
            name: "LabLedgerPrivacy",
            dependencies: [
                "EventStore",
                "LabLedgerDomain",
                "TransparencyLog",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        // The read models' pure core: events fold into per-stream documents and query rows, and
        // (ip_assets) into the contract's answers, stored so a query serves them as bytes.
        .target(name: "LabLedgerReadModels", dependencies: ["LabLedgerDomain", "LabLedgerContract"]),
        .target(name: "CFreedMemory"),
        .target(
            name: "LabLedgerProjections",
            dependencies: [
                "CFreedMemory",
                "EventStore",
                "LabLedgerDomain",
                "LabLedgerReadModels",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The contract: openapi.yaml and the types and server protocol generated from it at build time.
        .target(
            name: "LabLedgerContract",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            resources: [.copy("openapi.yaml")],
            // The generated code imports as `package`; the resource accessor SwiftPM writes
            // imports plainly, which is only unambiguous with internal imports by default.
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The JSON API: handlers of the contract's operations, auth, problem+json, the HTTP server.
        .target(
            name: "LabLedgerAPI",
            dependencies: [
                "EventStore",
                "LabLedgerAudit",
                "TransparencyLog",
                "LabLedgerContract",
                "LabLedgerDomain",
                "LabLedgerPrivacy",
                "LabLedgerReadModels",
                "LabLedgerProjections",
                "LabLedgerSchema",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The web console: server-rendered pages at /console over the API's own executor and queries.
        .target(
            name: "LabLedgerConsole",
            dependencies: [
                "EventStore",
                "LabLedgerAPI",
                "LabLedgerContract",
                "LabLedgerDomain",
                "LabLedgerProjections",
                "TransparencyLog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            resources: [.copy("Templates"), .copy("Static")]
        ),
        // The demo story, recorded through the API's own handlers.
        .target(
            name: "LabLedgerDemo",
            dependencies: [
                "EventStore",
                "LabLedgerAPI",
                "LabLedgerContract",
                "LabLedgerDomain",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // buildApplication: the one place the database, client, store, workers and API are put together.
        .target(
            name: "LabLedgerApp",
            dependencies: [
                "EventStore",
                "LabLedgerAPI",
                "LabLedgerAudit",
                "LabLedgerConsole",
                "LabLedgerDemo",
                "LabLedgerPrivacy",
                "LabLedgerProjections",
                "LabLedgerReadModels",
                "LabLedgerSchema",
                "TransparencyLog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Deterministic, valid histories over every aggregate, for tests and benchmarks.
        .target(name: "LabLedgerHistory", dependencies: ["LabLedgerDomain"]),
        .target(
            name: "LabLedgerSchema",
            dependencies: ["EventStore"],
            path: "schema",
            resources: [.copy("migrations")]
        ),
        .executableTarget(
            name: "labledger",
            dependencies: [
                "EventStore",
                "LabLedgerApp",
                "LabLedgerAudit",
                "LabLedgerDomain",
                "LabLedgerPrivacy",
                "LabLedgerReadModels",
                "LabLedgerSchema",
                "TransparencyLog",
                "LabLedgerProjections",
                "LabLedgerAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
        ),
        // What the benchmarks share: their JSON cells, latency percentiles and peak RSS.
        .target(name: "BenchSupport", dependencies: ["CFreedMemory"], path: "bench/Support"),
        .executableTarget(
            name: "labledger-bench",
            dependencies: [
                "BenchSupport",
                "EventStore",
                "LabLedgerPrivacy",
                "LabLedgerSchema",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/AppendBench"
        ),
        .executableTarget(
            name: "labledger-projection-bench",
            dependencies: [
                "BenchSupport",
                "EventStore",
                "LabLedgerSchema",
                "LabLedgerDomain",
                "LabLedgerProjections",
                "LabLedgerReadModels",
                "LabLedgerHistory",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/ProjectionBench"
        ),
        .executableTarget(
            name: "labledger-api-bench",
            dependencies: [
                "BenchSupport",
                "EventStore",
                "LabLedgerSchema",
                "LabLedgerAPI",
                "LabLedgerApp",
                "LabLedgerDemo",
                "LabLedgerDomain",
                "LabLedgerProjections",
                "LabLedgerReadModels",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "bench/APIBench"
        ),
        .executableTarget(
            name: "labledger-audit-bench",
            dependencies: [
                "BenchSupport",
                "EventStore",
                "LabLedgerAudit",
                "LabLedgerSchema",
                "TransparencyLog",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/AuditBench"
        ),
        // One throw-away PostgreSQL per test run and a fresh database per suite, for every storage test.
        .target(
            name: "TestSupport",
            dependencies: [
                "EventStore",
                "LabLedgerSchema",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "EventStoreTests",
            dependencies: [
                "EventStore",
                "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "LabLedgerPrivacyTests",
            dependencies: [
                "EventStore",
                "LabLedgerAudit",
                "LabLedgerDomain",
                "LabLedgerPrivacy",
                "TestSupport",
                "TransparencyLog",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "LabLedgerAuditTests",
            dependencies: [
                "EventStore",
                "LabLedgerAudit",
                "TestSupport",
                "TransparencyLog",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "LabLedgerDomainTests",
            dependencies: [
                "LabLedgerDomain",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")]
        ),
        // The transparency log's pure core against RFC 9162 vectors, its own properties, and Go's
        // sumdb note and tlog packages (Tests/Interop/tlogcheck, run with the Go toolchain).
        .testTarget(name: "TransparencyLogTests", dependencies: ["TestSupport", "TransparencyLog"]),
        .testTarget(
            name: "LabLedgerReadModelsTests",
            dependencies: ["LabLedgerReadModels", "LabLedgerDomain", "LabLedgerHistory"]
        ),
        .testTarget(
            name: "LabLedgerHistoryTests",
            dependencies: ["LabLedgerHistory", "LabLedgerDomain"]
        ),
        .testTarget(
            name: "LabLedgerProjectionsTests",
            dependencies: [
                "LabLedgerProjections",
                "LabLedgerReadModels",
                "LabLedgerHistory",
                "LabLedgerDomain",
                "EventStore",
                "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LabLedgerConsoleTests",
            dependencies: [
                "LabLedgerConsole",
                "EventStore",
                "LabLedgerAPI",
                "LabLedgerContract",
                "LabLedgerDomain",
                "TransparencyLog",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "LabLedgerAPITests",
            dependencies: [
                "LabLedgerAPI",
                "LabLedgerPrivacy",
                "LabLedgerApp",
                "LabLedgerContract",
                "LabLedgerHistory",
                "LabLedgerAudit",
                "LabLedgerDemo",
                "TransparencyLog",
                "LabLedgerProjections",
                "LabLedgerReadModels",
                "LabLedgerDomain",
                "EventStore",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // Read by DemoTests through #filePath, not bundled.
            exclude: ["DemoStepKeys.txt"]
        ),
    ]
)
