"""The Python package against the command line it wraps: same arrays, same files, same messages.

Run by scripts/test.sh (python/tests/run.sh), which builds the package into a virtual
environment under target/ and points OPTGRID_BIN at the CLI built by `cargo test`.
"""

import csv
import doctest
import io
import json
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import optgrid

REPO = Path(__file__).resolve().parents[2]
BIN = os.environ.get("OPTGRID_BIN", str(REPO / "target" / "debug" / "optgrid"))


def cli(*args, check=True):
    """Runs the optgrid binary; returns the completed process."""
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"optgrid {' '.join(args)} failed: {p.stderr}")
    return p


def test_binary_is_there():
    assert os.access(BIN, os.X_OK), f"no optgrid binary at {BIN}: run cargo build first"


def test_sweep_arrays_equal_the_cli_result_npz_bit_for_bit(tmp_path):
    s = optgrid.sweep(
        fn="himmelblau", opt="adam", lr=0.05, res="48x40", steps=400, backend="cpu"
    )
    cli(
        "sweep", "--fn", "himmelblau", "--opt", "adam", "--lr", "0.05", "--res", "48x40",
        "--steps", "400", "--backend", "cpu", "-q", "--out", str(tmp_path),
    )
    with np.load(tmp_path / "result.npz") as npz:
        assert sorted(npz.files) == sorted(optgrid.ARRAYS)
        for name in optgrid.ARRAYS:
            ours, theirs = getattr(s, name), npz[name]
            assert ours.dtype == theirs.dtype, name
            assert ours.shape == theirs.shape, name
            assert ours.tobytes() == theirs.tobytes(), f"{name} differs from result.npz"
    assert s.basin.shape == (40, 48)
    # The summary is the CLI's but for timings.
    theirs = json.loads((tmp_path / "summary.json").read_text())
    assert s.summary["spec"] == theirs["spec"]
    assert s.summary["stats"] == theirs["stats"]
    assert s.summary["minima"] == theirs["minima"]


def test_a_hyperparameter_map_with_every_kind_of_keyword_equals_the_cli(tmp_path):
    # An axis over a hyperparameter, a schedule with its parameter, noise with a seed, f64.
    kw = dict(
        fn="rosenbrock", opt="momentum", x="lr=1e-4:1e-2:log", y="momentum=0:0.95",
        res=24, steps=300, start=(-1.0, 1.0), schedule="cosine", t_max=200, noise=0.1,
        seed=7, precision="f64",
    )
    s = optgrid.sweep(**kw, backend="cpu")
    cli(
        "sweep", "--fn", "rosenbrock", "--opt", "momentum", "--x", "lr=1e-4:1e-2:log",
        "--y", "momentum=0:0.95", "--res", "24", "--steps", "300", "--start", "-1,1",
        "--schedule", "cosine", "--param", "t_max=200", "--param", "noise=0.1", "--seed", "7",
        "--precision", "f64", "--backend", "cpu", "-q", "--out", str(tmp_path),
    )
    with np.load(tmp_path / "result.npz") as npz:
        for name in optgrid.ARRAYS:
            assert getattr(s, name).tobytes() == npz[name].tobytes(), name


def test_spec_round_trips_through_python_and_toml(tmp_path):
    s = optgrid.sweep(fn="ackley", opt="rmsprop", lr=0.01, res=16, steps=200, backend="cpu")
    again = optgrid.sweep(**s.spec, backend="cpu")
    assert again.final_x.tobytes() == s.final_x.tobytes()
    assert again.spec == s.spec
    config = tmp_path / "spec.toml"
    config.write_text(s.to_toml())
    cli("sweep", "--config", str(config), "--backend", "cpu", "-q", "--out", str(tmp_path / "o"))
    with np.load(tmp_path / "o" / "result.npz") as npz:
        assert npz["loss"].tobytes() == s.loss.tobytes()


def test_save_writes_the_cli_files_and_figure_is_a_png(tmp_path):
    s = optgrid.sweep(fn="himmelblau", opt="sgd", lr=0.01, res=32, steps=100, backend="cpu")
    s.save(tmp_path)
    names = sorted(os.listdir(tmp_path))
    assert names == sorted(
        ["basins.png", "steps.png", "loss.png", "figure.png", "result.npz", "spec.toml",
         "summary.json"]
    )
    assert "result.npz" in s.summary["files"]
    png = s.figure()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert s._repr_png_() == png
    assert png == (tmp_path / "figure.png").read_bytes()


