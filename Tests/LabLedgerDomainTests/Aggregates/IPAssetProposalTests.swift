import Foundation
import Testing
@testable import LabLedgerDomain

/// Exclusive and sole licences by consent: proposed by one co-owner, consented to by each
/// other co-owner for itself, granted by the consent that completes the current owners.
@Suite("IP asset: licence proposals and co-owners' consents")
struct IPAssetProposalTests {
    let x: OutputIPRoundSamples
    init() throws { x = try OutputIPRoundSamples() }
    var s: Samples { x.s }

    /// Owned by CUHK-Shenzhen 40%, Tencent 30%, JD 30%: three co-owners, none of them the licensee.
    func threeOwners() throws -> [IPAssetEvent] {
        [try x.disclosed(), .ownershipDetermined(OwnershipDetermined(
            owners: try x.owners([(s.cuhksz, 4000), (s.tencent, 3000), (s.jd, 3000)]), determinedOn: try date("2019-04-15")))]
    }

    func propose(
        _ id: String = "p1", by proposer: PartyID? = nil, _ exclusivity: Exclusivity = .exclusive, territories: [Territory]? = nil,
        on day: String = "2020-01-10", expires: String? = nil
    ) throws -> IPAssetCommand {
        .proposeLicence(ProposeLicence(
            licence: try parsed(id), proposedBy: proposer ?? s.cuhksz, licensee: s.outsider, exclusivity: exclusivity, fields: [x.cv],
            territories: territories ?? [x.cn], term: try range("2020-02-01", "2025-02-01"), royalty: try x.royalty, proposedOn: try date(day),
            expiresOn: try expires.map(date), parties: s.known))
    }

    func consent(_ id: String = "p1", by party: PartyID, on day: String = "2020-01-20") throws -> IPAssetCommand {
        .consentToLicence(ConsentToLicence(licence: try parsed(id), by: party, consentedOn: try date(day)))
    }

    func withdraw(_ id: String = "p1", by party: PartyID, reason: String = "Terms renegotiated") throws -> IPAssetCommand {
        .withdrawLicenceProposal(WithdrawLicenceProposal(licence: try parsed(id), by: party, withdrawnOn: try date("2020-01-25"), reason: reason))
    }

    func code(_ history: [IPAssetEvent], _ command: IPAssetCommand) -> String? { refusal(IPAssetDecider.self, given: history, when: command) }

    @Test("the licence is granted by the last co-owner's consent, with the proposer as licensor and the others as consents")
    func grantedAtTheLastConsent() throws {
        let proposed = try x.history(try threeOwners(), [try propose()])
        #expect(proposed.last.map { if case .licenceProposed = $0 { true } else { false } } == true)
        let first = try accepted(IPAssetDecider.self, given: proposed, when: try consent(by: s.tencent))
        #expect(first == [.licenceConsentGiven(LicenceConsentGiven(licence: try parsed("p1"), by: s.tencent, consentedOn: try date("2020-01-20")))])
        #expect(IPAssetDecider.fold(proposed + first).licences.isEmpty)
        let last = try accepted(IPAssetDecider.self, given: proposed + first, when: try consent(by: s.jd, on: "2020-01-22"))
        #expect(last.count == 2)
        guard case .licenceGranted(let granted) = last.last else {
            Issue.record("the last consent granted nothing: \(last)")
            return
        }
        #expect(granted.licensors == [s.cuhksz])
        #expect(granted.consents == [s.jd, s.tencent])
        #expect(granted.grantedOn == (try date("2020-01-22")))
        #expect(granted.exclusivity == .exclusive)
        let state = IPAssetDecider.fold(proposed + first + last)
        #expect(state.licence(try parsed("p1")) != nil)
        #expect(state.proposal(try parsed("p1"))?.grantedOn == (try date("2020-01-22")))
        #expect(state.proposal(try parsed("p1"))?.awaiting(owners: state.owners) == [])
    }

