import LabLedgerContract
import LabLedgerDomain

/// Labs and agreements name roles in the one `PartyRole` vocabulary, in the contract as in the
/// domain; which roles a lab member may hold is a domain rule (422), not a schema one.
extension PartyRole {
    init(_ role: Components.Schemas.PartyRole) {
        switch role {
        case .university: self = .university
        case .sponsor: self = .sponsor
        case .industryPartner: self = .industryPartner
        case .host: self = .host
        case .funder: self = .funder
        case ._operator: self = .operator
        }
    }
}
