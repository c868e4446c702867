#!/usr/bin/env bash
# Hostile spreadsheets against a running server (see BENCHMARKS.md): each
# file of the attack catalogue (crates/testkit/src/hostile.rs, at full size:
# gigabytes once decompressed) is uploaded to the import page of `chibo
# serve` on the city demonstration data, while another client keeps asking
# for a page. Prints, per file: its size, the answer and how long it took,
# the server's peak resident memory over its idle level, and the slowest
# answer the other client got meanwhile.
#
#   bash benchmarks/hostile.sh            # builds the release binaries first
#
# Needs: curl, python3.
set -euo pipefail

export CHIBO_BENCH_PORT=${CHIBO_BENCH_PORT:-18081}
# shellcheck source=benchmarks/demo-server.sh
source "$(dirname "$0")/demo-server.sh"
cargo run -q --release -p chibo-testkit --example hostile_files --manifest-path "$root/Cargo.toml" \
    -- "$work/files" >"$work/catalogue"
csrf=$(curl -fs -c "$jar" -b "$jar" "$base/import" | field csrf)
[ -n "$csrf" ] || { echo "the import page did not open" >&2; exit 1; }

printf '| File | Size | Answer | Refused with | Time | Peak RSS over idle | Slowest other answer meanwhile |\n'
printf '|---|---:|---|---|---:|---:|---:|\n'
while read -r name size expected; do
    python3 - "$server" "$base" "$jar" "$csrf" "$work/files/$name" "$name" "$size" "$expected" <<'PY'
import re, subprocess, sys, threading, time, urllib.request
pid, base, jar, csrf, path, name, size, expected = sys.argv[1:]

def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))

idle = rss_kib()
peak = [idle]
slowest = [0.0]
done = threading.Event()

def sample():
    while not done.is_set():
        peak[0] = max(peak[0], rss_kib())
        time.sleep(0.005)

def other_client():
    while not done.is_set():
        start = time.monotonic()
        urllib.request.urlopen(base + "/health", timeout=30).read()
        slowest[0] = max(slowest[0], time.monotonic() - start)
        time.sleep(0.02)

threads = [threading.Thread(target=sample), threading.Thread(target=other_client)]
for t in threads:
    t.start()
start = time.monotonic()
out = subprocess.run(
    ["curl", "-s", "-b", jar, "-o", "-", "-w", "\n%{http_code}",
     "-F", f"csrf={csrf}", "-F", "kind=members", "-F", f"file=@{path}", base + "/import"],
    capture_output=True, text=True)
elapsed = time.monotonic() - start
done.set()
for t in threads:
    t.join()
body, _, status = out.stdout.rpartition("\n")
problem = re.search(r'<td class="num">[^<]*</td><td>[^<]*</td><td>([^<]*)</td>', body)
# A refused upload shows its problems in a table; a refused request body
# (413) shows one message in the page's first paragraph.
paragraph = re.search(r"<main[^>]*>.*?<p[^>]*>([^<]+)</p>", body, re.S)
shown = (problem or paragraph).group(1)[:60] if (problem or paragraph) else body[-80:]
print(f"| {name} | {int(size)/1024:.0f} KiB | {status} | {expected}: {shown} | {elapsed:.2f} s "
      f"| {(peak[0]-idle)/1024:.1f} MiB | {slowest[0]*1000:.0f} ms |")
PY
done <"$work/catalogue"
