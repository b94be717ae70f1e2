// SenderPermission: a faxbox's smtp_permission_list — addresses, domains, `*`/`?` globs — and
// that a hostile address cannot make the matcher run away.

import FaxMail
import Foundation
import Testing

@Suite struct SenderPermissionTests {
    @Test func addressesDomainsAndWildcards() {
        let list = ["alice@example.com", "clinic.example", "*@*.hospital.example", "lab-?@labs.example"]
        #expect(SenderPermission.permits(list, "Alice@Example.com"))
        #expect(!SenderPermission.permits(list, "bob@example.com"))
        #expect(SenderPermission.permits(list, "anyone@clinic.example"))
        #expect(!SenderPermission.permits(list, "anyone@sub.clinic.example"), "a domain entry is that domain only")
        #expect(SenderPermission.permits(list, "nurse@ward3.hospital.example"))
        #expect(!SenderPermission.permits(list, "nurse@hospital.example"))
        #expect(SenderPermission.permits(list, "lab-7@labs.example") && !SenderPermission.permits(list, "lab-77@labs.example"))
        #expect(!SenderPermission.permits([], "alice@example.com"), "an empty list permits nobody")
        #expect(!SenderPermission.permits(["*"], "no-at-sign"))
    }

    @Test func aHostileAddressIsMatchedInLinearTime() {
        let pattern = String(repeating: "*a", count: 40) + "b@x.example"
        let address = String(repeating: "a", count: 5000) + "@x.example"
        let start = ContinuousClock.now
        #expect(!SenderPermission.permits([pattern], address))
        // Not a timing assertion: a backtracking matcher would not return at all.
        print("glob of 80 wildcards against 5000 characters: \(ContinuousClock.now - start)")
    }
}
