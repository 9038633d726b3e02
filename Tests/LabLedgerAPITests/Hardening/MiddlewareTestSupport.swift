import Hummingbird
@testable import LabLedgerAPI
import Logging
import PostgresNIO
import TestSupport

/// What the tests that drive a router middleware directly share: a request context from a logger,
/// and a key store whose database cannot be reached (the tests use public paths, where no key is
/// looked up).
enum MiddlewareTestSupport {
    struct LoggerSource: RequestContextSource {
        var logger: Logger
    }

    struct Context: RequestContext {
        typealias Source = LoggerSource
        var coreContext: CoreRequestContextStorage
        init(source: LoggerSource) { coreContext = .init(source: source) }
    }

    static func context() -> Context { Context(source: LoggerSource(logger: TestCluster.logger)) }

    static func unreachableKeys() -> APIKeyStore {
        let client = PostgresClient(
            configuration: .init(host: "127.0.0.1", port: 1, username: "nobody", password: nil, database: nil, tls: .disable),
            backgroundLogger: TestCluster.logger)
        return APIKeyStore(client: client, logger: TestCluster.logger)
    }
}
