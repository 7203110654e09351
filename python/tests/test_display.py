"""What a notebook shows: progress bars for runs longer than a second (a text bar on stderr when
tqdm is not installed, as in this test environment) and each result's HTML."""
import base64
import json
import re

import pytest

import optgrid
from optgrid import _native

QUICK = dict(fn="himmelblau", opt="adam", lr=0.05, res=32, steps=200, backend="cpu")


def test_a_quick_sweep_shows_no_bar_and_progress_true_shows_one(capfd):
    optgrid.sweep(**QUICK)
    assert capfd.readouterr().err == ""
    optgrid.sweep(**QUICK, progress=True)
    err = capfd.readouterr().err
    assert "instance-steps" in err and "100%" in err and err.endswith("\n"), err


def test_a_long_sweep_shows_its_bar_after_a_second(capfd):
    optgrid.sweep(fn="rastrigin", opt="adam", lr=0.001, res=384, steps=2500,
                  early_stop=False, backend="cpu")
    err = capfd.readouterr().err
    assert "adam on rastrigin [" in err, err
    shares = [int(m) for m in re.findall(r"(\d+)%", err)]
    assert shares[-1] == 100 and len(shares) >= 2, shares
    hidden = optgrid._display.Progress("never", show=False)
    hidden.started -= 10  # as if the run had taken ten seconds
    hidden(5, 10)
    hidden.close()
    assert capfd.readouterr().err == ""


def test_the_engine_reports_its_instance_steps_and_an_error_in_the_callback_cancels():
    seen = []
    request = json.dumps({"fn": "rastrigin", "opt": "adam", "res": 128, "steps": 3000,
                          "early_stop": False})
    _native.sweep(request, "cpu", lambda done, total: seen.append((done, total)))
    assert len(seen) >= 2 and all(t == 128 * 128 * 3000 for _, t in seen)
    assert seen[-1][0] == 128 * 128 * 3000, "the last report is the whole run"
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)

    def stop(done, total):
        if done > 0:
            raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        _native.sweep(request, "cpu", stop)


def _images(html, mime):
    return [base64.b64decode(b) for b in re.findall(rf'src="data:{mime};base64,([^"]+)"', html)]


def test_results_show_their_pictures_and_numbers_in_a_notebook():
    s = optgrid.sweep(**QUICK)
    page = s._repr_html_()
    assert _images(page, "image/png")[0] == s.figure()
    assert "converged" in page and "median steps" in page

    sheet = optgrid.sweep(**{**QUICK, "opt": ["sgd", "adam"]})
    page = sheet._repr_html_()
    assert _images(page, "image/png")[0] == sheet.figure()
    assert "opt=sgd" in page and "opt=adam" in page

    race = optgrid.trace(fn="himmelblau", opt=["sgd", "adam"], start=(0, 0), lr=0.01, steps=100)
    page = race._repr_html_()
    gif = _images(page, "image/gif")[0]
    assert gif == race.gif() and gif[:6] == b"GIF89a"
    assert page.count("<tr>") == 3  # a header and one row per racer

    tuning = optgrid.tune(fn="booth", opt=["sgd", "adam"], trials=8, starts=4, steps=100,
                          backend="cpu")
    page = tuning._repr_html_()
    assert _images(page, "image/png")[0] == tuning.figure()
    assert all(e["optimizer"] in page for e in tuning.leaderboard)