def test_a_list_makes_panels_and_a_sheet(tmp_path):
    sheet = optgrid.sweep(fn="rosenbrock", opt=["sgd", "adam"], res=12, steps=50, backend="cpu")
    assert isinstance(sheet, optgrid.Sheet)
    assert sheet.labels == ["opt=sgd", "opt=adam"]
    assert sheet["opt=adam"].spec["opt"] == "adam"
    assert sheet.figure()[:4] == b"\x89PNG"
    sheet.save(tmp_path)
    assert (tmp_path / "sheet.png").is_file() and (tmp_path / "sheet.json").is_file()
    assert (tmp_path / "opt=adam" / "result.npz").is_file()
    # The CLI's panels hold the same arrays.
    cli("sweep", "--fn", "rosenbrock", "--opt", "sgd,adam", "--res", "12", "--steps", "50",
        "--backend", "cpu", "-q", "--out", str(tmp_path / "cli"))
    for s in sheet:
        with np.load(tmp_path / "cli" / s.label / "result.npz") as npz:
            assert npz["final_y"].tobytes() == s.final_y.tobytes()


def test_trace_arrays_equal_trajectories_csv(tmp_path):
    r = optgrid.trace(
        fn="himmelblau", opt=["sgd", "momentum", "adam"], start=(0.5, -1.0), lr=0.01, steps=300
    )
    cli("trace", "--fn", "himmelblau", "--opt", "sgd,momentum,adam", "--start", "0.5,-1",
        "--lr", "0.01", "--steps", "300", "-q", "--out", str(tmp_path / "cli"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "cli" / "trajectories.csv").read_text())))
    assert sorted(r.paths) == ["adam", "momentum", "sgd"]
    for label, path in r.paths.items():
        mine = [row for row in rows if row["optimizer"] == label]
        assert len(mine) == len(path)
        for column in ["x", "y", "loss", "grad_norm"]:
            assert np.array_equal(
                getattr(path, column), np.array([float(row[column]) for row in mine])
            ), (label, column)
        assert np.array_equal(path.step, [int(row["step"]) for row in mine])
        assert path.iterates.shape == (len(path), 2)
    assert r.csv() == (tmp_path / "cli" / "trajectories.csv").read_text()
    theirs = json.loads((tmp_path / "cli" / "summary.json").read_text())
    assert r.summary["results"] == theirs["results"]
    assert r.gif()[:6] == b"GIF89a"
    for which in ["paths", "loss", "stepsize"]:
        assert r.figure(which)[:4] == b"\x89PNG"
    r.save(tmp_path / "py")
    assert sorted(os.listdir(tmp_path / "py")) == sorted(os.listdir(tmp_path / "cli"))
    assert (tmp_path / "py" / "race.gif").read_bytes() == (tmp_path / "cli" / "race.gif").read_bytes()


def test_trace_writes_the_point_a_rule_keeps_beside_its_iterate(tmp_path):
    r = optgrid.trace(fn="booth", opt=["asgd", "schedulefree_sgd", "adam"], start=(-8.0, 0.0),
                      lr=0.002, steps=50, precision="f64")
    r.save(tmp_path)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "trajectories.csv").read_text())))
    assert list(rows[0])[-4:] == ["ax_x", "ax_y", "y_x", "y_y"]
    for label, column in [("asgd", "ax"), ("schedulefree_sgd", "y")]:
        path = r.paths[label]
        kept = getattr(path, f"{column}_x")
        assert np.isnan(kept[0]) and np.isfinite(kept[1:]).all()
        mine = [row for row in rows if row["optimizer"] == label]
        assert np.array_equal(kept[1:], [float(row[f"{column}_x"]) for row in mine[1:]])
        # ASGD averages from step t0 (10⁶ by default): until then ax is the iterate, as in
        # torch. Schedule-Free's y is not its iterate x.
        assert np.array_equal(kept[1:], path.x[1:]) == (label == "asgd")
    assert not hasattr(r.paths["adam"], "ax_x")
    assert all(row["ax_x"] == "" for row in rows if row["optimizer"] == "adam")


