extension Problem {
    /// A rejected command as problem+json.
    init(_ rejection: CommandRejection) {
        switch rejection {
        case .streamNotFound(let what):
            self = .notFound(what)
        case .refusedByRule(let error):
            self = .refused(error)
        case .versionMismatch(let expected, let actual, let what):
            self.init(
                .preconditionFailed, code: "version-mismatch", title: "The stream is at another version",
                detail: "If-Match expected version \(expected) of \(what); it is at version \(actual).",
                headers: [.eTag: "\"\(actual)\""])
        case .writtenSince(let expected, let what):
            self.init(
                .preconditionFailed, code: "version-mismatch", title: "The stream is at another version",
                detail: "\(what) was written by another request after version \(expected); read it again.")
        case .concurrentWrites(let what):
            self.init(
                .conflict, code: "concurrent-write", title: "Concurrent write",
                detail: "\(what) kept changing while the command was decided; read it again and retry.")
        case .idempotencyKeyReused:
            self.init(
                .unprocessableContent, code: "idempotency-key-reused", title: "Idempotency key reused",
                detail: "This Idempotency-Key was first sent with another request; use a new key for a new request.")
        case .unstorableValue(let message):
            self = .invalid("", code: "unstorable-value", "The database refused a value: \(message)")
        case .eventTooLarge(let bytes, let limit):
            self.init(
                .contentTooLarge, code: "event-too-large", title: "Event too large",
                detail: "The command's event would be \(bytes) bytes; events are limited to \(limit).")
        }
    }
}

extension Problem: CommandPreparationError {
    var yieldsToPrecondition: Bool {
        ![.badRequest, .unauthorized, .forbidden, .notFound].contains(status)
    }
}
