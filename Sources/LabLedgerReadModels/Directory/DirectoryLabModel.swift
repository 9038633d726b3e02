import Foundation
import LabLedgerDomain

/// Labs for the directory: the overview, the membership history and the advisory board.
enum DirectoryLabModel: StreamReadModel {
    static let category = StreamCategory.lab
    static let eventTypes = LabEventCodec.eventTypes

    static func evolve(_ document: DirectoryLabDocument?, _ event: ProjectableEvent) throws -> DirectoryLabDocument {
        let decoded = try event.decoded(LabEventCodec.self)
        if case .founded(let founded) = decoded {
            try LedgerFold.requireNew(document, event)
            return DirectoryLabDocument(
                state: LabDecider.evolve(LabDecider.initial, decoded),
                memberships: founded.founders.map {
                    .init(party: $0.party, role: $0.role, founder: true, admittedOn: founded.foundedOn)
                },
                advisors: [], dissolutionReason: nil, stamp: LedgerStamp(event))
        }
        var document = try LedgerFold.existing(document, event)
        document.stamp = try document.stamp.next(event)
        switch decoded {
        case .founded:
            break
        case .memberAdmitted(let e):
            guard document.state.members[e.party] == nil else {
                throw LedgerFold.outOfOrder(event, "'\(e.party)' is already a member")
            }
            document.memberships.append(.init(party: e.party, role: e.role, founder: false, admittedOn: e.admittedOn))
        case .memberDeparted(let e):
            guard let spell = document.memberships.lastIndex(where: { $0.party == e.party && $0.departedOn == nil }) else {
                throw LedgerFold.outOfOrder(event, "'\(e.party)' is not a member")
            }
            document.memberships[spell].departedOn = e.departedOn
            document.memberships[spell].departureReason = e.reason
        case .advisoryBoardMemberAppointed(let e):
            guard !document.state.advisors.contains(e.advisor) else {
                throw LedgerFold.outOfOrder(event, "advisor '\(e.advisor)' already sits on the board")
            }
            document.advisors.append(.init(
                person: e.advisor, orcid: e.orcid, expertise: e.expertise, appointedOn: e.appointedOn, personalData: e.person))
        case .profileRecorded:
            break
        case .dissolved(let e):
            document.dissolutionReason = e.reason
        }
        LabDecider.evolve(&document.state, decoded)
        return document
    }

    static func rows(_ document: DirectoryLabDocument, streamID: String, into rows: inout ReadModelRows) throws {
        let state = document.state
        guard let lab = state.id?.rawValue, let foundedOn = state.foundedOn else {
            throw ReadModelError.noDocument(streamID: streamID)
        }
        var dissolvedOn: LocalDate?
        if case .dissolved(let on) = state.status { dissolvedOn = on }
        try rows.add(
            DirectoryLabRow(
                stream_id: streamID, lab_id: lab, name: state.name, founded_on: foundedOn, research_areas: state.researchAreas,
                status: dissolvedOn == nil ? .active : .dissolved, dissolved_on: dissolvedOn,
                dissolution_reason: document.dissolutionReason, founder_ids: state.founders.map(\.rawValue),
                member_count: state.members.count, advisory_board_size: state.advisors.count,
                non_profit: state.profile?.nonProfit, financially_independent: state.profile?.financiallyIndependent,
                operating_cost_sharers: state.profile?.operatingCostSharers.map(\.rawValue),
                stream_version: document.stamp.version, updated_position: document.stamp.position),
            to: DirectoryTables.labs)
        for (index, spell) in document.memberships.enumerated() {
            try rows.add(
                DirectoryLabMemberRow(
                    stream_id: streamID, lab_id: lab, seq: index + 1, party_id: spell.party.rawValue, role: spell.role.rawValue,
                    founder: spell.founder, admitted_on: spell.admittedOn, departed_on: spell.departedOn,
                    departure_reason: spell.departureReason, current: spell.departedOn == nil),
                to: DirectoryTables.labMembers)
        }
        for advisor in document.advisors {
            try rows.add(
                DirectoryLabAdvisorRow(
                    stream_id: streamID, lab_id: lab, person_id: advisor.person.rawValue, expertise: advisor.expertise,
                    appointed_on: advisor.appointedOn),
                to: DirectoryTables.labAdvisors)
            // An erased person has no row: the people tables hold only details that can be read.
            guard !advisor.personalData.isErased else { continue }
            try rows.add(
                DirectoryPersonRow(
                    stream_id: streamID, person_id: advisor.person.rawValue, role: .advisor, name: advisor.personalData.name,
                    email: advisor.personalData.email, phone: advisor.personalData.phone, orcid: advisor.orcid?.rawValue),
                to: DirectoryTables.people)
        }
    }
}
