// DiscoveryAndPPDTests: `lpinfo -v` on the private cupsd lists the swiftfax scheme and the running
// faxd (the backend's discovery, run by cups-deviced as lp); cupstestppd passes the PPD with every
// warning counted as a failure.

import FaxdTestSupport
import FaxTestSupport
import Foundation
import Testing

@Suite(.serialized) struct DiscoveryAndPPDTests {
    @Test func lpinfoListsTheBackendAndTheReachableFaxd() async throws {
        let h = try CUPSFaxHarness("cups-lpinfo")
        defer { h.stop() }
        let listed = try h.cupsd.tool("/usr/sbin/lpinfo", ["-v"], timeout: 60)
        #expect(listed.status == 0, "\(listed.output)")
        let lines = listed.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("direct swiftfax"), "the scheme line: \(listed.output)")
        #expect(lines.contains("direct swiftfax:/?socket=\(h.faxd.socketPath)"), "the reachable faxd: \(listed.output)\n\(h.diagnostics())")
        let detailed = try h.cupsd.tool("/usr/sbin/lpinfo", ["-l", "--include-schemes", "swiftfax", "-v"], timeout: 60)
        #expect(detailed.output.contains("SwiftFax fax (1 modem)"), "\(detailed.output)")
    }

    @Test func cupstestppdPassesThePPD() throws {
        let result = try runTool("/usr/bin/cupstestppd", ["-W", "all", PrivateCupsd.ppd], timeout: 30)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("PASS"), "\(result.output)")
    }
}
