#!/usr/bin/env bash
# Installs, with apt, what Kompeten needs on a fresh Debian machine and is missing:
#   always: the PostgreSQL server binaries (the embedded database);
#   --tests: also Chromium (PDFs and browser tests), poppler-utils and zbar-tools (tests read PDFs and QR codes).
# Does nothing when everything is present. Needs root (or sudo) only when something is missing.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
if [ "${1:-}" = "--tests" ]; then
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "Memasang prasyarat: ${need[*]}"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -q
$sudo_cmd apt-get install -y -q --no-install-recommends "${need[@]}"
