#!/bin/bash
# Runs once, as the image's superuser, when the primary's data folder is first made: the
# logins LabLedger needs (as DatabaseSetup.provision makes them for the embedded cluster), its
# database, and the standby's replication login. Passwords come from the secret files; psql's
# :'variable' quoting keeps them out of the SQL text and the log.
set -euo pipefail
# Beside the data folder, not in it: a base backup copies the data folder.
mkdir -p /var/lib/postgresql/archive
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v owner_password="$(cat /run/secrets/owner_password)" \
    -v app_password="$(cat /run/secrets/app_password)" \
    -v replication_password="$(cat /run/secrets/replication_password)" <<'SQL'
CREATE ROLE labledger_app NOLOGIN;
CREATE ROLE labledger_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE labledger LOGIN PASSWORD :'app_password';
GRANT labledger_app TO labledger;
GRANT pg_read_all_stats TO labledger_app;
CREATE ROLE replicator LOGIN REPLICATION PASSWORD :'replication_password';
CREATE DATABASE labledger OWNER labledger_owner ENCODING 'UTF8' TEMPLATE template0;
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
