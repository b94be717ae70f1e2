/* CCupsRaster: libcups's raster stream reader/writer for Swift (print-to-fax jobs arrive as
 * CUPS raster). Debian ships no cups.pc, so the module map links "cups" directly. */
#ifndef SWIFTFAX_CCUPSRASTER_SHIM_H
#define SWIFTFAX_CCUPSRASTER_SHIM_H
#include <cups/raster.h>
#endif
