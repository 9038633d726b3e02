import Crypto
import Foundation

/// One person's data key made ready to seal: the AES key, and the HMAC that derives each
/// seal's nonce already keyed. A batch seals every event of one person with one of these, so
/// the HMAC's key set-up (two SHA-256 blocks and their buffers, a tenth of a seal in the
/// release profile) is paid once per person and append instead of once per event.
///
/// Not `Sendable` (swift-crypto's HMAC is not): it lives for one append's sealing only.
struct PersonSealKey {
    let key: SymmetricKey
    private let keyedMAC: HMAC<SHA256>

    init(_ key: SymmetricKey) {
        self.key = key
        keyedMAC = HMAC(key: key)
    }

    /// HMAC-SHA-256 of `message` under the key: the same code as
    /// `HMAC<SHA256>.authenticationCode(for:using:)`. The copy of the keyed state is a value
    /// (swift-crypto copies the digest context before the first update), so the kept one stays
    /// as keyed.
    func authenticationCode<D: DataProtocol>(for message: D) -> HashedAuthenticationCode<SHA256> {
        var mac = keyedMAC
        mac.update(data: message)
        return mac.finalize()
    }
}
