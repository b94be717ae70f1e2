// FaxCompletion+T30: spandsp's T.30 completion codes (5100 + T30_ERR_*) and the full code table.

import CSpanDSP
import FaxOutcome

extension FaxCompletion {
    /// spandsp's T.30 completion: 5100 + `T30_ERR_*`, described by `t30_completion_code_to_str`.
    /// `T30_ERR_OK` maps to `.ok`.
    public init(t30Status status: Int) {
        if status == Int(T30_ERR_OK) {
            self = .ok
            return
        }
        let text = t30_completion_code_to_str(Int32(status)).map { String(cString: $0) } ?? "Unknown fax failure"
        self.init(code: 5100 + status, description: text)
    }

    /// The whole table, by code: SwiftFax's own codes and every T.30 code spandsp defines.
    public static var table: [FaxCompletion] {
        let t30 = (1...Int(T30_ERR_CSA_UNACCEPTABLE)).map { FaxCompletion(t30Status: $0) }
        return (ownCodes + t32Codes + t30).sorted { $0.code < $1.code }
    }
}
