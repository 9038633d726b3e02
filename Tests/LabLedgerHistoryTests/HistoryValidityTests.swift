import LabLedgerDomain
import LabLedgerHistory
import Testing

@Suite("History generator: a valid history")
struct HistoryValidityTests {
    @Test("every append expects the version its stream has reached")
    func expectedVersions() throws {
        let history = try GeneratedHistory(seed: 2018, events: 10_000)
        var versions: [StreamName: Int] = [:]
        for append in history.appends {
            #expect(append.expectedVersion == versions[append.stream, default: 0], "\(append.stream)")
            versions[append.stream, default: 0] += append.events.count
        }
        for (stream, version) in versions {
            #expect(history.iterator.version(of: stream) == version)
        }
    }

    @Test("each stream's events decode with its codec and replay through evolve to the generator's state", arguments: [2018, 99] as [UInt64])
    func replayMatchesState(seed: UInt64) throws {
        let history = try GeneratedHistory(seed: seed, events: 10_000)
        #expect(history.streams.count > 500)
        for (stream, events) in history.streams {
            let replayed = try replay(stream, events)
            #expect(replayed == history.iterator.state(of: stream), "\(stream) replays to another state")
        }
    }

    @Test("every stipend and every benefit drawn on a commitment is recorded on that commitment")
    func drawsAreDisbursed() throws {
        let history = try GeneratedHistory(seed: 8, events: 10_000)
        var disbursed: [CommitmentID: Set<String>] = [:]
        var draws: [(CommitmentID, String)] = []
        for append in history.appends {
            switch append.stream.category {
            case .commitment:
                for event in try append.events.map(FundingEventCodec.decode) {
                    if case .disbursementRecorded(let e) = event { disbursed[try CommitmentID(parsing: append.stream.id), default: []].insert(e.reference) }
                }
            case .placement:
                for event in try append.events.map(PlacementEventCodec.decode) {
                    if case .stipendPaid(let e) = event { draws.append((e.commitment, e.reference)) }
                }
            case .round:
                for event in try append.events.map(RoundEventCodec.decode) {
                    if case .benefitGranted(let e) = event, let commitment = e.commitment { draws.append((commitment, e.reference)) }
                }
            default:
                continue
            }
        }
        #expect(!draws.isEmpty)
        for (commitment, reference) in draws {
            #expect(disbursed[commitment]?.contains(reference) == true, "\(reference) is not disbursed on \(commitment)")
        }
    }

    @Test("personal data travels in the person part of the events that name people")
    func personalData() throws {
        let history = try GeneratedHistory(seed: 4, events: 10_000)
        let withPeople: Set<String> = ["AgreementSigned", "AdvisoryBoardMemberAppointed", "StudentshipAwarded", "PostdocAppointed", "MentorAssigned"]
        var seen: Set<String> = []
        for append in history.appends {
            for event in append.events where withPeople.contains(event.type) {
                let json = String(decoding: event.data, as: UTF8.self)
                #expect(json.contains("\"person\":{"), "\(event.type) has no person part")
                seen.insert(event.type)
            }
        }
        #expect(seen == withPeople)
    }
}
