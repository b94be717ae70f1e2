// Privileges: who faxd runs as. Started as root, faxd prepares its directories, hands the ones it
// owns to its user (`user:`, default swiftfax) and becomes that user (with its supplementary
// groups — dialout for the modems) before it opens the spool, a modem or a socket. It does not go
// on as root unless the configuration says `allow_root: true`. Started as anyone else (systemd's
// User=swiftfax, a developer), it stays who it is.
//
// Directories that already exist and are not faxd's own (the parent of the API socket: /run,
// /tmp, a home directory) are never chowned or chmodded; one faxd creates is its user's.

import FaxServer
import Foundation

enum Privileges {
    struct Account {
        let uid: uid_t
        let gid: gid_t
        let name: String
    }

    /// The account faxd must become, or nil to stay who it is. Throws when that is not allowed
    /// (root without `allow_root`) or the user does not exist.
    static func target(for configuration: ServerConfiguration) throws -> Account? {
        guard getuid() == 0 || geteuid() == 0 else { return nil }
        guard let name = configuration.runAsUser else { return nil }  // allow_root and no user: stays root
        guard let entry = getpwnam(name) else {
            throw FaxdError.configuration("""
                user "\(name)" does not exist: create it (scripts/install-faxd.sh makes swiftfax, in group dialout), \
                name another unprivileged user in `user:`, or set `allow_root: true` to run faxd as root (not recommended)
                """)
        }
        let account = Account(uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, name: name)
        if account.uid == 0, !configuration.allowRoot {
            throw FaxdError.configuration("user \"\(name)\" is root: faxd does not run as root unless `allow_root: true` is set")
        }
        return account
    }

    /// After any drop: refuses to go on as root unless allowed.
    static func checkNotRoot(_ configuration: ServerConfiguration) throws {
        if (getuid() == 0 || geteuid() == 0), !configuration.allowRoot {
            throw FaxdError.configuration("faxd does not run as root unless `allow_root: true` is set (set `user:` to an unprivileged account)")
        }
    }

    /// faxd's own directory (the spool): created if missing, 0700, its user's when we are root.
    static func ownDirectory(_ path: String, owner account: Account?) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard chmod(path, 0o700) == 0 else { throw FaxdError("chmod \(path): \(lastError)") }
        if let account, geteuid() == 0 {
            guard chown(path, account.uid, account.gid) == 0 else { throw FaxdError("chown \(path): \(lastError)") }
        }
    }

    /// A spool left by a faxd that ran as root (the old default) is handed to faxd's user, file by
    /// file (symbolic links themselves, never what they point to). Nothing to do when the spool
    /// and its database already belong to the user.
    static func handOverSpool(_ spool: String, database: String, to account: Account) throws {
        guard geteuid() == 0 else { return }
        var st = stat()
        let databaseOwned = lstat(database, &st) != 0 ? errno == ENOENT : st.st_uid == account.uid
        if databaseOwned, lstat(spool, &st) == 0, st.st_uid == account.uid { return }
        try lchownTree(spool, account)
    }

    /// lchown of `path` and, when it is a real directory (not a link to one), of everything in it.
    private static func lchownTree(_ path: String, _ account: Account) throws {
        guard lchown(path, account.uid, account.gid) == 0 else { throw FaxdError("chown \(path): \(lastError)") }
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return }
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            try lchownTree(path + "/" + name, account)
        }
    }

    /// The directory of the API socket: left alone when it exists (it may be /run or /tmp, shared
    /// with others); created 0755 and given to faxd's user when it does not.
    static func socketDirectory(_ path: String, owner account: Account?) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else { throw FaxdError.configuration("the API socket's directory \(path) is not a directory") }
            return
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        if let account, geteuid() == 0 {
            guard chown(path, account.uid, account.gid) == 0 else { throw FaxdError("chown \(path): \(lastError)") }
        }
    }

    /// Becomes `account` for good (groups, then group, then user).
    static func drop(to account: Account) throws {
        guard getuid() == 0 || geteuid() == 0 else { return }
        guard initgroups(account.name, account.gid) == 0, setgid(account.gid) == 0, setuid(account.uid) == 0 else {
            throw FaxdError("cannot become \(account.name): \(lastError)")
        }
        if account.uid != 0 {
            guard setuid(0) != 0, getuid() == account.uid, geteuid() == account.uid else { throw FaxdError("privileges were not dropped") }
        }
        // Started from a directory whose path the new user may not walk (a clone under root's
        // home): Foundation starts every program in the current directory by that path, and would
        // fail with EACCES. Nothing relative is used after this point, so / serves.
        let workingDirectory = getcwd(nil, 0)
        if workingDirectory == nil || access(workingDirectory!, X_OK) != 0 { _ = chdir("/") }
        free(workingDirectory)
    }

    /// As the user faxd runs as: the socket's directory takes a new socket, and `socket_group`
    /// exists and is one faxd may give the socket to. Returns the group's id.
    @discardableResult
    static func checkSocket(_ api: APIConfiguration) throws -> gid_t? {
        guard !api.socket.isEmpty else { return nil }
        let directory = (api.socket as NSString).deletingLastPathComponent
        guard access(directory, W_OK | X_OK) == 0 else {
            throw FaxdError.configuration("""
                the API socket's directory \(directory) is not writable by \(currentUserName) (uid \(geteuid())): \
                make it that user's (systemd: RuntimeDirectory=swiftfax) or choose another api.socket
                """)
        }
        guard let name = api.socketGroup else { return nil }
        guard let group = getgrnam(name) else {
            throw FaxdError.configuration("api.socket_group \"\(name)\" is not a group on this system")
        }
        let gid = group.pointee.gr_gid
        guard geteuid() == 0 || getegid() == gid || supplementaryGroups().contains(gid) else {
            throw FaxdError.configuration("""
                api.socket_group \"\(name)\": faxd's user \(currentUserName) is not in that group, so cannot give the socket to it \
                (usermod -a -G \(name) \(currentUserName))
                """)
        }
        return gid
    }

    static func supplementaryGroups() -> [gid_t] {
        let count = getgroups(0, nil)
        guard count > 0 else { return [] }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let got = getgroups(count, &groups)
        return got > 0 ? Array(groups.prefix(Int(got))) : []
    }

    static var currentUserName: String {
        getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "uid \(geteuid())"
    }

    static var lastError: String { String(cString: strerror(errno)) }
}

struct FaxdError: Error, CustomStringConvertible {
    let description: String
    /// A problem in the configuration or the system's accounts (exit 78, EX_CONFIG: restarting does not help).
    var isConfiguration = false
    init(_ description: String) { self.description = description }

    static func configuration(_ description: String) -> FaxdError {
        var error = FaxdError(description)
        error.isConfiguration = true
        return error
    }
}
