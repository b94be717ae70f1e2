#!/usr/bin/env bash
# Installs the Debian packages SwiftFax needs to build, test and run (Debian 12, as root).
# Quick when everything is already there: apt is only consulted for what is missing.
set -euo pipefail

packages=(
    pkg-config
    libspandsp-dev     # T.30, soft modems, the T.31 modem emulator
    libtiff-dev        # TIFF/F documents
    libtiff-tools      # tiffinfo/tiffcmp for people inspecting faxes
    efax               # an independent Class 1 / 2 / 2.0 implementation the tests interoperate with
    mgetty-fax         # sendfax: an independent Class 2 / 2.0 sender the virtual Class 2 modem is tested with
    mgetty-voice       # vgetty and vm: independent V.253 (voice modem) hosts the virtual voice modem is tested with
    mgetty-pvftools    # pvfsine, pvftormd, rmdtopvf, pvftolin: the audio files vgetty and vm play and record
    ghostscript        # documents: PDF/PostScript rendering (a subprocess), the benchmark's baseline
    libmagickwand-6.q16-dev  # documents: PNG/JPEG/GIF decoding, resampling, text drawing (MagickWand)
    fonts-dejavu-core  # documents: the font for page headers, cover pages and plain text
    libcups2-dev       # documents: CUPS raster input (libcups)
    libcupsimage2-dev  # documents: <cups/raster.h>
    libphonenumber-dev # numbers: Google's libphonenumber (E.164 parsing, plans, number types, emergency numbers)
    poppler-utils      # documents: pdfinfo, used by the tests to check PDF output
    imagemagick        # documents tests: convert/identify make PNG/JPEG/GIF inputs independently
    cups               # print to fax: cupsd and cups-deviced (lpinfo -v); the tests start a private cupsd
    cups-client        # print to fax: lp, lpr, lpstat, lpadmin, lpinfo, cancel, cupstestppd
    cups-filters       # print to fax: pdftopdf, gstoraster, texttopdf, imagetoraster (documents → 1-bit CUPS raster)
    systemd            # tests: systemd-analyze checks the faxd unit's sandbox (etc/swiftfax-faxd.service)
    libudev-dev        # discovery: libudev (enumerating tty devices, hot-plug events)
    udev               # discovery: udevadm, for the rules file's test (udev/60-swiftfax-modems.rules)
    umockdev           # discovery tests: mocked USB modems for libudev (umockdev-run, umockdev-wrapper)
    python3-gi         # discovery tests: the umockdev testbed that plugs and pulls devices
    python3            # webhook tests: the receiver that checks signatures on its own (stdlib only)
    gir1.2-umockdev-1.0
    postfix            # mail: /usr/sbin/sendmail for faxd; the tests start private instances (FaxTestSupport/PostfixInstance), never the system's
    postfix-sqlite     # mail tests: the map that gives any user@domain of a private instance a Maildir of its own
    swaks              # mail tests: an independent SMTP client that sends mail (attachments too) into the private Postfix
    curl               # mail: faxd's smtp transport (a relay, spoken by curl: STARTTLS, AUTH)
    openssl            # mail tests: the private Postfix's TLS certificate (a smarthost with STARTTLS)
    sasl2-bin          # mail tests: saslpasswd2, the smarthost's SASL user for AUTH
    libsasl2-modules   # mail tests: SASL PLAIN/LOGIN for the private Postfix's AUTH
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: run as root (or install these packages first): ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    if [[ " ${missing[*]} " == *" postfix "* ]]; then
        # No system mail configuration: no /etc/postfix/main.cf, so neither postfix.service
        # (ConditionPathExists=/etc/postfix/main.cf) nor /etc/init.d/postfix starts the system's Postfix,
        # now or at boot. Nothing here needs it: the tests run instances of their own.
        echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
command -v swift >/dev/null || { echo "error: swift is not on PATH (SwiftFax needs Swift 6)" >&2; exit 1; }
