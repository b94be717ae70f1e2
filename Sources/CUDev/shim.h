/* CUDev: libudev for Swift — enumerating tty devices and watching them come and go
 * (ModemDiscovery). */
#ifndef SWIFTFAX_CUDEV_SHIM_H
#define SWIFTFAX_CUDEV_SHIM_H
#include <libudev.h>
#endif
