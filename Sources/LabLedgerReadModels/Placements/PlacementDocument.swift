import LabLedgerDomain

/// One placement stream folded: a PhD studentship (with its internships and the totals of its
/// stipend payments) or a postdoc appointment. Each payment is a row of `placement_stipends`,
/// written when it is paid, so the document's size does not grow with the payments.
/// `PlacementState` is not the document because it keeps stipend references in a `Set`, whose
/// JSON order changes from run to run, and lacks what the rows show (the person's data, the degree).
struct PlacementDocument: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable {
        case studentship
        case postdoc
    }

    struct Internship: Codable, Sendable, Equatable {
        var host: PartyID
        var agreement: AgreementID
        var period: DateRange
        var endedOn: LocalDate?
    }

    var kind: Kind
    var placement: PlacementID
    var lab: LabID
    var agreement: AgreementID
    var person: PersonID
    /// Personal data, like `personalData`: it goes to `placement_people` only.
    var orcid: ORCID?
    var personalData: PersonalData
    var period: DateRange
    /// The day the studentship was awarded or the postdoc appointed.
    var startedOn: LocalDate
    var degreeGrantor: PartyID?
    var sponsor: PartyID?
    var stipend: Stipend?
    var employer: PartyID?
    /// In the order started; only the last can be in progress.
    var internships: [Internship]
    /// Minor units of the stipend's currency paid so far, how many payments and the latest
    /// day paid; zero, zero and nil until the first payment (and for a postdoc).
    var stipendsPaid: Int64
    var stipendPaymentCount: Int
    var lastStipendPaidOn: LocalDate?
    var degree: String?
    var degreeConferredOn: LocalDate?
    var endedOn: LocalDate?
    var endReason: PlacementEndReason?
    var streamVersion: Int
    var updatedPosition: Int64
}

extension PlacementDocument {
    init(_ awarded: StudentshipAwarded, at event: ProjectableEvent) {
        self.init(
            kind: .studentship, placement: awarded.placement, lab: awarded.lab, agreement: awarded.agreement,
            person: awarded.student, orcid: awarded.orcid, personalData: awarded.person, period: awarded.period,
            startedOn: awarded.awardedOn, degreeGrantor: awarded.degreeGrantor, sponsor: awarded.sponsor,
            stipend: awarded.stipend, employer: nil, internships: [], stipendsPaid: 0, stipendPaymentCount: 0,
            lastStipendPaidOn: nil, degree: nil, degreeConferredOn: nil,
            endedOn: nil, endReason: nil, streamVersion: event.streamVersion, updatedPosition: event.position)
    }

    init(_ appointed: PostdocAppointed, at event: ProjectableEvent) {
        self.init(
            kind: .postdoc, placement: appointed.placement, lab: appointed.lab, agreement: appointed.agreement,
            person: appointed.researcher, orcid: appointed.orcid, personalData: appointed.person, period: appointed.period,
            startedOn: appointed.appointedOn, degreeGrantor: nil, sponsor: nil, stipend: nil, employer: appointed.employer,
            internships: [], stipendsPaid: 0, stipendPaymentCount: 0, lastStipendPaidOn: nil, degree: nil,
            degreeConferredOn: nil, endedOn: nil, endReason: nil, streamVersion: event.streamVersion, updatedPosition: event.position)
    }

    /// Ended wins over degree conferred: a student who got the degree and then left has ended.
    var status: String {
        if endedOn != nil { return "ended" }
        if degreeConferredOn != nil { return "degree_conferred" }
        return "active"
    }
}

extension PlacementDocument {
    /// Version 1 of the projection kept every payment in the document.
    private enum VersionOneKeys: String, CodingKey {
        case stipends
    }

    private struct VersionOnePayment: Decodable {
        var amount: Money
        var paidOn: LocalDate
    }

    /// Reads this document and also the one version 1 of the projection stored (with every
    /// payment, from which the totals follow): while a rebuild to this version runs, the worker
    /// keeps the live tables current with this code, so it must fold onto what version 1 left.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        placement = try container.decode(PlacementID.self, forKey: .placement)
        lab = try container.decode(LabID.self, forKey: .lab)
        agreement = try container.decode(AgreementID.self, forKey: .agreement)
        person = try container.decode(PersonID.self, forKey: .person)
        orcid = try container.decodeIfPresent(ORCID.self, forKey: .orcid)
        personalData = try container.decode(PersonalData.self, forKey: .personalData)
        period = try container.decode(DateRange.self, forKey: .period)
        startedOn = try container.decode(LocalDate.self, forKey: .startedOn)
        degreeGrantor = try container.decodeIfPresent(PartyID.self, forKey: .degreeGrantor)
        sponsor = try container.decodeIfPresent(PartyID.self, forKey: .sponsor)
        stipend = try container.decodeIfPresent(Stipend.self, forKey: .stipend)
        employer = try container.decodeIfPresent(PartyID.self, forKey: .employer)
        internships = try container.decode([Internship].self, forKey: .internships)
        degree = try container.decodeIfPresent(String.self, forKey: .degree)
        degreeConferredOn = try container.decodeIfPresent(LocalDate.self, forKey: .degreeConferredOn)
        endedOn = try container.decodeIfPresent(LocalDate.self, forKey: .endedOn)
        endReason = try container.decodeIfPresent(PlacementEndReason.self, forKey: .endReason)
        streamVersion = try container.decode(Int.self, forKey: .streamVersion)
        updatedPosition = try container.decode(Int64.self, forKey: .updatedPosition)
        if container.contains(.stipendsPaid) {
            stipendsPaid = try container.decode(Int64.self, forKey: .stipendsPaid)
            stipendPaymentCount = try container.decode(Int.self, forKey: .stipendPaymentCount)
            lastStipendPaidOn = try container.decodeIfPresent(LocalDate.self, forKey: .lastStipendPaidOn)
            return
        }
        let versionOne = try decoder.container(keyedBy: VersionOneKeys.self)
        let payments = try versionOne.decode([VersionOnePayment].self, forKey: .stipends)
        var total: Int64 = 0
        for payment in payments {
            let (sum, overflow) = total.addingReportingOverflow(payment.amount.minorUnits)
            guard !overflow else {
                throw DecodingError.dataCorruptedError(
                    forKey: .stipends, in: versionOne, debugDescription: "a version 1 placement document whose stipends do not fit in 64 bits")
            }
            total = sum
        }
        stipendsPaid = total
        stipendPaymentCount = payments.count
        lastStipendPaidOn = payments.map(\.paidOn).max()
    }
}
