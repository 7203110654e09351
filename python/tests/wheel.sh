#!/usr/bin/env bash
# The wheel on a machine with no Rust: builds it (scripts/build-wheel.sh --dev, reusing what
# `cargo test --workspace` compiled), installs it into a new virtual environment, takes cargo and
# rustc off PATH, and checks that a sweep from Python gives the arrays of the CLI's result.npz and
# that the wheel's `optgrid` command and `python -m optgrid` are the command line, and that the
# widget (`pip install optgrid[widget]`) finds its page.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/build-wheel.sh --dev >/dev/null
wheel=$(ls dist/optgrid-*.whl)
venv=target/wheel-test
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check "$wheel[widget]"
target/debug/optgrid sweep --fn himmelblau --opt adam --lr 0.05 --res 64x48 --steps 400 \
    --backend cpu --quiet --out target/wheel-test/cli

# No Rust from here on: only the venv and the system's own directories.
export PATH="$PWD/$venv/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"
if command -v cargo >/dev/null || command -v rustc >/dev/null; then
    echo "python/tests/wheel.sh: cargo or rustc still on PATH" >&2
    exit 1
fi
cd "$venv"  # away from the repo's python/ folder, so only the installed package can be imported
python - <<'PY'
import numpy as np, optgrid, subprocess, sys
assert "/wheel-test/" in optgrid.__file__, optgrid.__file__
s = optgrid.sweep(fn="himmelblau", opt="adam", lr=0.05, res="64x48", steps=400, backend="cpu")
cli = np.load("cli/result.npz")
for name in ("final_x", "final_y", "loss", "steps", "status", "basin"):
    assert np.array_equal(getattr(s, name), cli[name]), name
t = optgrid.trace(fn="himmelblau", opt=["sgd", "adam"], lr=0.01, steps=200, start=(-1, 1))
assert sorted(t.paths) == ["adam", "sgd"] and t.figure()[:4] == b"\x89PNG"
lines = [subprocess.run(c, capture_output=True, text=True, check=True).stdout
         for c in (["optgrid", "list"], [sys.executable, "-m", "optgrid", "list"])]
assert lines[0] == lines[1] and "himmelblau" in lines[0]
# The widget's half in the kernel: the page and its API from the installed wheel.
w = optgrid.explore(fn="himmelblau", opt="adam", backend="cpu")
assert "async function requestMap" in w.page
w.send = lambda content, buffers=None: None
w._answer({"id": "v:1", "method": "GET", "path": "/api/catalog", "body": ""})
print(f"python/tests/wheel.sh: {optgrid.__file__} works without Rust")
PY
