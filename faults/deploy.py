"""The production shape of deploy/ on loopback, with real processes: one PostgreSQL primary and a
streaming standby made with `pg_basebackup -R`, `labledger migrate` as the owner, two
`labledger serve --no-workers` and two `labledger work` as the application login, the API
reading from the standby through DATABASE_READ_URL.

What must hold: writes through both APIs are acknowledged once each; when the worker holding the
projections' and the sequencer's advisory locks is killed, the other takes them over and the
projections catch up; the read models then equal a rebuild; a query carrying a fresh
LabLedger-Position token never reads stale data, though the standby replays with a delay; queries
without a token are answered by the standby, shown by the standby's own statistics; the replica's
lag is a metric; while the standby is stopped the primary answers every query, and the standby
answers again once it is back; and the history verifies. Prints `N passed, M failed`; exits 1 when any failed.
"""

import json
import os
import re
import shutil
import subprocess
import time
import uuid

from faults import Process, Scenarios, WriteLoad, history_verifies, log, main_of, read_models_equal_a_rebuild, request, wait_for_projections
from pgcluster import Cluster, free_port, make_folder

# The standby applies each commit this late, so a routing that ignored position tokens would
# read stale rows: the fresh-token scenario could fail.
STANDBY_APPLY_DELAY_MS = 700


def local_ports(pid):
    """The local TCP ports of a process's sockets, from /proc (Linux)."""
    inodes = set()
    folder = f"/proc/{pid}/fd"
    for name in os.listdir(folder):
        try:
            target = os.readlink(os.path.join(folder, name))
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                fields = row.split()
                if fields[9] in inodes:
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


class Labledger(Process):
    """One `labledger` process with its own environment and log file."""

    def __init__(self, binary, folder, name, arguments, env, port=None):
        self.binary, self.name, self.arguments, self.env, self.port = binary, name, arguments, env, port
        self.log_path = os.path.join(folder, f"{name}.log")
        self.process = None

    def start(self, timeout=180):
        with open(self.log_path, "ab") as logfile:
            self.process = subprocess.Popen([self.binary, *self.arguments], env=self.env, stdout=logfile, stderr=logfile,
                                            stdin=subprocess.DEVNULL)
        if self.port is None:
            return
        self.wait_for_answer("/ready", timeout)



