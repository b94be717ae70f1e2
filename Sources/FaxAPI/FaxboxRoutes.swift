// FaxboxRoutes: /v1/faxboxes — boxes as a resource (Kazoo's fields, checked here: numbers are
// E.164 through the dial rules, the identity is T.30's numeric string, the time zone is known,
// callback URLs are http(s)) and each box's inbox.

import E164
import FaxAPIModels
import FaxServer
import Foundation
import Hummingbird
import MIME
import Spool

struct FaxboxRoutes: Sendable {
    let context: FaxServerContext

    func register(on router: Router<BasicRequestContext>) {
        let spool = context.spool
        router.post("/v1/faxboxes") { request, _ in
            try await handle {
                let body = try await decodeJSON(FaxboxRequest.self, request)
                guard body.name != nil else { throw APIProblem.badRequest("a faxbox needs a name") }
                let box = try await spool.createFaxbox(try change(body))
                return try JSONResponse.make(FaxboxResource(box), status: .created, headers: [.location: "/v1/faxboxes/\(box.id)"])
            }
        }
        router.get("/v1/faxboxes") { _, _ in
            try await handle { try JSONResponse.make(ListResource(data: try await spool.faxboxes().map(FaxboxResource.init))) }
        }
        router.get("/v1/faxboxes/:id") { _, ctx in
            try await handle { try JSONResponse.make(FaxboxResource(try await spool.faxbox(boxID(ctx)))) }
        }
        router.patch("/v1/faxboxes/:id") { request, ctx in
            try await handle {
                let box = try await spool.updateFaxbox(boxID(ctx), try change(try await decodeJSON(FaxboxRequest.self, request)))
                return try JSONResponse.make(FaxboxResource(box))
            }
        }
        router.delete("/v1/faxboxes/:id") { _, ctx in
            try await handle {
                try await spool.deleteFaxbox(boxID(ctx))
                return Response(status: .noContent)
            }
        }
        router.get("/v1/faxboxes/:id/inbox") { request, ctx in
            try await handle {
                let box = try await spool.faxbox(boxID(ctx))
                let q = request.uri.queryParameters
                var query = JobQuery(direction: .inbound, faxboxID: box.id)
                query.limit = try APILimits.listLimit(q.get("limit"), fallback: query.limit)
                query.cursor = q.get("cursor")
                let page = try await spool.list(query)
                return try JSONResponse.make(ListResource(data: page.jobs.map { FaxResource($0) }, nextCursor: page.nextCursor))
            }
        }
    }