def test_tracing_a_pixel_equals_optgrid_trace_from(tmp_path):
    s = optgrid.sweep(fn="six_hump_camel", opt="momentum", x="lr=1e-3:1e-1:log", y="momentum=0:0.95",
                      start=(1.5, 1.0), res=20, steps=400, backend="cpu")
    s.save(tmp_path / "sweep")
    r = s.trace(13, 7)
    cli("trace", "--from", str(tmp_path / "sweep"), "--pixel", "13,7", "-q", "--out",
        str(tmp_path / "cli"))
    assert r.csv() == (tmp_path / "cli" / "trajectories.csv").read_text()
    path = r["momentum"]
    assert np.float32(path.x[-1]) == s.final_x[7, 13]
    assert np.float32(path.y[-1]) == s.final_y[7, 13]
    with pytest.raises(ValueError, match=r"invalid pixel"):
        s.trace(20, 0)


def test_catalogue_equals_optgrid_list():
    text = cli("list").stdout
    objectives_part, rest = text.split("Optimizers (--opt)")
    optimizers_part = rest.split("\n\n")[0]
    listed_objectives = re.findall(r"^  (\w+)\s+f = ", objectives_part, re.M)
    assert [o["name"] for o in optgrid.objectives()] == listed_objectives
    listed_optimizers = re.findall(r"^  (\w+)\s{2,}\S", optimizers_part, re.M)
    assert [o["name"] for o in optgrid.optimizers()] == listed_optimizers
    # Every hyperparameter with its default, in order.
    blocks = re.split(r"^  (?=\w)", optimizers_part, flags=re.M)[1:]
    for entry, block in zip(optgrid.optimizers(), blocks):
        listed = re.findall(r"^ {4,}(\w+)\s+default (\S+)", block, re.M)
        assert [h["name"] for h in entry["hypers"]] == [n for n, _ in listed]
        assert [h["default"] for h in entry["hypers"]] == [
            float(d) if d not in ("true", "false") else float(d == "true") for _, d in listed
        ]
    himmelblau = next(o for o in optgrid.objectives() if o["name"] == "himmelblau")
    assert len(himmelblau["minima"]) == 4
    assert [s["name"] for s in optgrid.schedules()][0] == "constant"


@pytest.mark.parametrize(
    "kwargs, cli_args",
    [
        (dict(opt="adamm"), ["--opt", "adamm"]),
        (dict(opt="adam", lr=-1), ["--opt", "adam", "--lr", "-1"]),
        (dict(opt="adam", res="12y"), ["--opt", "adam", "--res", "12y"]),
        (dict(opt="adam", x="lr=1:0"), ["--opt", "adam", "--x", "lr=1:0"]),
        (dict(opt="sgd", beta1=0.5), ["--opt", "sgd", "--param", "beta1=0.5"]),
        (dict(opt="adam", schedule="zigzag"), ["--opt", "adam", "--schedule", "zigzag"]),
        (dict(opt="adam", precision="f16"), ["--opt", "adam", "--precision", "f16"]),
    ],
)
def test_bad_input_raises_value_error_with_the_cli_message(kwargs, cli_args):
    with pytest.raises(optgrid.InvalidInputError) as raised:
        optgrid.sweep(fn="himmelblau", backend="cpu", **kwargs)
    p = cli("sweep", "--fn", "himmelblau", "--backend", "cpu", *cli_args, check=False)
    assert p.returncode == 2
    assert p.stderr.strip() == f"error: {raised.value}"
    assert "\n" not in str(raised.value)


def test_bad_keywords_are_named():
    with pytest.raises(ValueError, match="unknown field `stepz`"):
        optgrid.sweep(fn="himmelblau", opt="adam", stepz=3)
    with pytest.raises(ValueError, match=r"invalid lr 'nan'"):
        optgrid.sweep(fn="himmelblau", opt="adam", lr=float("nan"))
    with pytest.raises(ValueError, match="invalid backend"):
        optgrid.sweep(fn="himmelblau", opt="adam", backend="tpu")
    with pytest.raises(ValueError, match=r"\.save\(dir\)"):
        optgrid.sweep(fn="himmelblau", opt="adam", out="somewhere")
    with pytest.raises(ValueError, match="no objective"):
        optgrid.sweep(opt="adam")
    with pytest.raises(ValueError, match="invalid optimizer"):
        optgrid.trace(fn="himmelblau", opt="nope")
    with pytest.raises(ValueError, match="invalid picture"):
        optgrid.trace(fn="himmelblau", opt="sgd", start=(1, 1), steps=3).figure("nope")
    with pytest.raises(ValueError, match="no start point"):
        optgrid.trace(fn="himmelblau", opt="sgd")


