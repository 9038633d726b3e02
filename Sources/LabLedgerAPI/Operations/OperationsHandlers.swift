import Foundation
import LabLedgerContract
import OpenAPIRuntime

extension APIHandler {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: .up))))
    }

    func getReady(_ input: Operations.GetReady.Input) async throws -> Operations.GetReady.Output {
        let checks = await health.readiness()
        let document = Components.Schemas.Readiness(
            status: checks.allSatisfy(\.ok) ? .ready : .notReady,
            checks: checks.map { .init(name: $0.name, ok: $0.ok, detail: $0.detail) })
        return checks.allSatisfy(\.ok) ? .ok(.init(body: .json(document))) : .serviceUnavailable(.init(body: .json(document)))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        .ok(.init(body: .plainText(HTTPBody(await APIMetrics.scrape(store: store, availability: availability, replica: reads.replica, logger: logger)))))
    }

    func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(OpenAPIDocument.bytes))))
    }
}
