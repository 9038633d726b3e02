import LabLedgerDomain

/// IP assets: an invention is disclosed from a validated output under an agreement in force;
/// ownership follows the agreement's IP terms; a sponsor with an option clause gets an option
/// on the invention's first field, which it exercises, declines or lets lapse; patents are filed
/// (a Chinese utility model is granted within a year, inventions take longer), some granted
/// patents lapse; now and then an owner transfers part of its share.
extension HistoryWorld {
    mutating func discloseInvention(from output: Int) throws {
        let plan = outputRecords[output]
        guard let agreement = plan.agreement, isInForce(agreement: agreement), isActive(lab: plan.lab) else { return }
        let contributors = outputs[output].contributors
        guard !contributors.isEmpty else { return }
        labRecords[plan.lab].assetCount += 1
        let asset = try assets.create(id: "\(labRecords[plan.lab].key)-ip-\(HistoryIdentifiers.padded(labRecords[plan.lab].assetCount, 5))")
        let fields = try random.sample(HistoryNames.fields, count: 3).map { try FieldOfUse(parsing: $0) }
        assetRecords.append(HistoryAsset(lab: plan.lab, agreement: agreement, fields: fields))
        let inventors = Array(contributors.prefix(4))
        let shares = split(10_000, into: inventors.count)
        let facts = try agreementFacts(agreement)
        var commands: [IPAssetCommand] = [.disclose(DiscloseInvention(
            asset: try IPAssetID(parsing: assets.names[asset].id), lab: labRecords[plan.lab].id, agreement: facts.agreement,
            title: "Invention: \(outputs[output].title)",
            inventors: try zip(inventors, shares).map { Inventor(orcid: $0.orcid, shareBasisPoints: try BasisPoints($1)) },
            fromOutputs: [try outputFacts(output).output], disclosedOn: try date(today),
            facts: DisclosureFacts(lab: labFacts(plan.lab), agreement: facts, outputs: [try outputFacts(output)])))]
        let determinesNow = random.chance(0.3)
        if determinesNow { commands.append(try ownershipDetermination(asset)) }
        record(try assets.append(asset, commands, at: occurredAt()))
        if determinesNow {
            try afterOwnership(asset)
        } else {
            schedule(.determineOwnership(asset: asset), on: today + random.int(14...45), lab: plan.lab)
        }
    }

    mutating func determineOwnership(_ asset: Int) throws {
        guard assets[asset].ownershipDeterminedOn == nil else { return }
        record(try assets.append(asset, [try ownershipDetermination(asset)], at: occurredAt()))
        try afterOwnership(asset)
    }

    /// Owners as the agreement's IP terms say: jointly the university and companies, the
    /// university alone, the sponsor alone, or by inventorship (the inventors' employers).
    private mutating func ownershipDetermination(_ asset: Int) throws -> IPAssetCommand {
        let facts = try agreementFacts(assetRecords[asset].agreement)
        let research: Set<PartyRole> = [.university, .sponsor, .industryPartner]
        var owners: [PartyID] = switch facts.ipTerms.ownership {
        case .joint: parties(of: facts, in: research)
        case .university: parties(of: facts, in: [.university])
        case .sponsor: parties(of: facts, in: [.sponsor])
        case .byInventorship:
            parties(of: facts, in: research) + parties(of: facts, in: [.funder]).filter { kind(of: $0) == .company }
        }
        if owners.isEmpty { owners = parties(of: facts, in: research) }
        if owners.isEmpty { owners = facts.parties.keys.sorted() }
        let shares = facts.ipTerms.ownership == .byInventorship ? randomSplit(10_000, into: owners.count) : split(10_000, into: owners.count)
        return .determineOwnership(DetermineOwnership(
            owners: try zip(owners, shares).map { AssetOwner(party: $0, shareBasisPoints: try BasisPoints($1)) },
            determinedOn: try date(today), agreement: facts))
    }