def test_each_kind_of_error_is_its_exception_and_the_cli_exit_status(tmp_path, monkeypatch):
    # Invalid input: InvalidInputError, a ValueError (exit status 2).
    with pytest.raises(optgrid.InvalidInputError) as raised:
        optgrid.sweep(fn="booth", opt="sgd", lr=-1, backend="cpu")
    assert isinstance(raised.value, ValueError)
    # A file that cannot be written: ResourceError, an OSError (exit status 3).
    s = optgrid.sweep(fn="booth", opt="sgd", res=4, steps=3, backend="cpu")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(optgrid.ResourceError) as raised:
        s.save(blocker / "sub")
    assert isinstance(raised.value, OSError)
    assert "cannot be written" in str(raised.value)
    p = cli("sweep", "--fn", "booth", "--opt", "sgd", "--res", "4", "--steps", "3",
            "--backend", "cpu", "--out", str(blocker / "sub"), check=False)
    assert p.returncode == 3, p.stderr
    # optgrid's own failure (injected): InternalError, a RuntimeError (exit status 4).
    monkeypatch.setenv("OPTGRID_TEST_FAULT", "internal")
    with pytest.raises(optgrid.InternalError) as raised:
        optgrid.sweep(fn="booth", opt="sgd", res=4, steps=3, backend="cpu")
    assert isinstance(raised.value, RuntimeError)
    assert str(raised.value).startswith("internal error")


# Long enough to need interrupting: about a minute or more on two cores.
LONG = dict(fn="rastrigin", opt="adam", lr=0.001, res=1024, steps=50000, early_stop=False,
            backend="cpu")


def test_keyboard_interrupt_stops_a_long_sweep_quickly():
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        optgrid.sweep(**LONG)
    stopped = time.monotonic() - started
    timer.join()
    assert stopped < 0.5 + 1.5, f"took {stopped:.2f} s to stop after Ctrl-C"
    # The engine is usable afterwards.
    s = optgrid.sweep(fn="himmelblau", opt="adam", lr=0.05, res=8, steps=50, backend="cpu")
    assert s.basin.shape == (8, 8)


def test_the_gil_is_released_during_a_run():
    counted = []
    stop = threading.Event()

    def count():
        n = 0
        while not stop.is_set():
            n += 1
        counted.append(n)

    worker = threading.Thread(target=count)
    worker.start()
    started = time.monotonic()
    optgrid.sweep(fn="rastrigin", opt="adam", lr=0.001, res=256, steps=3000,
                  early_stop=False, backend="cpu")
    seconds = time.monotonic() - started
    stop.set()
    worker.join()
    # With the GIL held for the whole sweep the counter could only run in the gaps.
    assert seconds > 0.2, f"sweep too short ({seconds:.2f} s) to show anything"
    assert counted[0] > 100_000, f"the other thread counted only {counted[0]}"


def test_gpu_backend_runs_on_the_software_adapter():
    devices = optgrid.devices()
    if not devices:
        pytest.fail("no GPU adapter (install mesa-vulkan-drivers for lavapipe)")
    assert any(d["chosen"] for d in devices)
    kw = dict(fn="himmelblau", opt="adam", lr=0.05, res=64, steps=500)
    gpu = optgrid.sweep(**kw, backend="gpu")
    cpu = optgrid.sweep(**kw, backend="cpu")
    assert gpu.summary["run"]["backend"] == "gpu"
    assert np.mean(gpu.basin == cpu.basin) >= 0.999
    assert np.allclose(gpu.final_x, cpu.final_x, atol=1e-3)


