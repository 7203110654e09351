#!/usr/bin/env bash
# Runs the Python package's tests against the extension `cargo test --workspace` built.
#
# The extension (target/debug/lib_native.so) is built by the same cargo invocation as the rest
# of the workspace, with the same features of every shared crate, so nothing is compiled twice;
# it is staged with the package's Python files under target/py/site and imported from there.
# Installing the package itself is `pip install ./python` (maturin), for users. The tests
# compare it with the CLI in target/debug. Needs python3 with venv, and PyPI for numpy and
# pytest.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=target/py
if ! [ -x "$venv/bin/python" ]; then
    command -v python3 >/dev/null || { echo "python/tests/run.sh: python3 not found" >&2; exit 1; }
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check numpy pytest nbconvert ipykernel anywidget jupyterlab selenium
# The CLI and the extension, as `cargo test --workspace` builds them (a no-op after it).
cargo build -q --workspace --lib --bins --tests
site="$venv/site"
rm -rf "$site" && mkdir -p "$site/optgrid"
cp python/optgrid/*.py python/optgrid/*.pyi python/optgrid/*.js python/optgrid/py.typed "$site/optgrid/"
cp target/debug/lib_native.so "$site/optgrid/_native.abi3.so"
PYTHONPATH="$PWD/$site" OPTGRID_BIN="$PWD/target/debug/optgrid" \
    "$venv/bin/pytest" -q python/tests "$@"
