import Foundation
import LabLedgerDomain
@testable import LabLedgerReadModels
import Testing

@Suite("Directory: projection")
struct DirectoryProjectionTests {
    @Test("the directory routes party, lab and agreement streams and owns every table, documents included")
    func routing() throws {
        let projection = DirectoryReadModel.projection

        #expect(projection.name == "directory")
        #expect(projection.documentsTable == "directory_documents")
        #expect(projection.tables.contains("directory_documents"))
        #expect(projection.tables.count == 8)
        #expect(projection.model(for: "party-tencent")?.category == .party)
        #expect(projection.model(for: "lab-x1")?.category == .lab)
        #expect(projection.model(for: "agreement-a-1")?.category == .agreement)
        #expect(projection.model(for: "output-o1") == nil)
        #expect(projection.eventTypes == Set(PartyEventCodec.eventTypes + LabEventCodec.eventTypes + AgreementEventCodec.eventTypes))
    }
}
