// FaxRoutes: the REST API v1's routes over the spool and the modem pool's status board. Every
// error leaves as problem+json (APIProblem). docs/api/openapi.yaml documents exactly the routes
// registered here: APIContractTests reads them back from the routers FaxAPIServer builds.

import E164
import FaxAPIModels
import FaxDocuments
import FaxServer
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Prometheus
import Spool

struct FaxRoutes: Sendable {
    let context: FaxServerContext
    let metrics: PrometheusCollectorRegistry
    let submitter: SubmitHandler

    func register(on router: Router<BasicRequestContext>) {
        let spool = context.spool
        router.post("/v1/faxes") { request, _ in
            try await handle {
                let outcome = try await submitter.submit(request)
                if outcome.created { FaxMetrics.submitted(source: "api", count: outcome.jobs.count) }
                if outcome.fanOut {
                    return try JSONResponse.make(ListResource(data: outcome.jobs.map { FaxResource($0) }), status: outcome.created ? .created : .ok)
                }
                let job = outcome.jobs[0]
                return try JSONResponse.make(FaxResource(job), status: outcome.created ? .created : .ok,
                                             headers: [.location: "/v1/faxes/\(job.id)"])
            }
        }
        router.get("/v1/faxes") { request, _ in
            try await handle { try await list(request, direction: nil) }
        }
        router.get("/v1/inbox") { request, _ in
            try await handle { try await list(request, direction: .inbound) }
        }
        router.get("/v1/faxes/:id") { _, ctx in
            try await handle { try await resource(try await spool.job(id(ctx))) }
        }
        router.patch("/v1/faxes/:id") { request, ctx in
            try await handle {
                let job = try await spool.modify(id(ctx), try change(try await decodeJSON(PatchFaxRequest.self, request)))
                context.wake()
                return try await resource(job)
            }
        }
        router.delete("/v1/faxes/:id") { _, ctx in
            try await handle {
                try await context.deleteJob(id(ctx))
                return Response(status: .noContent)
            }
        }
        for action in ["cancel", "hold", "resume", "retry"] {
            router.post("/v1/faxes/:id/\(action)") { _, ctx in
                try await handle {
                    let id = try id(ctx)
                    let job: FaxJob
                    switch action {
                    case "cancel": job = try await spool.cancel(id)
                    case "hold": job = try await spool.hold(id)
                    case "resume": job = try await spool.resume(id)
                    default: job = try await spool.retry(id)
                    }
                    if action != "cancel" { context.wake() }
                    return try await resource(job)
                }
            }
        }
        router.post("/v1/faxes/:id/resubmit") { request, ctx in
            try await handle {
                var request = request
                let body: ByteBuffer
                do { body = try await request.collectBody(upTo: APILimits.jsonBodyBytes) } catch {
                    throw APIProblem.bodyTooLarge(APILimits.jsonBodyBytes)
                }
                var to: E164Number?
                if body.readableBytes > 0 {
                    let decoded: ResubmitRequest
                    do { decoded = try APIJSON.decoder().decode(ResubmitRequest.self, from: body) } catch {
                        throw APIProblem.badRequest("the body is not a resubmit request: \(error)")
                    }
                    if let given = decoded.to { to = try context.configuration.destination(given) }
                }
                // The old destination is checked by today's policy too.
                if to == nil { _ = try context.configuration.dialString(forStored: try await spool.job(id(ctx)).toNumber) }
                let job = try await context.resubmit(id(ctx), to: to)
                context.wake()
                return try JSONResponse.make(FaxResource(job), status: .created, headers: [.location: "/v1/faxes/\(job.id)"])
            }
        }
        router.get("/v1/faxes/:id/attempts") { _, ctx in
            try await handle { try JSONResponse.make(ListResource(data: try await spool.attempts(id(ctx)).map(AttemptResource.init))) }
        }
        router.get("/v1/faxes/:id/attempts/:number") { _, ctx in
            try await handle { try JSONResponse.make(AttemptResource(try await attempt(ctx))) }
        }
        router.get("/v1/faxes/:id/attempts/:number/log") { _, ctx in
            try await handle {
                let attempt = try await attempt(ctx)
                let text = (attempt.result?.sessionLog ?? []).map(\.description).joined(separator: "\n") + "\n"
                return JSONResponse.bytes(Data(text.utf8), contentType: "text/plain; charset=utf-8")
            }
        }
        router.get("/v1/faxes/:id/events") { _, ctx in
            try await handle { try JSONResponse.make(ListResource(data: try await spool.events(job: id(ctx)).map(EventResource.init))) }
        }
        router.get("/v1/events") { request, _ in
            try await handle {
                let (after, limit) = try feedPosition(request)
                let events = try await spool.events(after: after, limit: limit)
                return try JSONResponse.make(ListResource(data: events.map(EventResource.init), nextCursor: events.last.map { String($0.sequence) }))
            }
        }
        router.get("/v1/faxes/:id/document") { request, ctx in
            try await handle { try await DocumentDownload.response(for: try await spool.job(id(ctx)), query: request.uri.queryParameters,
                                                                  scratchDirectory: context.configuration.scratchDirectory) }
        }
        router.get("/v1/faxes/:id/report") { _, ctx in
            try await handle {
                let job = try await spool.job(id(ctx))
                return try await ReportDownload.response(for: job, attempts: try await spool.attempts(job.id),
                                                         scratchDirectory: context.configuration.scratchDirectory)
            }
        }
        router.delete("/v1/faxes/:id/document") { _, ctx in
            try await handle { try await resource(try await context.deleteDocuments(id(ctx))) }
        }
        router.get("/v1/modems") { _, _ in
            try await handle { try JSONResponse.make(ListResource(data: context.modems.all.map(ModemResource.init))) }
        }
        router.get("/v1/modems/events") { request, _ in
            try await handle {
                let (after, limit) = try feedPosition(request)
                let events = try await spool.modemEvents(after: after, limit: limit)
                return try JSONResponse.make(ListResource(data: events.map(ModemEventResource.init), nextCursor: events.last.map { String($0.sequence) }))
            }
        }
        WebhookRoutes(context: context).register(on: router)
        FaxboxRoutes(context: context).register(on: router)
        FileRoutes(context: context, uploads: submitter.uploads).register(on: router)
        MailRoutes(context: context, logger: Logger(label: "swiftfax.mail")).register(on: router)
        MetricsRoute(context: context, registry: metrics).register(on: router)
        router.get("/v1/health") { _, _ in
            try await handle { try JSONResponse.make(["status": "ok"]) }
        }
    }

