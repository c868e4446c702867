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

root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release -p chibo --manifest-path "$root/Cargo.toml" >&2
target="${CARGO_TARGET_DIR:-$root/target}"
chibo="$target/release/chibo"
work=$(mktemp -d)
port=${CHIBO_BENCH_PORT:-18081}
base="http://127.0.0.1:$port"
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

cargo run -q --release -p chibo-testkit --example hostile_files --manifest-path "$root/Cargo.toml" \
    -- "$work/files" >"$work/catalogue"

db="$work/chibo.db"
"$chibo" --database-url "$db" demo >/dev/null
password=$("$chibo" --database-url "$db" --json user add bench --name "Đo hiệu năng" \
    --role administrator --unit CT | python3 -c 'import json,sys; print(json.load(sys.stdin)["one_time_password"])')
"$chibo" --database-url "$db" serve --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "$base/health" >/dev/null && break; sleep 0.2; done

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
new_password="Đo-hiệu-năng-máy-chủ-7"
curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
    --data-urlencode "current_password=$password" --data-urlencode "new_password=$new_password" \
    --data-urlencode "confirm_password=$new_password" "$base/account/password"
sign_in "$new_password"
csrf=$(curl -fs -c "$jar" -b "$jar" "$base/import" | field csrf)
[ -n "$csrf" ] || { echo "could not sign in" >&2; exit 1; }
sleep 2

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
shown = problem.group(1)[:60] if problem else re.sub(r"\s+", " ", body)[-80:]
print(f"| {name} | {int(size)/1024:.0f} KiB | {status} | {expected}: {shown} | {elapsed:.2f} s "
      f"| {(peak[0]-idle)/1024:.1f} MiB | {slowest[0]*1000:.0f} ms |")
PY
done <"$work/catalogue"
