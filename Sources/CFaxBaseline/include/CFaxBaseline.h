/* CFaxBaseline: the benchmark's baseline — two spandsp soft modems wired back to back in plain C,
 * configured and stepped exactly as SwiftFax's BackToBack does, so the Swift session's cost can
 * be measured as a ratio against the bare library calls. Not used by the product. */
#ifndef CFAXBASELINE_H
#define CFAXBASELINE_H

typedef struct {
    int sender_status;       /* T30_ERR_* at phase E */
    int receiver_status;
    int pages;               /* pages the sender had confirmed */
    long samples;            /* line samples until both ends finished */
} cfax_baseline_result_t;

/* Sends tx_file to rx_file; modems/compressions are T30_SUPPORT_* masks. Returns 0 when both ends
 * reached phase E. */
int cfax_baseline_run(const char *tx_file, const char *rx_file, int ecm, int modems, int compressions,
                      int block_samples, cfax_baseline_result_t *result);

#endif
