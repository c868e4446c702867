#!/usr/bin/env bash
# The whole test suite: formatting, lints, and every test, with the storage
# tests run on SQLite and on a throwaway PostgreSQL cluster started here
# (the Debian server package is installed when missing), and the browser
# tests run in headless Chromium (Debian packages installed when missing);
# the report tests read PDF and DOCX with poppler-utils and python3-docx.
set -euo pipefail
cd "$(dirname "$0")/.."

# crates/web/tests/integration/browser.rs drives /usr/bin/chromium through /usr/bin/chromedriver.
browser_packages=()
[ -x /usr/bin/chromium ] || browser_packages+=(chromium)
[ -x /usr/bin/chromedriver ] || browser_packages+=(chromium-driver)
if [ ${#browser_packages[@]} -gt 0 ]; then
    echo "chibo: installing ${browser_packages[*]} for the browser tests (Debian)…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${browser_packages[@]}" >/dev/null
fi
export CHIBO_REQUIRE_BROWSER=1

# crates/report/tests read the reports back as people's tools do: poppler's
# pdftotext, pdfinfo, pdffonts and pdftoppm, and python-docx.
report_packages=()
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || report_packages+=(poppler-utils)
/usr/bin/python3 -c 'import docx' 2>/dev/null || report_packages+=(python3-docx)
if [ ${#report_packages[@]} -gt 0 ]; then
    echo "chibo: installing ${report_packages[*]} for the report tests (Debian)…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${report_packages[@]}" >/dev/null
fi

# With a streaming replica beside it, for the read-replica tests.
export CHIBO_TEST_PG_REPLICA=1
# shellcheck source=scripts/postgres-throwaway.sh
source scripts/postgres-throwaway.sh
export CHIBO_REQUIRE_POSTGRES=1

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
