package import Foundation

/// The contract as bundled with the binary, served at `/openapi.yaml`. The server's types and
/// routes are generated from this same file at build time, so what is served is what is built.
package enum OpenAPIDocument {
    package static let bytes: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else { return Data("openapi.yaml is missing from the bundle\n".utf8) }
        return data
    }()
}
