#!/usr/bin/env bash
# The meeting form on a throttled phone (see BENCHMARKS.md, "The meeting
# form on a phone"): a 60-member cell's new meeting form in headless
# Chromium at 390×844, CPU slowed four times and DevTools' "Fast 3G" network
# emulated through chromedriver, loaded after the secretary's landing, four
# more times, then with the browser's cache emptied; prints the time until
# the form answers taps, DOMContentLoaded, load and the bytes sent.
#
#   bash benchmarks/meeting_form_phone.sh
#   CHIBO_BENCH_DEBUG=1 bash benchmarks/meeting_form_phone.sh   # each request's timing, style, layout and script time too
#
# The figures are the browser's (network and parsing on a slowed CPU); the
# server answering from a debug build adds a few milliseconds.
#
# Needs: chromium and chromium-driver (Debian), as the browser tests do.
set -euo pipefail
cd "$(dirname "$0")/.."
CHIBO_REQUIRE_BROWSER=1 cargo test -p chibo-web --test integration \
    browser::the_meeting_form_on_a_throttled_phone -- --ignored --nocapture --exact
