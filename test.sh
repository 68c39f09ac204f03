#!/usr/bin/env bash
# Runs every test (unit, HTTP against a real PostgreSQL, browser tests in real Chromium) and ends
# with one line "N passed, N failed". Artifacts (screenshots, test output) go to ./artifacts.
set -uo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh --tests || exit 1
dotnet tool restore >/dev/null
mkdir -p artifacts
dotnet test Kompeten.slnx "$@" 2>&1 | tee artifacts/test-output.txt
status=${PIPESTATUS[0]}
passed=$(grep -oE 'Passed: +[0-9]+' artifacts/test-output.txt | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' artifacts/test-output.txt | awk '{s+=$2} END {print s+0}')
echo "${passed} passed, ${failed} failed"
[ "${passed}" -gt 0 ] || { echo "Tidak ada tes yang berjalan."; exit 1; }
exit "$status"
