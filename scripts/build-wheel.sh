#!/usr/bin/env bash
# Builds optgrid's Python wheel (release, abi3: one wheel for CPython 3.9+ on this platform) and
# its sdist into dist/, with maturin from PyPI in a build environment under target/. The wheel
# holds the whole of optgrid — engine, GPU backends, figures, the command line (`optgrid` and
# `python -m optgrid`) — and installs with `pip install dist/optgrid-*.whl` on a machine with no
# Rust toolchain. Wheels for other platforms: .github/workflows/wheels.yml (maturin's action).
#
#   bash scripts/build-wheel.sh          # the release wheel and the sdist
#   bash scripts/build-wheel.sh --dev    # a wheel of the dev profile, from the crates `cargo
#                                        # test` compiled (the wheel test's quick build)
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/wheel-build
if ! [ -x "$venv/bin/maturin" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "maturin>=1.16,<2"
fi
profile=(--release)
if [ "${1:-}" = --dev ]; then
    profile=(--profile dev)
fi
rm -rf dist
"$venv/bin/maturin" build "${profile[@]}" -m python/Cargo.toml --out dist
"$venv/bin/maturin" sdist -m python/Cargo.toml --out dist
ls -l dist