    @Test("a sole owner's proposal is granted at once")
    func soleOwnerGrantedAtOnce() throws {
        let history = [try x.disclosed(), .ownershipDetermined(OwnershipDetermined(owners: try x.owners([(s.cuhksz, 10000)]), determinedOn: try date("2019-04-15")))]
        let events = try accepted(IPAssetDecider.self, given: history, when: try propose("p1", .sole))
        #expect(events.count == 2)
        #expect(IPAssetDecider.fold(history + events).licence(try parsed("p1"))?.exclusivity == .sole)
    }

    @Test("only exclusive and sole licences are proposed, by a current owner, under an unused id, after ownership is determined")
    func whoProposesWhat() throws {
        let owned = try threeOwners()
        #expect(code(owned, try propose("p1", .nonExclusive)) == "ipasset.proposal-for-non-exclusive-licence")
        #expect(code(owned, try propose(by: s.outsider)) == "ipasset.proposer-not-an-owner")
        #expect(code([try x.disclosed()], try propose()) == "ipasset.ownership-not-determined")
        #expect(code(owned, try propose(expires: "2020-01-10")) == "ipasset.proposal-expiry-not-after-proposal")
        let proposed = try x.history(owned, [try propose()])
        #expect(code(proposed, try propose()) == "ipasset.duplicate-licence")
        // A direct grant may not take a proposed licence's id either.
        #expect(code(proposed, try x.licence("p1", to: s.outsider, .nonExclusive, territories: [x.us])) == "ipasset.duplicate-licence")
    }

    @Test("each co-owner consents once, for itself; a non-owner's consent counts for nothing")
    func consentRules() throws {
        let proposed = try x.history(try threeOwners(), [try propose()])
        #expect(code(proposed, try consent(by: s.outsider)) == "ipasset.consent-from-non-owner")
        #expect(code(proposed, try consent(by: s.cuhksz)) == "ipasset.consent-already-given")
        let once = try x.history(proposed, [try consent(by: s.tencent)])
        #expect(code(once, try consent(by: s.tencent)) == "ipasset.consent-already-given")
        #expect(code(proposed, try consent("nope", by: s.tencent)) == "ipasset.unknown-proposal")
        #expect(code(proposed, try consent(by: s.tencent, on: "2020-01-09")) == "ipasset.date-before-proposal")
        let granted = try x.history(once, [try consent(by: s.jd)])
        #expect(code(granted, try consent(by: s.jd)) == "ipasset.proposal-already-granted")
    }

    @Test("a proposal takes no consent on or after its expiry")
    func expiry() throws {
        let proposed = try x.history(try threeOwners(), [try propose(expires: "2020-02-01")])
        #expect(code(proposed, try consent(by: s.tencent, on: "2020-01-31")) == nil)
        #expect(code(proposed, try consent(by: s.tencent, on: "2020-02-01")) == "ipasset.proposal-expired")
        // An expired proposal can still be withdrawn, to close it.
        #expect(code(proposed, try withdraw(by: s.cuhksz)) == nil)
    }

    @Test("the proposer withdraws, or a co-owner declines; a withdrawn proposal takes no consent")
    func withdrawal() throws {
        let proposed = try x.history(try threeOwners(), [try propose()])
        #expect(code(proposed, try withdraw(by: s.outsider)) == "ipasset.withdrawal-by-non-owner")
        #expect(code(proposed, try withdraw(by: s.jd, reason: "  ")) == "ipasset.reason-required")
        let declined = try x.history(proposed, [try withdraw(by: s.jd)])
        #expect(IPAssetDecider.fold(declined).proposal(try parsed("p1"))?.withdrawal?.by == s.jd)
        #expect(code(declined, try consent(by: s.tencent)) == "ipasset.proposal-withdrawn")
        #expect(code(declined, try withdraw(by: s.cuhksz)) == "ipasset.proposal-withdrawn")
    }

