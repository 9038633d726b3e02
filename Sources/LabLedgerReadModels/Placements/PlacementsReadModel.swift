import LabLedgerDomain

/// PhD studentships (with their internships and stipends) and postdoc appointments: by lab,
/// by sponsor, degree grantor, host or employer, by status, and stipends paid to date.
/// Names, contact details and ORCID iDs are only in `placement_people`.
public enum PlacementsReadModel {
    static let documentsTable = "placements_documents"
    static let placementsTable = "placements"
    static let internshipsTable = "placement_internships"
    static let stipendsTable = "placement_stipends"
    static let peopleTable = "placement_people"

    public static let projection = ReadModelProjection(
        name: "placements",
        // 2: stipend payments became keyed rows (written when paid; the document keeps totals).
        version: 2,
        tables: [documentsTable, placementsTable, internshipsTable, stipendsTable, peopleTable],
        keyedTables: [stipendsTable: ["placement_id", "reference"]],
        models: [StreamModel(PlacementModel.self)])
}
