import Hummingbird
import Logging

/// The ceiling for a query: a Hummingbird route that answers a constant JSON document of the
/// size of a small IP-status answer, with no database and no middleware.
enum TrivialServer {
    static let body = ByteBuffer(string: #"{"asset":"bench-0","status":"disclosed","owners":[{"party":"tencent","shareBasisPoints":10000}],"licences":[]}"#)

    static func application(port: Int, logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        router.get("/trivial") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
    }
}
