#!/usr/bin/env bash
# Backup of the city database while the server answers requests and another
# process writes: `chibo backup` plain and gzip-compressed (3 runs each), the
# files' sizes, and `chibo restore` of the compressed file. See BENCHMARKS.md,
# "Backups". CHIBO_BIN=path uses an existing binary instead of building.
source "$(dirname "${BASH_SOURCE[0]}")/demo-server.sh"

# Readers: a signed-in cell page, as fast as curl asks, for the whole run.
(while true; do curl -s -o /dev/null -w '%{time_total}\n' -H "$cookie" "$base/units/CT.NK.AH.KV1"; done) >"$work/latency" &
readers=$!
# A writer: one small transaction every 20 ms.
(i=0; while true; do i=$((i + 1));
    sqlite3 -cmd ".timeout 5000" "$db" "INSERT INTO settings (key, value) VALUES ('bench-$i', 'x')" 2>/dev/null
    sleep 0.02; done) &
writer=$!
trap 'kill $readers $writer 2>/dev/null || true; cleanup' EXIT

echo "database: $(du -m "$db" | cut -f1) MB"
for flags in "" "--compress"; do
    for run in 1 2 3; do
        file="$work/backup-$run${flags:+-gz}.chibo-backup"
        start=$(date +%s.%N)
        "$chibo" --database-url "$db" backup "$file" $flags >/dev/null
        end=$(date +%s.%N)
        printf 'backup %-10s run %d: %.2f s, %s MB\n' "${flags:-plain}" "$run" \
            "$(echo "$end - $start" | bc)" "$(du -m "$file" | cut -f1)"
    done
done
start=$(date +%s.%N)
"$chibo" --database-url "$work/restored.db" restore "$work/backup-1-gz.chibo-backup" >/dev/null
end=$(date +%s.%N)
printf 'restore (compressed): %.2f s\n' "$(echo "$end - $start" | bc)"
kill $readers 2>/dev/null || true
sort -n "$work/latency" | awk '{ t[NR] = $1 } END {
    printf "cell page during the runs: %d requests, p50 %.1f ms, p95 %.1f ms, max %.1f ms\n",
        NR, 1000 * t[int(NR * 0.5)], 1000 * t[int(NR * 0.95)], 1000 * t[NR] }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
