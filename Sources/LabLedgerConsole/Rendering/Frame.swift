import LabLedgerAPI

/// What the layout shows around every page: the title, who is signed in, the role's links, the
/// CSRF token for the sign-out form, and how fresh the read models are.
struct Frame: Sendable {
    struct Link: Sendable {
        let href: String
        let label: String
        let current: Bool
    }

    let title: String
    let signedIn: Bool
    let who: String
    let nav: [Link]
    let csrf: String
    let freshness: String

    static func signedOut(_ title: String, freshness: String = "") -> Frame {
        Frame(title: title, signedIn: false, who: "", nav: [], csrf: "", freshness: freshness)
    }

    static func of(_ session: ConsoleSession, title: String, path: String, freshness: Freshness) -> Frame {
        let principal = session.principal
        let who = principal.party.map { "\(principal.role.rawValue) key for \($0)" } ?? "\(principal.role.rawValue) key"
        let nav = Navigation.links(for: principal.role).map { Link(href: $0.href, label: $0.label, current: $0.href == path) }
        return Frame(title: title, signedIn: true, who: who, nav: nav, csrf: session.csrf, freshness: freshness.text)
    }
}

/// The pages each role works with. The API decides what each key may read; the links only
/// spare a role the pages its key would be refused.
enum Navigation {
    static func links(for role: Principal.Role) -> [(href: String, label: String)] {
        let company = [("/console/ip-assets", "IP assets"), ("/console/rights-map", "Rights map"), ("/console/availability", "Availability")]
        let university = [("/console/outputs", "Outputs"), ("/console/outputs/new", "Register an output"), ("/console/deadlines", "Deadlines")]
        let labs = [("/console/labs", "Labs and funding")]
        let audit = [("/console/history", "History"), ("/console/audit", "Verification")]
        let links: [(String, String)] = switch role {
        // A company reaches its labs' outputs for their publication reviews.
        case .company: company + [("/console/outputs", "Outputs"), ("/console/deadlines", "Deadlines")]
        case .university: university + [("/console/ip-assets", "IP assets")]
        case .operator: labs + [("/console/deadlines", "Deadlines"), ("/console/ip-assets", "IP assets")]
        case .auditor: audit + labs
        case .admin: labs + audit + company + university
        }
        return [("/console/home", "Home")] + links.map { ($0.0, $0.1) }
    }
}
