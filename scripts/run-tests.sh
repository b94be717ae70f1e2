#!/usr/bin/env bash
# run-tests: the whole suite, in two lanes at once. Most of the suite's wall time is waiting, not
# computing (a full serial run keeps about a fifth of one core busy): calls with real-time peers
# (efax, mgetty's sendfax, vm), cupsd's job handling, Postfix, udev, modem watchdogs. Those suites make the
# "waiting" lane, run beside the "main" lane (everything else: the speed-4 calls both of whose ends
# are ours, and the unit tests). Each lane is serial inside (--no-parallel), and every suite that
# starts a cupsd or umockdev is in the same lane. Both lanes must pass; the waiting lane's output
# is printed after the main lane's and kept in .build/test-logs/waiting.log.
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
WAITING='(CUPSBackendTests\.|MailTests\.|\.(EfaxInteropTests|NoiseLadderTests|CallOutcomeTests|ModemFailureTests|HotplugTests|UMockdevTests|Class2InteropTests|VirtualModemTests|VoiceModemInteropTests)/)'

$SWIFT build --build-tests || exit 1
bin="$($SWIFT build --show-bin-path)/SwiftFaxPackageTests.xctest"
mkdir -p .build/test-logs
start=$(date +%s)
"$bin" --testing-library swift-testing --no-parallel --filter "$WAITING" > .build/test-logs/waiting.log 2>&1 &
waiting_pid=$!
$SWIFT test --skip-build --no-parallel --skip "$WAITING"
main_status=$?
wait "$waiting_pid"
waiting_status=$?
echo "==== the waiting lane (.build/test-logs/waiting.log) ===="
cat .build/test-logs/waiting.log
echo "==== main lane: exit $main_status; waiting lane: exit $waiting_status; $(( $(date +%s) - start )) s for both ===="
[ "$main_status" -eq 0 ] && [ "$waiting_status" -eq 0 ]
