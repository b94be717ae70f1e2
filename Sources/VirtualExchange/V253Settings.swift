// V253Settings: the virtual voice modem's parameters and its answers to the extended commands'
// set / read / test forms (V.250 §5.3, V.253 §10): +FCLASS, +VSM, +VLS (the value only: going off
// or on hook is the modem line's work), +VGT, +VGR, +VIT, +VSD, +VTD, +VEM, +VCID, +VNH, +VRA,
// +VRN, +VDR, +IFC, +FLO, and the identity (+FMI/+FMM/+FMR, +GMI/+GMM/+GMR). Voice commands
// other than +FCLASS answer ERROR outside +FCLASS=8, as on real modems.

enum V253Outcome: Equatable {
    case ok([String])
    case error
    /// A command the line carries out itself: +VLS=n, +VTX, +VRX, +VTR, +VTS, +VRID.
    case action(String, ExtendedForm)
}

struct V253Settings {
    static let manufacturer = "SwiftFax"
    static let model = "Virtual V.253 voice modem"
    static let revision = "1.0"

    var fclass = "0"
    var format = V253Format.unsigned8
    var lineSelect = 0
    var transmitGain = 128
    var receiveGain = 128
    var inactivityTimer = 0
    var silenceSensitivity = 128
    var silenceInterval = 50
    var toneDuration = 100
    var eventMask: UInt32 = V253Event.mask(V253Event.commandState + V253Event.receiveState + V253Event.transmitState)
    var callerID = 0
    var hangUpControl = 0
    var ringbackGoesAway = 70
    var ringbackNeverCame = 10
    var distinctiveRing = "0,0"
    var flowControl = "2,2"

    var voice: Bool { fclass == "8" }

    mutating func reset() { self = V253Settings() }

