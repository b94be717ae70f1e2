/* CPOSIXShims: see include/CPOSIXShims.h. */
#define _GNU_SOURCE
#include "CPOSIXShims.h"
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <termios.h>

int swiftfax_pty_open(char *name, size_t name_len)
{
    int fd = posix_openpt(O_RDWR | O_NOCTTY);
    if (fd < 0)
        return -1;
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, name, name_len) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int swiftfax_tiocm_get(int fd, int *bits) { return ioctl(fd, TIOCMGET, bits); }
int swiftfax_tiocm_set_bits(int fd, int bits) { return ioctl(fd, TIOCMBIS, &bits); }
int swiftfax_tiocm_clear_bits(int fd, int bits) { return ioctl(fd, TIOCMBIC, &bits); }
int swiftfax_tiocexcl(int fd) { return ioctl(fd, TIOCEXCL); }
int swiftfax_fionread(int fd, int *count) { return ioctl(fd, FIONREAD, count); }
int swiftfax_tiocoutq(int fd, int *count) { return ioctl(fd, TIOCOUTQ, count); }

const int swiftfax_TIOCM_DTR = TIOCM_DTR;
const int swiftfax_TIOCM_RTS = TIOCM_RTS;
const int swiftfax_TIOCM_CTS = TIOCM_CTS;
const int swiftfax_TIOCM_CAR = TIOCM_CAR;
const int swiftfax_TIOCM_RNG = TIOCM_RNG;
const int swiftfax_TIOCM_DSR = TIOCM_DSR;