    @Test("a licence granted meanwhile refuses the last consent with its slice rule, and the proposal stays open")
    func rechecksAtGrant() throws {
        let once = try x.history(try threeOwners(), [try propose(), try consent(by: s.tencent)])
        let conflicting = IPAssetCommand.grantLicence(GrantLicence(
            licence: try parsed("other"), licensee: s.tencent, licensors: [s.cuhksz, s.tencent, s.jd], exclusivity: .exclusive, fields: [x.cv],
            territories: [.world], term: try range("2020-01-15", "2021-01-15"), royalty: try x.royalty, grantedOn: try date("2020-01-15"), parties: s.known))
        let meanwhile = try x.history(once, [conflicting])
        #expect(code(meanwhile, try consent(by: s.jd)) == "ipasset.exclusive-slices-overlap")
        #expect(IPAssetDecider.fold(meanwhile).proposal(try parsed("p1"))?.isOpen == true)
        // Refused up front when the slice is taken already.
        #expect(code(meanwhile, try propose("p2")) == "ipasset.exclusive-slices-overlap")
    }

    @Test("after a transfer, a former owner's consent no longer counts and the new owner must consent")
    func ownershipChanges() throws {
        let once = try x.history(try threeOwners(), [try propose(), try consent(by: s.tencent)])
        // Tencent passes its whole share to an outsider company, which now co-owns the asset.
        let transferred = try x.history(once, [.transferOwnership(TransferOwnership(
            from: s.tencent, to: s.outsider, shareBasisPoints: try BasisPoints(3000), transferredOn: try date("2020-01-21"), parties: s.known))])
        let state = IPAssetDecider.fold(transferred)
        #expect(state.proposal(try parsed("p1"))?.awaiting(owners: state.owners) == [s.outsider, s.jd].sorted())
        let jd = try accepted(IPAssetDecider.self, given: transferred, when: try consent(by: s.jd))
        #expect(jd.count == 1)
        #expect(code(transferred, try consent(by: s.tencent)) == "ipasset.consent-from-non-owner")
        // The proposer giving away its whole share leaves a proposal that cannot be granted.
        let proposerLeft = try x.history(once, [.transferOwnership(TransferOwnership(
            from: s.cuhksz, to: s.jd, shareBasisPoints: try BasisPoints(4000), transferredOn: try date("2020-01-21"), parties: s.known))])
        #expect(code(proposerLeft, try consent(by: s.jd)) == "ipasset.proposer-no-longer-an-owner")
    }

    func transfer(_ from: PartyID, to: PartyID, _ bp: Int = 3000, on day: String = "2020-01-21") throws -> IPAssetCommand {
        .transferOwnership(TransferOwnership(from: from, to: to, shareBasisPoints: try BasisPoints(bp), transferredOn: try date(day), parties: s.known))
    }

    @Test("a transfer of the last awaited owner's whole share to the proposer grants the licence on the transfer's day")
    func transferToProposerGrants() throws {
        let once = try x.history(try threeOwners(), [try propose(), try consent(by: s.tencent)])
        let events = try accepted(IPAssetDecider.self, given: once, when: try transfer(s.jd, to: s.cuhksz))
        #expect(events.count == 2)
        guard case .licenceGranted(let granted) = events.last else {
            Issue.record("the transfer granted nothing: \(events)")
            return
        }
        #expect(granted.licensors == [s.cuhksz])
        #expect(granted.consents == [s.tencent])
        #expect(granted.grantedOn == (try date("2020-01-21")))
        let state = IPAssetDecider.fold(once + events)
        #expect(state.licence(try parsed("p1")) != nil)
        #expect(state.proposal(try parsed("p1"))?.grantedOn == (try date("2020-01-21")))
        #expect(code(once + events, try consent(by: s.tencent, on: "2020-01-22")) == "ipasset.proposal-already-granted")
    }

