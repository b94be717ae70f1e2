// MetricsRoute: GET /metrics in Prometheus's text format — the counters and histograms faxd keeps
// as things happen (FaxMetrics, through swift-metrics into this registry) and, read at scrape
// time, gauges of the present: jobs by direction and state, each modem's state, the webhook
// backlog. docs/faxd.md lists them.

import FaxServer
import Foundation
import Hummingbird
import Prometheus
import Spool

struct MetricsRoute: Sendable {
    let context: FaxServerContext
    let registry: PrometheusCollectorRegistry

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/metrics") { _, _ in
            try await handle {
                try await refreshGauges()
                var text: [UInt8] = []
                registry.emit(into: &text)
                return JSONResponse.bytes(Data(text), contentType: "text/plain; version=0.0.4; charset=utf-8")
            }
        }
    }

    /// Sets the gauges of the present from the spool and the modems' status board.
    func refreshGauges() async throws {
        var counts: [String: Int] = [:]
        for count in try await context.spool.jobCounts() { counts["\(count.direction.rawValue)|\(count.state.rawValue)"] = count.count }
        // Every (direction, state) pair is set, 0 included: a state that emptied must read 0, not its last count.
        let inbound: [JobState] = [.receiving, .received, .failed]
        for direction in [JobDirection.outbound, .inbound] {
            for state in JobState.allCases where (direction == .inbound) == inbound.contains(state) || state == .failed {
                registry.makeGauge(name: "swiftfax_jobs", labels: [("direction", direction.rawValue), ("state", state.rawValue)])
                    .set(Double(counts["\(direction.rawValue)|\(state.rawValue)"] ?? 0))
            }
        }
        for modem in context.modems.all {
            for state in ModemStatus.State.allCases {
                registry.makeGauge(name: "swiftfax_modem_state", labels: [("modem", modem.name), ("state", state.rawValue)])
                    .set(modem.state == state ? 1.0 : 0.0)
            }
            registry.makeGauge(name: "swiftfax_modem_calls", labels: [("modem", modem.name), ("direction", "outbound")]).set(Double(modem.callsMade))
            registry.makeGauge(name: "swiftfax_modem_calls", labels: [("modem", modem.name), ("direction", "inbound")]).set(Double(modem.callsAnswered))
        }
        let backlog = try await context.spool.webhookBacklog()
        registry.makeGauge(name: "swiftfax_webhook_backlog").set(Double(backlog.pending))
        registry.makeGauge(name: "swiftfax_webhook_oldest_pending_seconds")
            .set(backlog.oldestPending.map { max(0, Date().timeIntervalSince($0)) } ?? 0)
        registry.makeGauge(name: "swiftfax_webhook_endpoints_disabled").set(Double(backlog.disabledEndpoints))
    }
}
