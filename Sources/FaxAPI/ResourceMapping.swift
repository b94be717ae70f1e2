// ResourceMapping: spool records → the API's wire types (FaxAPIModels).

import FaxAPIModels
import FaxOutcome
import Foundation
import Spool

extension FaxResource {
    init(_ job: FaxJob, remoteIdentity: String? = nil) {
        let exists = { (path: String?) in path.map { FileManager.default.fileExists(atPath: $0) } ?? false }
        self.init(
            id: job.id.rawValue, direction: job.direction.rawValue, state: job.state.rawValue, to: job.toNumber,
            from: job.fromNumber, priority: job.priority, maxAttempts: job.maxAttempts, attemptsMade: job.attemptsMade,
            pagesTotal: job.pagesTotal, pagesConfirmed: job.pagesConfirmed, sendAt: job.sendAt, killAt: job.killAt,
            nextAttemptAt: job.nextAttemptAt, cancelRequested: job.cancelRequested, createdAt: job.createdAt,
            updatedAt: job.updatedAt, completion: job.lastCompletion.map(CompletionResource.init),
            options: FaxOptionsResource(job.options), idempotencyKey: job.idempotencyKey,
            resubmittedFrom: job.resubmittedFrom?.rawValue,
            documents: DocumentsResource(original: exists(job.documentPath), transmitted: exists(job.transmitPath),
                                         received: exists(job.receivedPath)),
            remoteIdentity: remoteIdentity, faxboxId: job.faxboxID)
    }
}

extension CompletionResource {
    init(_ completion: FaxCompletion) { self.init(code: completion.code, description: completion.description) }
}

extension FaxOptionsResource {
    init(_ options: JobOptions) {
        self.init(resolution: options.resolution, header: options.headerText, identity: options.localIdentity,
                  ecm: options.errorCorrection, timezone: options.timeZone, modemGroup: options.modemGroup,
                  metadata: options.metadata.isEmpty ? nil : options.metadata, notifyEmail: options.notifyEmail)
    }

    var jobOptions: JobOptions {
        JobOptions(resolution: resolution, headerText: header, localIdentity: identity, errorCorrection: ecm,
                   timeZone: timezone, modemGroup: modemGroup, metadata: metadata ?? [:], notifyEmail: notifyEmail)
    }
}

extension AttemptResource {
    init(_ attempt: FaxAttempt) {
        let r = attempt.result
        self.init(number: attempt.number, modem: attempt.modem, startedAt: attempt.startedAt, endedAt: attempt.endedAt,
                  firstPage: attempt.firstPage, completion: r.map { CompletionResource($0.completion) },
                  pagesTransferred: r?.pagesTransferred ?? 0, badRows: r?.badRows ?? 0, remoteIdentity: r?.remoteIdentity ?? "",
                  bitRate: r?.bitRate ?? 0, ecm: r?.errorCorrection ?? false, compression: r?.compression ?? "",
                  lineSeconds: r?.lineSeconds ?? 0)
    }
}

extension EventResource {
    init(_ event: JobEvent) {
        self.init(sequence: event.sequence, faxID: event.jobID.rawValue, from: event.from?.rawValue, to: event.to.rawValue,
                  reason: event.reason, attempt: event.attempt, code: event.completionCode, at: event.at)
    }
}

extension ModemEventResource {
    init(_ event: ModemEvent) {
        self.init(sequence: event.sequence, modem: event.modem, kind: event.kind.rawValue, device: event.device,
                  identity: event.identity, usbID: event.usbID, at: event.at)
    }
}
