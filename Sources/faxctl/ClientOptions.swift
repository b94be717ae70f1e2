// ClientOptions: how faxctl's client commands reach faxd — its Unix socket (default, no key) or
// a TCP URL with an API key — and the output switch (--json) they share.

import ArgumentParser
import FaxAPIModels
import FaxClient
import Foundation

struct ClientOptions: ParsableArguments {
    @Option(help: "faxd's Unix socket (env SWIFTFAX_SOCKET).")
    var socket: String = ProcessInfo.processInfo.environment["SWIFTFAX_SOCKET"] ?? "/run/swiftfax/faxd.sock"

    @Option(help: "faxd's API over TCP, e.g. http://fax.example:8686 (env SWIFTFAX_URL); overrides --socket.")
    var url: String = ProcessInfo.processInfo.environment["SWIFTFAX_URL"] ?? ""

    @Option(help: "API key for --url (env SWIFTFAX_API_KEY).")
    var key: String = ProcessInfo.processInfo.environment["SWIFTFAX_API_KEY"] ?? ""

    @Flag(help: "Print JSON (the API's own) instead of text.")
    var json = false

    var client: FaxClient {
        if !url.isEmpty { return FaxClient(baseURL: url, apiKey: key.isEmpty ? nil : key) }
        return FaxClient(socketPath: socket)
    }

    /// Prints a value as the API's JSON.
    func printJSON(_ value: some Encodable) throws {
        let encoder = APIJSON.encoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// Runs a client call; a refusal from faxd prints `error CODE: …` and exits 1, a faxd that
/// cannot be reached exits 69 (EX_UNAVAILABLE).
func clientCall<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let problem as ProblemResource {
        FileHandle.standardError.write(Data("error \(problem.code): \(problem.title)\(problem.detail.map { ": \($0)" } ?? "")\n".utf8))
        throw ExitCode(1)
    } catch let exit as ExitCode {
        throw exit
    } catch {
        FileHandle.standardError.write(Data("error: cannot reach faxd: \(error)\n".utf8))
        throw ExitCode(69)
    }
}
