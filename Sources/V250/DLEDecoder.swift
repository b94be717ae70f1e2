// DLEDecoder: modem → DTE data-mode decoding (T.31 §8.3, V.250): undoes <DLE><DLE>, expands
// <DLE><SUB> to two DLEs, stops at <DLE><ETX> and hands back what follows (the result code).
// Incremental: a DLE at the end of one chunk pairs with the first byte of the next.

/// Decodes a data stream from the modem, chunk by chunk.
public struct DLEDecoder: Sendable {
    /// What one chunk decoded to.
    public struct Output: Sendable, Hashable {
        /// Data bytes, unstuffed.
        public var data: [UInt8] = []
        /// Whether `<DLE><ETX>` was reached in this chunk.
        public var endOfData = false
        /// Bytes after `<DLE><ETX>`: command-state output (`OK`, `ERROR`, `NO CARRIER`).
        public var remainder: [UInt8] = []
        /// The second byte of any other `<DLE>x` pair; these pairs are dropped.
        public var unknownEscapes: [UInt8] = []

        public init() {}
    }

    private var afterDLE = false
    /// Whether `<DLE><ETX>` has been seen; everything fed afterwards is remainder.
    public private(set) var isFinished = false

    public init() {}

    /// Decodes the next chunk.
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> Output {
        var output = Output()
        output.data.reserveCapacity(bytes.underestimatedCount)
        for byte in bytes {
            if isFinished {
                output.remainder.append(byte)
                continue
            }
            guard afterDLE else {
                if byte == V250Control.dle { afterDLE = true } else { output.data.append(byte) }
                continue
            }
            afterDLE = false
            switch byte {
            case V250Control.dle:
                output.data.append(V250Control.dle)
            case V250Control.sub:
                output.data.append(V250Control.dle)
                output.data.append(V250Control.dle)
            case V250Control.etx:
                isFinished = true
                output.endOfData = true
            default:
                output.unknownEscapes.append(byte)
            }
        }
        return output
    }

    /// Starts a new stream.
    public mutating func reset() {
        afterDLE = false
        isFinished = false
    }
}
