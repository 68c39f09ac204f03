#!/usr/bin/env bash
# Runs Kompeten on http://localhost:5080 with its own PostgreSQL and the demo data
# (demo accounts and their one-time passwords are printed on the first start).
set -euo pipefail
cd "$(dirname "$0")"
scripts/prerequisites.sh
exec dotnet run --project src/Kompeten.Web --launch-profile Kompeten -- --demo "$@"
