// DialEvent: one dial as the exchange saw it — a line's equipment dialled a number (a modem's ATD
// reached the exchange) — with the wall-clock time, for measurements such as print-to-dial latency.

import Foundation

public struct DialEvent: Sendable, Hashable {
    public var from: String
    public var to: String
    public var at: Date
}
