#!/usr/bin/env bash
# Dashboard reads on a streaming replica beside the same reads on the primary
# (see BENCHMARKS.md, "Read replica"): the city demonstration data in a
# throwaway PostgreSQL cluster with a replica made by pg_basebackup, one server
# started with --read-database-url, and each dashboard view's first view after
# a change (the server's memory of views emptied by a POST before each
# request) timed 20 times by curl on each side, in turn: without a
# `chibo_wrote` cookie (the replica serves it) and with a mark beyond any
# position (the primary must), so that both sides see the same machine load.
#
#   bash benchmarks/replica.sh                               # builds the release binary first
#   CHIBO_BIN=target/debug/chibo bash benchmarks/replica.sh  # another build
#
# Needs: the PostgreSQL server package (installed by the throwaway script when
# missing), curl, python3.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CHIBO_TEST_PG_REPLICA=1
# shellcheck source=scripts/postgres-throwaway.sh
source "$root/scripts/postgres-throwaway.sh"
export CHIBO_BENCH_DB=$CHIBO_TEST_POSTGRES_URL
export CHIBO_BENCH_SERVE_ARGS="--read-database-url $CHIBO_TEST_POSTGRES_REPLICA_URL"
# shellcheck source=benchmarks/demo-server.sh
source "$root/benchmarks/demo-server.sh"
# Both the server and the clusters stop on exit.
trap 'cleanup; pg_throwaway_stop' EXIT

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
# Any mark beyond the replica's replay sends a read to the primary.
primary="chibo_wrote=18446744073709551615"
for unit in CT CT.NK; do
    for view in "" /sectors "/ranking?level=cells" /heatmap /norms; do
        page="/units/$unit/dashboard$view"
        for side in replica primary; do
            extra=""
            [ "$side" = primary ] && extra="; $primary"
            status=$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie$extra" "$base$page")
            [ "$status" = 200 ] || { echo "$page ($side) answered $status" >&2; exit 1; }
        done
        for _ in $(seq 20); do
            for side in replica primary; do
                extra=""
                [ "$side" = primary ] && extra="; $primary"
                curl -s -o /dev/null -X POST "$base/health"
                printf '%s ' "$side"
                curl -s -o /dev/null -w '%{time_total}\n' -H "$cookie$extra" "$base$page"
            done
        done | sort -k2 -n | awk -v page="$page" '{ n[$1]++; t[$1, n[$1]] = $2 } END {
            for (side in n) printf "first view %s on the %s: p50_ms=%.2f p95_ms=%.2f\n", page, side,
                t[side, int(n[side] / 2)] * 1000, t[side, int(n[side] * 0.95)] * 1000 }'
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The replica's pool served reads (its connections are named chibo-reads).
psql "$CHIBO_TEST_POSTGRES_REPLICA_URL" -Atc \
    "SELECT 'replica connections named chibo-reads: ' || count(*) FROM pg_stat_activity WHERE application_name = 'chibo-reads'"
