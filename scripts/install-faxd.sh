#!/bin/sh
# Installs faxd and faxctl system-wide: the swiftfax user (group dialout, for the modems), the
# configuration under /etc/swiftfax (kept if present), the spool, and the systemd unit, which
# runs faxd as swiftfax in a sandbox (etc/swiftfax-faxd.service). faxd never needs root.
# Run as root after `swift build -c release` (or give the build directory as $1).
# `install-faxd.sh --user-only` creates the user and nothing else (make demo uses it).
set -eu
[ "$(id -u)" = 0 ] || { echo "install-faxd.sh: run as root" >&2; exit 1; }
getent group swiftfax >/dev/null || groupadd --system swiftfax
id swiftfax >/dev/null 2>&1 || useradd --system --gid swiftfax --home-dir /var/spool/swiftfax --shell /usr/sbin/nologin swiftfax
usermod -a -G dialout swiftfax
[ "${1:-}" = "--user-only" ] && exit 0
BUILD=${1:-.build/release}
install -m 0755 "$BUILD/faxd" "$BUILD/faxctl" /usr/local/bin/
install -d -m 0755 /etc/swiftfax
[ -e /etc/swiftfax/faxd.yaml ] || install -m 0640 -g swiftfax etc/faxd.yaml /etc/swiftfax/faxd.yaml
install -d -m 0700 -o swiftfax -g swiftfax /var/spool/swiftfax
# A spool written by an older faxd that ran as root becomes swiftfax's (-R does not follow links).
chown -R swiftfax:swiftfax /var/spool/swiftfax
if [ -d /etc/systemd/system ]; then
    install -m 0644 etc/swiftfax-faxd.service /etc/systemd/system/swiftfax-faxd.service
    if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
fi
echo "installed; edit /etc/swiftfax/faxd.yaml, then: systemctl enable --now swiftfax-faxd"
