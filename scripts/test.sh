#!/usr/bin/env bash
# Runs the whole test suite: unit tests of the pure domain and every storage test on a real
# PostgreSQL (an embedded throw-away cluster, or DATABASE_URL if set to a role that may
# create roles and databases); then the fast fault suite (faults/run: real server processes
# killed, flooded and cut off from PostgreSQL), a bounded schemathesis run against the served
# contract (faults/schemathesis), the deploy suite (`faults/run deploy`: two APIs reading from
# a streaming standby, two workers, the active one killed), the backup and restore drill
# (`faults/run pitr`), the lint of deploy/ (deploy/lint) and the web console in headless
# Chromium (faults/console/run). Extra arguments go to `swift test`
# only, and then the outside suites are skipped (e.g. --filter Idempotency while developing).
set -euo pipefail
# Swift Testing marks its lines with ✔/✘; the summary below reads them as UTF-8.
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_swift
ensure_postgres
ensure_go
swift build --build-tests
# The outside suites run the binary this build made.
export LABLEDGER_BINARY
LABLEDGER_BINARY="$(swift build --show-bin-path)/labledger"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# `.labledger/` is where `./scripts/run.sh` keeps its cluster and keys: a test that runs the
# binary without folders of its own would write there (0700 for its keys), and the next
# `run.sh` as root then finds its cluster's folder out of the postgres user's reach.
had_data_dir=0
[ -e .labledger ] && had_data_dir=1
# A bound on the whole Swift run, far above what it takes (about 10 minutes on two cores): a
# test that blocks every thread of Swift's cooperative pool also stops its own time limit,
# and a hung run once ignored SIGTERM, hence the KILL after 30 s. Line-buffered, so that what
# a killed run printed last reaches the log.
limit="${LABLEDGER_TEST_TIMEOUT:-40m}"
# At most 16 test cases run at once (Swift Testing 6.3 reads this; older ones ignore it).
# Unbounded, every test started in the first second and shared two cores with a thousand
# others until the end, so a long test's wall time was the whole run's: on a slow CI machine
# (an 801 s run) one exceeded its 10-minute hang guard without hanging. A time limit counts
# from when its test case gets its slot, so it measures the test among at most 15 others.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-16}"
timeout --kill-after=30s "$limit" stdbuf -oL -eL swift test --skip-build "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    # Swift Testing reports a test as started before it waits for a slot, and its console output
    # shows no event for the moment it gets one: the list holds the hung tests and those queued.
    echo "swift test was stopped after $limit (LABLEDGER_TEST_TIMEOUT); tests that started, or were waiting for one of the $SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH slots, and never ended:"
    comm -23 \
        <(sed -nE 's/^. Test ("[^"]*"|[^ ]+) started\.$/\1/p' "$log" | grep -vx run | sort) \
        <(sed -nE 's/^. Test ("[^"]*"|[^ ]+) (with [0-9]+ test cases? )?(passed|failed) after .*/\1/p; s/^. Test ("[^"]*"|[^ ]+) skipped.*/\1/p' "$log" | sort)
    # SwiftPM starts the test process in a process group of its own, which timeout's signals
    # do not reach; a killed test process leaves its throw-away cluster running.
    tests_binary="$(swift build --show-bin-path)/LabLedgerPackageTests.xctest"
    for pid in $(pgrep -f "^$tests_binary " || true); do
        kill -KILL "$pid" 2>/dev/null || true
        postmaster="${TMPDIR:-/tmp}/labledger-tests-$pid/pgdata/postmaster.pid"
        if [ -f "$postmaster" ]; then kill -QUIT "$(head -1 "$postmaster")" 2>/dev/null || true; fi
    done
fi
summary=$(grep -E '^. Test run with [0-9]+ tests? ' "$log" | tail -1 || true)
total=$(printf '%s\n' "$summary" | sed -nE 's/.*Test run with ([0-9]+) tests?.*/\1/p')
failed=$(grep -E '^. Test .* failed after' "$log" | grep -vc 'Test run with' || true)
passed=$(( ${total:-0} - failed ))
if [ -z "$total" ] && [ "$status" -ne 0 ]; then failed=$((failed + 1)); fi

# The suites outside Swift each end with their own `N passed, M failed` line.
if [ "$#" -eq 0 ]; then
    for suite in faults/run faults/schemathesis "faults/run deploy" "faults/run pitr" deploy/lint faults/console/run; do
        suite_status=0
        # Unquoted: a suite may carry its argument ("faults/run deploy").
        ./$suite 2>&1 | tee "$log" || suite_status=$?
        line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1 || true)
        if [ -n "$line" ]; then
            passed=$(( passed + $(echo "$line" | cut -d' ' -f1) ))
            failed=$(( failed + $(echo "$line" | cut -d' ' -f3) ))
        elif [ "$suite_status" -ne 0 ]; then
            failed=$((failed + 1))
        fi
        [ "$suite_status" -eq 0 ] || status=$suite_status
    done
fi
if [ "$had_data_dir" -eq 0 ] && [ -e .labledger ]; then
    echo "the test run wrote into .labledger/ of the repository, the service's own folder:"
    ls -la .labledger
    failed=$((failed + 1))
    status=1
fi
# One plain closing line that any reader of CI output understands.
echo "${passed} passed, ${failed} failed"
exit "$status"
