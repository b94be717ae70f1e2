// OffPool: the one way faxd runs blocking work from async code — file writes with fsync, a
// document's conversion helper it waits for, getaddrinfo. The work runs on a Dispatch worker
// thread (Dispatch adds threads when they block), never on Swift's cooperative pool, whose one
// thread per core must stay free for the API and the modems' event streams. (Timing-critical
// modem I/O has threads of its own: ModemThread.)

import Foundation

public enum OffPool {
    /// Runs `body` on a Dispatch worker thread and returns its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs `body`, which cannot fail, on a Dispatch worker thread.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: body()) }
        }
    }
}
