"""optgrid and its peers side by side in one run: `optgrid bench --json`, then the JAX and
PyTorch scripts on the same workloads. Prints each peer's throughput, optgrid's ratio to it, and
checks that every peer's converged fraction matches optgrid's (a peer that computes something
else is not a peer). Exits non-zero on a mismatch.

python3 benches/peers/compare.py [--quick] [--only W1,W2] [--optgrid target/release/optgrid]
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def lines(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        print(f"  ({' '.join(cmd[:2])} failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode})")
        return []
    return [json.loads(l) for l in out.stdout.splitlines() if l.startswith("{")]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true")
    p.add_argument("--only", default="W1,W2,W3,W4")
    p.add_argument("--optgrid", default=os.path.join(HERE, "..", "..", "target", "release", "optgrid"))
    p.add_argument("--no-torch", action="store_true")
    args = p.parse_args()
    quick = ["--quick"] if args.quick else []
    bench = subprocess.run([args.optgrid, "bench", "--json", "--only", args.only] + quick, capture_output=True, text=True, check=True)
    ours = json.loads(bench.stdout)
    peers = lines([sys.executable, os.path.join(HERE, "jax_sweep.py"), "--json", "--only", args.only] + quick)
    if not args.no_torch:
        peers += lines([sys.executable, os.path.join(HERE, "torch_sweep.py"), "--json", "--only", args.only] + quick)
        peers += lines([sys.executable, os.path.join(HERE, "torch_sweep.py"), "--json", "--compile", "--only", args.only] + quick)
    bad = 0
    print(f"{'work':<4} {'engine':<16} {'inst-steps/s':>13} {'conv%':>7}  device")
    for w in args.only.split(","):
        rows = [(f"optgrid-{m['backend']}", m["instance_steps_per_second"], m["converged_fraction"], m["device"]) for m in ours if m["workload"] == w]
        rows += [(r["peer"], r["instance_steps_per_second"], r["converged_fraction"], r["device"]) for r in peers if r["workload"] == w]
        for name, rate, conv, dev in rows:
            print(f"{w:<4} {name:<16} {rate:13.3e} {100 * conv:7.2f}  {dev}")
        best = {m["backend"]: m for m in ours if m["workload"] == w}
        for r in [r for r in peers if r["workload"] == w]:
            for backend, m in best.items():
                print(f"     optgrid-{backend} / {r['peer']}: {m['instance_steps_per_second'] / r['instance_steps_per_second']:.2f}x")
            ref = next(iter(best.values()))["converged_fraction"]
            if abs(r["converged_fraction"] - ref) > 0.005:
                print(f"     MISMATCH: {r['peer']} converged {100 * r['converged_fraction']:.2f}% vs optgrid {100 * ref:.2f}%")
                bad += 1
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
