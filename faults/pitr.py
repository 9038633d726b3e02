"""The backup and restore drill of deploy/README.md, run for real on loopback: a primary with WAL
archiving; LabLedger's history written through `labledger serve`; a base backup with
pg_basebackup; more history (batch A), a point in time, more history (batch B); the WAL archived;
a restore of the base backup plus the archive into a new cluster up to that point in time. What
must hold: `labledger verify` passes on the restored copy, batch A is there and batch B is not.
Prints `N passed, M failed`; exits 1 when any failed."""

import os
import shutil
import subprocess
import time

from faults import Scenarios, log, main_of, request
from pgcluster import Cluster, free_port, make_folder, run


class Drill(Scenarios):
    def __init__(self, binary):
        self.binary = binary
        self.folder = make_folder("labledger-pitr-")
        self.archive = os.path.join(self.folder, "archive")
        os.makedirs(self.archive)
        if os.getuid() == 0:
            shutil.chown(self.archive, "postgres", "postgres")
        self.primary = self.restored = self.server = None

    def env(self, cluster, **settings):
        base = {key: value for key, value in os.environ.items()
                if not key.startswith(("DATABASE_", "APP_DATABASE_", "LABLEDGER_")) or key == "LABLEDGER_PG_BIN"}
        # The key-encryption key in the suite's folder, not `.labledger/` of the working directory.
        base.update(LOG_LEVEL="warning", LABLEDGER_LOG_KEY_FILE=os.path.join(self.folder, "log", "log-signing.key"),
                    LABLEDGER_PERSON_KEK_FILE=os.path.join(self.folder, "person-kek.key"),
                    DATABASE_URL=cluster.url("labledger_owner"), APP_DATABASE_URL=cluster.url("labledger"), **settings)
        return base

    def labledger(self, cluster, *arguments):
        return subprocess.run([self.binary, *arguments], env=self.env(cluster), capture_output=True, text=True, timeout=300)

    def write_parties(self, prefix, count):
        parties = [f"{prefix}-{number}" for number in range(count)]
        for party in parties:
            status, _, body = request(self.port, "POST", "/v1/parties", {
                "party": party, "name": f"Drill {party}", "kind": "company", "country": "CN"}, {"Authorization": f"Bearer {self.key}"})
            if status != 201:
                raise RuntimeError(f"write {party}: {status} {body[:200]!r}")
        return parties

    def run_drill(self):
        archive_command = f"test ! -f {self.archive}/%f && cp %p {self.archive}/%f"
        self.primary = Cluster.initdb(self.folder, ["archive_mode = on", f"archive_command = '{archive_command}'"])
        self.primary.start()
        self.primary.provision()
        self.port = free_port()
        self.server = subprocess.Popen([self.binary, "serve", "--port", str(self.port)], env=self.env(self.primary),
                                       stdout=subprocess.DEVNULL, stderr=open(os.path.join(self.folder, "serve.log"), "wb"))
        deadline = time.time() + 180
        while time.time() < deadline and not self.ready():
            time.sleep(0.2)
        made = self.labledger(self.primary, "keys", "create", "--role", "admin", "--label", "pitr-drill")
        self.key = next(word for word in made.stdout.split() if word.startswith("llk_"))
        before_backup = self.write_parties("before-backup", 20)
        base = os.path.join(self.folder, "base")
        run([os.path.join(self.primary.bin, "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres",
             "-D", base, "-X", "none", "--checkpoint=fast"])
        log(f"    base backup taken after {len(before_backup)} parties; WAL archived to {self.archive}")
        batch_a = self.write_parties("batch-a", 20)
        # Let the log's sequencer sign a checkpoint over batch A before the point in time.
        time.sleep(2)
        target = self.primary.psql("SELECT now()")
        events_at_target = int(self.primary.psql("SELECT count(*) FROM events"))
        time.sleep(1)
        batch_b = self.write_parties("batch-b", 20)
        time.sleep(2)
        events_at_end = int(self.primary.psql("SELECT count(*) FROM events"))
        # Close the current WAL segment so the archive holds everything written.
        self.primary.psql("SELECT pg_switch_wal()")
        if not self.primary.wait_until("SELECT last_failed_wal IS NULL AND archived_count > 0 FROM pg_stat_archiver", "t",
                                       database="postgres"):
            return ["the WAL was not archived"]
        self.server.terminate()
        self.server.wait(timeout=60)
        self.primary.stop()
        log(f"    {events_at_target} events at the point in time {target}, {events_at_end} at the end; primary stopped")

        restored = Cluster(os.path.join(self.folder, "restored"), free_port())
        run(["cp", "-a", base, restored.pgdata])
        restored.configure([f"restore_command = 'cp {self.archive}/%f %p'", f"recovery_target_time = '{target}'",
                            "recovery_target_action = 'promote'", "archive_mode = off"])
        open(os.path.join(restored.pgdata, "recovery.signal"), "w").close()
        if os.getuid() == 0:
            shutil.chown(os.path.join(restored.pgdata, "recovery.signal"), "postgres", "postgres")
        self.restored = restored
        restored.start()
        if not restored.wait_until("SELECT pg_is_in_recovery()", "f"):
            return ["the restored cluster did not finish recovery"]
        events = int(restored.psql("SELECT count(*) FROM events"))
        present_a = int(restored.psql("SELECT count(*) FROM events WHERE stream_id LIKE 'party-batch-a-%'"))
        present_b = int(restored.psql("SELECT count(*) FROM events WHERE stream_id LIKE 'party-batch-b-%'"))
        log(f"    restored to {target}: {events} events; batch A {present_a} of {len(batch_a)}, batch B {present_b} of {len(batch_b)}")
        problems = []
        if events != events_at_target:
            problems.append(f"the restored copy has {events} events, {events_at_target} were committed at the point in time")
        if present_a != len(batch_a):
            problems.append(f"batch A (before the point in time) has {present_a} of {len(batch_a)} events")
        if present_b != 0:
            problems.append(f"batch B (after the point in time) has {present_b} events in the restored copy")
        verified = self.labledger(restored, "verify")
        log(f"    labledger verify on the restored copy: {verified.stdout.strip()}")
        if verified.returncode != 0:
            problems.append(f"verify failed on the restored copy: {verified.stdout} {verified.stderr[-500:]}")
        return problems

    def ready(self):
        try:
            return request(self.port, "GET", "/ready", timeout=2)[0] == 200
        except OSError:
            return False

    def teardown(self):
        if self.server and self.server.poll() is None:
            self.server.kill()
        for cluster in (self.restored, self.primary):
            if cluster:
                cluster.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def run(self):
        return self.run_all([("point-in-time restore from a base backup and archived WAL", self.run_drill)])


if __name__ == "__main__":
    main_of(Drill, __doc__)
