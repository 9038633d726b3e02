import PostgresNIO

/// A `timestamptz` as whole microseconds since 1970-01-01 UTC, read from the 8 bytes PostgreSQL
/// sends (microseconds since 2000-01-01): exact, with no `Date` (a `Double`) in between and no
/// `floor(extract(epoch …) * 1000000)` for the server to compute per row.
struct UnixMicroseconds: PostgresDecodable {
    static let postgresEpoch: Int64 = 946_684_800_000_000

    var value: Int64

    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .timestamptz, format == .binary else { throw PostgresDecodingError.Code.typeMismatch }
        // ±infinity are Int64's extremes; every finite timestamptz fits once shifted, but a
        // failure is better than a trap if one does not.
        guard buffer.readableBytes == 8, let micros = buffer.readInteger(as: Int64.self), micros != .min, micros != .max else {
            throw PostgresDecodingError.Code.failure
        }
        let (shifted, overflow) = micros.addingReportingOverflow(Self.postgresEpoch)
        guard !overflow else { throw PostgresDecodingError.Code.failure }
        value = shifted
    }
}
