// T32Commands: reading an AT command line (V.250 §5.2) into commands — basic (E0, H, &K3),
// S-registers, dialling, and extended commands with their four forms (+FCR=1, +FCR?, +FCR=?,
// +FDT) — for the virtual Class 2 / 2.0 modem. Pure values: anything it cannot read is nil (the
// modem answers ERROR), never a crash.

/// One command of an AT command line.
public enum ATCommand: Sendable, Hashable {
    /// A basic command: a letter (or & and a letter) and its number, e.g. ("E", 0), ("&K", 3), ("A", nil).
    case basic(String, Int?)
    /// D and the rest of the line (the dial string).
    case dial(String)
    /// Sn=v (value) or Sn? (nil).
    case sRegister(Int, value: Int?)
    /// +NAME and its form; the name without "+", upper case.
    case extended(String, ExtendedForm)
}

/// The four forms of an extended command (V.250 §5.3).
public enum ExtendedForm: Sendable, Hashable {
    /// +FDT: do it.
    case action
    /// +FCR=1: set (the text after "=", quotes kept).
    case set(String)
    /// +FCR?: read the current value.
    case read
    /// +FCR=?: which values are allowed.
    case test
}

public enum ATCommandLine {
    /// The commands of `line` (with or without its trailing CR), or nil when it is not a well-formed
    /// AT command line.
    public static func parse(_ line: String) -> [ATCommand]? {
        var chars = Array(line.utf8)
        while let last = chars.last, last == 0x0D || last == 0x0A { chars.removeLast() }
        guard chars.count >= 2, upper(chars[0]) == 0x41, upper(chars[1]) == 0x54 else { return nil }  // "AT"
        var i = 2
        var commands: [ATCommand] = []
        func peek() -> UInt8? { i < chars.count ? upper(chars[i]) : nil }
        func number() -> Int? {
            var digits = 0
            var value = 0
            while let c = peek(), c >= 0x30, c <= 0x39, digits < 9 {
                value = value * 10 + Int(c - 0x30)
                digits += 1
                i += 1
            }
            return digits == 0 ? nil : value
        }
        while let c = peek() {
            switch c {
            case 0x20, 0x3B:  // spaces, and ";" between commands
                i += 1
            case 0x44:  // D: the rest of the line is the dial string
                let rest = String(decoding: chars[(i + 1)...], as: UTF8.self)
                commands.append(.dial(rest.trimmingSpaces))
                i = chars.count
            case 0x53:  // Sn=v / Sn?
                i += 1
                guard let register = number() else { return nil }
                if peek() == 0x3F {
                    i += 1
                    commands.append(.sRegister(register, value: nil))
                } else if peek() == 0x3D {
                    i += 1
                    commands.append(.sRegister(register, value: number() ?? 0))
                } else {
                    return nil
                }
            case 0x2B:  // +NAME[=…|?|=?]
                i += 1
                let start = i
                while let n = peek(), isNameCharacter(n) { i += 1 }
                guard i > start else { return nil }
                let name = String(decoding: chars[start..<i].map(upper), as: UTF8.self)
                if peek() == 0x3D {
                    i += 1
                    if peek() == 0x3F {
                        i += 1
                        commands.append(.extended(name, .test))
                    } else {
                        // The value runs to ";" or the end, quoted strings kept as they are.
                        let valueStart = i
                        var quoted = false
                        while i < chars.count {
                            if chars[i] == 0x22 { quoted.toggle() }
                            if chars[i] == 0x3B, !quoted { break }
                            i += 1
                        }
                        guard !quoted else { return nil }
                        var value = Array(chars[valueStart..<i])
                        var inQuotes = false
                        for k in value.indices {
                            if value[k] == 0x22 { inQuotes.toggle() } else if !inQuotes { value[k] = upper(value[k]) }
                        }
                        commands.append(.extended(name, .set(String(decoding: value, as: UTF8.self).trimmingSpaces)))
                    }
                } else if peek() == 0x3F {
                    i += 1
                    commands.append(.extended(name, .read))
                } else {
                    commands.append(.extended(name, .action))
                }
            case 0x26:  // &X[n]
                i += 1
                guard let letter = peek(), letter >= 0x41, letter <= 0x5A else { return nil }
                i += 1
                commands.append(.basic("&" + String(UnicodeScalar(letter)), number()))
            case 0x41...0x5A:
                i += 1
                commands.append(.basic(String(UnicodeScalar(c)), number()))
            default:
                return nil
            }
        }
        return commands
    }

    private static func upper(_ c: UInt8) -> UInt8 { c >= 0x61 && c <= 0x7A ? c - 0x20 : c }

    private static func isNameCharacter(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x21 || c == 0x25 || c == 0x2D || c == 0x2F || c == 0x5F
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
