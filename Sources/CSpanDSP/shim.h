/* CSpanDSP: spandsp and libtiff for Swift.
 * spandsp.h pulls in <tiffio.h>, so libtiff comes through this one module and
 * its C types are not declared twice. The static inline wrappers exist only
 * because Swift cannot call C variadic functions (TIFFSetField/TIFFGetField). */
#ifndef SWIFTFAX_CSPANDSP_SHIM_H
#define SWIFTFAX_CSPANDSP_SHIM_H
#include <spandsp.h>
#include <tiffio.h>

static inline int swiftfax_tiff_set_u32(TIFF *tif, uint32_t tag, uint32_t value) { return TIFFSetField(tif, tag, value); }
static inline int swiftfax_tiff_set_u16(TIFF *tif, uint32_t tag, uint16_t value) { return TIFFSetField(tif, tag, (int) value); }
static inline int swiftfax_tiff_set_float(TIFF *tif, uint32_t tag, float value) { return TIFFSetField(tif, tag, (double) value); }
static inline int swiftfax_tiff_set_string(TIFF *tif, uint32_t tag, const char *value) { return TIFFSetField(tif, tag, value); }
static inline int swiftfax_tiff_set_page(TIFF *tif, uint16_t page, uint16_t pages) { return TIFFSetField(tif, TIFFTAG_PAGENUMBER, page, pages); }
static inline int swiftfax_tiff_get_u32(TIFF *tif, uint32_t tag, uint32_t *value) { return TIFFGetField(tif, tag, value); }
static inline int swiftfax_tiff_get_u16(TIFF *tif, uint32_t tag, uint16_t *value) { return TIFFGetField(tif, tag, value); }
static inline int swiftfax_tiff_get_float(TIFF *tif, uint32_t tag, float *value) { return TIFFGetField(tif, tag, value); }
static inline int swiftfax_tiff_get_string(TIFF *tif, uint32_t tag, const char **value) { return TIFFGetField(tif, tag, value); }

#endif
