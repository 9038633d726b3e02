"""Fault scenarios against real LabLedger processes and a real PostgreSQL, on loopback only.

Each scenario starts from the same cluster, drives the server the way an attacker or an outage
would, and checks what must hold: nothing acknowledged is lost or written twice, refusals are
problem+json, the server keeps answering and recovers by itself. Every loop is bounded in count
and time. Standard library only, so a fresh machine needs nothing but Python 3.
"""

import argparse
import http.client
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

LOOPBACK = "127.0.0.1"


def log(message):
    print(message, flush=True)


class Process:
    """A child `labledger` process (`binary`, `env`, `process` set by its subclass): stopped with
    SIGTERM (SIGKILL after 30 s) or killed, and short commands run with its environment."""

    process = None

    def wait_for_answer(self, path, timeout):
        """Until the process answers 200 on `path` at its port; an error if it exits first."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.binary} exited with {self.process.returncode}; see {self.log_path}")
            try:
                if request(self.port, "GET", path, timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.binary} did not answer {path} in time; see {self.log_path}")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def command(self, *arguments):
        return subprocess.run([self.binary, *arguments], env=self.env, capture_output=True, text=True, timeout=300)


class Server(Process):
    """One `labledger serve` process on the suite's data folder (embedded PostgreSQL)."""

    def __init__(self, binary, data_dir, port, env_extra=None):
        self.binary, self.data_dir, self.port = binary, data_dir, port
        self.env = dict(os.environ, LABLEDGER_DATA_DIR=data_dir, LOG_LEVEL="warning",
                        LABLEDGER_IDLE_TIMEOUT_SECONDS="6", LABLEDGER_BODY_TIMEOUT_SECONDS="3", **(env_extra or {}))
        self.process = None
        self.log_path = os.path.join(data_dir, "serve.log")

    def start(self, timeout=180):
        logfile = open(self.log_path, "ab")
        self.process = subprocess.Popen([self.binary, "serve", "--port", str(self.port)], env=self.env,
                                        stdout=logfile, stderr=logfile, stdin=subprocess.DEVNULL)
        self.wait_for_answer("/health", timeout)



class Cluster:
    """The embedded cluster `serve` started, driven with pg_ctl as an operator would."""

    def __init__(self, data_dir):
        self.pgdata = os.path.join(data_dir, "pgdata")
        with open(os.path.join(self.pgdata, "PG_VERSION")) as version:
            major = version.read().strip()
        # The server programs of the cluster's own major version, as `serve` chose them.
        self.bin = os.environ.get("LABLEDGER_PG_BIN") or f"/usr/lib/postgresql/{major}/bin"
        with open(os.path.join(self.pgdata, "postmaster.pid")) as pid_file:
            self.port = int(pid_file.read().split("\n")[3])

    def pg_ctl(self, *arguments):
        command = [os.path.join(self.bin, "pg_ctl"), "-D", self.pgdata, *arguments]
        if os.getuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    def stop(self, mode="fast"):
        return self.pg_ctl("-m", mode, "-w", "stop")

    def start(self):
        # As `serve` starts it (EmbeddedPostgres), so later scenarios meet the same server.
        options = f"-p {self.port} -c listen_addresses={LOOPBACK} -c unix_socket_directories='' -c max_connections=200"
        return self.pg_ctl("-l", os.path.join(self.pgdata, "labledger-server.log"), "-o", options, "-w", "start")

    def restart(self):
        # Stop and start, not `pg_ctl restart`: that re-reads postmaster.opts, whose quoting of
        # an empty socket directory it does not survive.
        stopped = self.stop()
        return stopped if stopped.returncode != 0 else self.start()


