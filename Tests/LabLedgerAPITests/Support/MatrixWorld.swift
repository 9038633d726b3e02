import Foundation
import HTTPTypes
import LabLedgerAPI

/// The callers of the authorization matrix. "Involved" parties are the two parties of the
/// Machine Intelligence Joint Lab (CUHK-Shenzhen, Tencent); "uninvolved" ones (HKUST, JD) run
/// their own lab and are a party to nothing of the MI lab.
enum MatrixRole: String, CaseIterable, Sendable {
    case admin, `operator`, universityInvolved, universityUninvolved, companyInvolved, companyUninvolved, auditor, anonymous

    var party: String? {
        switch self {
        case .universityInvolved: "cuhk-shenzhen"
        case .universityUninvolved: "hkust"
        case .companyInvolved: "tencent"
        case .companyUninvolved: "jd"
        case .admin, .operator, .auditor, .anonymous: nil
        }
    }

    /// The university the caller names where a body names the acting university: its own
    /// party, or (for keys without one) the MI lab's university.
    var university: String { role == .university ? party ?? "cuhk-shenzhen" : "cuhk-shenzhen" }
    /// Likewise for the acting company.
    var company: String { role == .company ? party ?? "tencent" : "tencent" }
    /// The acting party of commands either side takes.
    var actingParty: String { party ?? "cuhk-shenzhen" }
    /// The other MI party, for transfers from the acting party.
    var counterparty: String { actingParty == "cuhk-shenzhen" ? "tencent" : "cuhk-shenzhen" }

    /// A short slug for ids a role creates, so each creating command starts its own stream.
    var slug: String {
        switch self {
        case .admin: "admin"
        case .operator: "operator"
        case .universityInvolved: "uni-in"
        case .universityUninvolved: "uni-out"
        case .companyInvolved: "co-in"
        case .companyUninvolved: "co-out"
        case .auditor: "auditor"
        case .anonymous: "anon"
        }
    }

    var role: Principal.Role? {
        switch self {
        case .admin: .admin
        case .operator: .operator
        case .universityInvolved, .universityUninvolved: .university
        case .companyInvolved, .companyUninvolved: .company
        case .auditor: .auditor
        case .anonymous: nil
        }
    }

    var isParty: Bool { party != nil }
    var isInvolved: Bool { self == .universityInvolved || self == .companyInvolved }
}

/// One joint lab with everything the matrix touches, all ids derived from a prefix so two labs
/// (the MI lab and JD–HKUST's) can be told apart in every list.
struct MatrixLab: Sendable {
    let prefix: String
    let university: String
    let company: String

    var lab: String { "\(prefix)-lab" }
    var agreement: String { "\(prefix)-agreement-2018" }
    var spareAgreement: String { "\(prefix)-sra-2019" }
    var draftAgreement: String { "\(prefix)-mou-2020" }
    var stipends: String { "\(prefix)-phd-stipends-2018" }
    var operating: String { "\(prefix)-operating-2018" }
    var closable: String { "\(prefix)-closable-2018" }
    var studentship: String { "\(prefix)-phd-2018-001" }
    var postdoc: String { "\(prefix)-postdoc-2019-003" }
    var output: String { "\(prefix)-paper-2019" }
    var withdrawable: String { "\(prefix)-withdrawable-2019" }
    var asset: String { "\(prefix)-asset-2019-001" }
    var unownedAsset: String { "\(prefix)-asset-2019-002" }
    var licence: String { "\(prefix)-cv-licence" }
    var terminableLicence: String { "\(prefix)-cv-cn-licence" }
    var round: String { "\(prefix)-2019-r1" }
    static let pendingApplication = "CN201910234999.1"
    static let grantedApplication = "CN201910234567.8"
    static let patent = "CN110459208B"

    /// The ids its lists and single resources show, which no key of another lab's parties may see.
    var visibleIDs: Set<String> {
        [lab, agreement, stipends, operating, studentship, postdoc, output, withdrawable, asset, round]
    }
}

