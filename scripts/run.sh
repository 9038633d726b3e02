#!/usr/bin/env bash
# Runs LabLedger: an embedded PostgreSQL under .labledger/ unless DATABASE_URL is set.
# Arguments go to `labledger serve` (see `labledger serve --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_swift
ensure_postgres
swift build --product labledger
exec "$(swift build --show-bin-path)/labledger" serve "$@"
