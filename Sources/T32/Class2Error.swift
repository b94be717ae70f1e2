// Class2Error: how talking to a Class 2 modem failed, and the completion code a call ends with
// for it. (The modem's own verdict on a call is its hang-up code: T32HangupCode.)

import FaxOutcome
import V250

public enum Class2Error: Error, Sendable, CustomStringConvertible {
    /// The port or the channel failed (closed, unplugged, I/O error).
    case transport(String)
    /// No answer in time.
    case notResponding(command: String)
    /// An answer that is not the one the protocol calls for.
    case unexpectedResult(command: String, result: String)
    /// The modem offers neither Class 2 nor Class 2.0.
    case notClass2(classes: [String])

    init(_ error: ATChannelError) {
        switch error {
        case .timeout(let command): self = .notResponding(command: command)
        default: self = .transport(String(describing: error))
        }
    }

    public var completion: FaxCompletion {
        switch self {
        case .transport, .notResponding: .modemNotResponding
        case .notClass2: .modemUnavailable
        case .unexpectedResult: .t32Unknown
        }
    }

    public var description: String {
        switch self {
        case .transport(let text): "the modem's port failed: \(text)"
        case .notResponding(let command): "the modem did not answer \(command)"
        case .unexpectedResult(let command, let result): "\(command) answered \(result)"
        case .notClass2(let classes): "the modem offers no Class 2 (classes: \(classes.joined(separator: ",")))"
        }
    }
}
