#!/usr/bin/env bash
# Projection benchmark: rebuild of every read model over a generated history (1,000,000 events
# by default) beside a raw INSERT ... SELECT of the same events, and commit-to-read-model lag
# while 16 writers append; one durable PostgreSQL cluster, one run. Prints a markdown report and
# writes it to bench/results/. Options go to labledger-projection-bench (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_swift
ensure_postgres
swift build -c release --product labledger-projection-bench
mkdir -p bench/results
"$(swift build -c release --show-bin-path)/labledger-projection-bench" \
    --report "bench/results/projections-$(date -u +%Y%m%dT%H%M%SZ).md" "$@"
