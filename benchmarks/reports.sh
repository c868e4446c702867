#!/usr/bin/env bash
# Printed reports on the city demonstration data (see BENCHMARKS.md, "Printed
# reports"): a unit's quarterly report with its charts from the command line
# (a district and the whole city, PDF and DOCX), the city's committee reports
# in one batch (`--each-child`), one directive's execution report, one
# survey campaign's results and one experiment's evaluation (the first of
# each in the data), and the running server's resident memory
# before and after 200 report downloads, with the time of each download.
#
#   bash benchmarks/reports.sh            # builds the release binary first
#   CHIBO_BIN=/path/to/chibo bash benchmarks/reports.sh
#
# Needs: curl, python3, GNU time (/usr/bin/time).
set -euo pipefail

# shellcheck source=benchmarks/demo-server.sh
source "$(dirname "$0")/demo-server.sh"

# The last quarter that has ended.
period=${CHIBO_BENCH_PERIOD:-$(python3 -c '
import datetime
t = datetime.date.today()
q = (t.month - 1) // 3
print(f"{t.year}-Q{q}" if q else f"{t.year - 1}-Q4")')}
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GiB; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "period: $period"

# One report from the command line (process start and database opening
# included), 5 runs each; the time and the peak memory of each run.
for unit in CT.NK CT; do
    for format in pdf docx; do
        for _ in 1 2 3 4 5; do
            /usr/bin/time -f "%e %M" "$chibo" --database-url "$db" report unit --unit "$unit" \
                --period "$period" --format "$format" --out "$work/one.$format" 2>&1 >/dev/null | tail -1
        done | sort -n | awk -v what="cli report unit $unit $format" \
            '{ t[NR] = $1; m = $2 > m ? $2 : m } END { printf "%s: median %.2f s, max %.2f s, peak %.0f MiB\n", what, t[3], t[5], m / 1024 }'
    done
done
/usr/bin/time -f "cli report city CT pdf: %e s, peak %M KiB" "$chibo" --database-url "$db" \
    report city --unit CT --period "$period" --out "$work/city.pdf" >/dev/null

# The first directive seen from the city, the first survey campaign's
# results and the first experiment's evaluation (its bootstrap included),
# once each as PDF and DOCX; said so when the data holds none.
for what in "directive --unit CT --id 1" "survey --campaign 1" "experiment --id 1"; do
    for format in pdf docx; do
        # shellcheck disable=SC2086 # the words of $what are the arguments
        if timed=$(/usr/bin/time -f "%e %M" "$chibo" --database-url "$db" report $what \
            --format "$format" --out "$work/other.$format" 2>&1 >/dev/null); then
            echo "$timed" | tail -1 | awk -v what="cli report ${what%% *} $format" \
                '{ printf "%s: %.2f s, peak %.0f MiB\n", what, $1, $2 / 1024 }'
        else
            echo "cli report ${what%% *} $format: not in this data ($(echo "$timed" | head -1))"
        fi
    done
done

# The city's committees, one report each.
for format in pdf docx; do
    rm -rf "$work/batch"
    /usr/bin/time -f "batch $format: %e s, peak %M KiB" "$chibo" --database-url "$db" \
        report unit --unit CT --period "$period" --each-child --format "$format" \
        --out "$work/batch" >/dev/null
    echo "batch $format: $(ls "$work/batch" | wc -l) files, $(du -sh "$work/batch" | cut -f1)"
done

# The server: 200 downloads (the committees' reports in turn, PDF and DOCX
# alternating, then the city's comparison every 20th), resident memory
# before, after, and 5 s after.
mapfile -t committees < <(ls "$work/batch" | sed 's/\.docx$//')
rss() { ps -o rss= -p "$server" | awk '{printf "%.1f MiB", $1/1024}'; }
# One download of each first, so that the fonts are parsed and the
# indicator rows read before the baseline.
curl -fs -o /dev/null -H "$cookie" "$base/units/CT/report.pdf?period=$period"
curl -fs -o /dev/null -H "$cookie" "$base/units/CT/report.docx?period=$period"
sleep 1
echo "server rss at start: $rss_at_start; after the first reports: $(rss)"
for i in $(seq 200); do
    unit=${committees[$(( i % ${#committees[@]} ))]}
    format=$([ $((i % 2)) = 0 ] && echo pdf || echo docx)
    path="/units/$unit/report.$format?period=$period"
    [ $((i % 20)) = 0 ] && path="/units/CT/city-report.pdf?period=$period"
    curl -fs -o /dev/null -w "%{time_total} $format\n" -H "$cookie" "$base$path"
done >"$work/times"
echo "server rss after 200 reports: $(rss)"
sleep 5
echo "server rss 5 s later: $(rss)"
for format in pdf docx; do
    grep " $format\$" "$work/times" | sort -n | awk -v f="$format" '{ t[NR] = $1 } END {
        printf "download %s (%d): p50 %.0f ms, p95 %.0f ms, max %.0f ms\n", f, NR, t[int(NR / 2)] * 1000, t[int(NR * 0.95)] * 1000, t[NR] * 1000 }'
done
