/// The columns `GET /v1/labs` sorts by (`?sort=`), each a `directory_labs` column.
enum LabSort: String, SortColumn {
    case lab, name, foundedOn, status, dissolvedOn, memberCount

    static let identity = LabSort.lab

    var sql: String {
        switch self {
        case .lab: "l.lab_id"
        case .name: "l.name"
        case .foundedOn: "l.founded_on"
        case .status: "l.status"
        case .dissolvedOn: "l.dissolved_on"
        case .memberCount: "l.member_count"
        }
    }

    var keyType: SortKeyType {
        switch self {
        case .lab, .name, .status: .text
        case .foundedOn, .dissolvedOn: .date
        case .memberCount: .integer
        }
    }

    var nullable: Bool { self == .dissolvedOn }
}
