import LabLedgerDomain

extension APIHandler {
    /// Runs a command as the request's caller, under its `If-Match` and `Idempotency-Key`, and
    /// answers a rejection as problem+json. A handler names the aggregate, the stream and what
    /// the caller may do; `prepare` returns the domain command (see `CommandExecutor.run`).
    func runCommand<A: Aggregate>(
        _ aggregate: A.Type, stream: StreamName, creates: Bool, location: String? = nil, what: String,
        numbering: ([A.Event]) -> Int? = { _ in nil },
        prepare: (A.State) async throws -> Decision<A.Command>
    ) async throws -> CommandOutcome {
        let scope = RequestScope.current
        // A handler whose fields all parsed still never writes a body the contract refuses.
        let schemaProblems = scope.schemaProblems.all
        if !schemaProblems.isEmpty { throw Problem.invalid(FieldProblem.joined(domain: [], schema: schemaProblems)) }
        let context = CommandContext(
            principal: try scope.requirePrincipal(), requestID: scope.requestID, expectedVersion: scope.expectedVersion,
            idempotency: scope.idempotency)
        do {
            let outcome = try await commands.run(
                aggregate, stream: stream, creates: creates, location: location, what: what, context: context, numbering: numbering,
                prepare: prepare)
            if outcome.replayed { scope.replay.mark() }
            return outcome
        } catch let rejection as CommandRejection {
            throw Problem(rejection)
        }
    }
}
