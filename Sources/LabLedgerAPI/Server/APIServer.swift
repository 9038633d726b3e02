import EventStore
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import OpenAPIHummingbird
import OpenAPIRuntime
import ServiceLifecycle

/// Builds the HTTP application: the generated routes of `openapi.yaml` behind request metrics
/// and the middleware that authenticates, limits bodies and turns every error into problem+json.
public enum APIServer {
    /// `availability`, when given, turns requests away with 503 while the database is down.
    /// `shared` holds what requests share in the process (state cache, projection positions);
    /// its `CheckpointListener` must run among the application's services.
    public static func router(
        store: PostgresEventStore, keys: APIKeyStore, options: APIOptions, shared: APIShared, availability: DatabaseAvailability? = nil,
        logger: Logger
    ) throws -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: MetricsMiddleware())
        if let availability { router.add(middleware: DatabaseGateMiddleware(availability: availability)) }
        router.add(middleware: RequestScopeMiddleware(keys: keys, maxBodyBytes: options.maxBodyBytes))
        // After the scope middleware, so each line carries the request id and the actor.
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: AcceptMiddleware())
        let handler = APIHandler(store: store, keys: keys, options: options, shared: shared, availability: availability, logger: logger)
        // Compact, stable JSON: sorted keys, and DOIs and URLs without `\/`. Request bodies are
        // checked against the contract first; stored answers (PostgreSQL's jsonb text, the same
        // values) are served before the typed handlers that would encode them
        // (docs/architecture.md).
        let requestSchemas = try ContractRequestSchemas.served.get()
        try handler.registerHandlers(
            on: router, configuration: .init(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]),
            middlewares: [RequestValidationMiddleware(schemas: requestSchemas, maxBodyBytes: options.maxBodyBytes), StoredAnswers(handler: handler)])
        return router
    }

    /// `services` run beside the server (and stop after it); `onServerRunning` is told the
    /// listening channel (its port, when `options.port` is 0).
    public static func application(
        store: PostgresEventStore, keys: APIKeyStore, options: APIOptions, shared: APIShared, availability: DatabaseAvailability? = nil,
        services: [any Service] = [], logger: Logger, onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) throws -> Application<RouterResponder<BasicRequestContext>> {
        let limits = options.effectiveConnectionLimits
        let counter = ConnectionCounter()
        let bodyTimeout = options.bodyTimeout
        return Application(
            router: try router(store: store, keys: keys, options: options, shared: shared, availability: availability, logger: logger),
            server: .http1(configuration: .init(
                additionalChannelHandlers: [ConnectionGuardHandler(counter: counter, limits: limits, bodyTimeout: bodyTimeout)],
                idleTimeout: TimeAmount(options.idleTimeout))),
            configuration: .init(
                address: .hostname(options.host, port: options.port), serverName: "LabLedger",
                availableConnectionsDelegate: CountingConnectionsDelegate(counter: counter, limits: limits)),
            services: services,
            onServerRunning: onServerRunning,
            logger: logger)
    }
}
