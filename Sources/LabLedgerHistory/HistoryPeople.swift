import Foundation
import LabLedgerDomain

/// A natural person in the story: a pseudonymous id, the personal data that travels only in
/// an event's `person` part, and an ORCID iD for researchers.
struct HistoryPerson: Sendable {
    let id: PersonID
    let data: PersonalData
    let orcid: ORCID?
}

extension HistoryWorld {
    /// A new person with a name from the word lists, an address at an example domain (never a
    /// real mailbox) and, for some, a Hong Kong mobile number.
    mutating func newPerson(emailDomain: String, researcher: Bool) throws -> HistoryPerson {
        personCount += 1
        let given = random.element(HistoryNames.givenNames)
        let family = random.element(HistoryNames.familyNames)
        let mailbox = "\(asciiSlug(given)).\(asciiSlug(family)).\(personCount)@\(emailDomain)"
        let phone = random.chance(0.3) ? "+852 5\(HistoryIdentifiers.padded(random.int(0...999), 3)) \(HistoryIdentifiers.padded(random.int(0...9999), 4))" : nil
        return HistoryPerson(
            id: try PersonID(parsing: "person-\(HistoryIdentifiers.padded(personCount, 7))"),
            data: try PersonalData(name: "\(given) \(family)", email: mailbox, phone: phone),
            orcid: researcher ? try nextORCID() : nil)
    }

    mutating func nextORCID() throws -> ORCID {
        orcidCount += 1
        return try HistoryIdentifiers.orcid(orcidCount)
    }

    /// Lower-case ASCII letters only, for mailbox names ("Ka Yan" -> "kayan", "Müller" -> "muller").
    private func asciiSlug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        return String(folded.unicodeScalars.filter { ("a"..."z").contains($0) }.map(Character.init))
    }
}
