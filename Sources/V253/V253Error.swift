// V253Error: why a voice modem could not be used or a call could not go on.

import FaxOutcome
import V250

public enum V253Error: Error, Sendable, CustomStringConvertible {
    case transport(String)
    case notResponding(command: String)
    case unexpectedResult(command: String, result: String)
    /// The modem offers no voice class (+FCLASS=? has no 8).
    case notVoice(classes: [String])
    /// None of the modem's sample formats carries fax (8 kHz linear or G.711).
    case noUsableSampleFormat(offered: [String])

    init(_ error: ATChannelError) {
        switch error {
        case .timeout(let command): self = .notResponding(command: command)
        default: self = .transport("\(error)")
        }
    }

    public var completion: FaxCompletion {
        switch self {
        case .notVoice, .noUsableSampleFormat: .modemUnavailable
        case .transport, .notResponding, .unexpectedResult: .modemNotResponding
        }
    }

    public var description: String {
        switch self {
        case .transport(let text): "serial line: \(text)"
        case .notResponding(let command): "the modem did not answer \(command)"
        case .unexpectedResult(let command, let result): "\(command) answered \(result)"
        case .notVoice(let classes): "the modem offers no voice class 8 (classes: \(classes.joined(separator: ",")))"
        case .noUsableSampleFormat(let offered): "none of the modem's sample formats carries fax: \(offered.joined(separator: " | "))"
        }
    }
}
