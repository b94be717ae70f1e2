#!/usr/bin/env bash
# make demo: a real fax end to end through faxd's queue, on the virtual exchange.
#   1. the exchange: a virtual fax modem (a pty, group dialout like a real one) on 15550100 —
#      Class 1 by default, a Class 2 or Class 2.0 modem with MODEM_CLASS=2 / 2.0 (faxd drives it
#      with its Class 2 driver) — and a fax machine on 15550200;
#   2. faxd with that modem, its spool and API socket under $DEMO_DIR — as the unprivileged
#      user swiftfax when run as root;
#   3. `faxctl send` submits docs/demo/letter.txt over the Unix socket and follows the job;
#   4. prints the job, its attempts, faxd's log and what the fax machine received.
set -euo pipefail
BIN=${BIN:-.build/debug}
DIR=${DEMO_DIR:-/tmp/swiftfax-demo}
CLASS=${MODEM_CLASS:-1}
SPEED=${DEMO_SPEED:-1}     # the exchange's line speed: 1 is real time (tests run it faster)
case "$CLASS" in 1|2|2.0) ;; *) echo "MODEM_CLASS must be 1, 2 or 2.0 (got '$CLASS')" >&2; exit 2 ;; esac
rm -rf "$DIR"
mkdir -p "$DIR"
chmod 0755 "$DIR"

cleanup() {
    [ -n "${FAXD_PID:-}" ] && kill -TERM "$FAXD_PID" 2>/dev/null && wait "$FAXD_PID" 2>/dev/null || true
    [ -n "${EXCHANGE_PID:-}" ] && kill -TERM "$EXCHANGE_PID" 2>/dev/null && wait "$EXCHANGE_PID" 2>/dev/null || true
}
trap cleanup EXIT

USER_LINE=""
if [ "$(id -u)" = 0 ]; then
    scripts/install-faxd.sh --user-only
    USER_LINE="user: swiftfax"
fi

echo "== virtual exchange: Class $CLASS modem on 15550100 ($DIR/ttyFAX0), fax machine on 15550200"
"$BIN/faxctl" exchange \
    --line "15550100=modem,class=$CLASS,path=$DIR/ttyFAX0" \
    --line "15550200=fax,inbox=$DIR/machine,ident=+1 555 0200" \
    --speed "$SPEED" --call-log "$DIR/calls.jsonl" > "$DIR/exchange.log" 2>&1 &
EXCHANGE_PID=$!
for _ in $(seq 50); do [ -e "$DIR/ttyFAX0" ] && break; sleep 0.2; done

cat > "$DIR/faxd.yaml" <<YAML
spool: $DIR/spool
$USER_LINE
lock_directory: ""
defaults:
  header: "SwiftFax demo"
  identity: "+1 555 0100"
destinations:
  private_prefixes: ["+1555"]   # the virtual exchange's numbers are not in the public plan
api:
  socket: $DIR/run/faxd.sock
  socket_mode: "0666"
modems:
  - name: ttyFAX0
    device: $DIR/ttyFAX0
    answer: true
    rings: 2
    class: "$CLASS"
YAML

echo "== faxd --config $DIR/faxd.yaml"
"$BIN/faxd" --config "$DIR/faxd.yaml" > "$DIR/faxd.log" 2>&1 &
FAXD_PID=$!
for _ in $(seq 100); do [ -S "$DIR/run/faxd.sock" ] && break; sleep 0.1; done
[ -S "$DIR/run/faxd.sock" ] || { echo "faxd did not start:"; cat "$DIR/faxd.log"; exit 1; }
export SWIFTFAX_SOCKET="$DIR/run/faxd.sock"
UID_NOW=$(awk '/^Uid:/ {print $3}' "/proc/$FAXD_PID/status")
echo "   faxd pid $FAXD_PID runs as $(getent passwd "$UID_NOW" | cut -d: -f1) (uid $UID_NOW)"

echo "== faxctl send docs/demo/letter.txt --to +15550200"
"$BIN/faxctl" send docs/demo/letter.txt --to +15550200 --header "SwiftFax demo"
ID=$("$BIN/faxctl" list --limit 1 | cut -d' ' -f1)

echo "== faxctl show $ID"
"$BIN/faxctl" show "$ID"
echo "== faxctl modems"
"$BIN/faxctl" modems
echo "== faxd's log"
sed 's/^/   /' "$DIR/faxd.log"
echo "== the fax machine received"
ls -l "$DIR/machine"
echo "== call log"
cat "$DIR/calls.jsonl"
"$BIN/faxctl" fetch "$ID" --kind transmitted --format pdf -o "$DIR/sent.pdf" >/dev/null && echo "transmitted copy (with header): $DIR/sent.pdf"
