// ConversionHelper: the child side of IsolatedConverter — what `faxd convert-document '<request>'`
// does. It puts its own resource limits on first (address space, CPU time, file size, no core
// file), before it reads a byte of the document, then converts and prints one line of JSON
// (ConversionReply) on stdout: {"pages":N}, or {"error":…} when the document is refused.

import Foundation

public enum ConversionHelper {
    /// The subcommand (argv[1]) the helper is run with.
    public static let command = "convert-document"

    /// Exit status: 0 converted, 65 (EX_DATAERR) refused, 64 (EX_USAGE) not a request.
    public static func serve(_ json: String) -> Int32 {
        guard let request = try? JSONDecoder().decode(ConversionRequest.self, from: Data(json.utf8)) else {
            FileHandle.standardError.write(Data("\(command): the argument is not a conversion request (this is run by faxd)\n".utf8))
            return 64
        }
        if let limits = request.limits { limits.apply() }
        let reply: ConversionReply
        do {
            reply = ConversionReply(pages: try request.perform())
        } catch let error as DocumentError {
            reply = ConversionReply(error: error)
        } catch {
            reply = ConversionReply(error: .invalid(path: request.source, reason: "\(error)"))
        }
        FileHandle.standardOutput.write(((try? JSONEncoder().encode(reply)) ?? Data()) + Data("\n".utf8))
        return reply.error == nil ? 0 : 65
    }
}

extension ConversionRequest.Limits {
    /// setrlimit for this process (and what it starts: Ghostscript lowers them further).
    func apply() {
        func set(_ resource: Int32, _ value: Int) {
            var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
            _ = setrlimit(__rlimit_resource_t(UInt32(resource)), &limit)
        }
        set(Int32(RLIMIT_AS.rawValue), memoryBytes)
        set(Int32(RLIMIT_FSIZE.rawValue), fileBytes)
        set(Int32(RLIMIT_CPU.rawValue), cpuSeconds)
        set(Int32(RLIMIT_CORE.rawValue), 0)
    }
}
