/* CT30Internals: the ECM block refill for the virtual Class 2 modem (see include/t30_internals.h).
 * It writes fields of t30_state_t that spandsp 0.0.6 exposes only through its private headers,
 * which are installed with the library and describe its layout. */
#include <string.h>
#define SPANDSP_EXPOSE_INTERNAL_STRUCTURES
#include <spandsp.h>
#include "t30_internals.h"

int swiftfax_t30_refill_ecm_block(void *t30)
{
    t30_state_t *s = (t30_state_t *) t30;
    const int size = s->octets_per_ecm_frame;
    int frames = 0;

    /* A fresh block: nothing acknowledged yet, every frame wanted. */
    s->ppr_count = 0;
    s->ecm_progress = 0;
    memset(&s->ecm_frame_map[3], 0xFF, 32);
    for (int i = 0;  i < 256;  i++)
        s->ecm_len[i] = -1;
    s->ecm_at_page_end = 0;
    while (frames < 256)
    {
        uint8_t *frame = s->ecm_data[frames];
        /* HDLC address, non-final control field, FCD, and the frame's number in the block. */
        frame[0] = 0xFF;
        frame[1] = 0x03;
        frame[2] = T4_FCD;
        frame[3] = (uint8_t) frames;
        int got = t4_tx_get_chunk(&s->t4.tx, &frame[4], size);
        if (got <= 0)
        {
            s->ecm_at_page_end = 1;
            break;
        }
        if (got < size)
            memset(&frame[4 + got], 0, size - got);  /* receivers expect full frames */
        s->ecm_len[frames++] = (int16_t) (size + 4);
        if (got < size)
        {
            s->ecm_at_page_end = 1;
            break;
        }
    }
    if (frames == 256)
        s->ecm_at_page_end = (t4_tx_check_bit(&s->t4.tx) & 2) != 0;
    s->ecm_frames = frames;
    return frames;
}
