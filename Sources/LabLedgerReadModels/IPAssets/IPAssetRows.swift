import Foundation
import LabLedgerDomain

/// The query tables of `ip_assets` (`schema/migrations/0005_ip_assets.sql`). Row properties
/// are named after their columns; dates are `YYYY-MM-DD`, money is integer minor units beside
/// its ISO 4217 code, lists are SQL arrays. Nothing here depends on the clock: whether an open
/// option has passed its expiry, or a licence its end, is for the query to compare with its own
/// date (`expires_on`, `in_force_until` are the first days no longer covered).
public enum IPAssetTables {
    public static let documents = "ip_assets_documents"
    /// One row per asset.
    public static let assets = "ip_assets"
    /// One row per party and asset, with its roles (the `?party=` index).
    public static let parties = "ip_asset_parties"
    /// Inventors: natural persons by ORCID iD, kept apart from the parties.
    public static let people = "ip_asset_people"
    public static let options = "ip_asset_options"
    public static let licences = "ip_asset_licences"
    /// Patent applications with their grants and lapses.
    public static let patents = "ip_asset_patents"
    /// Royalties to date per licence and currency (the reports themselves: `royaltyReports`).
    public static let royalties = "ip_asset_royalties"

    public static let all = [documents, assets, parties, people, options, licences, patents, royalties, views, royaltyReports]

    /// The replaced tables written row by row (`ReadModelProjection.diffedTables`), each with the
    /// columns of its primary key: most events change one or two of an asset's rows, or none
    /// (`ip_assets`, whose row carries the stream's version, is replaced at every event).
    public static let diffed = [
        parties: ["stream_id", "party_id"], people: ["stream_id", "orcid"], options: ["stream_id", "option_number"],
        licences: ["stream_id", "licence_id"], patents: ["stream_id", "application_number"],
        royalties: ["stream_id", "licence_id", "currency"], views: viewKey,
    ]

    public struct Asset: Codable, Sendable, Equatable {
        public let stream_id: String
        public let asset_id: String
        public let lab_id: String
        public let agreement_id: String
        public let title: String
        public let disclosed_on: String
        public let from_outputs: [String]
        public let ownership_determined_on: String?
        public let owner_count: Int
        public let inventor_count: Int
        public let option_count: Int
        public let licence_count: Int
        public let application_count: Int
        /// `none` (no application), `filed` (an application pending, none in force), `granted`
        /// (a patent in force), `lapsed` (patents granted, all lapsed, none pending).
        public let patent_status: String
        public let stream_version: Int
        public let updated_position: Int64
        /// The current offer for licensing (migration 0042); all nil while the asset is not on offer.
        public let offered_on: String?
        public let offered_by: String?
        public let offer_fields: [String]?
        public let offer_territories: [String]?
        public let offer_exclusivity_offered: Bool?
    }

    /// Roles, in this order: `owner`, `former_owner`, `licensor`, `licensee`, `option_sponsor`.
    public struct Party: Codable, Sendable, Equatable {
        public let stream_id: String
        public let asset_id: String
        public let party_id: String
        public let roles: [String]
        /// The current ownership share; nil for a party that owns none.
        public let share_basis_points: Int?
    }

    public struct Person: Codable, Sendable, Equatable {
        public let stream_id: String
        public let asset_id: String
        public let orcid: String
        public let share_basis_points: Int
    }

    public struct Option: Codable, Sendable, Equatable {
        public let stream_id: String
        public let asset_id: String
        public let option_number: Int
        public let sponsor_id: String
        public let fields: [String]
        public let granted_on: String
        /// The first day the option is no longer open.
        public let expires_on: String
        /// `open` (undecided; past `expires_on` until its lapse is recorded), `exercised`,
        /// `declined`, `lapsed`.
        public let status: String
        public let resolved_on: String?
        /// The first day its fields are free for others (`IPAssetState.Option.reservedUntil`).
        public let reserved_until: String
    }

    public struct Licence: Codable, Sendable, Equatable {
        public let stream_id: String
        public let asset_id: String
        public let licence_id: String
        public let licensee_id: String
        public let licensors: [String]
        public let consents: [String]
        public let exclusivity: String
        public let fields: [String]
        public let territories: [String]
        public let term_from: String
        public let term_to: String?
        public let terminated_on: String?
        public let termination_reason: String?
        /// The first day it is no longer in force (end of term or termination); nil while open-ended.
        public let in_force_until: String?
        public let sublicensable: Bool
        public let royalty_rate_basis_points: Int
        public let minimum_annual_minor_units: Int64?
        public let minimum_annual_currency: String?
        public let granted_on: String
    }

