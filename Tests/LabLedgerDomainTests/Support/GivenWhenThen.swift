import Testing
@testable import LabLedgerDomain

/// Given `history`, when `command` is decided: the events it answers. A refusal fails the test
/// with its code, so an accepted case can never pass by being refused.
@discardableResult
func accepted<D: Decider>(
    _: D.Type, given history: [D.Event] = [], when command: D.Command, sourceLocation: SourceLocation = #_sourceLocation
) throws -> [D.Event] {
    do {
        return try D.decide(command, D.fold(history))
    } catch {
        Issue.record("expected acceptance, refused with \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// Given `history`, when `command` is decided: the refusal's code, or nil if it was accepted.
func refusal<D: Decider>(_: D.Type, given history: [D.Event] = [], when command: D.Command) -> String? {
    do {
        _ = try D.decide(command, D.fold(history))
        return nil
    } catch {
        return error.code
    }
}
