// FaxCompletion+T32: the completion codes a Class 2 modem's hang-up report (+FHS / +FHNG, ITU-T
// T.32 Table 25) needs beyond spandsp's T.30 table: the "unspecified error in phase X" reports,
// data under- and overflow between host and modem, and a code no table knows. The driver maps
// every other hang-up code onto the 51xx code of the same meaning (T32HangupCode in T32).

extension FaxCompletion {
    public static let t32RingWithoutHandshake = FaxCompletion(code: 5170, description: "The modem saw a ring but no fax handshake followed")
    public static let t32PhaseA = FaxCompletion(code: 5171, description: "The modem reported an unspecified error while the call was set up (phase A)")
    public static let t32TransmitPhaseB = FaxCompletion(code: 5172, description: "The modem reported an unspecified error while negotiating to send (phase B)")
    public static let t32TransmitPhaseC = FaxCompletion(code: 5173, description: "The modem reported an unspecified error while sending a page (phase C)")
    public static let t32Underflow = FaxCompletion(code: 5174, description: "Page data did not reach the modem in time (host to modem underflow)")
    public static let t32TransmitPhaseD = FaxCompletion(code: 5175, description: "The modem reported an unspecified error after sending a page (phase D)")
    public static let t32ReceivePhaseB = FaxCompletion(code: 5176, description: "The modem reported an unspecified error while negotiating to receive (phase B)")
    public static let t32ReceivePhaseC = FaxCompletion(code: 5177, description: "The modem reported an unspecified error while receiving a page (phase C)")
    public static let t32Overflow = FaxCompletion(code: 5178, description: "The modem's receive buffer overflowed (modem to host)")
    public static let t32ReceivePhaseD = FaxCompletion(code: 5179, description: "The modem reported an unspecified error after receiving a page (phase D)")
    public static let t32Unknown = FaxCompletion(code: 5180, description: "The modem ended the call with a hang-up code SwiftFax does not know")

    /// The codes above, for the full table.
    public static let t32Codes: [FaxCompletion] = [
        .t32RingWithoutHandshake, .t32PhaseA, .t32TransmitPhaseB, .t32TransmitPhaseC, .t32Underflow, .t32TransmitPhaseD,
        .t32ReceivePhaseB, .t32ReceivePhaseC, .t32Overflow, .t32ReceivePhaseD, .t32Unknown,
    ]
}
