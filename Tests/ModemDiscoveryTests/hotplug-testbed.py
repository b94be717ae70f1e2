#!/usr/bin/python3
# A umockdev testbed for hot-plug tests: plugs a recorded-style device in, pulls it out, plugs it
# in again under another node name (as a modem re-enumerated after a reset), while the program
# under test watches. Run under umockdev-wrapper (the testbed's owner must be preloaded):
#
#   umockdev-wrapper /usr/bin/python3 hotplug-testbed.py DEVICE.umockdev NEWNODE -- PROGRAM ARGS...
#
# PROGRAM is started once the testbed exists (its monitor socket must be made after it) and must
# print a line before it is ready and one line per event; its output is passed through, each
# step is marked "testbed: ..." on stdout.
import subprocess, sys
import gi
gi.require_version('UMockdev', '1.0')
from gi.repository import UMockdev

device_file, new_node = sys.argv[1], sys.argv[2]
program = sys.argv[sys.argv.index('--') + 1:]
text = open(device_file).read()
old_node = next(line[3:].strip() for line in text.splitlines() if line.startswith('N: '))
# The device first, then its parents (the USB interface, the USB device): an unplug removes all.
syspaths = ['/sys' + line[3:].strip() for line in text.splitlines() if line.startswith('P: ')]

def plug(description):
    """Adds the devices of a description parents first, as the kernel does (the file lists the
    tty first, as umockdev-record writes it)."""
    blocks = [block for block in description.strip().split('\n\n') if block.strip()]
    for block in reversed(blocks):
        testbed.add_from_string(block + '\n')

testbed = UMockdev.Testbed.new()
child = subprocess.Popen(program, stdout=subprocess.PIPE, text=True)

def relay(expect):
    """Passes the program's lines through until one contains `expect`."""
    while True:
        line = child.stdout.readline()
        if not line:
            print('testbed: the program ended before printing %r' % expect, flush=True)
            sys.exit(1)
        print(line, end='', flush=True)
        if expect in line:
            return

relay('watching')
print('testbed: plug in %s' % old_node, flush=True)
plug(text)
relay('added')
print('testbed: pull out %s' % old_node, flush=True)
for path in syspaths:
    testbed.uevent(path, 'remove')
    testbed.remove_device(path)
relay('removed')
renamed = text.replace(old_node, new_node)
print('testbed: plug in again as %s' % new_node, flush=True)
plug(renamed)
relay('added')
child.wait(timeout=10)
print('testbed: done', flush=True)
