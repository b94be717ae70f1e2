/* CMagickWand: ImageMagick 6's C API (MagickWand) for Swift: image decoding (PNG/JPEG/GIF),
 * resampling and text drawing. pkg-config (MagickWand) supplies the include path; SwiftPM drops
 * pkg-config's -D flags, so the two defines Debian's Q16 non-HDRI build needs are set here. */
#ifndef SWIFTFAX_CMAGICKWAND_SHIM_H
#define SWIFTFAX_CMAGICKWAND_SHIM_H
/* magick-baseconfig.h defines _GNU_SOURCE. Were it the first to reach glibc's <features.h>, glibc's
 * types would take their GNU/XOPEN shape here (fd_set's fds_bits) and clash with the same
 * headers seen by every other C module. Settle glibc's features first, as everyone else has them. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/select.h>
#include <time.h>
#ifndef MAGICKCORE_HDRI_ENABLE
#define MAGICKCORE_HDRI_ENABLE 0
#endif
#ifndef MAGICKCORE_QUANTUM_DEPTH
#define MAGICKCORE_QUANTUM_DEPTH 16
#endif
#include <wand/MagickWand.h>
#endif