    @Test("a transfer of the last awaited owner's whole share to a consenter grants the licence; a partial one grants nothing")
    func transferToConsenterGrants() throws {
        let once = try x.history(try threeOwners(), [try propose(), try consent(by: s.tencent)])
        let partial = try accepted(IPAssetDecider.self, given: once, when: try transfer(s.jd, to: s.tencent, 1000))
        #expect(partial.count == 1)
        let events = try accepted(IPAssetDecider.self, given: once, when: try transfer(s.jd, to: s.tencent))
        #expect(events.count == 2)
        guard case .licenceGranted(let granted) = events.last else {
            Issue.record("the transfer granted nothing: \(events)")
            return
        }
        #expect(granted.licensors == [s.cuhksz])
        #expect(granted.consents == [s.tencent])
        #expect(granted.grantedOn == (try date("2020-01-21")))
    }

    @Test("a completing transfer grants nothing when the proposal expired, the proposer left or the grant's rules refuse; the transfer stands")
    func transferLeavesProposalOpen() throws {
        let expiring = try x.history(try threeOwners(), [try propose(expires: "2020-01-21"), try consent(by: s.tencent)])
        let expired = try accepted(IPAssetDecider.self, given: expiring, when: try transfer(s.jd, to: s.cuhksz))
        #expect(expired.count == 1)
        #expect(IPAssetDecider.fold(expiring + expired).proposal(try parsed("p1"))?.isOpen == true)

        let once = try x.history(try threeOwners(), [try propose(), try consent(by: s.tencent)])
        let conflicting = IPAssetCommand.grantLicence(GrantLicence(
            licence: try parsed("other"), licensee: s.tencent, licensors: [s.cuhksz, s.tencent, s.jd], exclusivity: .exclusive, fields: [x.cv],
            territories: [.world], term: try range("2020-01-15", "2021-01-15"), royalty: try x.royalty, grantedOn: try date("2020-01-15"), parties: s.known))
        let meanwhile = try x.history(once, [conflicting])
        let refused = try accepted(IPAssetDecider.self, given: meanwhile, when: try transfer(s.jd, to: s.cuhksz))
        #expect(refused.count == 1)
        #expect(IPAssetDecider.fold(meanwhile + refused).proposal(try parsed("p1"))?.isOpen == true)

        // The proposer and then the last awaited owner give their whole shares to the consenter:
        // the one owner left consented, but the proposer owns nothing.
        let proposerLeft = try x.history(once, [try transfer(s.cuhksz, to: s.tencent, 4000)])
        let last = try accepted(IPAssetDecider.self, given: proposerLeft, when: try transfer(s.jd, to: s.tencent, on: "2020-01-22"))
        #expect(last.count == 1)
        #expect(IPAssetDecider.fold(proposerLeft + last).proposal(try parsed("p1"))?.isOpen == true)

        // A transfer dated before the last consent grants nothing: the grant would precede a consent.
        let early = try accepted(IPAssetDecider.self, given: once, when: try transfer(s.jd, to: s.cuhksz, on: "2020-01-15"))
        #expect(early.count == 1)
    }

    @Test("a consent is not dated before the last consent given")
    func consentsInDateOrder() throws {
        let once = try x.history(try threeOwners(), [try propose(), try consent(by: s.tencent, on: "2020-01-20")])
        #expect(IPAssetDecider.fold(once).proposal(try parsed("p1"))?.lastConsentedOn == (try date("2020-01-20")))
        #expect(code(once, try consent(by: s.jd, on: "2020-01-19")) == "ipasset.date-before-last-consent")
        let same = try accepted(IPAssetDecider.self, given: once, when: try consent(by: s.jd, on: "2020-01-20"))
        #expect(same.count == 2)
    }

    @Test("proposals survive the state's JSON round trip, and a state without any keeps its old bytes")
    func stateCoding() throws {
        let once = IPAssetDecider.fold(try x.history(try threeOwners(), [try propose(expires: "2020-03-01"), try consent(by: s.tencent)]))
        let data = try EventJSON.encoder().encode(once)
        #expect(try JSONDecoder().decode(IPAssetState.self, from: data) == once)
        let none = IPAssetDecider.fold(try threeOwners())
        #expect(!String(decoding: try EventJSON.encoder().encode(none), as: UTF8.self).contains("proposals"))
    }
}
