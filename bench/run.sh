#!/usr/bin/env bash
# Append benchmark: raw pgbench INSERTs and the store's append, on one durable PostgreSQL
# cluster in one run, at 1/4/16/64 clients and 1/100 events per transaction, plus the cost of
# pg_notify inside a transaction. Prints a markdown table with ratios; also writes it to
# bench/results/. Options go to labledger-bench (see --help), e.g. --seconds 5.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_swift
ensure_postgres
swift build -c release --product labledger-bench
mkdir -p bench/results
"$(swift build -c release --show-bin-path)/labledger-bench" --notify-lock \
    --report "bench/results/append-$(date -u +%Y%m%dT%H%M%SZ).md" "$@"
