import PostgresNIO

extension PostgresEventStore {
    /// What an operator needs to read about a failure. postgres-nio's `PSQLError` describes
    /// itself with a generic sentence (so as not to leak data to end users by accident); for
    /// dead letters and logs this gives the server's own words instead: severity, SQLSTATE,
    /// message, detail, hint and the table, column and constraint concerned. The query and its
    /// bound values are left out: they can be large and hold personal data; so are the values
    /// an error of data or integrity details or quotes (`quotesData`, `withoutQuotedValues`,
    /// `withoutJSONData`) and the line a COPY quotes (`withoutCopyData`). Any other error is
    /// described as usual.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        guard let info = error.serverInfo else {
            return "PostgreSQL client error \(error.code)" + (error.underlying.map { ": \(String(reflecting: $0))" } ?? "")
        }
        let quotes = quotesData(sqlState: info[.sqlState])
        var message = info[.message] ?? "(no message)"
        if quotes, info[.sqlState]?.hasPrefix("22") == true { message = withoutQuotedValues(message) }
        var text = "PostgreSQL \(info[.severity] ?? "ERROR") \(info[.sqlState] ?? "?????"): \(message)"
        let parts: [(String, PSQLError.ServerInfo.Field)] = [
            ("detail", .detail), ("hint", .hint), ("table", .tableName), ("column", .columnName),
            ("constraint", .constraintName), ("where", .locationContext),
        ]
        for (label, field) in parts {
            guard var value = info[field], !value.isEmpty else { continue }
            if field == .detail, quotes {
                text += "; detail: left out (it quotes the data)"
                continue
            }
            if field == .locationContext {
                value = withoutCopyData(value)
                if quotes { value = withoutJSONData(value) }
            }
            text += "; \(label): \(value)"
        }
        return text
    }

    /// The values a message of class 22 quotes (`invalid input syntax for type date: "…"`,
    /// `value "…" is out of range for type integer`, `time zone "…" not recognized`), each left
    /// out; the rest of the message is kept. A parameter's quoted name goes too, which costs
    /// little.
    static func withoutQuotedValues(_ message: String) -> String {
        var result = ""
        var quoted = false
        for character in message {
            if character == "\"" {
                if !quoted { result += "\"…\"" }
                quoted.toggle()
            } else if !quoted {
                result.append(character)
            }
        }
        return result
    }

    /// The context of a JSON text PostgreSQL could not read quotes the text up to the fault
    /// (`JSON data, line 1: {"name":"…`), a document's personal data; the line's number is kept.
    static func withoutJSONData(_ context: String) -> String {
        context.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.hasPrefix("JSON data, line "), let colon = line.range(of: ": ") else { return String(line) }
            return line[..<colon.lowerBound] + " (its data left out)"
        }.joined(separator: "\n")
    }

    /// An error of the data (SQLSTATE class 22) or of integrity (class 23) details the values it
    /// refused: a CHECK's "Failing row contains (…)" quotes the whole row and a unique index's
    /// "Key (…)=(…)" the key, which in a read model's people table is personal data, and the
    /// description goes to logs and dead letters, which a person's erasure does not rewrite. The
    /// constraint, table and column are kept.
    static func quotesData(sqlState: String?) -> Bool {
        guard let sqlState else { return false }
        return sqlState.hasPrefix("22") || sqlState.hasPrefix("23")
    }

    /// The context of an error during COPY names the line and quotes it (or the column's value):
    /// the rows' data, as bound values are, which can hold personal data (a read model's people).
    /// The quote is left out, the line's number kept. COPY's entry is the context's last, and a
    /// column's quoted value is unescaped and may run over several lines, so everything after
    /// its quote goes.
    static func withoutCopyData(_ context: String) -> String {
        var start = context.startIndex
        while start < context.endIndex {
            let line = context[start...]
            if line.hasPrefix("COPY "), let quote = line.range(of: ": \"") {
                return context[..<quote.lowerBound] + " (its data left out)"
            }
            guard let newline = line.firstIndex(of: "\n") else { break }
            start = context.index(after: newline)
        }
        return context
    }
}