/// The world the matrix runs against: the MI lab (Tencent, CUHK-Shenzhen) with an executed
/// agreement, commitments, placements, outputs, an IP asset with options, patents and licences,
/// and an accelerator round; and a second lab of JD and HKUST with one of each, whose rows no
/// MI party may see (and the other way round). Built through the API with an admin key.
struct MatrixWorld: Sendable {
    let app: APITestApp
    let admin: String
    let keys: [MatrixRole: String]
    static let mi = MatrixLab(prefix: "mi", university: "cuhk-shenzhen", company: "tencent")
    static let jd = MatrixLab(prefix: "jdhk", university: "hkust", company: "jd")

    /// The position of the last set-up command.
    var position = ""
    /// The first event of the history, once a signed checkpoint covers it (for the proofs' rows,
    /// which name it as `{firstEvent}`).
    var firstEventID = ""

    static func build(_ app: APITestApp) async throws -> MatrixWorld {
        var keys: [MatrixRole: String] = [:]
        for role in MatrixRole.allCases {
            guard let principalRole = role.role else { continue }
            keys[role] = try await app.key(principalRole, party: role.party)
        }
        guard let admin = keys[.admin] else { throw APITestError("no admin key") }
        var world = MatrixWorld(app: app, admin: admin, keys: keys)
        let parties = [
            ("tencent", "company"), ("cuhk-shenzhen", "university"), ("jd", "company"), ("hkust", "university"),
            ("alibaba", "company"), ("sensetime", "company"), ("deepvision-hk", "startup"), ("lingo-ai", "startup"),
        ]
        for (party, kind) in parties {
            try await world.setUp("/v1/parties", #"{"party": "\#(party)", "name": "\#(party)", "kind": "\#(kind)", "country": "CN"}"#)
        }
        try await world.buildLab(mi, full: true)
        try await world.buildLab(jd, full: false)
        let first = try await app.get("/v1/events?limit=1", key: admin)
        world.firstEventID = ((first.json["items"] as? [[String: Any]])?.first?["eventId"] as? String) ?? ""
        // Only an app that runs the sequencer signs checkpoints (and publishes a key).
        let sequenced = try await app.get("/v1/audit/public-key", key: nil).status == .ok
        for _ in 0..<600 where sequenced {
            if try await app.get("/v1/audit/checkpoint", key: admin).status == .ok { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        return world
    }

    /// Sends a set-up command and fails unless it was done.
    mutating func setUp(_ path: String, _ json: String) async throws {
        let response = try await app.post(path, key: admin, json: json)
        guard response.status == .ok || response.status == .created else {
            throw APITestError("set-up \(path) answered \(response.status.code): \(response.text)")
        }
        if let position = response.position { self.position = position }
    }

    /// The lab with its executed agreement, commitment, studentship, output, owned IP asset and
    /// round; `full` adds what the matrix's commands act on (spare agreements, commitments,
    /// a postdoc, options, patents, licences, applicants).
    private mutating func buildLab(_ w: MatrixLab, full: Bool) async throws {
        let (uni, co) = (w.university, w.company)
        try await setUp("/v1/labs", """
            {"lab": "\(w.lab)", "name": "Joint Lab \(w.prefix)", "foundedOn": "2018-06-12",
             "founders": [{"party": "\(co)", "role": "industry_partner"}, {"party": "\(uni)", "role": "university"}]}
            """)
        for agreement in full ? [w.agreement, w.spareAgreement, w.draftAgreement] : [w.agreement] {
            try await setUp("/v1/labs/\(w.lab)/agreements", Self.agreement(agreement, university: uni, company: co))
            guard agreement != w.draftAgreement else { continue }
            for party in [uni, co] {
                try await setUp("/v1/agreements/\(agreement)/signatures", Self.signature(party))
            }
        }
        try await setUp("/v1/agreements/\(w.agreement)/commitments", """
            {"commitment": "\(w.stipends)", "funder": "\(co)", "purpose": "phd_stipend",
             "amount": {"currency": "CNY", "amount": "3000000.00"}, "period": {"from": "2018-09-01", "to": "2022-09-01"}}
            """)
        try await setUp("/v1/labs/\(w.lab)/studentships", Self.studentship(w, placement: w.studentship, grantor: uni))
        try await setUp("/v1/labs/\(w.lab)/outputs", Self.output(w.output, affiliations: [uni, co], agreement: w.agreement))
        try await setUp("/v1/labs/\(w.lab)/ip-assets", Self.disclosure(w.asset, agreement: w.agreement))
        try await setUp("/v1/ip-assets/\(w.asset)/ownership", """
            {"owners": [{"party": "\(uni)", "shareBasisPoints": 5000}, {"party": "\(co)", "shareBasisPoints": 5000}], "determinedOn": "2019-04-02"}
            """)
        try await setUp("/v1/labs/\(w.lab)/rounds", Self.round(w.round, number: 1))
        guard full else { return }

        for commitment in [w.operating, w.closable] {
            try await setUp("/v1/agreements/\(w.agreement)/commitments", """
                {"commitment": "\(commitment)", "funder": "\(co)", "purpose": "operating",
                 "amount": {"currency": "CNY", "amount": "1000000.00"}, "period": {"from": "2018-09-01", "to": "2022-09-01"}}
                """)
        }
        try await setUp("/v1/commitments/\(w.operating)/disbursements", Self.disbursement("TC-2018-09-001"))
        try await setUp("/v1/labs/\(w.lab)/postdocs", Self.postdoc(w, placement: w.postdoc, employer: uni))
        try await setUp("/v1/labs/\(w.lab)/ip-assets", Self.disclosure(w.unownedAsset, agreement: w.agreement))
        try await setUp("/v1/labs/\(w.lab)/outputs", Self.output(w.withdrawable, affiliations: [uni, co], agreement: w.agreement))
        // Options 1 (to exercise), 2 (to decline) and 3 (expired, to record as lapsed), in
        // fields no licence below touches.
        for (field, expires) in [("nlp", "2019-09-01"), ("robotics", "2019-09-01"), ("speech-recognition", "2019-05-01")] {
            try await setUp("/v1/ip-assets/\(w.asset)/options", """
                {"sponsor": "\(co)", "fields": ["\(field)"], "grantedOn": "2019-04-10", "expiresOn": "\(expires)"}
                """)
        }
        for (application, filedOn) in [(MatrixLab.grantedApplication, "2019-05-06"), (MatrixLab.pendingApplication, "2019-05-07")] {
            try await setUp("/v1/ip-assets/\(w.asset)/patent-applications", #"{"office": "CN", "applicationNumber": "\#(application)", "filedOn": "\#(filedOn)"}"#)
        }
        try await setUp(
            "/v1/ip-assets/\(w.asset)/patent-applications/\(MatrixLab.grantedApplication)/grant",
            #"{"patentNumber": "\#(MatrixLab.patent)", "grantedOn": "2021-08-24"}"#)
        for licence in [w.licence, w.terminableLicence] {
            try await setUp("/v1/ip-assets/\(w.asset)/licences", Self.licence(licence, licensee: co, licensors: [uni], territory: "WORLD"))
        }
        for (startup, day) in [("deepvision-hk", "12"), ("lingo-ai", "13")] {
            try await setUp("/v1/rounds/\(w.round)/applications", #"{"startup": "\#(startup)", "appliedOn": "2019-09-\#(day)"}"#)
        }
    }

    func key(_ role: MatrixRole) -> String? { keys[role] }
}

/// Request bodies, shared by the world and the matrix's rows.
extension MatrixWorld {
    static func agreement(_ id: String, university: String, company: String) -> String {
        """
        {"agreement": "\(id)", "title": "Joint Lab Agreement \(id)", "kind": "joint_lab_agreement",
         "parties": [{"party": "\(company)", "role": "sponsor"}, {"party": "\(university)", "role": "university"}],
         "costShares": [{"party": "\(company)", "basisPoints": 10000}, {"party": "\(university)", "basisPoints": 0}],
         "ipTerms": {"ownership": "joint", "sponsorOptionDays": 180, "publicationReviewDays": 30},
         "term": {"from": "2018-06-12", "to": "2030-06-12"}, "draftedOn": "2018-05-20"}
        """
    }

    static func signature(_ party: String) -> String {
        """
        {"party": "\(party)", "signatory": "\(party)-signatory-1", "signatoryTitle": "Authorised signatory",
         "signedOn": "2018-06-12", "person": {"name": "Example Signatory"}}
        """
    }

    static func commitment(_ id: String, funder: String) -> String {
        """
        {"commitment": "\(id)", "funder": "\(funder)", "purpose": "operating",
         "amount": {"currency": "CNY", "amount": "200000.00"}, "period": {"from": "2019-01-01", "to": "2020-01-01"}}
        """
    }

    static func disbursement(_ reference: String) -> String {
        #"{"amount": {"currency": "CNY", "amount": "100000.00"}, "valueDate": "2018-09-15", "reference": "\#(reference)"}"#
    }

    static func studentship(_ w: MatrixLab, placement: String, grantor: String) -> String {
        """
        {"placement": "\(placement)", "agreement": "\(w.agreement)", "student": "student-0042", "orcid": "0000-0002-1825-0097",
         "degreeGrantor": "\(grantor)", "sponsor": "\(w.company)",
         "stipend": {"monthly": {"currency": "CNY", "amount": "8000.00"}, "commitment": "\(w.stipends)"},
         "period": {"from": "2018-09-01", "to": "2022-09-01"}, "awardedOn": "2018-07-15", "person": {"name": "Li Wei"}}
        """
    }

    static func postdoc(_ w: MatrixLab, placement: String, employer: String) -> String {
        """
        {"placement": "\(placement)", "agreement": "\(w.agreement)", "researcher": "researcher-0007", "employer": "\(employer)",
         "period": {"from": "2019-03-01", "to": "2021-03-01"}, "appointedOn": "2019-01-20", "person": {"name": "Dr. Maria Rossi"}}
        """
    }

    static func output(_ id: String, affiliations: [String], agreement: String) -> String {
        """
        {"output": "\(id)", "kind": "paper", "title": "Learning to Ground Dialogue (\(id))", "date": "2019-09-04",
         "affiliations": \(list(affiliations)), "agreement": "\(agreement)",
         "contributors": [{"orcid": "0000-0002-1825-0097", "creditRoles": ["conceptualization", "methodology"]}]}
        """
    }

    static func disclosure(_ id: String, agreement: String) -> String {
        """
        {"asset": "\(id)", "agreement": "\(agreement)", "title": "Self-supervised pre-training for low-resource speech recognition",
         "inventors": [{"orcid": "0000-0002-1825-0097", "shareBasisPoints": 6000}, {"orcid": "0000-0001-5109-3700", "shareBasisPoints": 4000}],
         "disclosedOn": "2019-03-18"}
        """
    }

    /// An exclusive licence to Alibaba in a field of its own, proposed by `by` for the co-owners' consent.
    static func proposal(_ id: String, by party: String) -> String {
        """
        {"licence": "\(id)", "proposedBy": "\(party)", "licensee": "alibaba", "exclusivity": "exclusive", "fields": ["\(id)"],
         "territories": ["CN"], "term": {"from": "2021-03-01", "to": "2026-03-01"}, "royalty": {"rateBasisPoints": 300}, "proposedOn": "2021-02-01"}
        """
    }

    static func licence(_ id: String, licensee: String, licensors: [String], territory: String) -> String {
        """
        {"licence": "\(id)", "licensee": "\(licensee)", "licensors": \(list(licensors)), "exclusivity": "non_exclusive",
         "fields": ["computer-vision"], "territories": ["\(territory)"], "term": {"from": "2019-07-01", "to": "2029-07-01"},
         "royalty": {"rateBasisPoints": 300, "minimumAnnual": {"currency": "CNY", "amount": "200000.00"}}, "grantedOn": "2019-06-20"}
        """
    }

    static func round(_ id: String, number: Int) -> String {
        """
        {"round": "\(id)", "number": \(number), "capacity": 5, "applicationWindow": {"from": "2019-09-01", "to": "2019-10-15"},
         "programmeMonths": 6, "openedOn": "2019-08-20"}
        """
    }

    static func list(_ items: [String]) -> String { "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
}
