#!/usr/bin/env bash
# The evaluator's landing page on the city demonstration data (see
# BENCHMARKS.md): p50 and p95 latency of the queue of meetings waiting for
# a score, for the whole city (every held meeting of 24 months read once)
# and for one district, over one connection (wrk), signed in as an
# administrator (who may score everywhere).
#
#   bash benchmarks/evaluations.sh                     # builds the release binary first
#   CHIBO_BIN=/path/to/chibo bash benchmarks/evaluations.sh
#
# Needs: wrk (Debian package `wrk`), curl, python3.
set -euo pipefail

# shellcheck source=benchmarks/demo-server.sh
source "$(dirname "$0")/demo-server.sh"

p95_script="$work/p95.lua"
cat >"$p95_script" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("p95_ms=%.2f p50_ms=%.2f requests=%d\n",
    latency:percentile(95) / 1000, latency:percentile(50) / 1000, summary.requests))
end
LUA

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for page in "/units/CT/evaluations" "/units/CT/evaluations?page=20" "/units/CT.NK/evaluations"; do
    status=$(curl -s -o "$work/page.html" -w '%{http_code}' -H "$cookie" "$base$page")
    [ "$status" = 200 ] || { echo "$page answered $status" >&2; exit 1; }
    waiting=$(sed -n 's/.*id="waiting-count">\([^<]*\)<.*/\1/p' "$work/page.html")
    echo "$page: $waiting"
    wrk -t1 -c1 -d10s -H "$cookie" -s "$p95_script" "$base$page" | grep p95_ms | sed "s|^|latency $page: |"
done
