// ModemPoolService: the modem pool as a service of faxd's service group. On SIGTERM/SIGINT the
// pool stops taking work; calls in progress finish before faxd exits.

import FaxServer
import ServiceLifecycle

struct ModemPoolService: Service {
    let pool: ModemPool

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await pool.run()
        }
        // A pool with no modems (an API-only faxd) has nothing to run but must not end the group.
        try? await gracefulShutdown()
    }
}
