// FaxMetrics: the counters and histograms faxd keeps as things happen, through swift-metrics (faxd
// bootstraps it with swift-prometheus; elsewhere they cost nothing). Names follow Prometheus
// conventions: `_total` for counters, base units (seconds). What is a count of rows right now
// (jobs by state, modem states, webhook backlog) is read at scrape time instead (MetricsRoute).
// docs/faxd.md lists every metric.

import FaxOutcome
import Foundation
import Metrics

public enum FaxMetrics {
    /// Histogram buckets (seconds) for call durations and document conversions.
    public static let callBuckets: [Duration] = [10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 1200].map { .seconds($0) }
    public static let conversionBuckets: [Duration] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120].map { .milliseconds(Int64($0 * 1000)) }

    /// A call ended: an attempt (by completion code), pages, line time, how long it took.
    static func callEnded(modem: String, direction: String, result: FaxSessionResult, duration: Duration) {
        Counter(label: "swiftfax_attempts_total", dimensions: [("direction", direction), ("code", "\(result.completion.code)")]).increment()
        Counter(label: "swiftfax_pages_total", dimensions: [("direction", direction), ("modem", modem)]).increment(by: result.pagesTransferred)
        FloatingPointCounter(label: "swiftfax_line_seconds_total", dimensions: [("modem", modem)]).increment(by: result.lineSeconds)
        Timer(label: "swiftfax_call_duration_seconds", dimensions: [("direction", direction)]).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// A document was converted for sending (or failed to be).
    static func converted(seconds: Double, ok: Bool) {
        Timer(label: "swiftfax_conversion_seconds", dimensions: [("result", ok ? "ok" : "failed")]).recordSeconds(seconds)
    }

    /// A fax was submitted through a front door ("api", …).
    public static func submitted(source: String, count: Int = 1) {
        Counter(label: "swiftfax_submissions_total", dimensions: [("source", source)]).increment(by: count)
    }

    /// One try at delivering a webhook.
    public static func webhookTry(delivered: Bool, latencySeconds: Double) {
        Counter(label: "swiftfax_webhook_tries_total", dimensions: [("result", delivered ? "delivered" : "failed")]).increment()
        Timer(label: "swiftfax_webhook_latency_seconds", dimensions: []).recordSeconds(latencySeconds)
    }
}
