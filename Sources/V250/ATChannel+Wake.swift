// ATChannel+Wake: getting a modem's attention whatever state the last host left it in — echo
// off (ATE0), tried three times, with <DLE><ETX> (ends a stream it is still taking) and CAN
// (aborts a receive it is still delivering) between the tries. Every driver's reset starts here.

import SerialPort

extension ATChannel {
    /// True once the modem answered ATE0 with OK; false if three tries got nothing usable.
    public func wake() -> Bool {
        for attempt in 0..<3 {
            if attempt > 0 {
                try? transport.write([V250Control.dle, V250Control.etx, V250Control.can], deadline: .after(.seconds(1)))
            }
            if let result = try? send("ATE0", timeout: .seconds(2)), result.isOK { return true }
        }
        return false
    }
}
