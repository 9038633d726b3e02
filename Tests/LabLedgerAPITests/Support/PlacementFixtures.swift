import EventStore
import Foundation
import HTTPTypes
import LabLedgerDomain
import Testing

/// The stories placements and rounds need. Parties and labs are set up through the API;
/// agreements and commitments are appended to the store directly with the domain's codecs, so
/// these suites depend on no other area's operations (their own suites test those).
enum PlacementStory {
    static let lab = "tencent-cuhksz-mi-lab"
    static let agreement = "tencent-cuhksz-2018"
    static let commitment = "tencent-phd-stipends-2018"
    static let placement = "mi-lab-phd-2018-001"

    static func studentship(
        placement: String = placement, agreement: String = agreement, degreeGrantor: String = "cuhk-shenzhen",
        sponsor: String = "tencent", monthly: String = "8000.00", period: String = #"{"from": "2018-09-01", "to": "2022-09-01"}"#
    ) -> String {
        """
        {"placement": "\(placement)", "agreement": "\(agreement)", "student": "student-0042", "orcid": "0000-0002-1825-0097",
         "degreeGrantor": "\(degreeGrantor)", "sponsor": "\(sponsor)",
         "stipend": {"monthly": {"currency": "CNY", "amount": "\(monthly)"}, "commitment": "\(commitment)"},
         "period": \(period), "awardedOn": "2018-07-15", "person": {"name": "Li Wei", "email": "liwei@link.cuhk.edu.cn"}}
        """
    }

    static func postdoc(placement: String = "mi-lab-postdoc-2019-003", employer: String = "cuhk-shenzhen") -> String {
        """
        {"placement": "\(placement)", "agreement": "\(agreement)", "researcher": "researcher-0007", "employer": "\(employer)",
         "period": {"from": "2019-03-01", "to": "2021-03-01"}, "appointedOn": "2019-01-20",
         "person": {"name": "Dr. Maria Rossi", "email": "maria.rossi@example.org"}}
        """
    }

    static func stipend(_ reference: String, amount: String = "8000.00", month: String = "09") -> String {
        """
        {"amount": {"currency": "CNY", "amount": "\(amount)"}, "forPeriod": {"from": "2018-\(month)-01", "to": "2018-\(month == "09" ? "10" : "11")-01"},
         "paidOn": "2018-\(month)-28", "reference": "\(reference)"}
        """
    }

    static let internship = #"{"host": "tencent", "agreement": "tencent-cuhksz-2018", "period": {"from": "2019-07-01", "to": "2019-10-01"}}"#
}

extension APITestApp {
    /// Tencent, CUHK-Shenzhen and JD registered; Tencent and CUHK-Shenzhen found the lab, sign
    /// its agreement (2018-06-12 to 2023-06-12) and Tencent commits CNY 100,000.00 for stipends.
    func placementStory(_ admin: String, stipends: Int64 = 10_000_000) async throws {
        try await registerStoryParties(
            admin, [("tencent", "company"), ("cuhk-shenzhen", "university"), ("jd", "company")])
        try await foundStoryLab(
            admin, lab: PlacementStory.lab, name: "Machine Intelligence Joint Lab", foundedOn: "2018-06-12",
            founders: [("tencent", "industry_partner"), ("cuhk-shenzhen", "university")])
        try await executedStoryAgreement(
            PlacementStory.agreement, lab: PlacementStory.lab, parties: [("tencent", .sponsor), ("cuhk-shenzhen", .university)])
        try await storyCommitment(
            PlacementStory.commitment, agreement: PlacementStory.agreement, funder: "tencent", purpose: .phdStipend,
            amount: .cash(Money(minorUnits: stipends, currency: try CurrencyCode(parsing: "CNY"))))
    }

