#!/usr/bin/env bash
# The Slurm test: brings up a single-node Slurm (tests/slurm/up.sh), runs the example batch
# script examples/slurm/sweep.sbatch as a 4-task job array (`--shard auto` in each task), merges
# the shards with examples/slurm/merge.sbatch as a dependent job, and compares the merged files
# with a single run's, byte for byte.
#
# Needs root (the daemons) and the optgrid binary (OPTGRID, default target/debug/optgrid). Under
# CI (CI set) it fails when Slurm cannot start; elsewhere it says why and skips.
set -euo pipefail
cd "$(dirname "$0")/../.."

skip() {
    if [ -n "${CI:-}" ]; then
        echo "tests/slurm/run.sh: FAIL under CI: $*" >&2
        exit 1
    fi
    echo "tests/slurm/run.sh: skipped: $*" >&2
    exit 0
}

OPTGRID=${OPTGRID:-$PWD/target/debug/optgrid}
[ -x "$OPTGRID" ] || { echo "tests/slurm/run.sh: no optgrid binary at $OPTGRID" >&2; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root to start munged, slurmctld and slurmd"
bash tests/slurm/up.sh || skip "Slurm did not start (see above)"

work=$(mktemp -d /tmp/optgrid-slurm.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
export OPTGRID OUT="$work/run"
export OPTGRID_ARGS="--fn himmelblau --opt adam --lr 0.05 --res 97x61 --steps 300 --backend cpu"

echo "tests/slurm/run.sh: sbatch --array=0-3 examples/slurm/sweep.sbatch" >&2
array=$(timeout 300 sbatch --parsable --array=0-3 --cpus-per-task=1 --mem=512M --time=10 \
    --output="$work/task-%a.out" examples/slurm/sweep.sbatch)
merge=$(timeout 300 sbatch --parsable --wait --dependency="afterok:$array" --cpus-per-task=1 \
    --mem=512M --time=10 --output="$work/merge.out" examples/slurm/merge.sbatch) || {
    echo "tests/slurm/run.sh: the array or the merge failed:" >&2
    tail -n 5 "$work"/*.out >&2 || true
    sacct -j "$array" 2>/dev/null >&2 || scontrol show job "$array" >&2 || true
    exit 1
}
tasks=$(ls -d "$OUT"/shard-*-of-4 | wc -l)
[ "$tasks" = 4 ] || { echo "tests/slurm/run.sh: $tasks of 4 shards written" >&2; exit 1; }

# shellcheck disable=SC2086
"$OPTGRID" sweep $OPTGRID_ARGS --out "$work/single" -q
for f in result.npz basins.png steps.png loss.png figure.png; do
    cmp "$work/single/$f" "$OUT/merged/$f" || {
        echo "tests/slurm/run.sh: merged $f differs from a single run's" >&2
        exit 1
    }
done
echo "tests/slurm/run.sh: ok — Slurm array $array (4 tasks) + merge job $merge equal a single run, byte for byte" >&2
