import Foundation
import LabLedgerDomain
import Testing
@testable import LabLedgerReadModels

@Suite("Placements read model")
struct PlacementTests {
    typealias F = LedgerFixtures
    let given: PlacementFixtures
    let projection = PlacementsReadModel.projection

    init() throws { given = try PlacementFixtures() }

    @Test("an awarded studentship is active, with its sponsor, degree grantor and monthly stipend and nothing paid yet")
    func awarded() throws {
        var stream = given.studentshipStream()
        let folded = try F.fold(projection, [try stream.next(given.awarded())])

        let row = try F.row(folded, "placements", as: PlacementRow.self)
        #expect(row == PlacementRow(
            stream_id: "placement-phd-2018-001", placement_id: "phd-2018-001", kind: "studentship",
            lab_id: "tencent-cuhksz-machine-intelligence", agreement_id: "tencent-cuhksz-joint-lab-2018", person_id: "person-0001",
            degree_grantor_id: "cuhk-shenzhen", sponsor_id: "tencent", employer_id: nil, period_from: "2018-09-01",
            period_to: "2022-09-01", started_on: "2018-07-01", status: "active", degree: nil, degree_conferred_on: nil,
            ended_on: nil, end_reason: nil, stipend_commitment_id: "tencent-phd-stipends-2018", stipend_currency: "CNY",
            stipend_monthly: 1_500_000, stipends_paid: 0, stipend_payment_count: 0, last_stipend_paid_on: nil,
            stream_version: 1, updated_position: 100))
    }

    @Test("the student's name, contact details and ORCID iD are only in placement_people")
    func personalData() throws {
        var stream = given.studentshipStream()
        let folded = try F.fold(projection, try stream.events([
            try given.awarded(), try given.stipend("15000", month: "2018-09", reference: "s-1"),
            try given.internship(from: "2019-07-01", to: "2019-09-01"),
        ]))

        let person = try F.row(folded, "placement_people", as: PlacementPersonRow.self)
        #expect(person == PlacementPersonRow(
            stream_id: "placement-phd-2018-001", placement_id: "phd-2018-001", person_id: "person-0001",
            orcid: "0000-0002-1825-0097", name: "Li Wei", email: "li.wei@example.edu.cn", phone: "+86 138 0000 0000"))
        let elsewhere = F.allRowsText(folded, except: ["placement_people"])
        for personal in ["Li Wei", "li.wei@example.edu.cn", "+86 138", "0000-0002-1825-0097"] {
            #expect(!elsewhere.contains(personal), "\(personal) leaked outside placement_people")
        }
    }

    @Test("stipends paid add up to date in the stipend's currency, one row per payment")
    func stipends() throws {
        var stream = given.studentshipStream()
        let folded = try F.fold(projection, try stream.events([
            try given.awarded(),
            try given.stipend("15000", month: "2018-09", reference: "stipend-2018-09"),
            try given.stipend("15000.50", month: "2018-10", reference: "stipend-2018-10"),
        ]))

        let row = try F.row(folded, "placements", as: PlacementRow.self)
        #expect(row.stipends_paid == 3_000_050)
        #expect(row.stipend_payment_count == 2)
        #expect(row.last_stipend_paid_on == "2018-10-25")
        let payments = try F.rows(folded, "placement_stipends", as: PlacementStipendRow.self)
        #expect(payments.first == PlacementStipendRow(
            stream_id: "placement-phd-2018-001", placement_id: "phd-2018-001", reference: "stipend-2018-09",
            commitment_id: "tencent-phd-stipends-2018", currency: "CNY", amount: 1_500_000, period_from: "2018-09-01",
            period_to: nil, paid_on: "2018-09-25", recorded_version: 2, recorded_position: 110))
        #expect(payments.map(\.amount) == [1_500_000, 1_500_050])
    }

    @Test("internships belong to the studentship, numbered in order, with their host and end")
    func internships() throws {
        var stream = given.studentshipStream()
        let folded = try F.fold(projection, try stream.events([
            try given.awarded(),
            try given.internship(from: "2019-07-01", to: "2019-09-01"),
            .internshipEnded(InternshipEnded(endedOn: try F.date("2019-09-01"))),
            try given.internship(from: "2020-07-01", to: "2020-10-01"),
        ]))

        let internships = try F.rows(folded, "placement_internships", as: PlacementInternshipRow.self)
        #expect(internships == [
            PlacementInternshipRow(stream_id: "placement-phd-2018-001", placement_id: "phd-2018-001", number: 1, host_id: "tencent",
                                   agreement_id: "tencent-cuhksz-joint-lab-2018", lab_id: "tencent-cuhksz-machine-intelligence",
                                   period_from: "2019-07-01", period_to: "2019-09-01", ended_on: "2019-09-01"),
            PlacementInternshipRow(stream_id: "placement-phd-2018-001", placement_id: "phd-2018-001", number: 2, host_id: "tencent",
                                   agreement_id: "tencent-cuhksz-joint-lab-2018", lab_id: "tencent-cuhksz-machine-intelligence",
                                   period_from: "2020-07-01", period_to: "2020-10-01", ended_on: nil),
        ])
    }

    @Test("a conferred degree shows until the studentship ends; then it has ended, with its reason")
    func degreeThenEnded() throws {
        var stream = given.studentshipStream()
        let events = try stream.events([
            try given.awarded(),
            .degreeConferred(DegreeConferred(grantor: given.cuhksz, degree: "PhD in Computer Science", conferredOn: try F.date("2022-07-01"))),
            .ended(PlacementEnded(reason: .completed, endedOn: try F.date("2022-08-31"))),
        ])
        let conferred = try F.row(try F.fold(projection, Array(events.prefix(2))), "placements", as: PlacementRow.self)
        let ended = try F.row(try F.fold(projection, events), "placements", as: PlacementRow.self)

        #expect(conferred.status == "degree_conferred")
        #expect(conferred.degree == "PhD in Computer Science")
        #expect(conferred.degree_conferred_on == "2022-07-01")
        #expect(ended.status == "ended")
        #expect(ended.ended_on == "2022-08-31")
        #expect(ended.end_reason == "completed")
        #expect(ended.degree_conferred_on == "2022-07-01")
    }

    @Test("a postdoc shows its employer and no stipend")
    func postdoc() throws {
        var stream = given.postdocStream()
        let folded = try F.fold(projection, [try stream.next(given.appointed())])

        let row = try F.row(folded, "placements", as: PlacementRow.self)
        #expect(row.kind == "postdoc")
        #expect(row.employer_id == "cuhk-shenzhen")
        #expect(row.sponsor_id == nil)
        #expect(row.stipend_currency == nil)
        #expect(row.stipends_paid == nil)
        #expect(row.stipend_payment_count == nil)
        #expect(row.status == "active")
        let person = try F.row(folded, "placement_people", as: PlacementPersonRow.self)
        #expect(person.name == "Chen Jing")
        #expect(person.orcid == nil)
    }

    @Test("a studentship folded in two batches through its stored document equals one folded at once")
    func incrementalEqualsRebuild() throws {
        var stream = given.studentshipStream()
        let events = try stream.events([
            try given.awarded(), try given.stipend("15000", month: "2018-09", reference: "s-1"),
            try given.internship(from: "2019-07-01", to: "2019-09-01"),
            .internshipEnded(InternshipEnded(endedOn: try F.date("2019-09-01"))),
            try given.stipend("15000", month: "2019-09", reference: "s-2"),
        ])
        let atOnce = try F.fold(projection, events)
        let first = try F.fold(projection, Array(events.prefix(3)))
        let rest = try F.fold(projection, Array(events.dropFirst(3)), onto: first.document, found: KeyedRows(found: F.keyedTables([first])))

        #expect(rest.document == atOnce.document)
        #expect(rest.rows == atOnce.rows)
        #expect(F.keyedTables([first, rest]) == F.keyedTables([atOnce]))
        #expect(F.keyedTables([atOnce]).count == 2, "one row per payment")
        #expect(try F.fold(projection, [events[1]], onto: atOnce.document).document == atOnce.document)
    }

    @Test("a payment reference already in placement_stipends stops the fold of a later page")
    func paidOnAnEarlierPage() throws {
        var stream = given.studentshipStream()
        let events = try stream.events([
            try given.awarded(), try given.stipend("15000", month: "2018-09", reference: "s-1"),
            try given.stipend("15000", month: "2018-10", reference: "s-1"),
        ])
        let first = try F.fold(projection, Array(events.prefix(2)))

        #expect(F.outOfOrder { _ = try F.fold(projection, [events[2]], onto: first.document, found: KeyedRows(found: F.keyedTables([first]))) })
        #expect(try F.fold(projection, [events[2]], onto: first.document).keyed.order.count == 1, "the same event without the table's row folds")
    }

    @Test("the stored document does not grow with the stipends paid: they are rows written once, not part of it")
    func documentStaysSmall() throws {
        try F.expectDocumentDoesNotGrow(projection, given.studentshipStream(), start: try given.awarded()) {
            try given.stipend("15000", month: "2018-09", reference: "stipend-\($0)")
        }
    }

    @Test("a version 1 document (every payment in it) folds on: live pages go on while the rebuild to version 2 runs")
    func versionOneDocumentsFoldOn() throws {
        var stream = given.studentshipStream()
        let events = try stream.events([
            try given.awarded(), try given.stipend("15000", month: "2018-09", reference: "s-1"),
            try given.stipend("15000.50", month: "2018-10", reference: "s-2"),
            try given.stipend("15000", month: "2018-11", reference: "s-3"),
        ])
        let firstTwo = try F.fold(projection, Array(events.prefix(3)))
        // Version 1's document: this version's fields without the totals, and every payment.
        var versionOne = try #require(try JSONSerialization.jsonObject(with: firstTwo.document) as? [String: Any])
        for total in ["stipendsPaid", "stipendPaymentCount", "lastStipendPaidOn"] { versionOne.removeValue(forKey: total) }
        let payments = try F.rows(firstTwo, "placement_stipends", as: PlacementStipendRow.self)
        versionOne["stipends"] = try payments.map { payment in
            [
                "reference": payment.reference, "amount": try JSONSerialization.jsonObject(with: JSONEncoder().encode(
                    Money(minorUnits: payment.amount, currency: try F.id(payment.currency)))),
                "forPeriod": ["from": payment.period_from], "paidOn": payment.paid_on, "commitment": payment.commitment_id,
                "recordedVersion": payment.recorded_version, "recordedPosition": payment.recorded_position,
            ] as [String: Any]
        }
        let stored = try JSONSerialization.data(withJSONObject: versionOne)

        let folded = try F.fold(projection, [events[3]], onto: stored, found: KeyedRows(found: F.keyedTables([firstTwo])))
        let atOnce = try F.fold(projection, events)
        #expect(folded.document == atOnce.document)
        #expect(folded.rows == atOnce.rows)
        #expect(try F.row(folded, "placements", as: PlacementRow.self).stipends_paid == 4_500_050)
    }

    @Test("events that cannot apply to the placement stop the fold")
    func outOfOrder() throws {
        var studentship = given.studentshipStream()
        let awarded = try studentship.next(given.awarded())
        let inDollars = try studentship.next(given.stipend("2000", "USD", month: "2018-09", reference: "usd-1"))
        var again = given.studentshipStream()
        let paidTwice = try again.events([
            try given.awarded(), try given.stipend("15000", month: "2018-09", reference: "s-1"),
            try given.stipend("15000", month: "2018-10", reference: "s-1"),
        ])
        var postdoc = given.postdocStream()
        let postdocStipend = try postdoc.events([try given.appointed(), try given.stipend("15000", month: "2019-09", reference: "s-1")])
        var noStart = given.studentshipStream()
        let endWithoutStart = try noStart.events([try given.awarded(), .internshipEnded(InternshipEnded(endedOn: try F.date("2019-01-01")))])
        var orphan = given.studentshipStream()
        let stipendFirst = try orphan.next(given.stipend("15000", month: "2018-09", reference: "s-1"))

        #expect(F.outOfOrder { _ = try F.fold(projection, [awarded, inDollars]) })
        #expect(F.outOfOrder { _ = try F.fold(projection, paidTwice) })
        #expect(F.outOfOrder { _ = try F.fold(projection, postdocStipend) })
        #expect(F.outOfOrder { _ = try F.fold(projection, endWithoutStart) })
        #expect(F.outOfOrder { _ = try F.fold(projection, [stipendFirst]) })
    }

    @Test("the projection owns its documents and four query tables, fed by placement streams")
    func projectionShape() throws {
        #expect(projection.name == "placements")
        #expect(projection.documentsTable == "placements_documents")
        #expect(projection.tables == ["placements_documents", "placements", "placement_internships", "placement_stipends", "placement_people"])
        #expect(projection.model(for: "placement-phd-2018-001")?.category == .placement)
        #expect(projection.eventTypes == Set(PlacementEventCodec.eventTypes))
    }

    @Test("every row key is a column of 0008_placements.sql and every column is written")
    func rowsMatchMigration() throws {
        var studentship = given.studentshipStream()
        let student = try F.fold(projection, try studentship.events([
            try given.awarded(), try given.stipend("15000", month: "2018-09", reference: "s-1"),
            .stipendPaid(StipendPaid(amount: try F.money("15000", "CNY"), forPeriod: try F.range("2018-10-01", "2018-11-01"),
                                     paidOn: try F.date("2018-10-25"), commitment: given.commitment, reference: "s-2")),
            try given.internship(from: "2019-07-01", to: "2019-09-01"),
            .internshipEnded(InternshipEnded(endedOn: try F.date("2019-09-01"))),
            .degreeConferred(DegreeConferred(grantor: given.cuhksz, degree: "PhD", conferredOn: try F.date("2022-07-01"))),
            .ended(PlacementEnded(reason: .completed, endedOn: try F.date("2022-08-31"))),
        ]))
        var postdoc = given.postdocStream()
        let researcher = try F.fold(projection, [try postdoc.next(given.appointed())])

        let keys = try LedgerMigrationColumns.keys(of: [student, researcher])
        var columns = try LedgerMigrationColumns.columns(in: "0008_placements.sql")
        #expect(columns.removeValue(forKey: "placements_documents") == ["stream_id", "doc"])
        #expect(keys == columns)
    }
}
