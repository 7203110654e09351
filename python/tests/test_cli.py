"""`python -m optgrid` is the binary's command line: the same output files, byte for byte, and
the same messages and exit statuses on bad input (both run `optgrid::cli::main`)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = os.environ.get("OPTGRID_BIN", str(REPO / "target" / "debug" / "optgrid"))


def both(*args, cwd=None):
    """Runs the binary and `python -m optgrid` with `args`: (status, stdout, stderr) of each."""
    runs = []
    for command in ([BIN], [sys.executable, "-m", "optgrid"]):
        p = subprocess.run([*command, *args], capture_output=True, cwd=cwd)
        runs.append((p.returncode, p.stdout, p.stderr))
    return runs


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["--version"],
        ["sweep", "--help"],
        ["shader", "--fn", "ackley", "--opt", "adam", "--target", "glsl"],
        ["tune", "--ranges"],
    ],
)
def test_python_m_optgrid_prints_what_the_binary_prints(args):
    binary, python = both(*args)
    assert binary[0] == 0
    assert python == binary


@pytest.mark.parametrize(
    "args, status",
    [
        (["sweep", "--fn", "nope", "--opt", "adam"], 2),
        (["sweep", "--fn", "booth", "--opt", "adam", "--res", "0"], 2),
        (["sweep", "--fn", "booth", "--bogus"], 2),
        (["shader", "--fn", "booth", "--opt", "sgd", "--target", "cuda"], 2),
        (["sweep", "--config", "/nonexistent/run.toml"], 3),
    ],
)
def test_bad_input_gives_the_same_message_and_status(args, status):
    binary, python = both(*args)
    assert binary[0] == status, binary
    assert python == binary


def test_a_sweep_writes_the_same_files(tmp_path):
    spec = ["--fn", "himmelblau", "--opt", "adam", "--lr", "0.05", "--res", "48x40",
            "--steps", "300", "--backend", "cpu", "--quiet"]
    a, b = tmp_path / "binary", tmp_path / "python"
    subprocess.run([BIN, "sweep", *spec, "--out", str(a)], check=True)
    subprocess.run([sys.executable, "-m", "optgrid", "sweep", *spec, "--out", str(b)], check=True)
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        if name != "summary.json":  # timings differ
            assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_ctrl_c_stops_a_long_sweep_within_a_second(tmp_path):
    out = tmp_path / "long"
    p = subprocess.Popen(
        [sys.executable, "-m", "optgrid", "sweep", "--fn", "rastrigin", "--opt", "adam",
         "--res", "1024", "--steps", "100000", "--no-early-stop", "--backend", "cpu",
         "--quiet", "--out", str(out)],
        stderr=subprocess.PIPE,
    )
    time.sleep(1.5)
    assert p.poll() is None, "the sweep should still be running"
    sent = time.monotonic()
    p.send_signal(signal.SIGINT)
    p.wait(timeout=10)
    assert time.monotonic() - sent < 1.0
    assert p.returncode != 0
    assert not (out / "result.npz").exists()