class Suite(Scenarios):
    def __init__(self, binary):
        self.binary = binary
        self.folder = make_folder("labledger-deploy-")
        # In every URL; trust on loopback ignores it, and no output may ever show it.
        self.password = f"pw-{uuid.uuid4().hex}"
        self.processes = []
        self.primary = self.standby = None

    def env(self, **settings):
        base = {key: value for key, value in os.environ.items()
                if not key.startswith(("DATABASE_", "APP_DATABASE_", "LABLEDGER_")) or key == "LABLEDGER_PG_BIN"}
        # info: the level a deployment logs at, so the search for passwords below reads its lines.
        # One key-encryption key for every process, in the suite's folder: by default it would be
        # `.labledger/person-kek.key` in the working directory, the repository.
        base.update(LOG_LEVEL="info", LABLEDGER_PERSON_KEK_FILE=os.path.join(self.folder, "person-kek.key"))
        base.update(settings)
        return base

    def secret(self, name, value):
        """A URL in a file of its own, as Docker and Kubernetes hand secrets over."""
        path = os.path.join(self.folder, "secrets", name)
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(path, "w") as file:
            file.write(value + "\n")
        os.chmod(path, 0o600)
        return path

    def setup(self):
        self.primary = Cluster.initdb(self.folder)
        self.primary.start()
        self.primary.provision()
        migrated = subprocess.run([self.binary, "migrate"], capture_output=True, text=True, timeout=300,
                                  env=self.env(DATABASE_URL_FILE=self.secret("owner", self.primary.url("labledger_owner", password=self.password))))
        self.migrate_output = migrated.stdout + migrated.stderr
        if migrated.returncode != 0:
            raise RuntimeError(f"migrate: {migrated.stderr[-500:]}")
        log(f"    {migrated.stdout.strip()}")
        self.standby = self.primary.standby(self.folder)
        self.standby.stop()
        self.standby.configure([f"recovery_min_apply_delay = '{STANDBY_APPLY_DELAY_MS}ms'"])
        self.standby.start()
        app_file = self.secret("app", self.primary.url("labledger", password=self.password))
        # Only the workers get the signing key; the APIs get its public key (deploy/README.md).
        self.key_file = os.path.join(self.folder, "log", "log-signing.key")
        self.workers = [Labledger(self.binary, self.folder, f"work-{number}", ["work"], self.env(
            APP_DATABASE_URL=self.primary.url("labledger", password=self.password), LABLEDGER_LOG_KEY_FILE=self.key_file))
            for number in (1, 2)]
        # The first worker takes every lock; the second, started after, stands by.
        self.workers[0].start()
        if not self.wait_for_locks("work-1", minimum=2):
            raise RuntimeError("work-1 took no advisory locks")
        # Its runners start one by one; let it take the rest before anyone else competes.
        time.sleep(2)
        public = self.workers[0].command("log-key")
        if public.returncode != 0:
            raise RuntimeError(f"log-key: {public.stderr[-500:]}")
        self.public_key = public.stdout.strip()
        public_file = self.secret("log-public-key", self.public_key)
        self.apis = []
        # Each API gets a key file path of its own, in a folder of its own, that must stay empty:
        # an API that made a signing key of its own would make it there.
        self.api_key_folders = []
        for number in (1, 2):
            port = free_port()
            key_folder = os.path.join(self.folder, f"api-{number}-data")
            self.api_key_folders.append(key_folder)
            self.apis.append(Labledger(self.binary, self.folder, f"api-{number}", ["serve"], self.env(
                APP_DATABASE_URL_FILE=app_file, DATABASE_READ_URL=self.standby.url("labledger", f"labledger-api-{number}-read", password=self.password),
                LABLEDGER_WORKERS="0", LABLEDGER_PORT=str(port), LABLEDGER_LOG_PUBLIC_KEY_FILE=public_file,
                LABLEDGER_LOG_KEY_FILE=os.path.join(key_folder, "log-signing.key")), port=port))
        self.processes = self.apis + self.workers
        for api in self.apis:
            api.start()
        self.workers[1].start()
        made = self.apis[0].command("keys", "create", "--role", "admin", "--label", "deploy-suite")
        if made.returncode != 0:
            raise RuntimeError(f"keys create: {made.stderr[-500:]}")
        self.key = next(word for word in made.stdout.split() if word.startswith("llk_"))

    def lock_holders(self):
        """Advisory locks held, by worker process name. The lock-holding connections name
        themselves by projection, not by process, so a connection is matched to its process by
        its client port (the process's sockets in /proc)."""
        rows = self.primary.psql("SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                                 "WHERE l.locktype = 'advisory' AND l.granted AND a.datname = 'labledger'")
        owners = {port: worker.name for worker in self.workers if worker.process and worker.process.poll() is None
                  for port in local_ports(worker.process.pid)}
        held = {}
        for port in rows.split():
            owner = owners.get(int(port), "another process")
            held[owner] = held.get(owner, 0) + 1
        return held

    def wait_for_locks(self, holder, minimum, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.lock_holders().get(holder, 0) >= minimum:
                return True
            time.sleep(0.1)
        return False

    def teardown(self):
        for process in self.processes:
            process.stop()
        for cluster in (self.standby, self.primary):
            if cluster:
                cluster.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def after_scenario(self):
        # work-1 is killed on purpose; any other death is a failure.
        return [f"{process.name} died (exit {process.process.returncode}); see {process.log_path}"
                for process in self.processes
                if process is not self.workers[0] and process.process and process.process.poll() is not None]

    # --- scenarios ---------------------------------------------------------------------

    def worker_failover_under_writes(self):
        """Writes through both APIs; the worker holding every lock is killed; the standby
        worker takes them all and the projections catch up."""
        ports = [api.port for api in self.apis]
        turn = iter(range(10**9))
        load = WriteLoad(lambda: ports[next(turn) % 2], self.key, writers=4)
        load.start()
        time.sleep(2)
        held = self.lock_holders()
        active = max(held, key=held.get)
        locks = sum(held.values())
        log(f"    advisory locks before the kill: {held}")
        if active != "work-1" or held.get("work-2", 0) or locks < 2:
            load.finish()
            return [f"work-1 was not the only active worker: {held}"]
        self.workers[0].kill()
        killed = time.time()
        taken = self.wait_for_locks("work-2", minimum=locks)
        took = time.time() - killed
        time.sleep(2)
        finished = load.finish()
        log(f"    work-1 killed; work-2 held all {locks} locks {took:.2f} s later" if taken else "    work-2 did not take the locks")
        log(f"    {len(load.acknowledged)} commands acknowledged through both APIs, answers {sorted(load.statuses.items())}")
        problems = load.verdict(finished, ports[0], self.key)
        if not taken:
            problems.append(f"work-2 did not take over the {locks} advisory locks: {self.lock_holders()}")
        if not wait_for_projections(self.workers[1].command):
            problems.append("the projections did not catch up after the fail-over")
        return problems

    def read_models_equal_a_rebuild(self):
        return read_models_equal_a_rebuild(self.workers[1].command, self.primary.psql)

    def fresh_tokens_never_read_stale(self):
        """A party written through one API is read at once, with its token, through the other:
        found every time, while the standby applies commits 700 ms late."""
        problems = []
        before = self.routed()
        for number in range(40):
            party = f"rw{uuid.uuid4().hex[:8]}"
            writer, reader = self.apis[number % 2], self.apis[(number + 1) % 2]
            status, headers, body = request(writer.port, "POST", "/v1/parties", {
                "party": party, "name": f"Fresh {party}", "kind": "university", "country": "HK"},
                {"Authorization": f"Bearer {self.key}"})
            if status != 201:
                problems.append(f"write {party}: {status} {body[:200]!r}")
                continue
            token = headers.get("LabLedger-Position") or json.loads(body)["position"]
            status, _, body = request(reader.port, "GET", f"/v1/parties/{party}", headers={
                "Authorization": f"Bearer {self.key}", "LabLedger-Position": token})
            if status != 200 or json.loads(body).get("name") != f"Fresh {party}":
                problems.append(f"read {party} with its token: {status} {body[:200]!r}")
        # Tokens the standby has replayed by now are answered there.
        time.sleep(STANDBY_APPLY_DELAY_MS / 1000 * 3)
        old_reads = 0
        for _ in range(20):
            status, _, _ = request(self.apis[0].port, "GET", f"/v1/parties/{party}", headers={
                "Authorization": f"Bearer {self.key}", "LabLedger-Position": token})
            old_reads += status == 200
        after = self.routed()
        delta = {server: after.get(server, 0) - before.get(server, 0) for server in ("primary", "replica")}
        log(f"    40 fresh-token reads through the other API, all current; then 20 reads of a replayed token; "
            f"routed {delta}")
        if old_reads != 20:
            problems.append(f"{20 - old_reads} reads of a replayed token failed")
        if delta["primary"] < 1:
            problems.append("no fresh token went to the primary although the standby replays 700 ms late")
        if delta["replica"] < 20:
            problems.append(f"replayed tokens were not answered by the standby: {delta}")
        return problems

    def routed(self):
        """labledger_read_queries_total by server, summed over both APIs."""
        totals = {}
        for api in self.apis:
            _, _, body = request(api.port, "GET", "/metrics")
            for server, value in re.findall(r'labledger_read_queries_total\{server="(\w+)"\} (\d+)', body.decode()):
                totals[server] = totals.get(server, 0) + int(value)
        return totals

    def tokenless_queries_read_the_standby(self):
        """Queries without a token: the standby's own statistics count them."""
        count = 200
        sql = "SELECT coalesce(sum(idx_scan), 0) + coalesce(sum(seq_scan), 0) FROM pg_stat_user_tables WHERE relname = 'directory_parties'"
        standby_before = int(self.standby.psql(sql))
        primary_before = int(self.primary.psql(sql))
        parties = self.primary.psql("SELECT party_id FROM directory_parties ORDER BY party_id LIMIT 5").split()
        for number in range(count):
            status, _, body = request(self.apis[number % 2].port, "GET", f"/v1/parties/{parties[number % len(parties)]}",
                                      headers={"Authorization": f"Bearer {self.key}"})
            if status != 200:
                return [f"token-less read: {status} {body[:200]!r}"]
        # A server publishes a backend's statistics when its transaction ends, at most once a
        # second; wait until the standby's reach the count or stop growing.
        deadline, standby_after = time.time() + 30, standby_before
        while time.time() < deadline and standby_after - standby_before < count:
            time.sleep(0.5)
            standby_after = int(self.standby.psql(sql))
        primary_after = int(self.primary.psql(sql))
        log(f"    {count} token-less reads: scans of directory_parties on the standby +{standby_after - standby_before}, "
            f"on the primary +{primary_after - primary_before} (pg_stat_user_tables of each server)")
        problems = []
        if standby_after - standby_before < count:
            problems.append(f"the standby counted {standby_after - standby_before} scans for {count} reads")
        # The primary's own background work scans the table a handful of times at most (+1 seen);
        # more means some of the reads went there.
        if primary_after - primary_before > 10:
            problems.append(f"the primary counted {primary_after - primary_before} scans: reads went there")
        return problems

    def replica_up(self):
        """labledger_read_replica_up_bool of each API, as they last saw it."""
        values = []
        for api in self.apis:
            _, _, body = request(api.port, "GET", "/metrics")
            found = re.search(r"^labledger_read_replica_up_bool (\S+)$", body.decode(), re.MULTILINE)
            values.append(float(found.group(1)) if found else None)
        return values

    def wait_for_replica_up(self, expected, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.replica_up() == [expected, expected]:
                return True
            time.sleep(0.2)
        return False

    def reads(self, count, token=None):
        """`count` reads of a known party through both APIs: the statuses that were not 200."""
        party = self.primary.psql("SELECT party_id FROM directory_parties ORDER BY party_id LIMIT 1")
        headers = {"Authorization": f"Bearer {self.key}", **({"LabLedger-Position": token} if token else {})}
        return [status for number in range(count)
                if (status := request(self.apis[number % 2].port, "GET", f"/v1/parties/{party}", headers=headers)[0]) != 200]

    def standby_outage_falls_back_to_the_primary(self):
        """The standby stopped: once the APIs' probes notice, every query is answered by the
        primary; started again, the standby answers again."""
        self.standby.stop()
        try:
            return self.standby_outage()
        finally:
            # Started again whatever happened, or every later scenario would meet a dead standby.
            if not os.path.exists(os.path.join(self.standby.pgdata, "postmaster.pid")):
                self.standby.start()

    def standby_outage(self):
        problems = []
        stopped = time.time()
        if not self.wait_for_replica_up(0.0):
            return [f"the APIs did not notice the standby stopped: read_replica_up {self.replica_up()}"]
        noticed = time.time() - stopped
        before = self.routed()
        status, headers, body = request(self.apis[0].port, "POST", "/v1/parties", {
            "party": f"out{uuid.uuid4().hex[:8]}", "name": "During the outage", "kind": "company", "country": "CN"},
            {"Authorization": f"Bearer {self.key}"})
        token = headers.get("LabLedger-Position") if status == 201 else None
        failed = self.reads(20) + self.reads(10, token)
        during = self.routed()
        self.standby.start()
        back = self.wait_for_replica_up(1.0)
        after_restart = self.routed()
        failed_after = self.reads(20)
        after = self.routed()
        delta_during = {server: during.get(server, 0) - before.get(server, 0) for server in ("primary", "replica")}
        delta_after = {server: after.get(server, 0) - after_restart.get(server, 0) for server in ("primary", "replica")}
        log(f"    standby stopped: the APIs' probes noticed in {noticed:.1f} s; 30 reads routed {delta_during}, "
            f"non-200 {failed}; standby back: 20 reads routed {delta_after}, non-200 {failed_after}")
        if token is None:
            problems.append(f"the write during the outage answered {status} {body[:200]!r}")
        if failed or failed_after:
            problems.append(f"reads failed: {failed} during the outage, {failed_after} after it")
        if delta_during["replica"] != 0 or delta_during["primary"] < 30:
            problems.append(f"reads during the outage were routed {delta_during}")
        if not back:
            problems.append(f"the APIs did not see the standby back: read_replica_up {self.replica_up()}")
        elif delta_after["replica"] < 20:
            problems.append(f"with the standby back, reads were routed {delta_after}")
        return problems

    def replica_lag_is_a_metric(self):
        _, _, body = request(self.apis[1].port, "GET", "/metrics")
        text = body.decode()
        lag = re.search(r"^labledger_read_replica_lag_seconds (\S+)$", text, re.MULTILINE)
        up = re.search(r"^labledger_read_replica_up_bool (\S+)$", text, re.MULTILINE)
        log(f"    /metrics: read_replica_up {up and up.group(1)}, read_replica_lag_seconds {lag and lag.group(1)}")
        problems = []
        if not up or float(up.group(1)) != 1:
            problems.append("labledger_read_replica_up_bool is not 1")
        if not lag or float(lag.group(1)) < 0:
            problems.append("labledger_read_replica_lag_seconds is missing")
        return problems

    def apis_serve_the_workers_public_key(self):
        """Both APIs serve the key the worker signs with, and no API made a key of its own."""
        problems = []
        for api in self.apis:
            status, _, body = request(api.port, "GET", "/v1/audit/public-key")
            if status != 200 or body.decode().strip() != self.public_key:
                problems.append(f"{api.name} serves {status} {body[:200]!r}, not the worker's key {self.public_key}")
        keys = sorted(name for name in os.listdir(os.path.dirname(self.key_file)) if name.endswith(".key"))
        if keys != ["log-signing.key"]:
            problems.append(f"key files beside the worker's: {keys}")
        for folder in self.api_key_folders:
            made = sorted(name for name in os.listdir(folder) if name.endswith(".key")) if os.path.isdir(folder) else []
            if made:
                problems.append(f"an API made key files in its own {folder}: {made}")
        log(f"    both APIs serve {self.public_key}")
        return problems

    def history_verifies(self):
        return history_verifies(self.workers[1].command)

    def no_password_shown(self):
        """Every process's log, and `serve --help` with the URLs in its environment, are free of
        the database password."""
        helped = self.apis[0].command("serve", "--help")
        texts = {"serve --help": helped.stdout + helped.stderr, "migrate": self.migrate_output}
        for process in self.processes:
            with open(process.log_path, errors="replace") as file:
                texts[process.name] = file.read()
        log(f"    searched {sum(len(text) for text in texts.values())} characters of {len(texts)} outputs")
        return [f"{name} shows the database password" for name, text in texts.items() if self.password in text]

    def run(self):
        log("--- primary, standby (pg_basebackup -R), migrate as owner, 2 serve --no-workers, 2 work")
        return self.run_all([
            ("the active worker killed under writes through both APIs", self.worker_failover_under_writes),
            ("read models after the fail-over equal a rebuild", self.read_models_equal_a_rebuild),
            ("fresh position tokens never read stale data from the standby", self.fresh_tokens_never_read_stale),
            ("queries without a token are served by the standby", self.tokenless_queries_read_the_standby),
            ("the standby stopped and started: the primary answers meanwhile", self.standby_outage_falls_back_to_the_primary),
            ("the replica's lag is a metric", self.replica_lag_is_a_metric),
            ("both APIs serve the worker's public key, given only that", self.apis_serve_the_workers_public_key),
            ("the history still verifies", self.history_verifies),
            ("no log line and no --help shows the database password", self.no_password_shown),
        ])


if __name__ == "__main__":
    main_of(Suite, __doc__)
