"""What the peer scripts share: the standard workloads of GPU.md, exactly as optgrid runs them.

Each workload is an (objective, optimizer, grid) triple. Start points and hyperparameters sit at
the same inclusive-endpoint grid values optgrid uses (column i of n at lo + (hi - lo) * i/(n-1),
geometric on log axes), early stopping is off, and an instance counts as converged if its iterate
came within tol = 1e-2 of a global minimizer at any step and it did not diverge (left 10
domain half-widths around the domain centre, or turned non-finite).
"""
import argparse
import json
import math
import time

WORKLOADS = {
    # id: objective, optimizer, lr (None: an axis), x axis, y axis, start
    "W1": dict(fn="ackley", opt="adam", lr=0.05),
    "W2": dict(fn="rosenbrock", opt="adam", lr=0.01),
    "W3": dict(fn="himmelblau", opt="momentum", lr=0.01),
    "W4": dict(fn="rosenbrock", opt="adam", lr=None, start=(-1.5, 1.5)),
}

DOMAINS = {
    "ackley": ((-5.0, 5.0), (-5.0, 5.0)),
    "rosenbrock": ((-2.0, 2.0), (-1.0, 3.0)),
    "himmelblau": ((-5.0, 5.0), (-5.0, 5.0)),
}

MINIMIZERS = {
    "ackley": [(0.0, 0.0)],
    "rosenbrock": [(1.0, 1.0)],
    "himmelblau": [(3.0, 2.0), (-2.805118086952745, 3.131312518250573),
                   (-3.779310253377747, -3.283185991286170), (3.584428340330492, -1.848126526964404)],
}

TOL = 1e-2
BOUND = 10.0


def axis(lo, hi, n, log=False):
    """optgrid's axis values: inclusive end points."""
    out = []
    for i in range(n):
        if i == 0:
            out.append(lo)
        elif i == n - 1:
            out.append(hi)
        elif log:
            out.append(math.exp(math.log(lo) + (math.log(hi) - math.log(lo)) * i / (n - 1)))
        else:
            out.append(lo + (hi - lo) * i / (n - 1))
    return out


def grid(workload, n):
    """Per-instance (x0, y0, lr, beta1) lists, row-major with rows ascending in y."""
    w = WORKLOADS[workload]
    if w["lr"] is not None:
        (xl, xh), (yl, yh) = DOMAINS[w["fn"]]
        xs, ys = axis(xl, xh, n), axis(yl, yh, n)
        x0 = [x for _ in ys for x in xs]
        y0 = [y for y in ys for _ in xs]
        return x0, y0, [w["lr"]] * (n * n), [0.9] * (n * n)
    lrs, b1s = axis(1e-4, 1.0, n, log=True), axis(0.0, 0.999, n)
    sx, sy = w["start"]
    return [sx] * (n * n), [sy] * (n * n), [l for _ in b1s for l in lrs], [b for b in b1s for _ in lrs]


def bound_box(fn):
    (xl, xh), (yl, yh) = DOMAINS[fn]
    cx, hx, cy, hy = (xl + xh) / 2, (xh - xl) / 2, (yl + yh) / 2, (yh - yl) / 2
    return cx - BOUND * hx, cx + BOUND * hx, cy - BOUND * hy, cy + BOUND * hy


def parse_args(name):
    p = argparse.ArgumentParser(description=f"{name} peer of `optgrid bench`: the GPU.md workloads")
    p.add_argument("--quick", action="store_true", help="256 x 256 instances, 500 steps (2-core machines)")
    p.add_argument("--only", default="W1,W2,W3,W4", help="workload ids, comma separated")
    p.add_argument("--json", action="store_true", help="print one JSON object per workload")
    return p.parse_args()


# A timed run shorter than this is repeated and the fastest of REPEATS kept, as `optgrid bench`
# does (src/bench/mod.rs): one short window on a shared machine reads slow now and then.
SHORT_SECONDS = 0.5
REPEATS = 3


def timed(run):
    """(seconds, result) of `run()`, the fastest of REPEATS runs when one is short."""
    t0 = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - t0
    if seconds < SHORT_SECONDS:
        for _ in range(REPEATS - 1):
            t0 = time.perf_counter()
            run()
            seconds = min(seconds, time.perf_counter() - t0)
    return seconds, result


def report(args, peer, device, workload, n, steps, seconds, converged):
    rate = n * n * steps / seconds
    if args.json:
        print(json.dumps(dict(peer=peer, device=device, workload=workload, instances=n * n, steps=steps,
                              seconds=seconds, instance_steps_per_second=rate, converged_fraction=converged)))
    else:
        print(f"{workload} {peer:<14} {rate:11.3e} instance-steps/s  converged {100 * converged:6.2f}%  ({device})")
