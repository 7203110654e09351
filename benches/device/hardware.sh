#!/usr/bin/env bash
# The one prepared run for a lent NVIDIA H100/H200 (issue 27, part 5), sized for ~8 minutes.
# Build here first: `cargo build --release` and `cargo test --no-run` (the suite binary path goes
# in SUITE), fetch the loaders into .gl/ as the device tool's README says, then run this script
# through the device tool with `carry: [".gl", "target/release/optgrid", "$SUITE"]`.
# Everything it measures goes to $OUT (device.txt, bench.json, scaling.csv, peers.txt,
# parity.txt) for BENCHMARKS.md.
set -uo pipefail
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
if ! target/release/optgrid devices | grep -q "discrete GPU"; then
    export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
    export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
fi
O=target/release/optgrid
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT"
{ nvidia-smi -L; $O devices; } 2>&1 | tee "$OUT/device.txt"
# W1–W4 at 1024² × 1000, f32, every adapter and the CPU side by side.
timeout 150 $O bench --json > "$OUT/bench.json"
# Throughput from 10³ to 10⁹ instances (W1).
timeout 150 $O bench --scaling --max-instances 1000000000 --out "$OUT/scaling" && cp "$OUT/scaling/scaling.csv" "$OUT/"
# JAX and PyTorch on the same GPU, the same workloads.
timeout 150 python3 benches/peers/compare.py --optgrid $O 2>&1 | tee "$OUT/peers.txt"
# The every-pair parity table on the hardware adapters (Vulkan and OpenGL).
if [ -n "${SUITE:-}" ]; then
    CI=1 timeout 120 "$SUITE" gpu::every_objective --nocapture 2>&1 | tail -n 420 > "$OUT/parity.txt"
fi
