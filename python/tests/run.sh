#!/usr/bin/env bash
# Builds the Python package into a virtual environment under target/ and runs its tests.
#
# The extension is built with cargo's dev profile into the workspace's target directory, so it
# reuses what `cargo test` compiled; the tests compare it with the CLI in target/debug.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=target/py
if ! [ -x "$venv/bin/python" ]; then
    command -v python3 >/dev/null || { echo "python/tests/run.sh: python3 not found" >&2; exit 1; }
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check "maturin==1.16.0" numpy pytest
# The CLI the tests compare with, built as `cargo test` builds it (a no-op after it).
cargo test -q --no-run
PATH="$PWD/$venv/bin:$PATH" MATURIN_PEP517_ARGS="--profile dev --strip" \
    "$venv/bin/pip" install -q --disable-pip-version-check --no-build-isolation --no-deps \
    --force-reinstall ./python
OPTGRID_BIN="$PWD/target/debug/optgrid" "$venv/bin/pytest" -q python/tests "$@"
