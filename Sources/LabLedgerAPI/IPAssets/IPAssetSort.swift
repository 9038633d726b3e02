/// The columns `GET /v1/ip-assets` sorts by (`?sort=`), each an `ip_assets` column.
enum IPAssetSort: String, SortColumn {
    case asset, title, lab, disclosedOn, patentStatus, licenceCount, ownershipDeterminedOn

    static let identity = IPAssetSort.asset

    var sql: String {
        switch self {
        case .asset: "a.asset_id"
        case .title: "a.title"
        case .lab: "a.lab_id"
        case .disclosedOn: "a.disclosed_on"
        case .patentStatus: "a.patent_status"
        case .licenceCount: "a.licence_count"
        case .ownershipDeterminedOn: "a.ownership_determined_on"
        }
    }

    var keyType: SortKeyType {
        switch self {
        case .asset, .title, .lab, .patentStatus: .text
        case .disclosedOn, .ownershipDeterminedOn: .date
        case .licenceCount: .integer
        }
    }

    var nullable: Bool { self == .ownershipDeterminedOn }
}
