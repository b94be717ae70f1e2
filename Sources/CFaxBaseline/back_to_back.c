/* CFaxBaseline: see include/CFaxBaseline.h. */
#include "CFaxBaseline.h"
#include <spandsp.h>
#include <string.h>

typedef struct {
    int done;
    int status;
} end_state_t;

static void phase_e(t30_state_t *s, void *user_data, int status)
{
    end_state_t *end = (end_state_t *) user_data;
    (void) s;
    end->done = 1;
    end->status = status;
}

static fax_state_t *make(int calling, const char *ident, int ecm, int modems, int compressions, end_state_t *end)
{
    fax_state_t *fax = fax_init(NULL, calling);
    t30_state_t *t30 = fax_get_t30_state(fax);
    fax_set_transmit_on_idle(fax, 1);
    fax_set_tep_mode(fax, 0);
    t30_set_tx_ident(t30, ident);
    t30_set_ecm_capability(t30, ecm);
    t30_set_supported_modems(t30, modems);
    t30_set_supported_compressions(t30, ecm ? compressions : (compressions & ~T30_SUPPORT_T6_COMPRESSION));
    t30_set_supported_resolutions(t30, T30_SUPPORT_STANDARD_RESOLUTION | T30_SUPPORT_FINE_RESOLUTION
                                       | T30_SUPPORT_SUPERFINE_RESOLUTION | T30_SUPPORT_R8_RESOLUTION);
    t30_set_supported_image_sizes(t30, T30_SUPPORT_US_LETTER_LENGTH | T30_SUPPORT_US_LEGAL_LENGTH
                                       | T30_SUPPORT_UNLIMITED_LENGTH | T30_SUPPORT_A4_LENGTH | T30_SUPPORT_B4_LENGTH
                                       | T30_SUPPORT_215MM_WIDTH | T30_SUPPORT_255MM_WIDTH | T30_SUPPORT_303MM_WIDTH);
    t30_set_phase_e_handler(t30, phase_e, end);
    return fax;
}

static void step(fax_state_t *fax, int16_t *rx, int16_t *tx, int n)
{
    int produced;
    fax_rx(fax, rx, n);
    produced = fax_tx(fax, tx, n);
    if (produced < n)
        memset(tx + produced, 0, (size_t) (n - produced) * sizeof(int16_t));
}

int cfax_baseline_run(const char *tx_file, const char *rx_file, int ecm, int modems, int compressions,
                      int block_samples, cfax_baseline_result_t *result)
{
    end_state_t tx_end = {0, -1};
    end_state_t rx_end = {0, -1};
    int16_t to_receiver[1024], to_sender[1024], scratch[1024];
    int16_t *a = to_receiver, *b = to_sender, *c = scratch, *t;
    int grace;
    fax_state_t *sender, *receiver;
    t30_stats_t stats;

    if (block_samples > 1024)
        return -1;
    sender = make(1, "+1 555 0100", ecm, modems, compressions, &tx_end);
    receiver = make(0, "+1 555 0200", ecm, modems, compressions, &rx_end);
    t30_set_tx_file(fax_get_t30_state(sender), tx_file, -1, -1);
    t30_set_rx_file(fax_get_t30_state(receiver), rx_file, -1);
    memset(to_receiver, 0, sizeof(to_receiver));
    memset(to_sender, 0, sizeof(to_sender));
    result->samples = 0;
    grace = 8000 / block_samples;
    while (!(tx_end.done && rx_end.done)) {
        /* Each side hears what the other sent in the previous block. */
        step(sender, b, c, block_samples);
        t = c; c = a; a = t;
        step(receiver, a, c, block_samples);
        t = c; c = b; b = t;
        result->samples += block_samples;
        if (tx_end.done != rx_end.done && --grace <= 0) {
            if (!tx_end.done) t30_terminate(fax_get_t30_state(sender));
            if (!rx_end.done) t30_terminate(fax_get_t30_state(receiver));
        }
    }
    t30_get_transfer_statistics(fax_get_t30_state(sender), &stats);
    result->pages = stats.pages_tx;
    result->sender_status = tx_end.status;
    result->receiver_status = rx_end.status;
    fax_free(sender);
    fax_free(receiver);
    return (tx_end.status == T30_ERR_OK && rx_end.status == T30_ERR_OK) ? 0 : 1;
}
