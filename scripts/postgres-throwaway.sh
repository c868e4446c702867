#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster in a temporary folder, owned by the
# `postgres` system user, listening only on a Unix socket and 127.0.0.1.
# Installs the Debian server package when no server binaries are found.
#
#   source scripts/postgres-throwaway.sh   # exports CHIBO_TEST_POSTGRES_URL
#   pg_throwaway_stop                      # or let the EXIT trap do it
#
# With CHIBO_TEST_PG_REPLICA=1 a second cluster is made from the first with
# pg_basebackup -R and streams from it as a hot standby on the next port
# (or CHIBO_TEST_PG_REPLICA_PORT): CHIBO_TEST_POSTGRES_REPLICA_URL names it,
# for the read-replica tests. Both stop together.
set -euo pipefail

pg_bin_dir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    return 1
}

if ! PG_BIN=$(pg_bin_dir); then
    echo "chibo: installing the PostgreSQL server package (Debian)…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(pg_bin_dir)
fi

# initdb refuses to run as root: the cluster belongs to the postgres user.
id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
PG_DIR=$(mktemp -d /tmp/chibo-pg.XXXXXX)
chown postgres "$PG_DIR"
PG_PORT=${CHIBO_TEST_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
as_postgres() { runuser -u postgres -- "$@"; }
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
# A standby may stream from this cluster: WAL for replicas, senders, and
# replication connections over 127.0.0.1 trusted like every other one here.
echo "host replication all 127.0.0.1/32 trust" | as_postgres tee -a "$PG_DIR/data/pg_hba.conf" >/dev/null
PG_SETTINGS="-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
    -o "-p $PG_PORT -k $PG_DIR $PG_SETTINGS -c wal_level=replica -c max_wal_senders=4" >/dev/null

pg_throwaway_stop() {
    if [ -d "$PG_DIR/replica" ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/replica" -m immediate stop >/dev/null 2>&1 || true
    fi
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap pg_throwaway_stop EXIT

export CHIBO_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
echo "chibo: throwaway PostgreSQL at $CHIBO_TEST_POSTGRES_URL (data in $PG_DIR)" >&2

if [ "${CHIBO_TEST_PG_REPLICA:-0}" = 1 ]; then
    PG_REPLICA_PORT=${CHIBO_TEST_PG_REPLICA_PORT:-$(( PG_PORT + 1 ))}
    # A copy of the cluster as it stands, with standby.signal and the
    # primary's address written (-R), then started as a hot standby.
    as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres \
        -D "$PG_DIR/replica" -R -X stream -c fast
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/replica" -l "$PG_DIR/replica.log" -w start \
        -o "-p $PG_REPLICA_PORT -k $PG_DIR $PG_SETTINGS -c hot_standby=on" >/dev/null
    export CHIBO_TEST_POSTGRES_REPLICA_URL="postgres://postgres@127.0.0.1:$PG_REPLICA_PORT/postgres"
    echo "chibo: its streaming replica at $CHIBO_TEST_POSTGRES_REPLICA_URL" >&2
fi
