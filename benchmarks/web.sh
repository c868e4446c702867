#!/usr/bin/env bash
# Web server figures on the city demonstration data (see BENCHMARKS.md):
# p95 latency of the tree, unit and dashboard pages (one connection, wrk), requests per
# second for a signed-in unit page (wrk, 2 threads, 16 connections, against
# 127.0.0.1 on the same machine), and the server's resident memory when idle.
#
#   bash benchmarks/web.sh            # builds the release binary first
#
# Needs: wrk (Debian package `wrk`), curl, python3 (to read JSON).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release -p chibo --manifest-path "$root/Cargo.toml" >&2
chibo="${CARGO_TARGET_DIR:-$root/target}/release/chibo"
work=$(mktemp -d)
port=${CHIBO_BENCH_PORT:-18080}
base="http://127.0.0.1:$port"
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

db="$work/chibo.db"
"$chibo" --database-url "$db" demo >/dev/null
password=$("$chibo" --database-url "$db" --json user add bench --name "Đo hiệu năng" \
    --role administrator --unit CT | python3 -c 'import json,sys; print(json.load(sys.stdin)["one_time_password"])')

"$chibo" --database-url "$db" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "$base/health" >/dev/null && break; sleep 0.2; done
sleep 2
rss_at_start=$(ps -o rss= -p "$server" | awk '{printf "%.1f MiB", $1/1024}')

# Sign in through the forms, as a browser does: the one-time password must be
# changed first, which ends the session; then sign in again.
jar="$work/cookies"
field() { sed -n "s/.*name=\"$1\" value=\"\([^\"]*\)\".*/\1/p" | head -1; }
sign_in() {
    local csrf
    csrf=$(curl -fs -c "$jar" -b "$jar" "$base/login" | field csrf)
    curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
        --data-urlencode "username=bench" --data-urlencode "password=$1" "$base/login"
}
sign_in "$password"
csrf=$(curl -fs -c "$jar" -b "$jar" "$base/account/password" | field csrf)
new_password="benchmark-password-1"
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
    --data-urlencode "current_password=$password" --data-urlencode "new_password=$new_password" \
    "$base/account/password"
sign_in "$new_password"
session=$(awk '$6 == "chibo_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "could not sign in" >&2; exit 1; }
cookie="Cookie: chibo_session=$session"

# A grassroots committee and a cell with members, from the demo data.
read -r committee cell < <("$chibo" --database-url "$db" --json org tree | python3 -c '
import json, sys
units = json.load(sys.stdin)
units = units.get("units", units) if isinstance(units, dict) else units
committee = next(u["code"] for u in units if u["kind"] == "grassroots_committee")
cell = next(u["code"] for u in units if u["kind"] in ("grassroots_cell", "subordinate_cell") and u.get("members", 1) > 0)
print(committee, cell)')

p95_script="$work/p95.lua"
cat >"$p95_script" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("p95_ms=%.2f p50_ms=%.2f requests=%d\n",
    latency:percentile(95) / 1000, latency:percentile(50) / 1000, summary.requests))
end
LUA

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GiB"
for page in "/tree" "/units/$committee" "/units/$cell"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie" "$base$page")
    [ "$status" = 200 ] || { echo "$page answered $status" >&2; exit 1; }
    wrk -t1 -c1 -d10s -H "$cookie" -s "$p95_script" "$base$page" | grep p95_ms | sed "s|^|latency $page: |"
done
# The indicator dashboards of the whole city and of one district (default
# period: the twelve months before this one), each view and a download.
for unit in CT CT.NK; do
    for view in "" /sectors /ranking "/ranking?level=cells" /heatmap /norms /ranking.xlsx; do
        page="/units/$unit/dashboard$view"
        status=$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie" "$base$page")
        [ "$status" = 200 ] || { echo "$page answered $status" >&2; exit 1; }
        wrk -t1 -c1 -d5s -H "$cookie" -s "$p95_script" "$base$page" | grep p95_ms | sed "s|^|latency $page: |"
        # Views are remembered for a minute and forgotten on any POST: the
        # first view after a change is timed with the memory emptied before
        # each of 20 requests.
        for _ in $(seq 20); do
            curl -s -o /dev/null -X POST "$base/health"
            curl -s -o /dev/null -w '%{time_total}\n' -H "$cookie" "$base$page"
        done | sort -n | awk -v page="$page" '{ t[NR] = $1 } END {
            printf "first view %s: p50_ms=%.2f p95_ms=%.2f\n", page, t[int(NR / 2)] * 1000, t[int(NR * 0.95)] * 1000 }'
    done
done
echo "throughput /units/$cell (2 threads, 16 connections, 15 s):"
wrk -t2 -c16 -d15s -H "$cookie" "$base/units/$cell" | grep -E 'Requests/sec|Latency|Non-2xx'
sleep 5
echo "idle resident memory: $rss_at_start after start, $(ps -o rss= -p "$server" | awk '{printf "%.1f MiB", $1/1024}') after the runs"