    func registerStoryParties(_ admin: String, _ parties: [(String, String)]) async throws {
        for (party, kind) in parties {
            let response = try await post(
                "/v1/parties", key: admin, json: #"{"party": "\#(party)", "name": "\#(party)", "kind": "\#(kind)", "country": "CN"}"#)
            #expect(response.status == .created, "\(party): \(response.text)")
        }
    }

    func foundStoryLab(_ admin: String, lab: String, name: String, foundedOn: String, founders: [(String, String)]) async throws {
        let list = founders.map { #"{"party": "\#($0.0)", "role": "\#($0.1)"}"# }.joined(separator: ", ")
        let response = try await post(
            "/v1/labs", key: admin, json: #"{"lab": "\#(lab)", "name": "\#(name)", "founders": [\#(list)], "foundedOn": "\#(foundedOn)"}"#)
        #expect(response.status == .created, "\(response.text)")
    }

    /// Drafted and signed by every party, as the agreement's own commands would write it.
    func executedStoryAgreement(
        _ id: String, lab: String, parties: [(String, PartyRole)], term: DateRange? = nil
    ) async throws {
        let share = 10_000 / parties.count
        let drafted = AgreementDrafted(
            agreement: try AgreementID(parsing: id), lab: try LabID(parsing: lab), kind: .jointLabAgreement, title: "Joint lab agreement",
            parties: try parties.map { AgreementParty(party: try PartyID(parsing: $0.0), role: $0.1) },
            costShares: try parties.enumerated().map { index, party in
                CostShare(
                    party: try PartyID(parsing: party.0),
                    basisPoints: try BasisPoints(index == 0 ? 10_000 - share * (parties.count - 1) : share))
            },
            ipTerms: IPTerms(ownership: .joint, sponsorOptionDays: 90, publicationReviewDays: 30),
            term: try term ?? DateRange(from: LocalDate(parsing: "2018-06-12"), to: LocalDate(parsing: "2023-06-12")),
            draftedOn: try LocalDate(parsing: "2018-05-20"))
        var events = [AgreementEvent.drafted(drafted)]
        for (party, _) in parties {
            events.append(.signed(AgreementSigned(
                party: try PartyID(parsing: party), signatory: try PersonID(parsing: "\(party)-signatory"), signatoryTitle: "Director",
                signedOn: try LocalDate(parsing: "2018-06-12"), person: try PersonalData(name: "Example Signatory"))))
        }
        _ = try await store.append(
            to: "agreement-\(id)", expected: .noStream,
            try events.map { event in
                let encoded = try AgreementEventCodec.encode(event)
                return EventData(type: encoded.type, schemaVersion: encoded.schemaVersion, data: encoded.data)
            })
    }

    func storyCommitment(_ id: String, agreement: String, funder: String, purpose: FundingPurpose, amount: Amount) async throws {
        let committed = FundingCommitted(
            commitment: try CommitmentID(parsing: id), agreement: try AgreementID(parsing: agreement), funder: try PartyID(parsing: funder),
            purpose: purpose, amount: amount,
            period: try DateRange(from: LocalDate(parsing: "2018-06-12"), to: LocalDate(parsing: "2023-06-12")))
        let encoded = try FundingEventCodec.encode(.committed(committed))
        _ = try await store.append(
            to: "commitment-\(id)", expected: .noStream,
            [EventData(type: encoded.type, schemaVersion: encoded.schemaVersion, data: encoded.data)])
    }

    /// The events of one stream, oldest first: (type, data as JSON).
    func storyEvents(_ stream: String) async throws -> [(type: String, data: [String: Any])] {
        try await store.readStream(stream).map {
            ($0.type, (try JSONSerialization.jsonObject(with: $0.data) as? [String: Any]) ?? [:])
        }
    }
}

/// Headers for a command sent with `If-Match`.
func storyIfMatch(_ version: Int) -> HTTPFields { [.ifMatch: "\"\(version)\""] }

/// HKAI Lab's accelerator: Alibaba, SenseTime and HKSTP found the lab and sign its charter;
/// Alibaba commits HKD 500,000.00 of cash grants; two startups are registered; JD is not a member.
enum RoundStory {
    static let lab = "hkai-lab"
    static let cash = "alibaba-cash-2018"

    static func open(
        _ round: String = "hkai-2018-r1", number: Int = 1, capacity: Int = 10, from: String = "2018-09-01", to: String = "2018-10-15"
    ) -> String {
        """
        {"round": "\(round)", "number": \(number), "capacity": \(capacity), "applicationWindow": {"from": "\(from)", "to": "\(to)"},
         "programmeMonths": 6, "openedOn": "2018-08-20"}
        """
    }

    static func cashBenefit(_ reference: String, amount: String = "100000.00", commitment: String? = cash) -> String {
        let named = commitment.map { #", "commitment": "\#($0)""# } ?? ""
        return """
            {"startup": "deepvision-hk", "kind": "cash", "quantity": {"currency": "HKD", "amount": "\(amount)"},
             "provider": "alibaba"\(named), "reference": "\(reference)", "grantedOn": "2018-11-01"}
            """
    }

    static let mentor = #"{"startup": "deepvision-hk", "mentor": "advisor-1", "assignedOn": "2018-11-05", "person": {"name": "Prof. Example Mentor", "email": "mentor@example.org"}}"#
}

extension APITestApp {
    func roundStory(_ admin: String) async throws {
        try await registerStoryParties(
            admin,
            [("alibaba", "company"), ("sensetime", "company"), ("hkstp", "public_body"), ("deepvision-hk", "startup"),
             ("lingo-ai", "startup"), ("jd", "company")])
        try await foundStoryLab(
            admin, lab: RoundStory.lab, name: "Hong Kong AI Lab", foundedOn: "2018-05-21",
            founders: [("alibaba", "industry_partner"), ("sensetime", "industry_partner"), ("hkstp", "host")])
        try await executedStoryAgreement(
            "hkai-charter-2018", lab: RoundStory.lab, parties: [("alibaba", .funder), ("sensetime", .funder), ("hkstp", .host)])
        try await storyCommitment(
            RoundStory.cash, agreement: "hkai-charter-2018", funder: "alibaba", purpose: .cashGrant,
            amount: .cash(Money(minorUnits: 50_000_000, currency: try CurrencyCode(parsing: "HKD"))))
    }

    /// A round opened, `deepvision-hk` applied and admitted.
    func roundWithAdmittedStartup(_ admin: String, capacity: Int = 10) async throws {
        #expect(try await post("/v1/labs/\(RoundStory.lab)/rounds", key: admin, json: RoundStory.open(capacity: capacity)).status == .created)
        #expect(
            try await post("/v1/rounds/hkai-2018-r1/applications", key: admin, json: #"{"startup": "deepvision-hk", "appliedOn": "2018-09-12"}"#)
                .status == .ok)
        #expect(
            try await post("/v1/rounds/hkai-2018-r1/admissions", key: admin, json: #"{"startup": "deepvision-hk", "admittedOn": "2018-10-20"}"#)
                .status == .ok)
    }
}