    public struct Patent: Codable, Sendable, Equatable {
        public let stream_id: String
        public let asset_id: String
        public let office: String
        public let application_number: String
        public let filed_on: String
        /// The publication number of the granted patent (never an application number).
        public let patent_number: String?
        public let granted_on: String?
        public let lapsed_on: String?
        public let lapse_reason: String?
        /// `filed`, `granted` or `lapsed`.
        public let status: String
    }

    public struct Royalty: Codable, Sendable, Equatable {
        public let stream_id: String
        public let asset_id: String
        public let licence_id: String
        public let currency: String
        public let report_count: Int
        /// The end (exclusive) of the latest period reported.
        public let reported_until: String
        public let net_sales_minor_units: Int64
        public let royalty_due_minor_units: Int64
        public let paid_minor_units: Int64
        public let outstanding_minor_units: Int64
    }
}

/// A total that does not fit in 64-bit minor units: the rows cannot be written.
public struct IPAssetRowsOverflow: Error, CustomStringConvertible {
    public let streamID: String
    public let licence: String
    public let currency: String
    public var description: String { "Royalty totals of licence '\(licence)' in \(currency) on \(streamID) overflow 64-bit minor units." }
}

extension IPAssetReadModel {
    public static func rows(_ document: IPAssetDocument, streamID: String, into rows: inout ReadModelRows) throws {
        try Self.rows(document, streamID: streamID, answers: nil, into: &rows)
    }

    /// The rows, but for the stored answers `events` cannot have changed, which are kept as
    /// written (`IPAssetAnswersChanged`).
    public static func rows(_ document: IPAssetDocument, streamID: String, changedBy events: [IPAssetEvent], into rows: inout ReadModelRows) throws {
        try Self.rows(document, streamID: streamID, answers: IPAssetAnswersChanged(by: events, in: document.state), into: &rows)
    }

    /// Every row; of the stored answers, those `answers` names (all when nil).
    private static func rows(_ document: IPAssetDocument, streamID: String, answers: IPAssetAnswersChanged?, into rows: inout ReadModelRows) throws {
        let state = document.state
        guard let asset = state.id, let lab = state.lab, let agreement = state.agreement, let disclosedOn = state.disclosedOn else {
            throw ReadModelError.noDocument(streamID: streamID)
        }
        let assetID = asset.rawValue

        try rows.add(IPAssetTables.Asset(
            stream_id: streamID, asset_id: assetID, lab_id: lab.rawValue, agreement_id: agreement.rawValue, title: state.title,
            disclosed_on: disclosedOn.rawValue, from_outputs: state.fromOutputs.map(\.rawValue),
            ownership_determined_on: state.ownershipDeterminedOn?.rawValue, owner_count: state.ownerShares.count,
            inventor_count: state.inventors.count, option_count: state.options.count, licence_count: state.licences.count,
            application_count: state.applications.count, patent_status: patentStatus(state.applications),
            stream_version: document.streamVersion, updated_position: document.lastPosition,
            offered_on: state.offer?.offeredOn.rawValue, offered_by: state.offer?.offeredBy.rawValue,
            offer_fields: state.offer?.fields.map(\.rawValue), offer_territories: state.offer?.territories.map(\.rawValue),
            offer_exclusivity_offered: state.offer?.exclusivityOffered), to: IPAssetTables.assets)

        let parties = partyRows(document)
        try views(document, streamID: streamID, parties: parties.map(\.id), rendering: answers, into: &rows)

        for party in parties {
            try rows.add(IPAssetTables.Party(
                stream_id: streamID, asset_id: assetID, party_id: party.id.rawValue, roles: party.roles.map(\.rawValue),
                share_basis_points: state.ownerShares[party.id]), key: [streamID, party.id.rawValue], to: IPAssetTables.parties)
        }

        for inventor in state.inventors {
            try rows.add(IPAssetTables.Person(
                stream_id: streamID, asset_id: assetID, orcid: inventor.orcid.rawValue, share_basis_points: inventor.shareBasisPoints.rawValue),
                key: [streamID, inventor.orcid.rawValue], to: IPAssetTables.people)
        }

        for option in state.options {
            try rows.add(IPAssetTables.Option(
                stream_id: streamID, asset_id: assetID, option_number: option.number, sponsor_id: option.sponsor.rawValue,
                fields: option.fields.map(\.rawValue), granted_on: option.grantedOn.rawValue, expires_on: option.expiresOn.rawValue,
                status: option.resolution?.status ?? "open", resolved_on: option.resolution?.date.rawValue,
                reserved_until: option.reservedUntil.rawValue), key: [streamID, String(option.number)], to: IPAssetTables.options)
        }

        for licence in state.licences {
            let notes = document.licences[licence.id.rawValue]
            try rows.add(IPAssetTables.Licence(
                stream_id: streamID, asset_id: assetID, licence_id: licence.id.rawValue, licensee_id: licence.licensee.rawValue,
                licensors: licence.licensors.map(\.rawValue), consents: (notes?.consents ?? []).map(\.rawValue),
                exclusivity: licence.exclusivity.rawValue, fields: licence.fields.map(\.rawValue),
                territories: licence.territories.map(\.rawValue), term_from: licence.term.from.rawValue, term_to: licence.term.to?.rawValue,
                terminated_on: licence.terminatedOn?.rawValue, termination_reason: notes?.terminationReason,
                in_force_until: licence.inForceUntil?.rawValue, sublicensable: licence.sublicensable,
                royalty_rate_basis_points: licence.royalty.rateBasisPoints.rawValue,
                minimum_annual_minor_units: licence.royalty.minimumAnnual?.minorUnits,
                minimum_annual_currency: licence.royalty.minimumAnnual?.currency.rawValue, granted_on: licence.grantedOn.rawValue),
                key: [streamID, licence.id.rawValue], to: IPAssetTables.licences)
        }

        for application in state.applications {
            try rows.add(IPAssetTables.Patent(
                stream_id: streamID, asset_id: assetID, office: application.office.rawValue, application_number: application.number.rawValue,
                filed_on: application.filedOn.rawValue, patent_number: application.patent?.rawValue,
                granted_on: application.grantedOn?.rawValue, lapsed_on: application.lapsedOn?.rawValue,
                lapse_reason: application.patent.flatMap { document.patentLapseReasons[$0.rawValue] },
                status: application.lapsedOn != nil ? "lapsed" : application.patent != nil ? "granted" : "filed"),
                key: [streamID, application.number.rawValue], to: IPAssetTables.patents)
        }

        for licence in state.licences {
            for (currency, total) in (document.royalties[licence.id.rawValue] ?? [:]).sorted(by: { $0.key < $1.key }) {
                let (outstanding, overflow) = total.due.minorUnits.subtractingReportingOverflow(total.paid.minorUnits)
                if overflow { throw IPAssetRowsOverflow(streamID: streamID, licence: licence.id.rawValue, currency: currency) }
                try rows.add(IPAssetTables.Royalty(
                    stream_id: streamID, asset_id: assetID, licence_id: licence.id.rawValue, currency: currency,
                    report_count: total.reports, reported_until: total.reportedThrough.rawValue, net_sales_minor_units: total.netSales.minorUnits,
                    royalty_due_minor_units: total.due.minorUnits, paid_minor_units: total.paid.minorUnits, outstanding_minor_units: outstanding),
                    key: [streamID, licence.id.rawValue, currency], to: IPAssetTables.royalties)
            }
        }
    }

