import LabLedgerPrivacy

extension ReadModelQueries {
    /// Records in the access log that the request was shown these people's details (read-model
    /// queries; events opened by the person vault are recorded by the vault itself).
    ///
    /// Always written on the primary: the reads may have been routed to the read replica, which
    /// as a hot standby refuses the INSERT (SQLSTATE 25006).
    func recordShown(_ people: [String]) async throws {
        let shown = Set(people)
        guard !shown.isEmpty, PersonalDataReader.current != nil else { return }
        try await primary.withConnection { try await PersonalDataAccessLog(logger: logger).record(shown, on: $0) }
    }
}