    /// With owners known: an option for the sponsor (if the agreement has an option clause),
    /// patent filings, licences, perhaps a transfer of shares.
    private mutating func afterOwnership(_ asset: Int) throws {
        let plan = assetRecords[asset]
        let facts = try agreementFacts(plan.agreement)
        if facts.ipTerms.sponsorOptionDays > 0, !parties(of: facts, in: [.sponsor, .industryPartner]).isEmpty {
            schedule(.grantOption(asset: asset), on: today + random.int(7...30), lab: plan.lab)
        } else if random.chance(0.5) {
            schedule(.grantLicence(asset: asset, slot: .optioned), on: today + random.int(60...200), lab: plan.lab)
        }
        if !coverage.hasTaken(.utilityModel) || random.chance(0.75) {
            schedule(.fileApplication(asset: asset), on: today + random.int(20...120), lab: plan.lab)
        }
        if random.chance(0.6) { schedule(.grantLicence(asset: asset, slot: .open), on: today + random.int(90...400), lab: plan.lab) }
        if coverage.take(.soleLicence, probability: 0.2, random: &random) {
            schedule(.grantLicence(asset: asset, slot: .sole), on: today + random.int(120...500), lab: plan.lab)
        }
        if coverage.take(.ownershipTransfer, probability: 0.08, random: &random) {
            schedule(.transferOwnership(asset: asset), on: today + random.int(60...300), lab: plan.lab)
        }
    }

    /// The sponsor's option on the first field, for as long as the agreement allows. How it ends
    /// is settled now: the story's first three options are exercised, declined and left to
    /// lapse, so every ending occurs early; later ones are exercised half the time.
    mutating func grantOption(_ asset: Int) throws {
        let plan = assetRecords[asset]
        let facts = try agreementFacts(plan.agreement)
        let days = facts.ipTerms.sponsorOptionDays
        guard assets[asset].options.isEmpty, days > 0,
            let sponsor = (parties(of: facts, in: [.sponsor]) + parties(of: facts, in: [.industryPartner])).first
        else { return }
        record(try assets.append(asset, [.grantOption(GrantOption(
            sponsor: sponsor, fields: [plan.fields[0]], grantedOn: try date(today), expiresOn: try date(today + days), agreement: facts))],
            at: occurredAt()))
        let end: HistoryAsset.OptionEnd = switch coverage.takeFirstUntaken([.optionExercised, .optionDeclined, .optionLapsed]) {
        case .optionExercised: .exercised
        case .optionDeclined: .declined
        case .optionLapsed: .lapsed
        default: random.chance(0.5) ? .exercised : random.chance(0.5) ? .declined : .lapsed
        }
        assetRecords[asset].optionEnd = end
        assetRecords[asset].optionHolder = try partyHandle(sponsor)
        schedule(.resolveOption(asset: asset), on: end == .lapsed ? today + days + random.int(0...10) : today + random.int(5...(days - 1)), lab: plan.lab)
    }

    mutating func resolveOption(_ asset: Int) throws {
        let plan = assetRecords[asset]
        guard let option = assets[asset].options.last, option.resolution == nil, let end = plan.optionEnd, let holder = plan.optionHolder else { return }
        let command: IPAssetCommand = switch end {
        case .exercised: .exerciseOption(ExerciseOption(option: option.number, by: partyID(holder), exercisedOn: try date(today)))
        case .declined: .declineOption(DeclineOption(option: option.number, by: partyID(holder), declinedOn: try date(today)))
        case .lapsed: .recordOptionLapse(RecordOptionLapse(option: option.number, lapsedOn: try date(today)))
        }
        record(try assets.append(asset, [command], at: occurredAt()))
        if end == .exercised {
            schedule(.grantLicence(asset: asset, slot: .optioned), on: today + random.int(10...40), lab: plan.lab)
        } else if random.chance(0.5) {
            schedule(.grantLicence(asset: asset, slot: .optioned), on: today + random.int(30...200), lab: plan.lab)
        }
    }

