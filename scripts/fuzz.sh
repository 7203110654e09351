#!/usr/bin/env bash
# Throws about a million random flag sets and TOML configs at optgrid's parsing and validation
# (CI runs 120 000 repeatable ones): 500 000 sweep flag sets, 100 000 trace flag sets, 500 000
# sweep configs and 100 000 trace configs, freshly drawn each run. Never a panic; always valid
# plans or one clear line. A failure prints the smallest input that fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPTGRID_FUZZ_RANDOM=1 OPTGRID_FUZZ_CASES="${OPTGRID_FUZZ_CASES:-500000}"
cargo test --release --test suite fuzz::