def request(port, method, path, body=None, headers=None, timeout=30):
    """One request on a fresh connection: (status, headers, body bytes)."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        all_headers = dict(headers or {})
        if data is not None:
            all_headers.setdefault("Content-Type", "application/json")
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def is_problem(headers, body):
    try:
        return headers.get("Content-Type", "").startswith("application/problem+json") and "code" in json.loads(body)
    except ValueError:
        return False


class WriteLoad:
    """Writers registering parties with idempotency keys, retrying each command until it is
    acknowledged, the way a careful client does through crashes and outages."""

    def __init__(self, port_of, key, writers=6, run=None):
        self.port_of, self.key, self.writers = port_of, key, writers
        self.run = run or uuid.uuid4().hex[:6]
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.acknowledged = {}  # party id -> position
        self.statuses = {}
        self.unexpected = []
        self.slowest_refusal = 0.0
        self.threads = []

    def start(self):
        for number in range(self.writers):
            thread = threading.Thread(target=self.writer, args=(number,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def finish(self, timeout=180):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout)
        return not any(thread.is_alive() for thread in self.threads)

    def verdict(self, finished, port, key):
        """What must hold after any fault: the writers finished, something was acknowledged,
        nothing unexpected was answered, and every acknowledged command is there exactly once."""
        problems = [] if finished else ["writers did not finish"]
        if not self.acknowledged:
            problems.append("no command was acknowledged: the scenario tested nothing")
        problems += [f"unexpected answer {status} for {party}: {body!r}" for party, status, body in self.unexpected[:5]]
        return problems + exactly_once(port, key, self.acknowledged)

    def writer(self, number):
        try:
            self.write(number)
        except Exception as error:  # a writer that dies must fail the scenario, not vanish
            with self.lock:
                self.unexpected.append((f"writer {number}", "crashed", repr(error)))

    def write(self, number):
        sequence = 0
        while not self.stop_event.is_set():
            party = f"f{self.run}-{number}-{sequence}"
            sequence += 1
            body = {"party": party, "name": f"Fault party {party}", "kind": "company", "country": "CN"}
            headers = {"Authorization": f"Bearer {self.key}", "Idempotency-Key": f"faults-{party}"}
            deadline = time.time() + 180
            while time.time() < deadline:
                started = time.time()
                try:
                    status, response_headers, response = request(self.port_of(), "POST", "/v1/parties", body, headers, timeout=30)
                except (OSError, http.client.HTTPException):
                    time.sleep(0.2)
                    continue
                elapsed = time.time() - started
                with self.lock:
                    self.statuses[status] = self.statuses.get(status, 0) + 1
                    if status in (200, 201):
                        self.acknowledged[party] = json.loads(response)["position"]
                        break
                    if status == 503 and is_problem(response_headers, response):
                        self.slowest_refusal = max(self.slowest_refusal, elapsed)
                    else:
                        self.unexpected.append((party, status, response[:300]))
                        break
                time.sleep(0.2)


def exactly_once(port, key, acknowledged):
    """Every acknowledged party has exactly one event in its stream, and the history holds no
    second registration of any of them."""
    problems = []
    for party in acknowledged:
        status, _, body = request(port, "GET", f"/v1/streams/party-{party}/events", headers={"Authorization": f"Bearer {key}"})
        events = json.loads(body).get("items", []) if status == 200 else []
        if status != 200 or len(events) != 1:
            problems.append(f"party-{party}: status {status}, {len(events)} events")
    seen = {}
    status, _, body = request(port, "GET", "/v1/events", headers={"Authorization": f"Bearer {key}", "Accept": "application/x-ndjson"}, timeout=120)
    for line in body.splitlines():
        event = json.loads(line)
        if event.get("type") == "PartyRegistered":
            seen[event["stream"]] = seen.get(event["stream"], 0) + 1
    duplicates = [stream for stream, count in seen.items() if count > 1]
    missing = [party for party in acknowledged if f"party-{party}" not in seen]
    if duplicates:
        problems.append(f"registered twice: {duplicates[:5]}")
    if missing:
        problems.append(f"acknowledged but not in the history: {missing[:5]}")
    return problems


def wait_for_projections(command, timeout=180):
    """Until every projection has applied every event the gap-safe order shows (`command` runs a
    labledger subcommand against the suite's database)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        status = command("status").stdout
        lags = [line for line in status.splitlines() if " lag " in line]
        if lags and all(" lag 0 events" in line for line in lags) and "rebuilding" not in status:
            return True
        time.sleep(0.5)
    return False


def read_model_fingerprints(psql):
    tables = psql("SELECT DISTINCT table_name FROM projection_tables ORDER BY 1").split()
    # Names come from projection_tables, whose CHECK allows only [a-z0-9_].
    return {table: psql(f"SELECT count(*) || ' rows ' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM {table} x")
            for table in tables}


def read_models_equal_a_rebuild(command, psql):
    """The read models, once caught up, equal what `labledger rebuild --all` makes from the first event."""
    if not wait_for_projections(command):
        return ["the projections did not catch up"]
    before = read_model_fingerprints(psql)
    rebuilt = command("rebuild", "--all")
    if rebuilt.returncode != 0:
        return [f"rebuild failed: {rebuilt.stderr[-500:]}"]
    if not wait_for_projections(command):
        return ["the projections did not catch up after the rebuild"]
    after = read_model_fingerprints(psql)
    log(f"    {len(before)} read-model tables compared with a rebuild; {sum(int(v.split()[0]) for v in before.values())} rows")
    return [f"{table}: {before.get(table)} before, {after.get(table)} after the rebuild"
            for table in sorted(set(before) | set(after)) if before.get(table) != after.get(table)]


class Scenarios:
    """What every suite of real processes shares: setup, named scenarios that each answer a list
    of problems, teardown, and the closing `N passed, M failed` line."""

    results = None

    def setup(self):
        pass

    def teardown(self):
        pass

    def after_scenario(self):
        """Problems found after any scenario (a process that died); none by default."""
        return []

    def scenario(self, name, function):
        log(f"--- {name}")
        started = time.time()
        try:
            problems = function() or []
        except Exception as error:  # a scenario that crashes has failed, with the reason
            problems = [f"{type(error).__name__}: {error}"]
        problems += self.after_scenario()
        for problem in problems:
            log(f"    FAIL: {problem}")
        log(f"    {'ok' if not problems else 'FAILED'} in {time.time() - started:.1f} s")
        self.results.append((name, not problems))

    def run_all(self, scenarios):
        """Runs `scenarios` ((name, function) pairs) after setup, then tears down and sums up."""
        self.results = []
        try:
            try:
                self.setup()
            except Exception as error:
                log(f"--- setup\n    FAIL: {type(error).__name__}: {error}")
                self.results.append(("setup", False))
                return False
            for name, function in scenarios:
                self.scenario(name, function)
        finally:
            self.teardown()
            passed = sum(1 for _, ok in self.results if ok)
            print(f"{passed} passed, {len(self.results) - passed} failed", flush=True)
        return all(ok for _, ok in self.results)


def history_verifies(command):
    verified = command("verify")
    log(f"    {verified.stdout.strip()}")
    return [] if verified.returncode == 0 else [f"verify failed: {verified.stdout} {verified.stderr}"]


def main_of(suite, description, **options):
    """The command line of a suite: `--binary` and the boolean `options` (name -> help)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--binary", required=True)
    for name, help_text in options.items():
        parser.add_argument(f"--{name}", action="store_true", help=help_text)
    arguments = vars(parser.parse_args())
    sys.exit(0 if suite(**arguments).run() else 1)


class Suite(Scenarios):
    def __init__(self, binary, full=False):
        self.binary, self.full = binary, full
        self.data_dir = tempfile.mkdtemp(prefix="labledger-faults-")
        if os.getuid() == 0:
            shutil.chown(self.data_dir, "postgres", "postgres")
            os.chmod(self.data_dir, 0o777)
        self.port = free_port()
        self.server = Server(binary, self.data_dir, self.port)
        self.results = []

    def setup(self):
        self.server.start()
        made = self.server.command("keys", "create", "--role", "admin", "--label", "faults")
        self.key = next(word for word in made.stdout.split() if word.startswith("llk_"))
        # The cluster outlives the server from here on: scenarios kill the server, not it.
        self.server.kill()
        self.cluster = Cluster(self.data_dir)
        self.server.start()

    def teardown(self):
        self.server.stop()
        try:
            # Also when setup failed before the cluster was known: find it from its folder.
            (getattr(self, "cluster", None) or Cluster(self.data_dir)).stop("immediate")
        except Exception:
            pass
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def after_scenario(self):
        if self.server.process.poll() is None:
            return []
        died = self.server.process.returncode
        self.server.start()
        return [f"the server died (exit {died})"]

    # --- scenarios ---------------------------------------------------------------------

    def malformed_requests(self):
        problems = []
        cases = [
            ("a 100 KB path id", "GET", "/v1/labs/" + "a" * 100_000, None, {431}),
            ("a 2 MiB body", "POST", "/v1/parties", b"{" + b" " * (2 * 1024 * 1024) + b"}", {413}),
            ("JSON nested 100,000 deep", "POST", "/v1/parties", b"[" * 100_000 + b"]" * 100_000, {400, 413}),
            ("JSON nested 500 deep in a field", "POST", "/v1/parties",
             b'{"party":' + b"[" * 500 + b"]" * 500 + b',"name":"x","kind":"company","country":"CN"}', {400}),
            ("not JSON", "POST", "/v1/parties", b"\x00\xff garbage", {400}),
        ]
        for label, method, path, body, expected in cases:
            try:
                status, headers, response = request(self.port, method, path, body, {"Authorization": f"Bearer {self.key}"})
            except (OSError, http.client.HTTPException) as error:
                problems.append(f"{label}: no answer ({error})")
                continue
            log(f"    {label}: {status} {json.loads(response).get('code') if is_problem(headers, response) else response[:80]}")
            if status not in expected or not is_problem(headers, response):
                problems.append(f"{label}: {status}, problem+json {is_problem(headers, response)}")
        if request(self.port, "GET", "/health")[0] != 200:
            problems.append("the server no longer answers /health")
        return problems

    def largest_values(self):
        """A party key's largest allowed text must not freeze a read model (it once parked every
        later event of the stream and failed the projection); one character more is a 400."""
        problems = []
        # 4-byte characters, varied so PostgreSQL cannot compress the index entry away.
        name = "".join(chr(0x1F300 + (i * 7919) % 0x300) for i in range(300))
        party = f"big-{uuid.uuid4().hex[:8]}"
        headers = {"Authorization": f"Bearer {self.key}"}
        status, _, body = request(self.port, "POST", "/v1/parties", {"party": party, "name": name, "kind": "company", "country": "CN"}, headers)
        if status != 201:
            problems.append(f"the largest allowed name was answered {status}: {body[:200]!r}")
        status, response_headers, body = request(self.port, "POST", "/v1/parties",
                                                 {"party": party + "x", "name": name + "a", "kind": "company", "country": "CN"}, headers)
        pointers = [error.get("pointer") for error in json.loads(body).get("errors", [])] if is_problem(response_headers, body) else []
        log(f"    300 four-byte characters: accepted; 301: {status} at {pointers}")
        if status != 400 or "/name" not in pointers:
            problems.append(f"a name one character too long was answered {status} {pointers}")
        if not self.wait_for_projections():
            problems.append("the projections did not apply the largest values")
        status_text = self.server.command("status").stdout
        # `status` names a failed state and lists open dead letters only when there are some.
        if "failed" in status_text or "dead letters" in status_text:
            problems.append(f"a projection failed or parked events:\n{status_text}")
        if request(self.port, "GET", "/ready")[0] != 200:
            problems.append("/ready is not 200 after the largest values")
        return problems

    def connection_flood(self):
        """1,224 connections that never finish their head (more than the usual 1,024 open files)
        while ordinary clients keep asking; the server must keep serving them and shed the flood."""
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
        flood = []
        problems = []
        try:
            for _ in range(1224):
                connection = socket.create_connection((LOOPBACK, self.port), timeout=10)
                connection.sendall(b"GET /v1/events HTTP/1.1\r\nHost: x\r\n")
                flood.append(connection)
            log(f"    {len(flood)} half-open connections")
            answered = []
            for _ in range(20):
                started = time.time()
                health = request(self.port, "GET", "/health", timeout=10)[0]
                events = request(self.port, "GET", "/v1/events?limit=1", headers={"Authorization": f"Bearer {self.key}"}, timeout=10)[0]
                answered.append((health, events, time.time() - started))
            statuses = {(h, e) for h, e, _ in answered}
            log(f"    ordinary clients during the flood: {sorted(statuses)}, slowest pair {max(t for *_, t in answered):.2f} s")
            if statuses != {(200, 200)}:
                problems.append(f"ordinary clients were not served during the flood: {statuses}")
            # The idle timeout is 6 s here: every flood connection must be closed by the server.
            closed = 0
            deadline = time.time() + 30
            for connection in flood:
                connection.settimeout(max(0.1, deadline - time.time()))
                try:
                    if connection.recv(1) == b"":
                        closed += 1
                except (socket.timeout, OSError):
                    pass
            log(f"    {closed} of {len(flood)} closed by the server")
            if closed != len(flood):
                problems.append(f"only {closed} of {len(flood)} idle connections were closed")
        finally:
            for connection in flood:
                connection.close()
        return problems

    def slow_clients(self):
        """Clients that send their body a byte a second get 408; others are served meanwhile."""
        problems = []
        results = []

        def slow():
            try:
                connection = socket.create_connection((LOOPBACK, self.port), timeout=60)
                connection.sendall(("POST /v1/parties HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + self.key +
                                    "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n").encode())
                received = b""
                for _ in range(60):
                    try:
                        connection.sendall(b" ")
                    except OSError:
                        break
                    connection.settimeout(1)
                    try:
                        chunk = connection.recv(4096)
                        if not chunk:
                            break
                        received += chunk
                    except socket.timeout:
                        continue
                results.append(received.split(b" ")[1] if received.startswith(b"HTTP/1.1") else b"none")
            except OSError as error:
                results.append(str(error).encode())

        threads = [threading.Thread(target=slow) for _ in range(50)]
        for thread in threads:
            thread.start()
        time.sleep(1)
        served = [request(self.port, "GET", "/v1/events?limit=1", headers={"Authorization": f"Bearer {self.key}"})[0] for _ in range(10)]
        for thread in threads:
            thread.join(120)
        log(f"    slow bodies answered {sorted(set(results))}; others meanwhile {sorted(set(served))}")
        # The suite's server allows 3 s for a body (10 s by default).
        if set(results) != {b"408"}:
            problems.append(f"slow bodies were answered {set(results)}, not 408")
        if set(served) != {200}:
            problems.append(f"other clients got {set(served)} during the slow bodies")
        return problems

    def sigkill_under_load(self):
        kills = 10 if self.full else 3
        load = WriteLoad(lambda: self.port, self.key)
        load.start()
        for number in range(kills):
            time.sleep(random.uniform(1.0, 3.0))
            self.server.kill()
            self.server.start()
        time.sleep(2)
        finished = load.finish()
        log(f"    {kills} SIGKILLs, {len(load.acknowledged)} commands acknowledged, answers {sorted(load.statuses.items())}")
        return load.verdict(finished, self.port, self.key)

    def database_outage(self):
        outage = 20 if self.full else 5
        load = WriteLoad(lambda: self.port, self.key)
        load.start()
        time.sleep(2)
        stopped = self.cluster.stop()
        if stopped.returncode != 0:
            return [f"pg_ctl stop failed: {stopped.stderr}"]
        began = time.time()
        probes = []
        while time.time() - began < outage:
            started = time.time()
            ready = request(self.port, "GET", "/ready", timeout=outage + 10)[0]
            read = request(self.port, "GET", "/v1/events?limit=1", headers={"Authorization": f"Bearer {self.key}"}, timeout=outage + 10)
            probes.append((ready, read[0], time.time() - started))
            time.sleep(0.5)
        started = self.cluster.start()
        if started.returncode != 0:
            return [f"pg_ctl start failed: {started.stderr}"]
        back = time.time()
        recovered = None
        while recovered is None and time.time() - back < 60:
            if request(self.port, "GET", "/v1/events?limit=1", headers={"Authorization": f"Bearer {self.key}"})[0] == 200:
                recovered = time.time() - back
            else:
                time.sleep(0.1)
        finished = load.finish()
        during = probes[2:]  # the probe needs a moment to notice
        slowest = max((t for *_, t in during), default=0)
        log(f"    {outage} s stop: /ready and reads during it {sorted({(r, q) for r, q, _ in during})}, slowest pair {slowest:.2f} s, "
            f"slowest write refusal {load.slowest_refusal:.2f} s")
        log(f"    reads served again {recovered:.2f} s after the database was back" if recovered is not None else "    reads not served again within 60 s")
        log(f"    {len(load.acknowledged)} commands acknowledged, answers {sorted(load.statuses.items())}")
        problems = load.verdict(finished, self.port, self.key)
        if recovered is None:
            problems.append("reads were not served again within 60 s of the database's return")
        if {(r, q) for r, q, _ in during} != {(503, 503)}:
            problems.append(f"during the outage /ready and reads answered {set((r, q) for r, q, _ in during)}")
        # The point is that nothing waits for the database to come back.
        if slowest >= outage / 2 or load.slowest_refusal >= outage / 2:
            problems.append(f"requests waited for the database ({slowest:.1f} s, {load.slowest_refusal:.1f} s)")
        if request(self.port, "GET", "/ready")[0] != 200:
            problems.append("not ready again after the database came back")
        return problems

    def database_restarts(self):
        restarts = 3
        load = WriteLoad(lambda: self.port, self.key)
        load.start()
        for _ in range(restarts):
            time.sleep(2)
            restarted = self.cluster.restart()
            if restarted.returncode != 0:
                load.finish()
                return [f"pg_ctl restart failed: {restarted.stderr}"]
        time.sleep(3)
        finished = load.finish()
        log(f"    {restarts} fast restarts, {len(load.acknowledged)} acknowledged, answers {sorted(load.statuses.items())}")
        problems = load.verdict(finished, self.port, self.key)
        if 500 in load.statuses:
            problems.append(f"{load.statuses[500]} answers were 500")
        return problems

    def psql(self, sql):
        done = subprocess.run(["psql", "-h", LOOPBACK, "-p", str(self.cluster.port), "-U", "labledger_super", "-d", "labledger",
                               "-At", "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"psql: {done.stderr.strip()}")
        return done.stdout.strip()

    def wait_for_projections(self, timeout=180):
        return wait_for_projections(self.server.command, timeout)

    def read_models_equal_a_rebuild(self):
        """After workers were SIGKILLed mid-page, the read models must equal a rebuild from the first event."""
        return read_models_equal_a_rebuild(self.server.command, self.psql)

    def history_verifies(self):
        return history_verifies(self.server.command)

    def run(self):
        return self.run_all([
            ("malformed, oversized and deeply nested requests", self.malformed_requests),
            ("the largest allowed values through every projection", self.largest_values),
            ("connection flood of 1,224 half-open connections", self.connection_flood),
            ("slow request bodies", self.slow_clients),
            ("SIGKILL of the server under a retrying write load", self.sigkill_under_load),
            ("read models after the kills equal a rebuild", self.read_models_equal_a_rebuild),
            ("PostgreSQL stopped under load", self.database_outage),
            ("PostgreSQL restarted under load", self.database_restarts),
            ("the history still verifies", self.history_verifies),
        ])


def free_port():
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def main():
    main_of(Suite, __doc__, full="ten SIGKILLs and a 20 s outage instead of three and 5 s")


if __name__ == "__main__":
    main()
