// Privileges: faxd started as root prepares its directories, hands them to the configured user
// and becomes that user (with its supplementary groups — dialout for the modems) before it opens
// the spool or a modem. Started as anyone else, it stays who it is.

import Foundation

enum Privileges {
    struct Account {
        let uid: uid_t
        let gid: gid_t
        let name: String
    }

    static func account(_ name: String) throws -> Account {
        guard let entry = getpwnam(name) else { throw FaxdError("no user \"\(name)\" (create it: scripts/install-faxd.sh)") }
        return Account(uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, name: name)
    }

    /// Creates `path` (0700 unless told) owned by `account` when we are root.
    static func directory(_ path: String, mode: mode_t = 0o700, owner account: Account?) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, mode)
        if let account, getuid() == 0 {
            guard chown(path, account.uid, account.gid) == 0 else { throw FaxdError("chown \(path): \(String(cString: strerror(errno)))") }
        }
    }

    /// Becomes `account` for good (groups, then group, then user).
    static func drop(to account: Account) throws {
        guard getuid() == 0 else { return }
        guard initgroups(account.name, account.gid) == 0, setgid(account.gid) == 0, setuid(account.uid) == 0 else {
            throw FaxdError("cannot become \(account.name): \(String(cString: strerror(errno)))")
        }
        guard setuid(0) != 0 else { throw FaxdError("privileges were not dropped") }
    }
}

struct FaxdError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