    /// An event feed's `after` (a sequence number, 0 or more) and `limit`.
    private func feedPosition(_ request: Request) throws -> (after: Int64, limit: Int) {
        let q = request.uri.queryParameters
        var after: Int64 = 0
        if let text = q.get("after") {
            guard let value = Int64(text), value >= 0 else { throw APIProblem.badRequest("after must be an event sequence number (0 or more)") }
            after = value
        }
        return (after, try APILimits.listLimit(q.get("limit"), fallback: APILimits.listLimit.upperBound))
    }

    /// Attempt `{number}` of fax `{id}`.
    private func attempt(_ ctx: BasicRequestContext) async throws -> FaxAttempt {
        let number = ctx.parameters.get("number").flatMap(Int.init)
        guard let attempt = try await context.spool.attempts(id(ctx)).first(where: { $0.number == number }) else {
            throw APIProblem.notFound("no attempt \(number.map(String.init) ?? "?")")
        }
        return attempt
    }

    /// A PATCH body as a spool change, every value checked as a submission's would be.
    private func change(_ r: PatchFaxRequest) throws -> JobChange {
        var change = JobChange(priority: r.priority, maxAttempts: r.maxAttempts, killAt: r.killAt)
        if let to = r.to {
            do throws(DestinationRefusal) { change.to = try context.configuration.destination(to) } catch { throw APIProblem.from(error) }
        }
        if let from = r.from {
            do throws(E164Error) { change.from = try context.configuration.dialRules.number(from) } catch {
                throw APIProblem.invalidNumber(error.description)
            }
        }
        if let attempts = r.maxAttempts, !(1...20).contains(attempts) {
            throw APIProblem(.unprocessableContent, code: 4000, "Invalid request", detail: "max_attempts is 1–20")
        }
        if r.sendNow == true { change.sendAt = .some(nil) } else if let sendAt = r.sendAt { change.sendAt = .some(sendAt) }
        if let options = r.options {
            try SubmitHandler.check(options)
            guard options.modemGroup == nil else { throw APIProblem.badRequest("modem_group cannot change; resubmit instead") }
            change.resolution = options.resolution
            change.headerText = options.header
            change.localIdentity = options.identity
            change.timeZone = options.timezone
            change.errorCorrection = options.ecm
            change.metadata = options.metadata
        }
        try APILimits.check(SubmitFaxRequest(to: "", sendAt: r.sendAt, killAt: r.killAt, options: r.options),
                            groups: APILimits.dialGroups(context.configuration))
        return change
    }

