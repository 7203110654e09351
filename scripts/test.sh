#!/usr/bin/env bash
# Runs optgrid's whole test suite, GPU tests included.
#
# The GPU tests need a Vulkan adapter. On a machine without a GPU, Mesa's software Vulkan driver
# (lavapipe) provides one; this script installs it when it is missing and it can (as root, via
# apt-get). The GPU tests fail — they never skip — when no adapter is found.
set -euo pipefail
cd "$(dirname "$0")/.."

have_vulkan() {
    ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1' &&
        ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json >/dev/null 2>&1
}

if ! have_vulkan; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "scripts/test.sh: installing the Vulkan loader and Mesa's software driver (lavapipe)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends libvulkan1 mesa-vulkan-drivers >/dev/null
    else
        echo "scripts/test.sh: no Vulkan driver found and cannot install one (need root and apt-get);" \
             "the GPU tests will fail. Install libvulkan1 and mesa-vulkan-drivers." >&2
    fi
fi

cargo test "$@"
