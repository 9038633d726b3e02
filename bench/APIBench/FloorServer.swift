import Hummingbird
import LabLedgerAPI
import Logging
import PostgresNIO

/// What a bare server of Hummingbird and PostgresNIO reaches on the bench's machine, the floor
/// under the API's own cost: bare routes (no middleware, no authentication, no OpenAPI runtime,
/// no decoding) that send one prepared statement through the API's own connection pool.
/// `GET /floor/ip-assets/{id}` sends the API's stored-answer statement for the company key's
/// party and writes the body; `POST /floor/parties` reads the body and sends pgbench's INSERT.
enum FloorServer {
    struct InsertParty: PostgresPreparedStatement {
        static let name = "labledger_bench_floor_insert_v1"
        static let sql = PgBench.insertParty
        typealias Row = Void
        func makeBindings() throws -> PostgresBindings { PostgresBindings() }
        func decodeRow(_ row: PostgresRow) throws {}
    }

    /// Throws unless the stored-answer statement, as the bare route and as pgbench send it,
    /// finds `stream`'s answer for `party`.
    static func expectAnswers(client: PostgresClient, stream: String, party: String, logger: Logger) async throws {
        var found = 0
        for try await _ in try await client.execute(IPAssetAnswerStatement(stream: stream, party: party), logger: logger) { found += 1 }
        // Literals of the bench's own constants, in pgbench's form of the statement.
        let pgbenchForm = PgBench.assetAnswerSQL(stream: "'\(stream)'", party: "'\(party)'")
        for try await _ in try await client.query(PostgresQuery(unsafeSQL: pgbenchForm), logger: logger) { found += 1 }
        guard found == 2 else { throw APIBenchError("the floor's statements found \(found) of 2 answers for \(stream)") }
    }

    static func application(port: Int, client: PostgresClient, party: String, logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        router.get("/floor/ip-assets/:id") { _, context in
            let id = try context.parameters.require("id")
            let statement = IPAssetAnswerStatement(stream: "ipasset-\(id)", party: party)
            for try await (body, _) in try await client.execute(statement, logger: logger) {
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
            }
            return Response(status: .notFound)
        }
        router.post("/floor/parties") { request, _ in
            _ = try await request.body.collect(upTo: 16_384)
            for try await _ in try await client.execute(InsertParty(), logger: logger) {}
            return Response(status: .created)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
    }
}
