"""PyTorch peer: one (N, 2) parameter tensor and torch.optim (element-wise, so each row is an
independent instance), eager mode; --compile also runs torch.compile of the step. The gradient
comes from autograd of the summed objective, as a researcher would write it. f32, on CUDA when
available. W4 (a different lr and beta1 per instance) has no torch.optim equivalent and is left out.

python3 benches/peers/torch_sweep.py [--quick] [--only W1,W2,W3] [--json] [--compile]
"""
import math
import sys

import torch

from common import MINIMIZERS, TOL, WORKLOADS, bound_box, grid, parse_args, report, timed


def objective(fn):
    if fn == "ackley":
        def f(p):
            x, y = p[:, 0], p[:, 1]
            r = torch.sqrt(0.5 * (x * x + y * y))
            return (-20.0 * torch.exp(-0.2 * r)
                    - torch.exp(0.5 * (torch.cos(2 * math.pi * x) + torch.cos(2 * math.pi * y))) + math.e + 20.0)
    elif fn == "rosenbrock":
        def f(p):
            x, y = p[:, 0], p[:, 1]
            return (1 - x) ** 2 + 100 * (y - x * x) ** 2
    elif fn == "himmelblau":
        def f(p):
            x, y = p[:, 0], p[:, 1]
            return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2
    return f


def main():
    args = parse_args("PyTorch")
    compiled = COMPILE
    n, steps = (256, 500) if args.quick else (1024, 1000)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    name = torch.cuda.get_device_name() if device == "cuda" else "cpu"
    for wid in args.only.split(","):
        if wid == "W4":
            continue
        w = WORKLOADS[wid]
        x0, y0, _, _ = grid(wid, n)
        f = objective(w["fn"])
        minima = torch.tensor(MINIMIZERS[w["fn"]], dtype=torch.float32, device=device)
        xlo, xhi, ylo, yhi = bound_box(w["fn"])

        # Built once, outside the timing (as the JAX peer builds its arrays before timing).
        start = torch.tensor(list(zip(x0, y0)), dtype=torch.float32, device=device)

        def run():
            p = start.clone().requires_grad_(True)
            if w["opt"] == "adam":
                opt = torch.optim.Adam([p], lr=w["lr"])
            else:
                opt = torch.optim.SGD([p], lr=w["lr"], momentum=0.9)

            def step():
                opt.zero_grad(set_to_none=False)
                f(p).sum().backward()
                opt.step()

            step_fn = torch.compile(step) if compiled else step
            ever = torch.zeros(n * n, dtype=torch.bool, device=device)
            ok = torch.ones(n * n, dtype=torch.bool, device=device)
            for _ in range(steps):
                step_fn()
                with torch.no_grad():
                    d2 = ((p[:, None, :] - minima[None, :, :]) ** 2).sum(-1)
                    x, y = p[:, 0], p[:, 1]
                    ok &= torch.isfinite(x) & torch.isfinite(y) & (x >= xlo) & (x <= xhi) & (y >= ylo) & (y <= yhi)
                    ever |= (d2 <= TOL * TOL).any(1) & ok
            if device == "cuda":
                torch.cuda.synchronize()
            return (ever & ok).float().mean().item()

        run()  # warm up (and compile)
        seconds, converged = timed(run)
        report(args, "torch" + ("-compile" if compiled else "-eager"), name, wid, n, steps, seconds, converged)


COMPILE = "--compile" in sys.argv
if __name__ == "__main__":
    if COMPILE:
        sys.argv.remove("--compile")
    main()
