#!/bin/sh
# Installs the print-to-fax front door: the swiftfax CUPS backend (mode 0755, so cupsd runs it as
# lp, never root) and swiftfax.ppd, gives lp access to faxd's API socket, and with --queue NAME
# creates the fax queue. Run as root after `swift build -c release` (make cups-install does both).
#   cups-backend/install.sh [BUILD_DIR] [--queue NAME] [--description TEXT]
# cupsd drops the backend's supplementary groups, so the socket's group must be lp itself:
# faxd.yaml's api.socket_group becomes lp (faxd's user joins lp); people who use faxctl join lp too.
set -eu
[ "$(id -u)" = 0 ] || { echo "cups-backend/install.sh: run as root" >&2; exit 1; }
BUILD=.build/release
QUEUE=
DESCRIPTION="Office fax"
while [ $# -gt 0 ]; do
    case "$1" in
        --queue) QUEUE=$2; shift 2 ;;
        --description) DESCRIPTION=$2; shift 2 ;;
        *) BUILD=$1; shift ;;
    esac
done
HERE=$(dirname "$0")
SERVERBIN=$(cups-config --serverbin 2>/dev/null || echo /usr/lib/cups)
# cups-driverd names a PPD in <datadir>/model by its file name: lpadmin -m swiftfax.ppd
MODEL=$(cups-config --datadir 2>/dev/null || echo /usr/share/cups)/model
[ -x "$BUILD/swiftfax-cups" ] || { echo "no $BUILD/swiftfax-cups: run swift build -c release first" >&2; exit 1; }

install -m 0755 -o root -g root "$BUILD/swiftfax-cups" "$SERVERBIN/backend/swiftfax"
install -d -m 0755 "$MODEL"
install -m 0644 "$HERE/swiftfax.ppd" "$MODEL/swiftfax.ppd"
echo "installed $SERVERBIN/backend/swiftfax and $MODEL/swiftfax.ppd"

# faxd's socket: group lp, so the backend (uid lp, gid lp, no other groups) can connect.
if id swiftfax >/dev/null 2>&1; then usermod -a -G lp swiftfax; fi
CONFIG=/etc/swiftfax/faxd.yaml
if [ -f "$CONFIG" ] && ! grep -Eq '^[[:space:]]*socket_group:[[:space:]]*lp([[:space:]]|$)' "$CONFIG"; then
    if grep -Eq '^[[:space:]]*socket_group:' "$CONFIG"; then
        sed -i -E 's/^([[:space:]]*socket_group:)[[:space:]]*[^#[:space:]]+/\1 lp/' "$CONFIG"
        echo "$CONFIG: api.socket_group is now lp (faxctl users: usermod -a -G lp USER); restart faxd: systemctl restart swiftfax-faxd"
    else
        echo "note: set api.socket_group: lp in $CONFIG so the backend (user lp) can reach faxd" >&2
    fi
fi

if [ -n "$QUEUE" ]; then
    lpadmin -p "$QUEUE" -E -v swiftfax:/ -m swiftfax.ppd -D "$DESCRIPTION"
    echo "queue $QUEUE created: lp -d $QUEUE -o phone=+15550200 letter.pdf"
fi
lpinfo --include-schemes swiftfax -v 2>/dev/null || true