def test_adapters_are_chosen_by_index_name_or_list():
    devices = optgrid.devices()
    assert [d["index"] for d in devices] == list(range(len(devices)))
    assert all(isinstance(d["f64"], bool) and d["backend"] for d in devices)
    kw = dict(fn="himmelblau", opt="momentum", lr=0.02, res="48x40", steps=300)
    one = optgrid.sweep(**kw, adapter=0)
    assert one.summary["run"]["backend"] == "gpu"
    both = optgrid.sweep(**kw, devices=[0, 0])
    assert both.summary["run"]["device"].startswith("2 devices: ")
    for name in ("final_x", "final_y", "loss", "steps", "status", "basin"):
        assert np.array_equal(getattr(one, name), getattr(both, name)), name
    with pytest.raises(optgrid.InvalidInputError, match="adapter"):
        optgrid.sweep(**kw, adapter="no-such-gpu")
    with pytest.raises(optgrid.InvalidInputError, match="--backend gpu"):
        optgrid.sweep(**kw, adapter=0, backend="cpu")


def test_docstrings_are_useful_and_their_examples_run():
    assert "Every keyword is a field" in optgrid.sweep.__doc__
    assert "KeyboardInterrupt" in optgrid.sweep.__doc__
    for name in optgrid.__all__:
        assert getattr(optgrid, name).__doc__, f"optgrid.{name} has no docstring"
    failed, tried = doctest.testmod(
        optgrid, extraglobs={"optgrid": optgrid}, optionflags=doctest.ELLIPSIS
    )
    assert tried >= 5 and failed == 0


def test_tune_equals_optgrid_tune(tmp_path):
    kw = dict(trials=24, starts=6, steps=200, seed=3)
    t = optgrid.tune(fn="booth", opt=["sgd", "adam"], backend="cpu", **kw)
    cli("tune", "--fn", "booth", "--opt", "sgd,adam", "--trials", "24", "--starts", "6",
        "--steps", "200", "--seed", "3", "--best-res", "8", "--backend", "cpu", "-q",
        "--out", str(tmp_path))
    theirs = json.loads((tmp_path / "leaderboard.json").read_text())
    assert t.leaderboard == theirs["entries"]
    with np.load(tmp_path / "trials.npz") as npz:
        assert sorted(npz.files) == sorted(t.trials)
        for name in npz.files:
            assert npz[name].tobytes() == t.trials[name].tobytes(), name
    assert t.markdown() == (tmp_path / "leaderboard.md").read_text()
    best = t.best("adam", res=16, backend="cpu")
    adam = next(e for e in t.leaderboard if e["optimizer"] == "adam")
    assert best.spec["params"]["lr"] == adam["best"]["lr"]
    assert best.basin.shape == (16, 16)
    t.save(tmp_path / "py")
    assert sorted(os.listdir(tmp_path / "py")) == sorted(
        ["leaderboard.md", "leaderboard.json", "trials.npz", "tune.png"]
    )
    with pytest.raises(ValueError, match="invalid optimizer 'rmsprop'"):
        t.best_spec("rmsprop")


def test_formula_objectives_equal_the_cli(tmp_path):
    text = "(1-x)^2 + 100*(y-x^2)^2"
    s = optgrid.sweep(fn=text, domain="-2:2,-1:3", opt="adam", lr=0.02, res=24, steps=300,
                      backend="cpu")
    cli("sweep", "--fn", text, "--domain", "-2:2,-1:3", "--opt", "adam", "--lr", "0.02",
        "--res", "24", "--steps", "300", "--backend", "cpu", "-q", "--out", str(tmp_path))
    with np.load(tmp_path / "result.npz") as npz:
        for name in optgrid.ARRAYS:
            assert getattr(s, name).tobytes() == npz[name].tobytes(), name
    assert s.spec["fn"] == text and s.spec["domain"] == [[-2.0, 2.0], [-1.0, 3.0]]
    assert s.summary["gradient"] == ["2*-(1 - x) + (y - x*x)*-(x*2)*200", "(y - x*x)*200"]
    assert [round(m["x"], 9) for m in s.summary["minima"]] == [1.0]
    r = optgrid.trace(fn="x^2 + 3*y^2", minima=[[0, 0]], opt=["sgd", "adam"], start=(1, 1),
                      lr=0.05, steps=50)
    assert r["sgd"].loss[-1] < r["sgd"].loss[0]
    with pytest.raises(ValueError, match="unknown name 'sinn'"):
        optgrid.sweep(fn="x + sinn(y)", opt="adam")


