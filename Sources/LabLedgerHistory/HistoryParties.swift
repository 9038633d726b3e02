import LabLedgerDomain

/// A party the story may register: what its registration will say.
struct HistoryParty: Sendable {
    let registration: RegisterParty
}

/// Parties: the seeded organisations, real universities (registered when a lab first names
/// them), and fictional companies, funds, hosts and startups. A party is registered the day the
/// story first needs it; a few registrations are corrected later, by a new event.
extension HistoryWorld {
    mutating func newParty(_ registration: RegisterParty) throws -> Int {
        let handle = try parties.create(id: registration.party.rawValue)
        partyRecords.append(HistoryParty(registration: registration))
        return handle
    }

    mutating func newParty(id: String, name: String, kind: PartyKind, country: String, ror: ROR? = nil) throws -> Int {
        try newParty(RegisterParty(party: try PartyID(parsing: id), name: name, kind: kind, ror: ror, country: try CountryCode(parsing: country)))
    }

    /// Registers the party today unless it already is.
    mutating func ensureRegistered(_ party: Int) throws {
        guard !isRegistered(party) else { return }
        record(try parties.append(party, [.register(partyRecords[party].registration)], at: occurredAt()))
        if partyRecords[party].registration.kind != .university,
            coverage.take(.partyCorrection, probability: 0.03, random: &random)
        {
            schedule(.correctParty(party: party), on: today + random.int(20...200), lab: currentLab)
        }
    }

    /// A registration made under a trading name is corrected to the legal name; a fund or public
    /// body gets the ROR id it lacked.
    mutating func correctParty(_ party: Int) throws {
        guard let profile = parties[party].profile else { return }
        var name = profile.name
        var ror = profile.ror
        let reason: String
        if ror == nil, profile.kind == .fund || profile.kind == .publicBody {
            ror = try HistoryIdentifiers.ror(nextSerial())
            reason = "ROR id added once verified against the registry"
        } else {
            name = name.hasSuffix("Limited") || name.hasSuffix("Ltd.") ? "\(name) (Hong Kong Branch)" : "\(name) Limited"
            reason = "Registered under its trading name; corrected to the registered legal name"
        }
        let correction = CorrectPartyDetails(name: name, kind: profile.kind, ror: ror, country: profile.country, reason: reason)
        record(try parties.append(party, [.correctDetails(correction)], at: occurredAt()))
    }

    /// A real university from the pool, created on first use (registration follows when a lab
    /// needs it).
    mutating func university(_ index: Int) throws -> Int {
        let university = HistoryNames.universities[index % HistoryNames.universities.count]
        if let handle = parties.handle(of: university.id) { return handle }
        return try newParty(id: university.id, name: university.name, kind: .university, country: university.country)
    }

    /// A fictional company, e.g. "Qianhai Deepsight Technology Co., Ltd." (`deepsight-qianhai-0042`).
    mutating func newCompany(country: String) throws -> Int {
        companyCount += 1
        let word = random.element(HistoryNames.techWords)
        let place = random.element(country == "HK" ? HistoryNames.hongKongPlaces : HistoryNames.shenzhenPlaces)
        let suffix = random.element(HistoryNames.companySuffixes)
        let local = country == "HK" || country == "CN"
        let name = local ? "\(place) \(word) \(suffix)" : "\(word) \(random.element(HistoryNames.startupTails)) Inc."
        let id = "\(slug(word))-\(local ? slug(place) : country.lowercased())-\(HistoryIdentifiers.padded(companyCount, 5))"
        return try newParty(id: id, name: name, kind: .company, country: country)
    }

    mutating func newStartup() throws -> Int {
        companyCount += 1
        let words = random.sample(HistoryNames.startupWords, count: 2)
        let name = "\(words[0])\(words[1].lowercased()) \(random.element(HistoryNames.startupTails))"
        let id = "\(slug(name))-\(HistoryIdentifiers.padded(companyCount, 5))"
        return try newParty(id: id, name: "\(name) Limited", kind: .startup, country: random.chance(0.8) ? "HK" : "CN")
    }

    mutating func newFund() throws -> Int {
        companyCount += 1
        let place = random.element(HistoryNames.hongKongPlaces)
        let ror = random.chance(0.5) ? try HistoryIdentifiers.ror(nextSerial()) : nil
        return try newParty(id: "\(slug(place))-ventures-\(HistoryIdentifiers.padded(companyCount, 5))",
            name: "\(place) \(random.element(HistoryNames.techWords)) Ventures Fund", kind: .fund, country: "HK", ror: ror)
    }

    mutating func newHost(country: String) throws -> Int {
        companyCount += 1
        let place = random.element(country == "HK" ? HistoryNames.hongKongPlaces : HistoryNames.shenzhenPlaces)
        let ror = random.chance(0.5) ? try HistoryIdentifiers.ror(nextSerial()) : nil
        return try newParty(id: "\(slug(place))-innovation-park-\(HistoryIdentifiers.padded(companyCount, 5))",
            name: "\(place) Innovation Park Authority", kind: .publicBody, country: country, ror: ror)
    }

    /// A company that takes a licence: usually one already in the story, sometimes a new one
    /// from abroad, so licences reach other territories and currencies.
    mutating func licensee(excluding excluded: Set<Int>) throws -> Int {
        let candidates = licensees.filter { !excluded.contains($0) }
        if candidates.count < 8 || random.chance(0.15) {
            let company = try newCompany(country: random.element(HistoryNames.licenseeCountries))
            licensees.append(company)
            return company
        }
        return random.element(candidates)
    }

    /// Lower-case letters and digits joined by '-', for ids made from names.
    func slug(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else if scalar == " " || scalar == "-", !result.hasSuffix("-"), !result.isEmpty {
                result.append("-")
            }
        }
        return result.hasSuffix("-") ? String(result.dropLast()) : result
    }
}
