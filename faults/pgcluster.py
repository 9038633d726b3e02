"""Throw-away PostgreSQL clusters on loopback for the deploy and backup scenarios: a primary made
with initdb, a streaming standby made with `pg_basebackup -R`, a restore from a base backup and
archived WAL. Standard library only. initdb refuses root, so as root every server program runs
as `postgres`."""

import os
import shutil
import socket
import subprocess
import time

LOOPBACK = "127.0.0.1"


def free_port():
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def pg_bin():
    configured = os.environ.get("LABLEDGER_PG_BIN")
    if configured:
        return configured
    majors = sorted((int(name) for name in os.listdir("/usr/lib/postgresql") if name.isdigit()), reverse=True)
    return f"/usr/lib/postgresql/{majors[0]}/bin"


def as_postgres(command):
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


def run(command, check=True, timeout=300):
    done = subprocess.run(as_postgres(command), capture_output=True, text=True, timeout=timeout)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:2])} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done


def make_folder(prefix):
    folder = __import__("tempfile").mkdtemp(prefix=prefix)
    if os.getuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    os.chmod(folder, 0o777)
    return folder


class Cluster:
    """One PostgreSQL server on loopback, superuser `postgres`, trust on 127.0.0.1 only."""

    def __init__(self, pgdata, port):
        self.pgdata, self.port = pgdata, port
        self.bin = pg_bin()

    @classmethod
    def initdb(cls, folder, settings=()):
        cluster = cls(os.path.join(folder, "primary"), free_port())
        run([os.path.join(cluster.bin, "initdb"), "-D", cluster.pgdata, "-U", "postgres", "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8"])
        with open(os.path.join(cluster.pgdata, "pg_hba.conf"), "w") as hba:
            hba.write(f"host all all {LOOPBACK}/32 trust\nhost replication all {LOOPBACK}/32 trust\n")
        cluster.configure(["wal_level = replica", "max_wal_senders = 10", "max_connections = 200", *settings])
        return cluster

    def configure(self, lines):
        path = os.path.join(self.pgdata, "postgresql.conf")
        with open(path, "a") as conf:
            conf.write("\n" + "\n".join(lines) + "\n")

    def start(self):
        options = f"-p {self.port} -c listen_addresses={LOOPBACK} -c unix_socket_directories=''"
        run([os.path.join(self.bin, "pg_ctl"), "-D", self.pgdata, "-l", os.path.join(self.pgdata, "server.log"),
             "-o", options, "-w", "-t", "120", "start"])

    def stop(self, mode="fast"):
        if os.path.exists(os.path.join(self.pgdata, "postmaster.pid")):
            run([os.path.join(self.bin, "pg_ctl"), "-D", self.pgdata, "-m", mode, "-w", "stop"], check=False)

    def standby(self, folder):
        """A streaming standby of this server: pg_basebackup -R into a new folder, another port."""
        replica = Cluster(os.path.join(folder, "standby"), free_port())
        run([os.path.join(self.bin, "pg_basebackup"), "-h", LOOPBACK, "-p", str(self.port), "-U", "postgres",
             "-D", replica.pgdata, "-R", "-X", "stream", "--checkpoint=fast"])
        replica.configure(["hot_standby = on", "archive_mode = off"])
        replica.start()
        return replica

    def psql(self, sql, database="labledger", user="postgres"):
        done = subprocess.run(["psql", "-h", LOOPBACK, "-p", str(self.port), "-U", user, "-d", database, "-At",
                               "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise RuntimeError(f"psql on {self.port}: {done.stderr.strip()}")
        return done.stdout.strip()

    def provision(self, database="labledger"):
        """LabLedger's logins and database, as deploy/compose/initdb/10-labledger.sh makes them
        (trust on loopback here, so no passwords)."""
        for statement in [
            "CREATE ROLE labledger_app NOLOGIN",
            "CREATE ROLE labledger_owner LOGIN",
            "CREATE ROLE labledger LOGIN",
            "GRANT labledger_app TO labledger",
            "GRANT pg_read_all_stats TO labledger_app",
            f"CREATE DATABASE {database} OWNER labledger_owner ENCODING 'UTF8' TEMPLATE template0",
        ]:
            self.psql(statement, database="postgres")

    def url(self, user, application="labledger", database="labledger", password=None):
        """A URL for `user`; trust ignores a `password`, which lets a suite look for it in logs."""
        login = f"{user}:{password}" if password else user
        return f"postgres://{login}@{LOOPBACK}:{self.port}/{database}?sslmode=disable&application_name={application}"

    def wait_until(self, sql, expected, timeout=120, database="labledger"):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if self.psql(sql, database=database) == expected:
                    return True
            except RuntimeError:
                pass
            time.sleep(0.2)
        return False
