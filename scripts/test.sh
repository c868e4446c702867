#!/usr/bin/env bash
# The whole test suite: formatting, lints, and every test, with the storage
# tests run on SQLite and on a throwaway PostgreSQL cluster started here
# (the Debian server package is installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/postgres-throwaway.sh
source scripts/postgres-throwaway.sh
export CHIBO_REQUIRE_POSTGRES=1

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked
