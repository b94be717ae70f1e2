// Class2Bed: the test bed most Class 2 tests stand on — an exchange at 4× (both ends are ours)
// with a virtual Class 2 / 2.0 modem on line 100 and the exchange's fax machine ("+1 555 0200")
// on line 200, and our driver's Class2Modem opened on the modem and reset. Stopped on deinit.

import FaxTestSupport
import T30
import T32
import VirtualExchange

final class Class2Bed {
    let dir: ScratchDirectory
    let exchange: VirtualExchange
    let machine: FaxMachineLine
    let modem: Class2Modem

    init(_ label: String, dialect: T32ModemDialect, prefer: T32Dialect? = nil) throws {
        dir = ScratchDirectory(label)
        exchange = VirtualExchange(options: ExchangeOptions(speed: 4))
        _ = try exchange.addClass2Modem(number: "100", path: dir.file("tty"), dialect: dialect)
        machine = try exchange.addFaxMachine(number: "200", inbox: dir.file("inbox"), options: FaxSessionOptions(localIdentity: "+1 555 0200"))
        exchange.start()
        do {
            modem = try Class2Modem.open(path: dir.file("tty"), lockDirectory: nil)
        } catch {
            exchange.stop()
            throw error
        }
        do {
            try modem.reset(stationIdentity: "+1 555 0100", prefer: prefer)
        } catch {
            modem.close()
            exchange.stop()
            throw error
        }
    }

    deinit {
        modem.close()
        exchange.stop()
    }
}
