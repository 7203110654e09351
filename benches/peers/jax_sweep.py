"""JAX peer: jax.jit over lax.fori_loop of the vectorized update, the whole grid as one array
(what a researcher would write today), f32. Runs on whatever device JAX picks (GPU if present).

python3 benches/peers/jax_sweep.py [--quick] [--only W1,W2] [--json]
"""

import jax
import jax.numpy as jnp
from jax import lax

from common import MINIMIZERS, TOL, WORKLOADS, bound_box, grid, parse_args, report, timed


def gradient(fn):
    if fn == "ackley":
        def g(x, y):
            r = jnp.sqrt(0.5 * (x * x + y * y))
            cone = jnp.where(r > 0, 2.0 * jnp.exp(-0.2 * r) / jnp.where(r > 0, r, 1.0), 0.0)
            wave = jnp.pi * jnp.exp(0.5 * (jnp.cos(2 * jnp.pi * x) + jnp.cos(2 * jnp.pi * y)))
            return cone * x + wave * jnp.sin(2 * jnp.pi * x), cone * y + wave * jnp.sin(2 * jnp.pi * y)
    elif fn == "rosenbrock":
        def g(x, y):
            b = y - x * x
            return -2.0 * (1.0 - x) - 400.0 * x * b, 200.0 * b
    elif fn == "himmelblau":
        def g(x, y):
            a = x * x + y - 11.0
            b = x + y * y - 7.0
            return 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b
    return g


def build(workload, steps):
    w = WORKLOADS[workload]
    g = gradient(w["fn"])
    minima = jnp.array(MINIMIZERS[w["fn"]], dtype=jnp.float32)
    xlo, xhi, ylo, yhi = bound_box(w["fn"])

    def converged(x, y):
        d2 = (x[:, None] - minima[None, :, 0]) ** 2 + (y[:, None] - minima[None, :, 1]) ** 2
        return jnp.any(d2 <= TOL * TOL, axis=1)

    def alive(x, y):
        return jnp.isfinite(x) & jnp.isfinite(y) & (x >= xlo) & (x <= xhi) & (y >= ylo) & (y <= yhi)

    @jax.jit
    def run(x, y, lr, b1):
        z = jnp.zeros_like(x)
        if w["opt"] == "adam":
            b2, eps = 0.999, 1e-8

            def body(t, s):
                x, y, mx, my, vx, vy, ever, ok = s
                gx, gy = g(x, y)
                mx = b1 * mx + (1 - b1) * gx
                my = b1 * my + (1 - b1) * gy
                vx = b2 * vx + (1 - b2) * gx * gx
                vy = b2 * vy + (1 - b2) * gy * gy
                tf = (t + 1).astype(jnp.float32)
                step = lr / (1 - b1 ** tf)
                bc2 = jnp.sqrt(1 - b2 ** tf)
                x = x - step * (mx / (jnp.sqrt(vx) / bc2 + eps))
                y = y - step * (my / (jnp.sqrt(vy) / bc2 + eps))
                ok = ok & alive(x, y)
                return x, y, mx, my, vx, vy, ever | (converged(x, y) & ok), ok
            s = (x, y, z, z, z, z, converged(x, y), alive(x, y))
        else:  # momentum (torch.optim.SGD, momentum 0.9): b = g at t = 1, then b = 0.9 b + g
            def body(t, s):
                x, y, bx, by, ever, ok = s
                gx, gy = g(x, y)
                first = t == 0
                bx = jnp.where(first, gx, 0.9 * bx + gx)
                by = jnp.where(first, gy, 0.9 * by + gy)
                x = x - lr * bx
                y = y - lr * by
                ok = ok & alive(x, y)
                return x, y, bx, by, ever | (converged(x, y) & ok), ok
            s = (x, y, z, z, converged(x, y), alive(x, y))
        s = lax.fori_loop(0, steps, body, s)
        return s[-2] & s[-1]
    return run


def main():
    args = parse_args("JAX")
    n, steps = (256, 500) if args.quick else (1024, 1000)
    device = str(jax.devices()[0])
    for wid in args.only.split(","):
        x0, y0, lr, b1 = (jnp.array(v, dtype=jnp.float32) for v in grid(wid, n))
        run = build(wid, steps)
        run(x0, y0, lr, b1).block_until_ready()  # compile and warm up
        seconds, conv = timed(lambda: run(x0, y0, lr, b1).block_until_ready())
        report(args, "jax", device, wid, n, steps, seconds, float(jnp.mean(conv)))


if __name__ == "__main__":
    main()
