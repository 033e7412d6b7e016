#!/usr/bin/env bash
# Run by `npm test` first (its pretest): the page tests drive Debian's Chromium (never a downloaded browser) and
# need Thai fonts to lay out Thai text; the PDF tests read the printed reports with Debian's poppler-utils
# (pdftotext, pdftoppm). On a Debian machine where we are root, they are installed with apt-get; elsewhere this
# says what to install, instead of a dozen tests failing one by one.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
has_thai_font() { command -v fc-list >/dev/null && fc-list :lang=th family | grep -q .; }
has_poppler() { command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null; }

if [ -x "$chromium_path" ] && has_thai_font && has_poppler; then exit 0; fi

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium, Thai fonts and poppler-utils for the page and PDF tests (apt-get)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-thai-tlwg poppler-utils >/dev/null
  exit 0
fi

echo "The page tests need Chromium at $chromium_path (or set CHROMIUM_PATH) and Thai fonts; the PDF tests need poppler-utils." >&2
echo "On Debian or Ubuntu: sudo apt-get install chromium fonts-thai-tlwg poppler-utils" >&2
exit 1
