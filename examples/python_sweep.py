"""optgrid from Python: the README's Himmelblau picture, its arrays, and a check against torch.

    pip install ./python
    python examples/python_sweep.py            # writes out/python-himmelblau/

1. Runs configs/himmelblau-sgd-vs-adam.toml through `optgrid.sweep` (the config's fields are
   the keywords) and saves the contact sheet the README shows, with every panel's files.
2. Reads the arrays: what share of starts each optimizer brought to each of the four minima.
3. When PyTorch is installed: runs a few of the same instances through `torch.optim.Adam` and
   `torch.optim.SGD` in float32 and compares where they end with optgrid's arrays.
"""

import os
import sys

try:
    import tomllib
except ImportError:  # Python < 3.11
    import tomli as tomllib

import numpy as np

import optgrid

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join("out", "python-himmelblau")


def main() -> int:
    with open(os.path.join(HERE, "..", "configs", "himmelblau-sgd-vs-adam.toml"), "rb") as f:
        config = tomllib.load(f)
    sheet = optgrid.sweep(**config)
    sheet.save(OUT)
    print(f"{sheet!r}\nwrote {OUT}/sheet.png and one directory per panel")

    for s in sheet:
        minima = s.summary["minima"]
        shares = [np.mean(s.basin == k) for k in range(len(minima))]
        where = ", ".join(
            f"({m['x']:.2f}, {m['y']:.2f}) {share:.1%}" for m, share in zip(minima, shares)
        )
        print(f"{s.label}: {where}; median steps {np.median(s.steps[s.steps >= 0]):.0f}")

    try:
        import torch
    except ImportError:
        print("torch is not installed: skipping the comparison with torch.optim")
        return 0
    return compare_with_torch(torch)


def himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def compare_with_torch(torch) -> int:
    """A few instances of a small map, run to the full budget in both (no early stop)."""
    worst = 0.0
    for name, make in [
        ("sgd", lambda p: torch.optim.SGD(p, lr=0.01)),
        ("adam", lambda p: torch.optim.Adam(p, lr=0.01)),
    ]:
        s = optgrid.sweep(fn="himmelblau", opt=name, lr=0.01, res=16, steps=500,
                          early_stop=False, backend="cpu")
        rng = np.random.default_rng(0)
        for _ in range(8):
            i, j = rng.integers(0, 16, size=2)
            xy = torch.tensor([s.x_values[i], s.y_values[j]], dtype=torch.float32,
                              requires_grad=True)
            opt = make([xy])
            for _ in range(500):
                opt.zero_grad()
                himmelblau(xy[0], xy[1]).backward()
                opt.step()
            ours = np.array([s.final_x[j, i], s.final_y[j, i]])
            gap = float(np.max(np.abs(ours - xy.detach().numpy())))
            worst = max(worst, gap)
            print(f"{name} from ({s.x_values[i]:+.3f}, {s.y_values[j]:+.3f}): optgrid "
                  f"({ours[0]:+.6f}, {ours[1]:+.6f}), torch ({xy[0].item():+.6f}, "
                  f"{xy[1].item():+.6f}), |Δ| {gap:.2e}")
    print(f"largest difference from torch.optim: {worst:.2e}")
    return 0 if worst < 1e-3 else 1


if __name__ == "__main__":
    sys.exit(main())
