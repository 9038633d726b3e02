import Foundation
import LabLedgerContract
import LabLedgerDomain
import PostgresNIO

/// Bounded lists from the `directory` read model for the console: every lab, and one lab's
/// agreements. Visibility is the single-item reads' (`lab(_:visibleTo:)`, `agreement(_:visibleTo:)`):
/// a party-bound caller sees the labs it is a current member of and the agreements it is a party to.
/// Each is a fixed number of queries whatever the size of the history, with at most `limit` rows.
extension ReadModelQueries {
    /// Up to `limit` labs by id, each with its members (one query for all of them).
    func labs(visibleTo party: String?, limit: Int) async throws -> [Components.Schemas.LabView] {
        let rows = try await client.query(
            """
            SELECT l.lab_id, l.name, l.founded_on::text, l.status, l.dissolved_on::text, l.research_areas,
                   l.advisory_board_size, l.stream_version
            FROM directory_labs l
            WHERE (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM directory_lab_members m WHERE m.lab_id = l.lab_id AND m.party_id = \(party) AND m.current))
            ORDER BY l.lab_id
            LIMIT \(limit)
            """, logger: logger)
        var labs: [Components.Schemas.LabView] = []
        for try await (labID, name, founded, status, dissolved, areas, board, version) in rows.decode(
            (String, String, String, String, String?, [String], Int, Int).self)
        {
            labs.append(.init(
                lab: labID, name: name, foundedOn: founded, status: try Self.enumValue(status), dissolvedOn: dissolved,
                researchAreas: areas, advisoryBoardSize: board, version: version, members: []))
        }
        guard !labs.isEmpty else { return [] }
        let ids = labs.map(\.lab)
        let members = try await client.query(
            """
            SELECT lab_id, party_id, role, founder, admitted_on::text, departed_on::text
            FROM directory_lab_members WHERE lab_id = ANY(\(ids)) ORDER BY lab_id, seq
            """, logger: logger)
        var byLab: [String: [Components.Schemas.LabMemberView]] = [:]
        for try await (lab, member, role, founder, admitted, departed) in members.decode((String, String, String, Bool, String, String?).self) {
            byLab[lab, default: []].append(.init(party: member, role: try Self.enumValue(role), founder: founder, admittedOn: admitted, departedOn: departed))
        }
        return labs.map { lab in
            var lab = lab
            lab.members = byLab[lab.lab] ?? []
            return lab
        }
    }

    /// Up to `limit` agreements of `lab`, oldest drafted first, each with its parties.
    func agreements(lab: String, visibleTo party: String?, limit: Int) async throws -> [Components.Schemas.Agreement] {
        let rows = try await client.query(
            """
            SELECT a.agreement_id
            FROM directory_agreements a
            WHERE a.lab_id = \(lab)
              AND (\(party)::text IS NULL OR EXISTS (
                    SELECT 1 FROM directory_agreement_parties p WHERE p.agreement_id = a.agreement_id AND p.party_id = \(party)))
            ORDER BY a.drafted_on, a.agreement_id
            LIMIT \(limit)
            """, logger: logger)
        var ids: [String] = []
        for try await id in rows.decode(String.self) { ids.append(id) }
        var agreements: [Components.Schemas.Agreement] = []
        for id in ids {
            // The single-agreement read, so the console's rows are exactly what GET /v1/agreements/{id} answers.
            guard let parsed = try? AgreementID(parsing: id), let agreement = try await self.agreement(parsed, visibleTo: party) else { continue }
            agreements.append(agreement)
        }
        return agreements
    }
}

/// The lists above behind the caller's `Access` and the read models' position wait, as the
/// API's own lab and agreement reads run them.
extension APIHandler {
    func listLabs(limit: Int) async throws -> [Components.Schemas.LabView] {
        let principal = try Access.reader()
        return try await self.reads.atPosition(["directory"]) { reads in
            return try await reads.labs(visibleTo: principal.party?.rawValue, limit: limit)
        }
    }

    func listLabAgreements(lab: String, limit: Int) async throws -> [Components.Schemas.Agreement] {
        let principal = try Access.reader()
        return try await self.reads.atPosition(ReadModelQueries.agreementProjections) { reads in
            return try await reads.agreements(lab: lab, visibleTo: principal.party?.rawValue, limit: limit)
        }
    }
}

extension InProcessAPI {
    /// Up to `limit` labs `principal` may read (with `limit + 1` asked, a caller learns there are more).
    package func labs(as principal: Principal, requestID: String, limit: Int) async throws -> [Components.Schemas.LabView] {
        try await read(as: principal, requestID: requestID) { _ in try await handler.listLabs(limit: limit) }
    }

    /// Up to `limit` agreements of `lab` that `principal` may read.
    package func agreements(ofLab lab: String, as principal: Principal, requestID: String, limit: Int) async throws -> [Components.Schemas.Agreement] {
        try await read(as: principal, requestID: requestID) { _ in try await handler.listLabAgreements(lab: lab, limit: limit) }
    }
}
