/* CCups: libcups for the CUPS backend — option parsing (cupsParseOptions), discovery lines
 * (cupsBackendReport), the device URI, and job queries (cupsGetJobs2). Debian ships no cups.pc,
 * so the module map links "cups" directly (see Sources/CCupsRaster). */
#ifndef SWIFTFAX_CCUPS_SHIM_H
#define SWIFTFAX_CCUPS_SHIM_H
#include <cups/cups.h>
#include <cups/backend.h>
#include <cups/ipp.h>
#endif
