#!/bin/bash
# The standby's first start clones the primary (pg_basebackup -R writes standby.signal and
# primary_conninfo), with a replication slot so the primary keeps the WAL it has not received.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    until pg_isready -h postgres-primary -U replicator -d postgres; do sleep 1; done
    PGPASSWORD="$(cat /run/secrets/replication_password)" gosu postgres \
        pg_basebackup -h postgres-primary -U replicator -D "$PGDATA" -R -X stream -C -S standby_1 --checkpoint=fast
fi
exec gosu postgres postgres -c config_file=/etc/labledger/postgresql.conf -c archive_mode=off
