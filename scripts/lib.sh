# Shared by run.sh, test.sh and bench/run.sh: make sure the tools LabLedger needs are here.
# Sourced, not run.

# Swift: the toolchain at /opt/swift when `swift` is not already on PATH.
ensure_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        if [ -x /opt/swift/usr/bin/swift ]; then
            export PATH="/opt/swift/usr/bin:$PATH"
        else
            echo "Swift 6.x is needed: install it from swift.org and put it on PATH." >&2
            exit 1
        fi
    fi
}

# Installs Debian packages for `what` (named in the messages), as root or through sudo.
apt_install() {
    local what="$1"
    shift
    echo "$what is missing; installing $*." >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "Not root and no sudo: install $what yourself (apt-get install -y $*)." >&2
            exit 1
        fi
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# PostgreSQL server binaries (initdb, pg_ctl, postgres, pgbench) for the embedded cluster.
ensure_postgres() {
    if [ -n "${LABLEDGER_PG_BIN:-}" ] && [ -x "${LABLEDGER_PG_BIN}/initdb" ]; then return; fi
    if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then return; fi
    apt_install "PostgreSQL's server binaries" postgresql postgresql-contrib
}

# Go and Go's golang.org/x/mod source (Debian's GOPATH copy under /usr/share/gocode): the
# transparency log's interoperability test checks our checkpoints and proofs with Go's
# sumdb/note and sumdb/tlog packages, code nobody here wrote (Tests/Interop/tlogcheck).
ensure_go() {
    if command -v go >/dev/null 2>&1 && [ -f /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog/tlog.go ]; then return; fi
    apt_install "Go or golang.org/x/mod" golang-go golang-golang-x-mod-dev
}

# Debian's Chromium and its WebDriver, for the console's browser tests (faults/console). The
# browser comes from the distribution: nothing is downloaded at run time.
ensure_chromium() {
    if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then return; fi
    apt_install "Chromium or chromedriver" chromium chromium-driver
}
