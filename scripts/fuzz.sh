#!/usr/bin/env bash
# The long fuzz run: every target of crates/fuzz under cargo fuzz (libFuzzer,
# coverage-guided), on stable Rust (no sanitizer: `-s none`). Each target
# starts from the committed corpus in fuzz/corpus/TARGET and explores in a
# scratch folder; with --merge, inputs that reach new code are added to the
# committed corpus (which the test suite replays briefly). Prints one line
# per target: runs, seconds, crashes.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [--merge] [TARGET ...]
#
# Installs cargo-fuzz from crates.io when missing. A crash leaves its input
# in fuzz/artifacts/TARGET/ and the command to reproduce it in the log.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds=600
merge=0
targets=()
for arg in "$@"; do
    case "$arg" in
        --merge) merge=1 ;;
        ''|*[!0-9]*) targets+=("$arg") ;;
        *) seconds=$arg ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(csv xlsx xlsx_parts meeting_form rubric_json query)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

cargo fuzz build -s none -O >&2
# The binaries are run directly, so that editing the sources during a long
# run does not make cargo fuzz rebuild them halfway.
bin="target/$(rustc -vV | sed -n 's/^host: //p')/release"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=0
printf '| Target | Seconds | Runs | Runs/s | Crashes | Corpus |\n|---|---:|---:|---:|---:|---:|\n'
for target in "${targets[@]}"; do
    mkdir -p "$scratch/$target"
    log="$scratch/$target.log"
    status=0
    mkdir -p "artifacts/$target"
    "$bin/$target" -artifact_prefix="artifacts/$target/" "$scratch/$target" "corpus/$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
        >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
    crashes=$(ls "artifacts/$target" 2>/dev/null | wc -l)
    if [ "$status" -ne 0 ]; then
        failed=1
        tail -40 "$log" >&2
    fi
    if [ "$merge" = 1 ] && [ "$status" -eq 0 ]; then
        "$bin/$target" -merge=1 "corpus/$target" "$scratch/$target" >>"$log" 2>&1
    fi
    size=$(ls "corpus/$target" | wc -l)
    runs=${runs:-0}
    printf '| %s | %s | %s | %s | %s | %s |\n' "$target" "$seconds" "$runs" \
        "$(( runs / seconds ))" "$crashes" "$size"
done
exit $failed