    /// The request as a change: "" (or 0 retries) clears a field; every value checked.
    func change(_ r: FaxboxRequest) throws -> FaxboxChange {
        func text(_ value: String?, _ field: String, max: Int = 128) throws -> String?? {
            guard let value else { return nil }
            guard value.count <= max, !value.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
                throw APIProblem.badRequest("\(field) is one line of at most \(max) characters")
            }
            return .some(value.isEmpty ? nil : value)
        }
        func number(_ given: String, _ field: String) throws -> String {
            do { return try context.configuration.dialRules.number(given).text } catch {
                throw APIProblem.invalidNumber("\(field): \(error)")
            }
        }
        func list(_ values: [String]?, _ field: String, max: Int = 100, _ each: (String) throws -> String) throws -> [String]? {
            guard let values else { return nil }
            guard values.count <= max else { throw APIProblem.badRequest("\(field) has at most \(max) entries") }
            return try values.map(each)
        }
        if let name = r.name, name.isEmpty || name.count > 128 { throw APIProblem.badRequest("name is 1–128 characters") }
        var change = FaxboxChange(name: r.name)
        change.callerName = try text(r.callerName, "caller_name")
        change.faxHeader = try text(r.faxHeader, "fax_header", max: APILimits.headerLength)
        if let callerID = r.callerId { change.callerID = .some(callerID.isEmpty ? nil : try number(callerID, "caller_id")) }
        if let identity = r.faxIdentity {
            if !identity.isEmpty { try SubmitHandler.checkIdentity(identity, "fax_identity") }
            change.faxIdentity = .some(identity.isEmpty ? nil : identity)
        }
        if let zone = r.faxTimezone {
            if !zone.isEmpty { try SubmitHandler.checkTimeZone(zone) }
            change.faxTimezone = .some(zone.isEmpty ? nil : zone)
        }
        if let retries = r.retries {
            guard (0...20).contains(retries) else { throw APIProblem.badRequest("retries is 0–20 (0: the server's default)") }
            change.retries = .some(retries == 0 ? nil : retries)
        }
        change.numbers = try list(r.numbers, "numbers") { try number($0, "numbers") }
        change.modems = try list(r.modems, "modems") { name in
            guard !name.isEmpty, name.count <= 64 else { throw APIProblem.badRequest("a modem name is 1–64 characters") }
            return name
        }
        change.callers = try list(r.callers, "callers") { pattern in
            guard !pattern.isEmpty, pattern.count <= 40, pattern.allSatisfy({ $0.isASCII && ($0.isNumber || "+*? ".contains($0)) }) else {
                throw APIProblem.badRequest("a caller pattern is 1–40 of 0-9, +, space, * and ?")
            }
            return pattern
        }
        if let given = r.notifications {
            func target(_ direction: FaxboxNotificationsResource.Direction?) throws -> FaxboxNotifications.Target {
                let url = try direction?.callback.flatMap { $0.url.isEmpty ? nil : try WebhookRoutes.checkedURL($0.url) }
                let mail = try list(direction?.email?.sendTo, "email.send_to", max: 20) { address in
                    do { return try MailAddress(address).address } catch { throw APIProblem.badRequest("\(error)") }
                }
                return FaxboxNotifications.Target(callbackURL: url, emailTo: mail ?? [])
            }
            change.notifications = FaxboxNotifications(inbound: try target(given.inbound), outbound: try target(given.outbound))
        }
        if let domain = r.customSmtpEmailAddress {
            let labels = domain.lowercased().split(separator: ".", omittingEmptySubsequences: false)
            guard domain.isEmpty || (domain.count <= 253 && labels.count >= 2 && labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }) else { throw APIProblem.badRequest("custom_smtp_email_address is a mail domain (fax.example.com)") }
            change.smtpAddress = .some(domain.isEmpty ? nil : domain.lowercased())
        }
        change.smtpPermissionList = try list(r.smtpPermissionList, "smtp_permission_list") { entry in
            guard !entry.isEmpty, entry.count <= 254,
                  entry.allSatisfy({ $0.isASCII && !$0.isWhitespace && !"<>,;\"()[]\\".contains($0) }) else {
                throw APIProblem.badRequest("an smtp_permission_list entry is an address or a domain, with * and ? wildcards")
            }
            return entry
        }
        return change
    }

    private func boxID(_ ctx: BasicRequestContext) throws -> String {
        guard let id = ctx.parameters.get("id"), id.utf8.count <= 40, id == Faxbox.defaultID || id.hasPrefix("fbx_") else {
            throw APIProblem.notFound("no such faxbox")
        }
        return id
    }

}

extension FaxboxResource {
    init(_ box: Faxbox) {
        func direction(_ target: FaxboxNotifications.Target) -> FaxboxNotificationsResource.Direction? {
            if target.callbackURL == nil && target.emailTo.isEmpty { return nil }
            return .init(callback: target.callbackURL.map { .init(url: $0) }, email: target.emailTo.isEmpty ? nil : .init(sendTo: target.emailTo))
        }
        self.init(id: box.id, name: box.name, callerId: box.callerID, callerName: box.callerName, faxHeader: box.faxHeader,
                  faxIdentity: box.faxIdentity, faxTimezone: box.faxTimezone, retries: box.retries, numbers: box.numbers,
                  modems: box.modems, callers: box.callers,
                  notifications: FaxboxNotificationsResource(inbound: direction(box.notifications.inbound),
                                                             outbound: direction(box.notifications.outbound)),
                  customSmtpEmailAddress: box.smtpAddress, smtpPermissionList: box.smtpPermissionList,
                  createdAt: box.createdAt, updatedAt: box.updatedAt)
    }
}