    private func id(_ ctx: BasicRequestContext) throws -> JobID {
        guard let text = ctx.parameters.get("id"), text.utf8.count == 26 else { throw APIProblem.notFound("no such fax") }
        return JobID(text)
    }

    private func resource(_ job: FaxJob) async throws -> Response {
        var remote: String?
        if job.direction == .inbound { remote = try await context.spool.attempts(job.id).last?.result?.remoteIdentity }
        return try JSONResponse.make(FaxResource(job, remoteIdentity: remote))
    }

    private func list(_ request: Request, direction: JobDirection?) async throws -> Response {
        let q = request.uri.queryParameters
        var query = JobQuery(direction: direction ?? q.get("direction").flatMap(JobDirection.init(rawValue:)), number: q.get("number"))
        if let states = q.get("state") {
            query.states = try states.split(separator: ",").map { name in
                guard let state = JobState(rawValue: String(name)) else { throw APIProblem.badRequest("unknown state \(name)") }
                return state
            }
        }
        if let since = q.get("since") {
            guard let date = ISO8601DateFormatter().date(from: since) else { throw APIProblem.badRequest("since must be an ISO 8601 date") }
            query.since = date
        }
        if let ids = q.get("id") {
            // 001's search: several faxes by id at once (`id=a,b,c`).
            query.ids = try ids.split(separator: ",").map { text in
                guard text.utf8.count == 26 else { throw APIProblem.badRequest("\(text.prefix(40)) is not a fax id") }
                return JobID(String(text))
            }
            guard query.ids.count <= 100 else { throw APIProblem.badRequest("at most 100 ids") }
        }
        query.faxboxID = q.get("faxbox_id")
        query.limit = try APILimits.listLimit(q.get("limit"), fallback: query.limit)
        query.cursor = q.get("cursor")
        let page = try await context.spool.list(query)
        var resources = page.jobs.map { FaxResource($0) }
        switch q.get("include") {
        case nil: break
        case "history":
            for index in resources.indices {
                resources[index].history = try await context.spool.events(job: page.jobs[index].id).map(EventResource.init)
            }
        case let other?: throw APIProblem.badRequest("include is history, not \(other.prefix(40))")
        }
        return try JSONResponse.make(ListResource(data: resources, nextCursor: page.nextCursor))
    }

}

extension ModemResource {
    init(_ status: ModemStatus) {
        self.init(name: status.name, device: status.device, groups: status.groups, state: status.state.rawValue,
                  faxID: status.jobID, answers: status.answers, manufacturer: status.manufacturer, model: status.model,
                  revision: status.revision, lastError: status.lastError, callsMade: status.callsMade, callsAnswered: status.callsAnswered,
                  identity: status.identity, usbID: status.usbID, driver: status.driver, since: status.since,
                  faxClass: status.faxClass)
    }
}
