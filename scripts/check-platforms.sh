#!/usr/bin/env bash
# Type-checks optgrid (library and command line, every wgpu backend) for Windows and macOS from
# this Linux machine: the DirectX 12 and Metal code of wgpu compiles only there, and so does
# anything platform-specific of ours (positioned reads, process checks). `cargo check` needs no
# linker or SDK, only the targets' standard libraries, which rustup adds (network needed once).
# Each target's artifacts go to target/<triple>/; the build scripts and proc-macros, which run on
# this machine, are the ones `cargo clippy` already compiled.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(x86_64-pc-windows-msvc aarch64-apple-darwin)
rustup target add "${targets[@]}" >/dev/null
for t in "${targets[@]}"; do
    echo "scripts/check-platforms.sh: cargo check --target $t" >&2
    cargo check -q -p optgrid --lib --bins --target "$t"
done
