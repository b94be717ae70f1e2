#!/usr/bin/python3
# A umockdev testbed for faxd's hot-plug tests. It owns the mocked devices (run it under
# umockdev-wrapper), starts faxd as its child (so faxd's libudev sees only the testbed, and opening
# the mocked node reaches the testbed's pty), and bridges each mocked modem's pty to a virtual
# modem of the test's exchange, byte for byte, so faxd really probes and faxes through it.
#
#   umockdev-wrapper /usr/bin/python3 faxd-testbed.py --log FILE -- FAXD ARGS...
#
# Commands on stdin, one a line, each answered on stdout once done:
#   plug DEVICE.umockdev NODE EXCHANGE-PTY   -> "plugged NODE"   (parents first, as the kernel adds them)
#   unplug NODE                              -> "unplugged NODE" (the device and its parents removed; the
#                                               exchange's modem is put back in command mode and on hook,
#                                               as a modem that lost its power is)
#   quit                                     -> faxd is sent SIGTERM and waited for
import os, select, signal, subprocess, sys, termios, threading, time, tty
import gi
gi.require_version('UMockdev', '1.0')
from gi.repository import UMockdev

log_path = sys.argv[sys.argv.index('--log') + 1]
program = sys.argv[sys.argv.index('--') + 1:]
testbed = UMockdev.Testbed.new()
plugged = {}  # node -> (syspaths child first, bridge)
resets = []   # exchange modems being put back on hook after an unplug


class Bridge(threading.Thread):
    """Copies bytes both ways between the mocked node's pty master and the exchange's modem."""

    def __init__(self, master, exchange_path):
        super().__init__(daemon=True)
        self.master = master
        self.exchange = os.open(exchange_path, os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.exchange)
        tty.setraw(self.master)
        self.running = True

    def run(self):
        while self.running:
            ready, _, _ = select.select([self.master, self.exchange], [], [], 0.05)
            for fd in ready:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    data = b''
                if data:
                    os.write(self.exchange if fd == self.master else self.master, data)

    def stop(self):
        self.running = False
        self.join()
        # The modem lost its power: out of data mode, on hook, back in command mode.
        os.write(self.exchange, b'\x10\x03')
        time.sleep(0.5)
        os.write(self.exchange, b'ATH0\r')
        time.sleep(0.5)
        while select.select([self.exchange], [], [], 0.1)[0]:
            if not os.read(self.exchange, 4096):
                break
        os.close(self.exchange)


def plug(device_file, node, exchange_path):
    for reset in resets:
        reset.join()
    text = open(device_file).read()
    old = next(line[3:].strip() for line in text.splitlines() if line.startswith('N: '))
    text = text.replace(old, node)
    blocks = [block for block in text.strip().split('\n\n') if block.strip()]
    syspaths = ['/sys' + next(l[3:].strip() for l in block.splitlines() if l.startswith('P: ')) for block in blocks]
    for block in reversed(blocks):
        testbed.add_from_string(block + '\n')
    bridge = None
    if exchange_path != '-':
        bridge = Bridge(testbed.get_dev_fd('/dev/' + node), exchange_path)
        bridge.start()
    plugged[node] = (syspaths, bridge)


def unplug(node):
    """Removes the device (faxd sees it go at once); the exchange's modem is reset afterwards, in
    the background, so the answer to the command marks the moment of the unplug."""
    syspaths, bridge = plugged.pop(node)
    for path in syspaths:
        testbed.uevent(path, 'remove')
        testbed.remove_device(path)
    # A node name cannot be plugged in again in the same testbed: umockdev 0.17 keeps the removed
    # node's pty (umockdev_testbed_create_node_for_device asserts). Replug under a new name.
    if bridge:
        cleanup = threading.Thread(target=bridge.stop)
        cleanup.start()
        resets.append(cleanup)


log = open(log_path, 'a')
faxd = subprocess.Popen(program, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
print('started', faxd.pid, flush=True)
for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    if words[0] == 'plug':
        plug(words[1], words[2], words[3])
    elif words[0] == 'unplug':
        unplug(words[1])
    elif words[0] == 'quit':
        break
    print(' '.join(['plugged' if words[0] == 'plug' else 'unplugged', words[2] if words[0] == 'plug' else words[1]]), flush=True)
faxd.send_signal(signal.SIGTERM)
try:
    faxd.wait(timeout=30)
except subprocess.TimeoutExpired:
    faxd.kill()
print('stopped', flush=True)
