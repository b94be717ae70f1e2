// Describe: human-readable lines for session events and results, shared by faxctl's commands.

import FaxOutcome
import Foundation
import T30

enum Describe {
    static func event(_ event: FaxSessionEvent) -> String {
        switch event {
        case .phase(let phase): "phase \(phase.rawValue)"
        case .remoteIdentity(let id): "remote identity \"\(id)\""
        case .negotiated(let n): "negotiated \(n.bitRate) bit/s, \(n.compression), \(n.xDPI)x\(n.yDPI) dpi, ECM \(n.errorCorrection ? "on" : "off")"
        case .page(let number, let total, let badRows):
            "page \(number)\(total.map { " of \($0)" } ?? "") done" + (badRows > 0 ? ", \(badRows) bad rows" : "")
        case .completed(let completion): "completed: \(completion.code) \(completion.description)"
        }
    }

    static func result(_ r: FaxSessionResult) -> String {
        var line = r.isSuccess ? "result: OK" : "result: FAILED \(r.completion.code) \(r.completion.description)"
        line += String(format: " — %d page(s), %.1f line seconds", r.pagesTransferred, r.lineSeconds)
        if r.bitRate > 0 { line += ", \(r.bitRate) bit/s \(r.compression)\(r.errorCorrection ? " ECM" : "")" }
        if !r.remoteIdentity.isEmpty { line += ", remote \"\(r.remoteIdentity)\"" }
        return line
    }
}
