#!/usr/bin/env bash
# Regenerates tests/data/oracles/optimizers.json from the reference implementations: installs
# the pinned versions into a virtual environment (VENV, default target/oracles-venv: torch's
# wheels take a few GB) and runs generate.py. Nothing here is a runtime dependency of optgrid.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-target/oracles-venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q torch==2.15.0 schedulefree==1.4.1 prodigyopt==1.1.2 pytorch-optimizer==4.1.0
mkdir -p tests/data/oracles
"$VENV/bin/python" scripts/oracles/generate.py tests/data/oracles/optimizers.json
