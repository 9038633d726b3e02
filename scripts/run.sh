#!/usr/bin/env bash
# Runs LabLedger with the demo story loaded: the API on http://127.0.0.1:8080 and the
# projection workers, on an embedded PostgreSQL under .labledger/ unless DATABASE_URL is set.
# It prints one API key per role and a few curl commands. Arguments go to `labledger serve`
# (see `labledger serve --help`), e.g. --port 9000; LABLEDGER_DEMO=0 starts without the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_swift
ensure_postgres
swift build --product labledger
demo=()
if [ "${LABLEDGER_DEMO:-1}" != "0" ]; then demo=(--demo); fi
exec "$(swift build --show-bin-path)/labledger" serve "${demo[@]}" "$@"
