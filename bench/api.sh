#!/usr/bin/env bash
# API benchmark: single-event commands (POST /v1/parties) beside raw pgbench INSERTs of the
# same event, and the IP-status query (GET /v1/ip-assets/{id} over 10,000 assets) beside a
# trivial Hummingbird route, at 16 and 64 connections, on one durable cluster in one run; then
# one client at a time: read-your-writes, a long stream, and the console's pages beside the API
# calls they are built on (--only-console runs that cell alone).
# wrk drives all HTTP load. Prints a markdown table with ratios and writes it to
# bench/results/. Options go to labledger-api-bench (see --help), e.g. --seconds 5.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_swift
ensure_postgres
if ! command -v wrk >/dev/null; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk
fi
swift build -c release --product labledger-api-bench
mkdir -p bench/results
"$(swift build -c release --show-bin-path)/labledger-api-bench" \
    --report "bench/results/api-$(date -u +%Y%m%dT%H%M%SZ).md" "$@"
