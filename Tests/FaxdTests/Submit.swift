// Submitting faxes to the running faxd through its REST API (the Unix socket), as faxctl does.

import FaxAPIModels
import FaxClient
import FaxdTestSupport
import Foundation
import Spool

func submitThroughAPI(_ harness: FaxdHarness, document: String, to: String) async throws -> JobID {
    JobID(try await harness.client.submit(file: document, SubmitFaxRequest(to: to)).id)
}
