@testable import LabLedgerProjections
import Testing

@Suite("Projection and table names")
struct ProjectionNameTests {
    @Test("names spliced into SQL are lower-case letters, digits and _, not starting with a digit", arguments: [
        ("ip_assets", true), ("funding2", true), ("_x", true), ("", false), ("2fast", false), ("IP", false),
        ("ip-assets", false), ("events; drop table events", false), (String(repeating: "a", count: 49), false),
    ])
    func validation(name: String, valid: Bool) {
        #expect(((try? ProjectionSetupError.validate(name)) != nil) == valid)
    }
}
