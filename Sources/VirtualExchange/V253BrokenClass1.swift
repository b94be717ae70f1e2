// V253BrokenClass1: a fault to inject on purpose — a voice modem whose Class 1 firmware is broken
// (`--line 100=voice-modem,class1=broken`), as many cheap modems' is: it offers class 1
// (`+FCLASS=?` → `0,1,8`) and answers its queries, but in class 1 a dial says CONNECT and then
// the modem goes deaf, ignoring everything until a host wakes it with ATE0. A Class 1 driver gets
// a modem fault (5206) from it every time; faxd's `class: auto` is expected to fall back to voice.

extension V253ModemLine {
    /// In class 1: the answers a Class 1 host's probe needs; nil for anything else.
    func brokenClass1Answer(_ name: String, _ form: ExtendedForm) -> V253Outcome? {
        guard settings.fclass == "1" else { return nil }
        switch (name, form) {
        case ("FTM", .test), ("FRM", .test): return .ok(["24,48,72,96"])
        case ("FTH", .test), ("FRH", .test): return .ok(["3"])
        default: return nil
        }
    }

    /// ATD in class 1: CONNECT, then deaf until ATE0.
    func brokenClass1Dial() {
        result("CONNECT")
        deafUntilWake = true
    }

    /// While deaf: only ATE0 is heard; it brings the modem back to class 0, on hook.
    func hearWhileDeaf(_ line: String) -> Bool {
        guard deafUntilWake else { return false }
        if line.uppercased().replacingOccurrences(of: " ", with: "") == "ATE0" {
            deafUntilWake = false
            settings.fclass = "0"
            echo = false
            finish("OK")
        }
        return true
    }
}
