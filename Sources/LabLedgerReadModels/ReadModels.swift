/// Every read model the service keeps, in the order workers start them.
public enum ReadModels {
    public static let all: [ReadModelProjection] = [
        DirectoryReadModel.projection,
        IPAssetReadModel.projection,
        FundingReadModel.projection,
        OutputsReadModel.projection,
        PlacementsReadModel.projection,
        RoundsReadModel.projection,
        DeadlinesReadModel.projection,
    ]

    public static func named(_ name: String) -> ReadModelProjection? {
        all.first { $0.name == name }
    }
}
