# Sourced by the benchmark scripts: builds the release binary (or takes
# CHIBO_BIN, e.g. an earlier build to compare with), creates the city
# demonstration database, starts `chibo serve` on it and signs in as an
# administrator through the forms, as a browser does. Leaves: $chibo, $work,
# $db, $base, $server (pid), $jar (curl cookie jar), $cookie (header),
# $rss_at_start; stops the server and removes $work on exit.
# CHIBO_BENCH_DB names another (empty) database to fill, e.g. postgres://…;
# CHIBO_BENCH_SERVE_ARGS adds options to `chibo serve`.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -n "${CHIBO_BIN:-}" ]; then
    chibo=$CHIBO_BIN
else
    cargo build --release -p chibo --manifest-path "$root/Cargo.toml" >&2
    chibo="${CARGO_TARGET_DIR:-$root/target}/release/chibo"
fi
work=$(mktemp -d)
port=${CHIBO_BENCH_PORT:-18080}
base="http://127.0.0.1:$port"
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

db=${CHIBO_BENCH_DB:-$work/chibo.db}
read -r -a serve_args <<<"${CHIBO_BENCH_SERVE_ARGS:-}"
"$chibo" --database-url "$db" demo >/dev/null
password=$("$chibo" --database-url "$db" --json user add bench --name "Đo hiệu năng" \
    --role administrator --unit CT | python3 -c 'import json,sys; print(json.load(sys.stdin)["one_time_password"])')

CHIBO_LOG=warn,chibo_web=info "$chibo" --database-url "$db" serve --listen "127.0.0.1:$port" \
    "${serve_args[@]}" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "$base/health" >/dev/null && break; sleep 0.2; done
# Idle after start: once the server has read its indicator rows into memory
# (it says so in its log), and 2 s later.
for _ in $(seq 120); do grep -q "kept in memory" "$work/serve.log" && break; sleep 0.5; done
sleep 2
rss_at_start=$(ps -o rss= -p "$server" | awk '{printf "%.1f MiB", $1/1024}')

# The one-time password must be changed first, which ends the session; then
# sign in again.
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
session=$(awk '$6 == "chibo_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "could not sign in" >&2; exit 1; }
cookie="Cookie: chibo_session=$session"
