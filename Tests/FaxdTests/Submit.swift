// Submitting a fax to the running faxd. (Temporary: through the spool as a tool; replaced by the
// REST API client when it lands.)

import Foundation
import Spool

func submitThroughAPI(_ harness: FaxdHarness, document: String, to: String) async throws -> JobID {
    let folder = harness.spoolDirectory + "/documents/" + UUID().uuidString.lowercased()
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: document, toPath: folder + "/original")
    return try await harness.spool().submit(FaxSubmission(to: to, documentPath: folder + "/original")).id
}
