#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster in a temporary folder, owned by the
# `postgres` system user, listening only on a Unix socket and 127.0.0.1.
# Installs the Debian server package when no server binaries are found.
#
#   source scripts/postgres-throwaway.sh   # exports CHIBO_TEST_POSTGRES_URL
#   pg_throwaway_stop                      # or let the EXIT trap do it
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
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w start \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null

pg_throwaway_stop() {
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap pg_throwaway_stop EXIT

export CHIBO_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
echo "chibo: throwaway PostgreSQL at $CHIBO_TEST_POSTGRES_URL (data in $PG_DIR)" >&2
