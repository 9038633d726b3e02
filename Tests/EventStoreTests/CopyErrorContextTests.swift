@testable import EventStore
import Testing

@Suite("Errors during COPY")
struct CopyErrorContextTests {
    @Test("an error's context keeps which COPY line failed and leaves out the line's data")
    func copyDataLeftOut() {
        let context = """
            PL/pgSQL function person_not_erased(text) line 3 at RAISE
            COPY round_people__rebuild, line 12: "rounds-1\tperson-1\tAlice Secretname\talice@example.org"
            """
        let described = PostgresEventStore.withoutCopyData(context)
        #expect(!described.contains("Alice"))
        #expect(!described.contains("alice@example.org"))
        #expect(described == """
            PL/pgSQL function person_not_erased(text) line 3 at RAISE
            COPY round_people__rebuild, line 12 (its data left out)
            """)
        #expect(
            PostgresEventStore.withoutCopyData(#"COPY outputs__rebuild, line 1, column date: "not a date""#)
                == "COPY outputs__rebuild, line 1, column date (its data left out)")
        // A column's value is quoted unescaped, and may hold newlines.
        #expect(
            PostgresEventStore.withoutCopyData("COPY placements__rebuild, line 3, column due: \"Alice\nSecretname\"")
                == "COPY placements__rebuild, line 3, column due (its data left out)")
        // Contexts of other statements are kept whole.
        let other = "SQL statement \"INSERT INTO t SELECT * FROM jsonb_populate_recordset(NULL::t, $1)\"\nPL/pgSQL function projection_write_rows(text[],jsonb[],jsonb[],text[],jsonb[]) line 18 at EXECUTE"
        #expect(PostgresEventStore.withoutCopyData(other) == other)
    }

    @Test("the detail of an error of data or integrity is left out: it quotes the refused row or key")
    func dataQuotingDetailsLeftOut() {
        for state in ["23514", "23505", "23502", "22P02", "22001"] {
            #expect(PostgresEventStore.quotesData(sqlState: state), "\(state)")
        }
        for state in ["40P01", "57014", "53100", "42703", "LL001"] {
            #expect(!PostgresEventStore.quotesData(sqlState: state), "\(state)")
        }
        #expect(!PostgresEventStore.quotesData(sqlState: nil))
    }

    @Test("a value an error of data quotes, in its message or in a JSON text's context, is left out")
    func quotedValuesLeftOut() {
        #expect(
            PostgresEventStore.withoutQuotedValues(#"invalid input syntax for type date: "Alice's birthday""#)
                == #"invalid input syntax for type date: "…""#)
        #expect(
            PostgresEventStore.withoutQuotedValues(#"value "1969-07-20 Alice" is out of range for type integer"#)
                == #"value "…" is out of range for type integer"#)
        #expect(PostgresEventStore.withoutQuotedValues("value too long for type character varying(10)") == "value too long for type character varying(10)")
        let context = """
            JSON data, line 1: {"name":"Alice Secretname","email":
            PL/pgSQL function projection_write_rows(text[],jsonb[],jsonb[],text[],jsonb[]) line 19 at EXECUTE
            """
        let described = PostgresEventStore.withoutJSONData(context)
        #expect(!described.contains("Alice"))
        #expect(described.hasPrefix("JSON data, line 1 (its data left out)\n"))
        #expect(described.hasSuffix("line 19 at EXECUTE"))
    }
}
