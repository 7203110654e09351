#!/usr/bin/env bash
# Runs optgrid's whole test suite, GPU, browser and Python tests included.
#
# The GPU tests need adapters. On a machine without a GPU, Mesa's software drivers provide two:
# lavapipe (Vulkan) and llvmpipe (OpenGL through EGL, no display), and the kernels run on both;
# spirv-val (Debian's spirv-tools) checks every kernel's SPIR-V; the browser tests need Debian's
# Chromium (its WebGPU runs on SwiftShader without a GPU). This script installs them when they
# are missing and it can (as root, via apt-get). The GPU tests fail — they never skip — when no
# adapter is found, and under CI (CI set) they fail when either driver or spirv-val is missing,
# as the browser tests do when Chromium is. The Python package's tests
# (python/tests/run.sh) build it into a virtual environment under target/ (needs python3 with
# venv, and PyPI for numpy, pytest, nbconvert, ipykernel, anywidget, jupyterlab and selenium;
# the notebook widget's test drives JupyterLab in Chromium through Debian's chromedriver). The
# zoom test needs Debian's ffmpeg for zoom.mp4 (installed when missing; required under CI).
# python/tests/wheel.sh (by hand:
# maturin compiles the crates again, ~8 min on 2 cores) builds the wheel, installs it where no
# Rust is on PATH, and checks it against the CLI. The Slurm test (tests/slurm/run.sh) brings up a
# single-node Slurm from Debian's slurm-wlm and munge (installed when missing, as root), runs a
# sharded sweep as a job array and merges it; under CI it fails when Slurm cannot start.
set -euo pipefail
cd "$(dirname "$0")/.."

have_vulkan() {
    ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1' &&
        ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json >/dev/null 2>&1
}

have_gl() {
    ldconfig -p 2>/dev/null | grep -q 'libEGL_mesa.so.0' &&
        ls /usr/lib/*/dri/swrast_dri.so >/dev/null 2>&1
}

need=()
have_vulkan || need+=(libvulkan1 mesa-vulkan-drivers)
have_gl || need+=(libegl1 libegl-mesa0 libgl1-mesa-dri)
command -v spirv-val >/dev/null || need+=(spirv-tools)
[ -x /usr/bin/chromium ] || need+=(chromium)
# Selenium drives Chromium through it for the notebook widget's JupyterLab test.
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
# optgrid zoom encodes zoom.mp4 with it.
command -v ffmpeg >/dev/null || need+=(ffmpeg)

if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "scripts/test.sh: installing ${need[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "scripts/test.sh: missing ${need[*]} and cannot install them (need root and apt-get);" \
             "the GPU tests fail without Mesa's drivers, the browser tests without chromium." >&2
    fi
fi

cargo test --workspace "$@"
bash tests/slurm/run.sh
bash python/tests/run.sh
