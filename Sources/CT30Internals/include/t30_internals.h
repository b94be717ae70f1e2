/* CT30Internals: what the virtual Class 2 modem needs from inside spandsp 0.0.6's T.30 that its
 * public API does not offer. The virtual modem replaces the page T.30 loaded at the far end's DIS
 * (a placeholder) with the page the DTE streams after CFR; without ECM re-running
 * t4_tx_start_page is enough, but with ECM T.30 has already cut the placeholder into the first
 * block of FCD frames. This refills that block from the page T.4 now holds. The parameter is a
 * t30_state_t pointer (void here, so this module's header needs no spandsp types). */
#ifndef SWIFTFAX_T30_INTERNALS_H
#define SWIFTFAX_T30_INTERNALS_H

/* Refills T.30's ECM partial-page buffer with the first block of T.4's current page (as T.30
 * does at the start of a page). Returns the number of frames in the block. */
int swiftfax_t30_refill_ecm_block(void *t30);

#endif
