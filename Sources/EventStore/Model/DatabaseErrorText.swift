import PostgresNIO

extension PostgresEventStore {
    /// What an operator needs to read about a failure. postgres-nio's `PSQLError` describes
    /// itself with a generic sentence (so as not to leak data to end users by accident); for
    /// dead letters and logs this gives the server's own words instead: severity, SQLSTATE,
    /// message, detail, hint and the table, column and constraint concerned. The query and its
    /// bound values are left out: they can be large and hold personal data. Any other error is
    /// described as usual.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        guard let info = error.serverInfo else {
            return "PostgreSQL client error \(error.code)" + (error.underlying.map { ": \(String(reflecting: $0))" } ?? "")
        }
        var text = "PostgreSQL \(info[.severity] ?? "ERROR") \(info[.sqlState] ?? "?????"): \(info[.message] ?? "(no message)")"
        let parts: [(String, PSQLError.ServerInfo.Field)] = [
            ("detail", .detail), ("hint", .hint), ("table", .tableName), ("column", .columnName),
            ("constraint", .constraintName), ("where", .locationContext),
        ]
        for (label, field) in parts {
            guard var value = info[field], !value.isEmpty else { continue }
            if field == .locationContext { value = withoutCopyData(value) }
            text += "; \(label): \(value)"
        }
        return text
    }

    /// The context of an error during COPY names the line and quotes it (or the column's value):
    /// the rows' data, as bound values are, which can hold personal data (a read model's people).
    /// The quote is left out, the line's number kept.
    static func withoutCopyData(_ context: String) -> String {
        context.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.hasPrefix("COPY "), let quote = line.range(of: ": \"") else { return String(line) }
            return line[..<quote.lowerBound] + " (its data left out)"
        }.joined(separator: "\n")
    }
}
