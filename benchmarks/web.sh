#!/usr/bin/env bash
# Web server figures on the city demonstration data (see BENCHMARKS.md):
# p95 latency of the tree, unit and dashboard pages (one connection, wrk), requests per
# second for a signed-in unit page (wrk, 2 threads, 16 connections, against
# 127.0.0.1 on the same machine) beside a bare axum handler serving the same
# bytes (the ratio is printed), the bytes sent plain and gzipped, and the
# server's resident memory when idle.
#
#   bash benchmarks/web.sh            # builds the release binary first
#   CHIBO_BIN=/path/to/chibo bash benchmarks/web.sh   # another build, to compare
#
# Needs: wrk (Debian package `wrk`), curl, python3 (to read JSON).
set -euo pipefail

# shellcheck source=benchmarks/demo-server.sh
source "$(dirname "$0")/demo-server.sh"

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
page_rps=$(wrk -t2 -c16 -d15s -H "$cookie" "$base/units/$cell" | tee "$work/wrk-page" |
    awk '/Requests\/sec/ {print $2}')
grep -E 'Requests/sec|Latency|Non-2xx' "$work/wrk-page"

# The floor: a bare axum handler serving the same bytes (examples/bare_page.rs),
# measured the same way right after.
cargo build -q --release -p chibo-web --example bare_page --manifest-path "$root/Cargo.toml" >&2
curl -fs -H "$cookie" "$base/units/$cell" >"$work/cell.html"
bare_port=$((port + 10))
"${CARGO_TARGET_DIR:-$root/target}/release/examples/bare_page" "$work/cell.html" "127.0.0.1:$bare_port" &
bare=$!
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$bare_port/" && break; sleep 0.1; done
bare_rps=$(wrk -t2 -c16 -d15s "http://127.0.0.1:$bare_port/" | awk '/Requests\/sec/ {print $2}')
kill "$bare"
echo "bare axum handler, the same $(wc -c <"$work/cell.html") bytes: $bare_rps requests/s"
awk -v page="$page_rps" -v bare="$bare_rps" \
    'BEGIN { printf "cell page / bare handler: %.1f %%\n", 100 * page / bare }'

# What a browser downloads: each page as sent plain and gzipped.
for page in "/tree" "/units/$cell" "/units/CT/dashboard/ranking?level=cells" "/assets/chibo.css"; do
    plain=$(curl -fs -o /dev/null -w '%{size_download}' -H "$cookie" "$base$page")
    zipped=$(curl -fs -o /dev/null -w '%{size_download}' -H "$cookie" -H 'Accept-Encoding: gzip' "$base$page")
    echo "sent $page: $plain bytes, $zipped gzipped"
done
sleep 5
echo "idle resident memory: $rss_at_start after start, $(ps -o rss= -p "$server" | awk '{printf "%.1f MiB", $1/1024}') after the runs"
