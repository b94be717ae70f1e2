# SwiftFax: the commands a person runs. `make demo` and `make test` start on a fresh Debian 12.

SWIFT ?= swift
DEMO_DIR ?= /tmp/swiftfax-demo

.PHONY: deps build demo test bench release clean cups-install udev-install

deps:
	scripts/install-deps.sh

build: deps
	$(SWIFT) build

# Runs faxd with a virtual exchange and sends a real fax through its queue (scripts/demo.sh).
# MODEM_CLASS=2.0 (or 2) runs it through a virtual Class 2 modem and faxd's Class 2 driver.
MODEM_CLASS ?= 1
demo: build
	DEMO_DIR=$(DEMO_DIR) MODEM_CLASS=$(MODEM_CLASS) scripts/demo.sh

# The whole test suite, in two lanes (scripts/run-tests.sh): suites that mostly wait on real-time
# peers and daemons run beside the rest; each lane is serial inside.
test: deps
	SWIFT=$(SWIFT) scripts/run-tests.sh

release: deps
	$(SWIFT) build -c release

# Print to fax: installs the CUPS backend and PPD and creates the queue (QUEUE=fax; as root).
QUEUE ?= fax
cups-install: release
	cups-backend/install.sh .build/release --queue $(QUEUE)

# Prints benchmark figures (not a test; see README).
bench: release
	.build/release/swiftfax-bench

# The udev rule for USB fax modems (group dialout, ModemManager kept away, tagged for faxd).
udev-install:
	install -m 0644 udev/60-swiftfax-modems.rules /etc/udev/rules.d/
	-udevadm control --reload-rules && udevadm trigger --subsystem-match=tty

clean:
	rm -rf .build
