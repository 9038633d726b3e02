import Foundation
import NIOCore
import Testing
import _ConnectionPoolModule

@testable import LabLedgerAPI

@Suite struct DatabaseFailureTests {
    @Test func lostAndRefusedConnectionsAreConnectionFailures() {
        // postgres-nio's own errors cannot be made outside it; the outage tests meet them for real.
        #expect(DatabaseFailure.isConnectionFailure(IOError(errnoCode: ECONNREFUSED, reason: "connect")))
        #expect(DatabaseFailure.isConnectionFailure(ConnectionPoolError.connectionCreationCircuitBreakerTripped))
        #expect(DatabaseFailure.isConnectionFailure(IOError(errnoCode: ECONNRESET, reason: "read")))
        #expect(DatabaseFailure.isConnectionFailure(ChannelError.ioOnClosedChannel))
    }

    @Test func otherFailuresAreNot() {
        struct Unrelated: Error {}
        #expect(!DatabaseFailure.isConnectionFailure(Unrelated()))
        #expect(!DatabaseFailure.isConnectionFailure(ConnectionPoolError.requestCancelled))
        #expect(!DatabaseFailure.isConnectionFailure(IOError(errnoCode: ENOENT, reason: "open")))
    }
}
