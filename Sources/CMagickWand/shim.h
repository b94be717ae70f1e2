/* CMagickWand: ImageMagick 6's C API (MagickWand) for Swift: image decoding (PNG/JPEG/GIF),
 * resampling and text drawing. pkg-config (MagickWand) supplies the include path; SwiftPM drops
 * pkg-config's -D flags, so the two defines Debian's Q16 non-HDRI build needs are set here. */
#ifndef SWIFTFAX_CMAGICKWAND_SHIM_H
#define SWIFTFAX_CMAGICKWAND_SHIM_H
#ifndef MAGICKCORE_HDRI_ENABLE
#define MAGICKCORE_HDRI_ENABLE 0
#endif
#ifndef MAGICKCORE_QUANTUM_DEPTH
#define MAGICKCORE_QUANTUM_DEPTH 16
#endif
#include <wand/MagickWand.h>
#endif
