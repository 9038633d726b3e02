import Foundation
import NIOCore
import Testing
import _ConnectionPoolModule

@testable import LabLedgerAPI

@Suite struct DatabaseFailureTests {
    @Test func aPoolThatGaveUpConnectingIsAConnectionFailure() {
        // postgres-nio's own errors cannot be made outside it; the outage tests meet them for real.
        #expect(DatabaseFailure.isConnectionFailure(ConnectionPoolError.connectionCreationCircuitBreakerTripped))
        #expect(DatabaseFailure.isConnectionFailure(ConnectionPoolError.poolShutdown))
    }

    @Test func socketFailuresCountOnlyUnderTheDriversOwnError() {
        // On their own they may be the HTTP client's connection: never an outage by themselves.
        #expect(!DatabaseFailure.isConnectionFailure(IOError(errnoCode: ECONNRESET, reason: "read")))
        #expect(!DatabaseFailure.isConnectionFailure(ChannelError.ioOnClosedChannel))
        #expect(DatabaseFailure.isSocketFailure(IOError(errnoCode: ECONNREFUSED, reason: "connect")))
        #expect(DatabaseFailure.isSocketFailure(ChannelError.ioOnClosedChannel))
        #expect(!DatabaseFailure.isSocketFailure(IOError(errnoCode: ENOENT, reason: "open")))
    }

    @Test func otherFailuresAreNot() {
        struct Unrelated: Error {}
        #expect(!DatabaseFailure.isConnectionFailure(Unrelated()))
        #expect(!DatabaseFailure.isConnectionFailure(ConnectionPoolError.requestCancelled))
    }
}
