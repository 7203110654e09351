"""Reference trajectories of the optimizers optgrid adds beyond torch.optim's classic rules,
computed by the reference implementations themselves in float64, for optgrid's tests to compare
its CPU f64 engine with (so CI needs no torch). Run through `scripts/oracles/run.sh`, which pins
the versions below in a virtual environment.

Each run: one rule, one setting of its hyperparameters (in the reference's own keyword names),
one objective, one start, 300 steps of `optimizer.step(closure)` on a single parameter tensor
holding (x, y) — shape (2,), or (1, 2) for Muon, which takes matrices — exactly what one optgrid
instance is. The iterate is recorded at steps 0–10 and every 10th step to 300 (`checkpoints`), with
what else the rule exposes from step 1 (ASGD's running average `ax`, Schedule-Free's evaluation point `x` beside the
gradient point `y`, L-BFGS's objective evaluations).
"""

import copy
import json
import math
import sys

import torch

import prodigyopt
import pytorch_optimizer as po
import schedulefree

VERSIONS = {
    "torch": torch.__version__.split("+")[0],
    "schedulefree": "1.4.1",
    "prodigyopt": "1.1.2",
    "pytorch-optimizer": "4.1.0",
}

STEPS = 300
CHECKPOINTS = list(range(0, 11)) + list(range(20, STEPS + 1, 10))


def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def booth(x, y):
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


OBJECTIVES = {
    "rosenbrock": (rosenbrock, [(-1.5, 2.0), (0.0, 0.0), (1.5, -0.5)]),
    "himmelblau": (himmelblau, [(0.0, 0.0), (-1.0, -1.0), (4.0, 4.0)]),
    "booth": (booth, [(-8.0, 0.0), (5.0, 5.0), (0.0, -6.0)]),
}


def laprop(params, **kw):
    # The reference's batched (foreach) path rounds LaProp's step size to float32
    # (`_get_step_sizes`), which parts from the float64 maths by 1e-9 within 60 steps; its
    # per-parameter path is the rule in float64.
    return po.LaProp(params, foreach=False, **kw)


def lookahead(inner):
    def make(params, k=5, alpha=0.5, **kw):
        return po.Lookahead(inner(params, **kw), k=k, alpha=alpha)

    return make


# rule → (constructor, parameter shape, settings: the default first, then two others). Each
# setting is the keyword arguments given to the constructor, as the reference names them.
RULES = {
    "adafactor": (torch.optim.Adafactor, (2,), [
        {},
        {"lr": 0.05},
        {"lr": 0.02, "beta2_decay": -0.5, "eps": (1e-3, 1e-3), "d": 2.0, "weight_decay": 0.01},
    ]),
    "rprop": (torch.optim.Rprop, (2,), [
        {},
        {"lr": 0.05, "etas": (0.3, 1.5)},
        {"lr": 0.001, "step_sizes": (1e-4, 0.5)},
    ]),
    "asgd": (torch.optim.ASGD, (2,), [
        {},
        {"lr": 0.001, "lambd": 1e-3, "alpha": 0.5, "t0": 50},
        {"lr": 0.002, "t0": 10, "weight_decay": 0.01},
    ]),
    "muon": (torch.optim.Muon, (1, 2), [
        {},
        {"lr": 0.02, "weight_decay": 0.0, "momentum": 0.9},
        {"lr": 0.01, "nesterov": False, "ns_steps": 3},
    ]),
    "lbfgs": (torch.optim.LBFGS, (2,), [
        {},
        {"line_search_fn": "strong_wolfe"},
        {"lr": 0.5, "max_iter": 5, "history_size": 5, "line_search_fn": "strong_wolfe"},
    ]),
    "schedulefree_adamw": (schedulefree.AdamWScheduleFree, (2,), [
        {},
        {"lr": 0.01, "warmup_steps": 20},
        {"lr": 0.005, "betas": (0.95, 0.99), "r": 1.0, "weight_lr_power": 1.0, "weight_decay": 0.01},
    ]),
    "schedulefree_sgd": (schedulefree.SGDScheduleFree, (2,), [
        {"lr": 1e-3},
        {"lr": 1e-3, "warmup_steps": 20},
        {"lr": 5e-4, "momentum": 0.8, "r": 1.0, "weight_lr_power": 1.0, "weight_decay": 0.01},
    ]),
    "prodigy": (prodigyopt.Prodigy, (2,), [
        {},
        {"d0": 1e-4, "d_coef": 0.5, "beta3": 0.99},
        {"use_bias_correction": True, "safeguard_warmup": True, "weight_decay": 0.01},
    ]),
    "dadapt_adam": (po.DAdaptAdam, (2,), [
        {},
        {"d0": 1e-4, "bias_correction": True},
        {"betas": (0.8, 0.99), "weight_decay": 0.01, "weight_decouple": True},
    ]),
    "adabelief": (po.AdaBelief, (2,), [
        {},
        {"lr": 0.01},
        {"lr": 0.005, "betas": (0.8, 0.99), "weight_decay": 0.01, "eps": 1e-12},
    ]),
    "adan": (po.Adan, (2,), [
        {},
        {"lr": 0.01},
        {"lr": 0.005, "betas": (0.9, 0.9, 0.95), "weight_decay": 0.01, "weight_decouple": True},
    ]),
    "lamb": (po.Lamb, (2,), [
        {},
        {"lr": 0.01},
        {"lr": 0.005, "betas": (0.8, 0.99), "weight_decay": 0.01, "max_grad_norm": 0.0},
    ]),
    "ademamix": (po.AdEMAMix, (2,), [
        {},
        {"lr": 0.01},
        {"lr": 0.005, "betas": (0.8, 0.99, 0.999), "alpha": 2.0, "t_alpha_beta3": 100},
    ]),
    "laprop": (laprop, (2,), [
        {},
        {"lr": 0.01},
        {"lr": 0.005, "betas": (0.8, 0.99), "centered": True, "steps_before_using_centered": 5},
    ]),
    "mars": (po.MARS, (2,), [
        {"optimize_1d": True},
        {"optimize_1d": True, "lr": 0.01},
        {"optimize_1d": True, "lr": 0.005, "betas": (0.9, 0.95), "gamma": 0.05},
    ]),
    "lookahead_sgd": (lookahead(torch.optim.SGD), (2,), [
        {"lr": 1e-3},
        {"lr": 1e-3, "k": 10, "alpha": 0.8},
        {"lr": 5e-4, "k": 3, "alpha": 0.3, "momentum": 0.9},
    ]),
    "lookahead_adam": (lookahead(torch.optim.Adam), (2,), [
        {},
        {"lr": 0.01},
        {"lr": 0.005, "k": 10, "alpha": 0.8},
    ]),
}


