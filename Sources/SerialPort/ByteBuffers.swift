// ByteBuffers: typed-throws access to the storage of a byte array (Array's own
// withUnsafe…Bytes are `rethrows`, which erases the error type).

extension Array where Element == UInt8 {
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(SerialPortError) -> R) throws(SerialPortError) -> R {
        let result = withUnsafeBytes { buffer in
            Result { () throws(SerialPortError) -> R in try body(buffer) }
        }
        return try result.get()
    }

    mutating func withMutableBytes<R>(
        _ body: (UnsafeMutableRawBufferPointer) throws(SerialPortError) -> R
    ) throws(SerialPortError) -> R {
        let result = withUnsafeMutableBytes { buffer in
            Result { () throws(SerialPortError) -> R in try body(buffer) }
        }
        return try result.get()
    }
}
