// SpoolSchema: the spool's tables, as numbered migrations (GRDB's DatabaseMigrator). Times are
// integer milliseconds since 1970; documents stay files and the tables hold their paths.

import Foundation
import GRDB

enum SpoolSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE jobs (
                    id TEXT PRIMARY KEY NOT NULL,
                    direction TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
                    state TEXT NOT NULL,
                    to_number TEXT NOT NULL,
                    from_number TEXT NOT NULL DEFAULT '',
                    priority INTEGER NOT NULL DEFAULT 0,
                    max_attempts INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
                    attempts_made INTEGER NOT NULL DEFAULT 0,
                    pages_total INTEGER,
                    pages_confirmed INTEGER NOT NULL DEFAULT 0,
                    send_at INTEGER,
                    kill_at INTEGER,
                    next_attempt_at INTEGER,
                    cancel_requested INTEGER NOT NULL DEFAULT 0,
                    recoveries INTEGER NOT NULL DEFAULT 0,
                    document_path TEXT,
                    transmit_path TEXT,
                    received_path TEXT,
                    options TEXT NOT NULL DEFAULT '{}',
                    idempotency_key TEXT,
                    tenant_id TEXT,
                    faxbox_id TEXT,
                    resubmitted_from TEXT REFERENCES jobs(id) ON DELETE SET NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    completion_code INTEGER,
                    completion_description TEXT
                );
                -- One key per tenant (no tenant counts as one tenant).
                CREATE UNIQUE INDEX jobs_idempotency ON jobs (coalesce(tenant_id, ''), idempotency_key)
                    WHERE idempotency_key IS NOT NULL;
                -- The claim query walks waiting outbound jobs in claim order and stops at the first
                -- due one whose destination has no call in progress; expiry looks up kill times.
                CREATE INDEX jobs_claim_order ON jobs (priority DESC, id)
                    WHERE direction = 'outbound' AND state IN ('queued', 'scheduled', 'retry_wait');
                CREATE INDEX jobs_state ON jobs (state);
                CREATE INDEX jobs_kill ON jobs (kill_at) WHERE kill_at IS NOT NULL;
                CREATE INDEX jobs_destination ON jobs (to_number, state);
                CREATE INDEX jobs_from ON jobs (from_number);
                CREATE INDEX jobs_tenant ON jobs (tenant_id, id) WHERE tenant_id IS NOT NULL;

                CREATE TABLE attempts (
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    modem TEXT NOT NULL,
                    started_at INTEGER NOT NULL,
                    ended_at INTEGER,
                    first_page INTEGER NOT NULL DEFAULT 1,
                    completion_code INTEGER,
                    completion_description TEXT,
                    pages_transferred INTEGER NOT NULL DEFAULT 0,
                    pages_in_document INTEGER,
                    bad_rows INTEGER NOT NULL DEFAULT 0,
                    remote_identity TEXT NOT NULL DEFAULT '',
                    bit_rate INTEGER NOT NULL DEFAULT 0,
                    error_correction INTEGER NOT NULL DEFAULT 0,
                    compression TEXT NOT NULL DEFAULT '',
                    line_seconds REAL NOT NULL DEFAULT 0,
                    session_log TEXT,
                    PRIMARY KEY (job_id, number)
                );
                CREATE INDEX attempts_open ON attempts (modem) WHERE ended_at IS NULL;

                -- AUTOINCREMENT: sequence numbers are never reused, even after deletes.
                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    from_state TEXT,
                    to_state TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    attempt INTEGER,
                    completion_code INTEGER,
                    at INTEGER NOT NULL
                );
                CREATE INDEX events_job ON events (job_id, seq);
                """)
        }
        migrator.registerMigration("v2") { db in
            // Modems plugged in, pulled out, or found not to be modems (ModemEvent).
            try db.execute(sql: """
                CREATE TABLE modem_events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    modem TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    device TEXT NOT NULL,
                    identity TEXT NOT NULL,
                    usb_id TEXT,
                    at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3") { db in
            // Webhook endpoints, and the notification outbox: one row per event worth telling
            // (written in the transaction that made the event), one delivery row per endpoint
            // that wants it (WebhookEndpoint, Spool+Notifications).
            try db.execute(sql: """
                CREATE TABLE webhooks (
                    id TEXT PRIMARY KEY NOT NULL,
                    url TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    event_types TEXT NOT NULL DEFAULT '[]',
                    enabled INTEGER NOT NULL DEFAULT 1,
                    secret TEXT NOT NULL,
                    previous_secret TEXT,
                    previous_secret_until INTEGER,
                    tenant_id TEXT,
                    disabled_reason TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE notifications (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_id TEXT,
                    type TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    at INTEGER NOT NULL
                );
                CREATE INDEX notifications_job ON notifications (job_id, seq);
                CREATE TABLE webhook_deliveries (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    webhook_id TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                    notification_seq INTEGER NOT NULL REFERENCES notifications(seq) ON DELETE CASCADE,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_at INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    delivered_at INTEGER,
                    last_at INTEGER,
                    last_status INTEGER,
                    last_error TEXT,
                    last_latency_ms INTEGER,
                    last_response TEXT
                );
                -- Each endpoint's head: its oldest pending delivery.
                CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (webhook_id, id) WHERE state = 'pending';
                CREATE INDEX webhook_deliveries_notification ON webhook_deliveries (notification_seq);
                """)
        }
        migrator.registerMigration("v4") { db in
            // Faxboxes (Faxbox) with the built-in default box; webhook endpoints scoped to a box
            // or to one fax (kind 'faxbox': a box's callback URL; 'callback': a fax's
            // callback_url); small server settings (the callback secret); uploaded files.
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            try db.execute(sql: """
                CREATE TABLE faxboxes (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    caller_id TEXT,
                    caller_name TEXT,
                    fax_header TEXT,
                    fax_identity TEXT,
                    fax_timezone TEXT,
                    retries INTEGER,
                    numbers TEXT NOT NULL DEFAULT '[]',
                    modems TEXT NOT NULL DEFAULT '[]',
                    callers TEXT NOT NULL DEFAULT '[]',
                    notifications TEXT NOT NULL DEFAULT '{}',
                    tenant_id TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                INSERT INTO faxboxes (id, name, created_at, updated_at) VALUES ('default', 'Default', \(now), \(now));
                CREATE INDEX jobs_faxbox ON jobs (faxbox_id, id) WHERE faxbox_id IS NOT NULL;
                ALTER TABLE webhooks ADD COLUMN kind TEXT NOT NULL DEFAULT 'endpoint';
                ALTER TABLE webhooks ADD COLUMN faxbox_id TEXT REFERENCES faxboxes(id) ON DELETE CASCADE;
                ALTER TABLE webhooks ADD COLUMN job_id TEXT REFERENCES jobs(id) ON DELETE CASCADE;
                CREATE INDEX webhooks_job ON webhooks (job_id) WHERE job_id IS NOT NULL;
                CREATE INDEX webhooks_faxbox ON webhooks (faxbox_id) WHERE faxbox_id IS NOT NULL;
                CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                -- Uploaded documents, sent later by id (StoredFile); each fax gets its own link.
                CREATE TABLE files (
                    id TEXT PRIMARY KEY NOT NULL,
                    path TEXT NOT NULL,
                    name TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    format TEXT NOT NULL,
                    tenant_id TEXT,
                    created_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5") { db in
            // Email (issue 16): the mail outbox (MailDelivery) — a received fax or an outbound
            // outcome to mail, written in the transaction of the event, built and sent later by
            // the mail dispatcher — and the SMTP log (SMTPLogEntry) of every message that came in
            // to become a fax, accepted or refused.
            try db.execute(sql: """
                CREATE TABLE mail_deliveries (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                    event TEXT NOT NULL,
                    recipients TEXT NOT NULL,
                    snapshot TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
                    tries INTEGER NOT NULL DEFAULT 0,
                    next_at INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    last_at INTEGER,
                    last_error TEXT,
                    delivered_at INTEGER
                );
                CREATE INDEX mail_deliveries_pending ON mail_deliveries (next_at) WHERE state = 'pending';
                CREATE INDEX mail_deliveries_job ON mail_deliveries (job_id);
                CREATE TABLE smtplog (
                    id TEXT PRIMARY KEY NOT NULL,
                    received_at INTEGER NOT NULL,
                    envelope_from TEXT NOT NULL,
                    envelope_to TEXT NOT NULL,
                    header_from TEXT,
                    subject TEXT,
                    message_id TEXT,
                    size INTEGER NOT NULL,
                    faxbox_id TEXT,
                    accepted INTEGER NOT NULL,
                    reason TEXT,
                    job_ids TEXT NOT NULL DEFAULT '[]',
                    tenant_id TEXT
                );
                CREATE INDEX smtplog_received ON smtplog (received_at);
                -- A box's own mail domain (Kazoo's custom_smtp_email_address) and who may send
                -- faxes through it by mail (smtp_permission_list).
                ALTER TABLE faxboxes ADD COLUMN smtp_address TEXT;
                ALTER TABLE faxboxes ADD COLUMN smtp_permission_list TEXT NOT NULL DEFAULT '[]';
                """)
        }
        return migrator
    }
}
