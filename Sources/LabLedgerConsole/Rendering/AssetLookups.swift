import Mustache

// The IP asset list renders a card per asset (owners, options, licences, patents, royalties,
// transfers), a few dozen names each, 25 assets a page; Mustache found each name by reflection
// (a `Mirror` of the value per name), as it did on the deadlines page before
// `CalendarLookups.swift`. These values name their fields themselves; a name they do not hold
// answers nil, so Mustache goes on up the context as it does after a reflected miss. The asset's
// own page renders the same card. `AssetPagesPinnedRenderingTests` pins both pages' HTML as
// reflection rendered it; `AssetLookupsTests` checks every field answers by its own name.

extension CompanyPages.AssetView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "asset": asset
        case "title": title
        case "lab": lab
        case "agreement": agreement
        case "disclosedOn": disclosedOn
        case "roles": roles
        case "hasRoles": hasRoles
        case "patentStatus": patentStatus
        case "owners": owners
        case "options": options
        case "hasOptions": hasOptions
        case "licences": licences
        case "hasLicences": hasLicences
        case "licenceCount": licenceCount
        case "patents": patents
        case "hasPatents": hasPatents
        case "royalties": royalties
        case "hasRoyalties": hasRoyalties
        case "transfers": transfers
        case "hasTransfers": hasTransfers
        default: nil
        }
    }
}

extension CompanyPages.Owner: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "party": party
        case "share": share
        default: nil
        }
    }
}

extension CompanyPages.OptionRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "option": option
        case "sponsor": sponsor
        case "fields": fields
        case "status": status
        case "expiresOn": expiresOn
        case "daysLeft": daysLeft
        default: nil
        }
    }
}

extension CompanyPages.LicenceRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "licence": licence
        case "licensee": licensee
        case "exclusivity": exclusivity
        case "fields": fields
        case "territories": territories
        case "term": term
        case "inForceUntil": inForceUntil
        case "view": view
        case "royalties": royalties
        case "hasRoyalties": hasRoyalties
        default: nil
        }
    }
}

extension CompanyPages.PatentRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "office": office
        case "application": application
        case "number": number
        case "status": status
        case "filedOn": filedOn
        case "grantedOn": grantedOn
        default: nil
        }
    }
}

extension CompanyPages.RoyaltyRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "currency": currency
        case "reports": reports
        case "netSales": netSales
        case "due": due
        case "paid": paid
        case "outstanding": outstanding
        default: nil
        }
    }
}

extension CompanyPages.TransferRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "from": from
        case "to": to
        case "share": share
        case "on": on
        default: nil
        }
    }
}

extension CompanyPages.ReportRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "licence": licence
        case "period": period
        case "reportedOn": reportedOn
        case "currency": currency
        case "netSales": netSales
        case "due": due
        case "paid": paid
        case "outstanding": outstanding
        default: nil
        }
    }
}

extension CompanyPages.ListView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "frame": frame
        case "assets": assets
        case "empty": empty
        case "headers": headers
        case "nextLink": nextLink
        case "hasNext": hasNext
        default: nil
        }
    }
}