def extras(rule, opt, p):
    """What a rule exposes beside its parameter, at a checkpoint."""
    out = {}
    if not opt.state:
        return out
    if rule == "asgd":
        out["ax"] = opt.state[p]["ax"].reshape(-1).tolist()
    if rule.startswith("schedulefree"):
        # The evaluation point, from a copy (eval() and train() are not exact inverses in
        # floating point, so toggling the original would disturb the path).
        p2, opt2 = copy.deepcopy((p, opt))
        opt2.eval()
        out["x"] = p2.detach().reshape(-1).tolist()
    if rule == "lbfgs":
        out["evals"] = int(opt.state[opt._params[0]].get("func_evals", 0))
    return out


def run(rule, make, shape, setting, fn, start):
    p = torch.tensor(start, dtype=torch.float64).reshape(shape).requires_grad_(True)
    opt = make([p], **copy.deepcopy(setting))
    if hasattr(opt, "train"):
        opt.train()

    def closure():
        opt.zero_grad()
        flat = p.reshape(-1)
        loss = fn(flat[0], flat[1])
        loss.backward()
        return loss

    # Columns over the checkpoints: "pos", and each extra the rule exposes (absent at step 0,
    # before the rule has state, except the parameter itself).
    columns = {"pos": []}
    for step in range(STEPS + 1):
        if step > 0:
            opt.step(closure)
        if step in CHECKPOINTS:
            columns["pos"].append(p.detach().reshape(-1).tolist())
            for key, value in extras(rule, opt, p).items():
                columns.setdefault(key, []).append(value)
    return columns


def finite_or_null(value):
    """JSON has no NaN or infinity: a diverged run's non-finite values are written as null."""
    if isinstance(value, list):
        return [finite_or_null(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def jsonable(setting):
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in setting.items()}


def main(path):
    torch.set_default_dtype(torch.float64)
    out = {"versions": VERSIONS, "steps": STEPS, "checkpoints": CHECKPOINTS, "rules": {}}
    for rule, (make, shape, settings) in RULES.items():
        runs = []
        for setting in settings:
            for name, (fn, starts) in OBJECTIVES.items():
                for start in starts:
                    columns = run(rule, make, shape, setting, fn, start)
                    finite = all(math.isfinite(v) for q in columns["pos"] for v in q)
                    columns = {k: finite_or_null(v) for k, v in columns.items()}
                    runs.append({"objective": name, "start": list(start),
                                 "params": jsonable(setting), "finite": finite, **columns})
        out["rules"][rule] = runs
        print(f"{rule}: {len(runs)} runs", file=sys.stderr)
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/oracles/optimizers.json")