def test_lookahead_wraps_a_rule_and_trace_keeps_its_slow_weights():
    plain = optgrid.sweep(fn="himmelblau", opt="adam", lr=0.05, res=8, steps=100, backend="cpu")
    wrapped = optgrid.sweep(fn="himmelblau", opt="adam", lr=0.05, lookahead_k=5, res=8,
                            steps=100, backend="cpu")
    assert wrapped.spec["params"]["lookahead_k"] == 5
    assert wrapped.spec["params"]["lookahead_alpha"] == 0.5
    assert "lookahead_k" not in plain.spec["params"]
    assert not np.array_equal(plain.final_x, wrapped.final_x)
    r = optgrid.trace(fn="booth", opt="momentum", start=(-8.0, 0.0), lr=0.002, steps=20,
                      lookahead_k=5, precision="f64")
    path = r.paths["momentum+lookahead"]
    # The slow weights stay at the start until the first sync, then are the iterate there.
    assert np.isnan(path.slow_x[0]) and np.array_equal(path.slow_x[1:5], [-8.0] * 4)
    assert path.slow_x[5] == path.x[5] != -8.0 and path.slow_y[10] == path.y[10]
    assert path.slow_x[9] == path.x[5]
    with pytest.raises(optgrid.InvalidInputError, match="give lookahead_k"):
        optgrid.sweep(fn="booth", opt="sgd", lookahead_alpha=0.5, res=8, steps=5)


def test_lbfgs_counts_its_evaluations_and_refuses_a_noisy_gradient():
    r = optgrid.trace(fn="rosenbrock", opt="lbfgs", start=(-1.5, 2.0), steps=5, precision="f64")
    path = r.paths["lbfgs"]
    # torch's func_evals for this run (tests/data/oracles/optimizers.json): its first step
    # alone evaluates the objective 20 times (max_iter inner iterations).
    assert path.evaluations.dtype == np.uint64
    assert list(path.evaluations) == [0, 20, 40, 60, 80, 89][: len(path.evaluations)]
    assert r.summary["results"][0]["evaluations"] == path.evaluations[-1]
    wolfe = optgrid.trace(fn="rosenbrock", opt="lbfgs", start=(-1.5, 2.0), steps=5,
                          strong_wolfe=True, precision="f64")
    assert not np.array_equal(wolfe.paths["lbfgs"].x, path.x)
    # A map counts them per instance too, and its summary adds them up.
    s = optgrid.sweep(fn="rosenbrock", opt="lbfgs", res=8, steps=5, backend="cpu")
    assert s.evaluations.dtype == np.int32 and s.evaluations.shape == (8, 8)
    assert s.evaluations.max() > 20  # more than one step's worth of inner iterations
    assert s.summary["stats"]["evaluations"]["total"] == int(s.evaluations.sum())
    with pytest.raises(optgrid.InvalidInputError, match="noise"):
        optgrid.sweep(fn="booth", opt="lbfgs", noise=0.1, res=8, steps=5)


def test_each_coordinate_takes_its_own_learning_rate_and_a_boundary_its_dimension():
    # lr_x and lr_y straight in, as any quantity; on axes too.
    a = optgrid.sweep(fn="booth", opt="sgd", lr_x=0.05, lr_y=0.01, res=8, steps=50, backend="cpu")
    b = optgrid.sweep(fn="booth", opt="sgd", lr=0.05, res=8, steps=50, backend="cpu")
    assert a.spec["params"]["lr_x"] == 0.05 and "lr_x" not in b.spec["params"]
    assert not np.array_equal(a.final_y, b.final_y)
    s = optgrid.sweep(fn="fit_line", opt="sgd", x="lr_x=1e-2:10:log", y="lr_y=1e-2:10:log",
                      start=(1, 0), examples=16, res=256, steps=400, tol=0.05,
                      dimension="status", backend="cpu")
    d = s.summary["stats"]["boundary_dimension"]
    assert d["of"] == "status" and abs(d["dimension"] - 1) < 0.1, d
    with pytest.raises(optgrid.InvalidInputError, match="dimension"):
        optgrid.sweep(fn="booth", opt="sgd", dimension="pretty", res=8, steps=5)
