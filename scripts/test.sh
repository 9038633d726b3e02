#!/usr/bin/env bash
# Runs the whole test suite: unit tests of the pure domain and every storage test on a real
# PostgreSQL (an embedded throw-away cluster, or DATABASE_URL if set to a role that may
# create roles and databases). Extra arguments go to `swift test` (e.g. --filter Idempotency).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_swift
ensure_postgres
swift build --build-tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
swift test --skip-build "$@" 2>&1 | tee "$log" || status=$?
# One plain closing line that any reader of CI output understands.
summary=$(grep -E '^. Test run with [0-9]+ tests? ' "$log" | tail -1 || true)
total=$(printf '%s\n' "$summary" | sed -nE 's/.*Test run with ([0-9]+) tests?.*/\1/p')
failed=$(grep -cE '^. Test .* failed after' "$log" || true)
if [ -n "$total" ]; then
    echo "$((total - failed)) passed, ${failed} failed"
fi
exit "$status"
