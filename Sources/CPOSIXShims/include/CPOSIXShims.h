/* CPOSIXShims: the few POSIX calls Swift cannot reach directly.
 * ioctl() is variadic, and Glibc's Swift module hides posix_openpt()/grantpt()/
 * unlockpt()/ptsname_r() behind _XOPEN_SOURCE. Nothing else belongs here. */
#ifndef SWIFTFAX_CPOSIXSHIMS_H
#define SWIFTFAX_CPOSIXSHIMS_H
#include <stddef.h>

/* Opens a pseudo-terminal master (O_RDWR|O_NOCTTY), grants and unlocks it and
 * writes the slave's path into name. Returns the master fd, or -1 with errno. */
int swiftfax_pty_open(char *name, size_t name_len);

/* Modem-control lines (TIOCMGET/TIOCMBIS/TIOCMBIC). Return -1 with errno
 * (ENOTTY on ptys and some adapters) on failure. */
int swiftfax_tiocm_get(int fd, int *bits);
int swiftfax_tiocm_set_bits(int fd, int bits);
int swiftfax_tiocm_clear_bits(int fd, int bits);
/* TIOCEXCL: exclusive use of a tty. */
int swiftfax_tiocexcl(int fd);
/* FIONREAD: bytes waiting to be read. */
int swiftfax_fionread(int fd, int *count);
/* TIOCOUTQ: bytes written but not yet sent by the driver. */
int swiftfax_tiocoutq(int fd, int *count);

/* TIOCM_* bit values, exported as plain ints. */
extern const int swiftfax_TIOCM_DTR;
extern const int swiftfax_TIOCM_RTS;
extern const int swiftfax_TIOCM_CTS;
extern const int swiftfax_TIOCM_CAR;
extern const int swiftfax_TIOCM_RNG;
extern const int swiftfax_TIOCM_DSR;

#endif
