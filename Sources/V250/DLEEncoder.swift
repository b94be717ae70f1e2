// DLEEncoder: DTE → modem framing in T.31/V.250 data mode: every DLE in the data is doubled,
// and the stream ends with <DLE><ETX>.

/// Encodes outgoing data for a modem in data mode.
public enum DLEEncoder {
    /// `<DLE><ETX>`: end of the data stream.
    public static let endOfData: [UInt8] = [V250Control.dle, V250Control.etx]

    /// Appends `data` to `output` with each DLE doubled.
    public static func stuff(_ data: some Sequence<UInt8>, into output: inout [UInt8]) {
        for byte in data {
            output.append(byte)
            if byte == V250Control.dle { output.append(V250Control.dle) }
        }
    }

    /// `data` with each DLE doubled.
    public static func stuff(_ data: some Sequence<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(data.underestimatedCount + data.underestimatedCount / 16 + 2)
        stuff(data, into: &output)
        return output
    }

    /// `data` stuffed and terminated with `<DLE><ETX>`: a complete data stream.
    public static func frame(_ data: some Sequence<UInt8>) -> [UInt8] {
        var output = stuff(data)
        output += endOfData
        return output
    }
}
