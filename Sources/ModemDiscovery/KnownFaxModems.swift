// KnownFaxModems: USB fax modems by vendor:product id — data, kept beside the Class 1 quirks table
// (T31's ModemQuirks, matched later on what the modem answers to ATI). Some of these (Conexant and
// Zoom sticks) report interface lists that do not say "CDC ACM, AT commands", so the id is what
// makes them candidates. The same ids are in udev/60-swiftfax-modems.rules.

public struct KnownFaxModem: Sendable, Hashable {
    public var vendorID: String
    public var productID: String
    public var name: String

    public init(_ vendorID: String, _ productID: String, _ name: String) {
        self.vendorID = vendorID
        self.productID = productID
        self.name = name
    }

    public var usbID: String { "\(vendorID):\(productID)" }
}

public enum KnownFaxModems {
    public static let table: [KnownFaxModem] = [
        KnownFaxModem("0baf", "0303", "USRobotics USR5637 56K USB Faxmodem"),
        KnownFaxModem("0baf", "00ec", "USRobotics 56K USB Faxmodem"),
        KnownFaxModem("0baf", "6112", "USRobotics USB Modem"),
        KnownFaxModem("0572", "1329", "Conexant CX93010 USB modem"),
        KnownFaxModem("0572", "1340", "Conexant CX93010 USB modem"),
        KnownFaxModem("0572", "1321", "Conexant USB modem"),
        KnownFaxModem("0572", "1324", "Conexant USB modem"),
        KnownFaxModem("0572", "1328", "Conexant USB modem"),
        KnownFaxModem("0572", "1252", "Conexant USB modem"),
        KnownFaxModem("0572", "1253", "Conexant USB modem"),
        KnownFaxModem("0803", "3095", "Zoom 3095 USB Mini External Modem"),
        KnownFaxModem("0803", "1300", "Zoom USB modem"),
        KnownFaxModem("0803", "9700", "Zoom USB modem"),
        KnownFaxModem("06e0", "f104", "MultiTech MultiModem USB"),
        KnownFaxModem("06e0", "f107", "MultiTech MultiModem USB"),
        KnownFaxModem("06e0", "0319", "MultiTech MultiModem USB"),
        KnownFaxModem("0ace", "1602", "ZyXEL Omni 56K USB"),
        KnownFaxModem("0ace", "1611", "ZyXEL USB modem"),
    ]

    public static func named(_ usbID: String?) -> KnownFaxModem? {
        guard let usbID else { return nil }
        return table.first { $0.usbID == usbID.lowercased() }
    }
}