    /// A patent application; the story's first is a Chinese utility model, granted within a year.
    mutating func fileApplication(_ asset: Int) throws {
        let plan = assetRecords[asset]
        guard plan.applications.count < 3 else { return }
        let utility = coverage.take(.utilityModel, probability: plan.applications.isEmpty ? 0.15 : 0, random: &random)
        let used = Set(plan.applications.map(\.office))
        let offices = (plan.applications.isEmpty ? ["CN", "CN", "CN", "US", "EP", "JP"] : ["US", "EP", "JP", "CN"]).filter { !used.contains($0) }
        guard !offices.isEmpty else { return }
        let office = utility ? "CN" : random.element(offices)
        let number = try HistoryIdentifiers.application(office: office, year: try HistoryDay.year(today), utilityModel: utility, serial: nextSerial())
        record(try assets.append(asset, [.fileApplication(FilePatentApplication(
            office: number.office, applicationNumber: number, filedOn: try date(today)))], at: occurredAt()))
        let index = plan.applications.count
        assetRecords[asset].applications.append(HistoryAsset.Application(office: office, utilityModel: utility, number: number))
        let examination = switch office {
        case "CN": utility ? random.int(240...330) : random.int(600...1100)
        case "US": random.int(500...1000)
        case "EP": random.int(900...1400)
        default: random.int(700...1200)
        }
        if utility || random.chance(0.65) {
            schedule(.grantPatent(asset: asset, application: index), on: today + examination, lab: plan.lab)
        }
        if index == 0, random.chance(0.3) {
            schedule(.fileApplication(asset: asset), on: today + random.int(300...365), lab: plan.lab)
        }
    }

    mutating func grantPatent(_ asset: Int, application index: Int) throws {
        let application = assetRecords[asset].applications[index]
        guard application.patent == nil else { return }
        let patent = try HistoryIdentifiers.patent(office: application.office, utilityModel: application.utilityModel, serial: nextSerial())
        record(try assets.append(asset, [.recordPatentGrant(RecordPatentGrant(
            applicationNumber: application.number, patentNumber: patent, grantedOn: try date(today)))], at: occurredAt()))
        assetRecords[asset].applications[index].patent = patent
        // The story's first lapse comes within about a year, so even a small history has one.
        let first = !coverage.hasTaken(.patentLapse)
        if coverage.take(.patentLapse, probability: 0.2, random: &random) {
            schedule(.lapsePatent(asset: asset, application: index), on: today + random.int(first ? 150...400 : 150...1500), lab: assetRecords[asset].lab)
        }
    }

    mutating func lapsePatent(_ asset: Int, application index: Int) throws {
        guard let patent = assetRecords[asset].applications[index].patent,
            let granted = assets[asset].applications.first(where: { $0.patent == patent }), granted.lapsedOn == nil
        else { return }
        record(try assets.append(asset, [.recordPatentLapse(RecordPatentLapse(
            patentNumber: patent, lapsedOn: try date(today), reason: "Annuity not paid"))], at: occurredAt()))
    }

    /// The largest owner passes half its share to a company: the sponsor, or a licensee.
    mutating func transferOwnership(_ asset: Int) throws {
        let shares = assets[asset].ownerShares
        guard let (from, holding) = shares.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }).first,
            holding >= 2
        else { return }
        let fromHandle = try partyHandle(from)
        var to = labRecords[assetRecords[asset].lab].sponsor ?? fromHandle
        if to == fromHandle { to = try licensee(excluding: [fromHandle]) }
        try ensureRegistered(to)
        record(try assets.append(asset, [.transferOwnership(TransferOwnership(
            from: from, to: partyID(to), shareBasisPoints: try BasisPoints(holding / 2), transferredOn: try date(today),
            parties: known([to])))], at: occurredAt()))
    }

    /// `total` split into `count` near-equal whole parts (the first ones take the remainder).
    func split(_ total: Int, into count: Int) -> [Int] {
        guard count > 0 else { return [] }
        return (0..<count).map { total / count + ($0 < total % count ? 1 : 0) }
    }

    /// `total` split into `count` positive random parts.
    mutating func randomSplit(_ total: Int, into count: Int) -> [Int] {
        guard count > 1 else { return split(total, into: count) }
        var weights = (0..<count).map { _ in random.int(1...9) }
        let sum = weights.reduce(0, +)
        weights = weights.map { max(1, total * $0 / sum) }
        weights[0] += total - weights.reduce(0, +)
        return weights[0] > 0 ? weights : split(total, into: count)
    }
}