    /// A party's part in an asset (not the lab and agreement `PartyRole`).
    enum AssetPartyRole: String, CaseIterable, Comparable {
        case owner
        case formerOwner = "former_owner"
        case licensor
        case licensee
        case optionSponsor = "option_sponsor"

        /// Rows list roles in this order, whatever order they were found in.
        private var rank: Int {
            switch self {
            case .owner: 0
            case .formerOwner: 1
            case .licensor: 2
            case .licensee: 3
            case .optionSponsor: 4
            }
        }

        static func < (lhs: AssetPartyRole, rhs: AssetPartyRole) -> Bool { lhs.rank < rhs.rank }
    }

    /// Every party with a part in the asset, sorted by id, each with its roles in `AssetPartyRole` order.
    static func partyRows(_ document: IPAssetDocument) -> [(id: PartyID, roles: [AssetPartyRole])] {
        let state = document.state
        var roles: [PartyID: Set<AssetPartyRole>] = [:]
        for owner in state.ownerShares.keys { roles[owner, default: []].insert(.owner) }
        for past in document.everOwned where state.ownerShares[past] == nil { roles[past, default: []].insert(.formerOwner) }
        for licence in state.licences {
            for licensor in licence.licensors { roles[licensor, default: []].insert(.licensor) }
            roles[licence.licensee, default: []].insert(.licensee)
        }
        for option in state.options { roles[option.sponsor, default: []].insert(.optionSponsor) }
        return roles.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value.sorted()) }
    }

    /// `none`, `filed`, `granted` or `lapsed`: a patent in force wins, then a pending
    /// application, then lapsed patents.
    static func patentStatus(_ applications: [IPAssetState.PatentApplication]) -> String {
        if applications.contains(where: { $0.patent != nil && $0.lapsedOn == nil }) { return "granted" }
        if applications.contains(where: { $0.patent == nil }) { return "filed" }
        return applications.isEmpty ? "none" : "lapsed"
    }
}
