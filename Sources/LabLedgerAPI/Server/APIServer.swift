import EventStore
import Hummingbird
import Logging
import OpenAPIHummingbird
import OpenAPIRuntime

/// Builds the HTTP application: the generated routes of `openapi.yaml` behind request metrics
/// and the middleware that authenticates, limits bodies and turns every error into problem+json.
public enum APIServer {
    public static func router(store: PostgresEventStore, keys: APIKeyStore, options: APIOptions, logger: Logger) throws -> Router<BasicRequestContext> {
        _ = APIMetrics.registry
        let router = Router()
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: RequestScopeMiddleware(keys: keys, maxBodyBytes: options.maxBodyBytes))
        // After the scope middleware, so each line carries the request id and the actor.
        router.add(middleware: LogRequestsMiddleware(.info))
        let handler = APIHandler(store: store, keys: keys, options: options, logger: logger)
        // Compact, stable JSON: sorted keys, and DOIs and URLs without `\/`.
        try handler.registerHandlers(
            on: router, configuration: .init(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]))
        return router
    }

    public static func application(
        store: PostgresEventStore, keys: APIKeyStore, options: APIOptions, logger: Logger
    ) throws -> some ApplicationProtocol {
        Application(
            router: try router(store: store, keys: keys, options: options, logger: logger),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "LabLedger"),
            logger: logger)
    }
}