    /// `class1`: the modem also offers class 1 (V253BrokenClass1).
    mutating func execute(_ name: String, _ form: ExtendedForm, class1: Bool = false) -> V253Outcome {
        switch name {
        case "FCLASS":
            return value(form, test: class1 ? "0,1,8" : "0,8", read: fclass) { v in
                if class1, v == "1" || v == "1.0" {
                    fclass = "1"
                    return true
                }
                guard v == "0" || v == "8" || v == "8.0" else { return false }
                fclass = v == "0" ? "0" : "8"
                return true
            }
        case "FMI", "GMI": return identity(form, Self.manufacturer)
        case "FMM", "GMM": return identity(form, Self.model)
        case "FMR", "GMR": return identity(form, Self.revision)
        case "IFC", "FLO":
            return value(form, test: name == "IFC" ? "(0-2),(0-2)" : "(0-2)", read: flowControl) { v in
                let parts = v.split(separator: ",", omittingEmptySubsequences: false)
                guard (1...2).contains(parts.count), parts.allSatisfy({ Int($0).map { (0...2).contains($0) } ?? false }) else { return false }
                flowControl = v
                return true
            }
        default:
            break
        }
        guard name.hasPrefix("V") else { return .error }
        guard voice else { return .error }
        switch name {
        case "VSM":
            switch form {
            case .test: return .ok(V253Format.all.map(\.testLine))
            case .read: return .ok(["\(format.method),\(V253Format.sampleRate),0,0"])
            case .set(let v):
                let parts = v.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
                guard (1...4).contains(parts.count), let method = Int(parts[0]), let chosen = V253Format.method(method) else { return .error }
                if parts.count > 1, !parts[1].isEmpty, Int(parts[1]) != V253Format.sampleRate { return .error }
                if parts.count > 2, !parts[2].isEmpty, Int(parts[2]).map({ (0...255).contains($0) }) != true { return .error }
                if parts.count > 3, !parts[3].isEmpty, Int(parts[3]) != 0 { return .error }
                format = chosen
                return .ok([])
            case .action: return .error
            }
        case "VLS":
            switch form {
            case .test:
                let tx = V253Event.hex(V253Event.mask(V253Event.transmitState))
                let rx = V253Event.hex(V253Event.mask(V253Event.receiveState))
                let idle = V253Event.hex(V253Event.mask(V253Event.commandState))
                return .ok(["0,\"\",\(idle),\(idle),\(idle)", "1,\"T\",\(tx),\(rx),\(idle)"])
            case .read: return .ok(["\(lineSelect)"])
            case .set(let v): return ["0", "1"].contains(v) ? .action("VLS", form) : .error
            case .action: return .error
            }
        case "VGT": return number(form, 0...255, &transmitGain)
        case "VGR": return number(form, 0...255, &receiveGain)
        case "VIT": return number(form, 0...255, &inactivityTimer)
        case "VTD": return number(form, 1...255, &toneDuration)
        case "VRA": return number(form, 0...255, &ringbackGoesAway)
        case "VRN": return number(form, 0...255, &ringbackNeverCame)
        case "VNH": return number(form, 0...2, &hangUpControl)
        case "VCID": return number(form, 0...2, &callerID)
        case "VSD":
            return value(form, test: "(0-255),(0-255)", read: "\(silenceSensitivity),\(silenceInterval)") { v in
                let parts = v.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
                guard (1...2).contains(parts.count), let s = Int(parts[0]), (0...255).contains(s) else { return false }
                var interval = silenceInterval
                if parts.count == 2 {
                    guard let i = Int(parts[1]), (0...255).contains(i) else { return false }
                    interval = i
                }
                silenceSensitivity = s
                silenceInterval = interval
                return true
            }
        case "VEM":
            let supported = V253Event.mask(V253Event.commandState + V253Event.receiveState + V253Event.transmitState)
            return value(form, test: V253Event.hex(supported), read: V253Event.hex(eventMask)) { v in
                let digits = v.hasPrefix("\"") && v.hasSuffix("\"") && v.count >= 2 ? String(v.dropFirst().dropLast()) : v
                guard !digits.isEmpty, digits.count <= 8, let mask = UInt32(digits, radix: 16) else { return false }
                eventMask = mask & supported
                return true
            }
        case "VDR":
            return value(form, test: "(0,1),(0-255)", read: distinctiveRing) { v in
                let parts = v.split(separator: ",", omittingEmptySubsequences: false).map { Int(String($0).trimmingSpaces) }
                guard (1...2).contains(parts.count), let e = parts[0], (0...1).contains(e) else { return false }
                if parts.count == 2 { guard let r = parts[1], (0...255).contains(r) else { return false } }
                distinctiveRing = v
                return true
            }
        case "VTS":
            switch form {
            case .test: return .ok(["(0-4000),(0-4000),(0-1000)"])
            case .set: return .action("VTS", form)
            default: return .error
            }
        case "VRID":
            switch form {
            case .test: return .ok(["(0,1)"])
            case .set(let v): return ["0", "1"].contains(v) ? .action("VRID", form) : .error
            case .action: return .action("VRID", .set("0"))
            case .read: return .error
            }
        case "VTX", "VRX", "VTR":
            return form == .action ? .action(name, form) : .error
        default:
            return .error
        }
    }

    private func identity(_ form: ExtendedForm, _ text: String) -> V253Outcome {
        form == .read || form == .action ? .ok([text]) : .error
    }

    private func number(_ form: ExtendedForm, _ range: ClosedRange<Int>, _ target: inout Int) -> V253Outcome {
        switch form {
        case .test: return .ok(["(\(range.lowerBound)-\(range.upperBound))"])
        case .read: return .ok(["\(target)"])
        case .set(let v):
            guard let n = Int(v), range.contains(n) else { return .error }
            target = n
            return .ok([])
        case .action: return .error
        }
    }

    private func value(_ form: ExtendedForm, test: String, read: String, set: (String) -> Bool) -> V253Outcome {
        switch form {
        case .test: return .ok([test])
        case .read: return .ok([read])
        case .set(let v): return set(v) ? .ok([]) : .error
        case .action: return .error
        }
    }
}
