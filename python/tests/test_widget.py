"""optgrid.explore: the live viewer as a Jupyter widget.

The widget's Python half is driven directly (the page's requests as messages, replies captured),
then the whole widget runs in a real JupyterLab opened in headless Chromium (Debian's, with
Debian's chromedriver): the map appears, the lr slider redraws it, a click draws a race, and
``w.spec`` afterwards holds the slider's lr. Screenshots go to target/widget-*.png. Under CI a
missing Chromium or chromedriver fails the test rather than skipping it.
"""
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import optgrid

REPO = Path(__file__).resolve().parents[2]
ARTEFACTS = REPO / "target"


class Captured:
    """The widget with its sends captured instead of going to a front end."""

    def __init__(self, **spec):
        self.widget = optgrid.explore(**spec)
        self.replies = queue.Queue()
        self.widget.send = lambda content, buffers=None: self.replies.put((content, buffers[0]))

    def ask(self, id, method, path, body=None, client=None, seq=0):
        """Sends one request as the page does and waits for its reply: (status, type, bytes)."""
        message = {"id": id, "method": method, "path": path,
                   "body": json.dumps(body) if body is not None else "",
                   "client": client, "seq": seq}
        self.widget._received(self.widget, message, [])
        content, data = self.replies.get(timeout=120)
        assert content["id"] == id
        return content["status"], content["type"], bytes(data)


MAP = {"fn": "himmelblau", "opt": "adam", "params": {"lr": 0.05}, "res": 24, "steps": 200,
       "x": "x0=-5:5", "y": "y0=-5:5"}


def test_the_widget_answers_the_pages_requests_as_the_server_does():
    w = Captured(fn="himmelblau", opt=["adam", "sgd"], lr=0.05, res=24, backend="cpu")
    status, kind, body = w.ask("v:1", "GET", "/api/catalog")
    assert (status, kind) == (200, "application/json")
    assert "himmelblau" in [o["name"] for o in json.loads(body)["objectives"]]
    # A map: the page's binary answer, and the widget remembers what it drew.
    assert w.widget.spec == {}
    status, kind, body = w.ask("v:2", "POST", "/api/map", MAP, client="page", seq=1)
    assert (status, kind) == (200, "application/octet-stream")
    header = json.loads(body[4:4 + int.from_bytes(body[:4], "little")])
    assert header["width"] == 24 and header["summary"]["spec"]["params"]["lr"] == 0.05
    assert w.widget.spec == MAP
    # w.sweep is that map run again here: the same arrays as optgrid.sweep's.
    again = w.widget.sweep
    direct = optgrid.sweep(**MAP, backend="cpu")
    for name in ("basin", "status", "steps", "final_x", "final_y"):
        np.testing.assert_array_equal(getattr(again, name), getattr(direct, name))
    # A request older than the client's latest is dropped (409), and spec keeps the newest.
    newer = {**MAP, "params": {"lr": 0.02}}
    assert w.ask("v:3", "POST", "/api/map", newer, client="page", seq=5)[0] == 200
    status, _, body = w.ask("v:4", "POST", "/api/map", MAP, client="page", seq=4)
    assert status == 409 and json.loads(body)["kind"] == "cancelled"
    assert w.widget.spec["params"]["lr"] == 0.02
    # Bad requests get the server's JSON errors; none of them breaks the widget.
    status, _, body = w.ask("v:5", "POST", "/api/map", {**MAP, "fn": "nope"}, client="page", seq=6)
    assert status == 400 and "nope" in json.loads(body)["error"]
    assert w.ask("v:6", "GET", "/nowhere")[0] == 404
    assert w.ask("v:7", "POST", "/api/map", {**MAP, "out": "/tmp/x"})[0] == 400
    # Messages that are not requests are ignored.
    w.widget._received(w.widget, {"nothing": 1}, [])
    w.widget._received(w.widget, "text", [])
    assert w.replies.empty()
    assert w.ask("v:8", "GET", "/api/catalog")[0] == 200


def test_the_page_opens_where_the_keywords_say():
    w = optgrid.explore(fn="rosenbrock", opt=["sgd", "adam"], x="x0=-2:2", y="lr=1e-4:1e-1:log",
                        weight_decay=0.01, res=96, steps=500, map="loss", backend="cpu")
    opening = json.loads(w.page.split("window.OPTGRID_INITIAL = ", 1)[1].split(";</script>", 1)[0])
    assert opening["opts"] == ["sgd", "adam"] and opening["map"] == "loss"
    assert opening["y"] == "lr=1e-4:1e-1:log" and opening["params"] == {"weight_decay": 0.01}
    assert "window.OPTGRID_EMBEDDED = true" in w.page
    assert '<script src="/app.js">' not in w.page and "async function requestMap" in w.page


@pytest.mark.parametrize("spec, message", [
    (dict(fn="nope"), "invalid objective (--fn) 'nope'"),
    (dict(fn="ackley", opt=["adam", "nope"]), "invalid optimizer (--opt) 'nope'"),
    (dict(fn="ackley", lr=-1), "invalid lr '-1'"),
    (dict(fn="ackley", x="lr=1e-3:1:log", lr=0.1), "lr is an axis and also given a fixed value"),
    (dict(fn="ackley", map="pretty"), "invalid map 'pretty': allowed basins, steps, loss"),
    (dict(fn="ackley", opt=[]), "opt: give at least one optimizer"),
    (dict(fn="ackley", backend="tpu"), "invalid backend"),
    (dict(fn="ackley", out="x"), "out:"),
])
def test_bad_keywords_are_refused_before_anything_is_shown(spec, message):
    with pytest.raises(optgrid.InvalidInputError) as raised:
        optgrid.explore(**spec)
    assert message in str(raised.value)


def test_kernel_interrupt_stops_a_long_sweep_in_the_widgets_kernel():
    """Ctrl-C in Jupyter is the kernel's interrupt (SIGINT to the kernel process): with a widget
    open, a long sweep stops within about a second and the kernel goes on."""
    from jupyter_client.manager import start_new_kernel

    env = {**os.environ, "PYTHONPATH": os.environ["PYTHONPATH"]}
    manager, client = start_new_kernel(kernel_name="python3", env=env)
    try:
        def run(code, timeout=120):
            reply = client.execute_interactive(code, timeout=timeout, output_hook=lambda m: None)
            content = reply["content"]
            assert content["status"] == "ok", (code, content.get("ename"), content.get("evalue"))
            return content

        assert run("import optgrid, time\nw = optgrid.explore(fn='ackley', backend='cpu')")["status"] == "ok"
        msg_id = client.execute(
            "t0 = time.monotonic()\n"
            "try:\n"
            "    optgrid.sweep(fn='rastrigin', opt='adam', lr=0.001, res=1024, steps=50000,"
            " early_stop=False, backend='cpu', progress=False)\n"
            "finally:\n"
            "    stopped = time.monotonic()\n"
        )
        time.sleep(1.5)
        interrupted = time.monotonic()
        manager.interrupt_kernel()
        while True:
            reply = client.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        waited = time.monotonic() - interrupted
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        assert waited < 1.5, f"took {waited:.2f} s to stop after the interrupt"
        assert run("s = optgrid.sweep(fn='himmelblau', opt='adam', res=8, steps=50, backend='cpu')\nassert s.basin.shape == (8, 8)")["status"] == "ok"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


# ---------- in a real JupyterLab ----------

CELLS = [
    "import json, optgrid\n"
    "w = optgrid.explore(fn='himmelblau', opt=['adam', 'sgd'], res=96, steps=300, backend='cpu')\n"
    "w",
    "json.dump(w.spec, open('spec.json', 'w'))",
]


def browser_tools():
    """Chromium and chromedriver, or a skip (a failure under CI)."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not (os.path.exists(chromium) and os.path.exists(driver)):
        message = "Debian's chromium and chromium-driver are needed (scripts/test.sh installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return chromium, driver


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on 127.0.0.1 serving a notebook of CELLS; yields (url, folder)."""
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": c, "outputs": [],
                   "execution_count": None} for c in CELLS],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    (tmp_path / "explore.ipynb").write_text(json.dumps(notebook))
    port, token = free_port(), "optgrid-test"
    home = tmp_path / "home"
    home.mkdir()
    # No news or update toast over the screenshots.
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={tmp_path}"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "lab.log", "w"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text())
                time.sleep(0.3)
        yield f"{base}/lab/tree/explore.ipynb?token={token}", tmp_path
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_the_widget_in_jupyterlab(lab):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    chromium, driver_path = browser_tools()
    url, folder = lab
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1800",
                 "--disable-dev-shm-usage"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(driver_path), options=options)

    def shot(name):
        ARTEFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTEFACTS / f"widget-{name}.png"))

    def wait(condition, what, timeout=120):
        try:
            return WebDriverWait(browser, timeout, poll_frequency=0.2).until(lambda _: condition())
        except Exception:
            shot("failed")
            raise AssertionError(f"timed out waiting for {what}")

    def page(js):
        """Evaluates `js` inside the widget's page (the iframe)."""
        return browser.execute_script(f"return (() => {{ {js} }})()")

    def run_cell(index):
        """Runs a cell as a person does (click it, Shift+Enter), again until its prompt shows it
        ran: a notebook still settling can swallow the first keys."""
        browser.switch_to.default_content()
        prompt = f"return document.querySelectorAll('.jp-Notebook .jp-CodeCell')[{index}]" \
                 ".querySelector('.jp-InputPrompt').textContent.trim()"
        for _ in range(10):
            cell = browser.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-CodeCell")[index]
            try:
                ActionChains(browser).move_to_element(cell).click().perform()
                ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
            except Exception:
                pass
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                if browser.execute_script(prompt) not in ("[ ]:", ""):
                    return
                time.sleep(0.2)
        shot("failed")
        raise AssertionError(f"cell {index} would not run")

    try:
        browser.get(url)
        wait(lambda: browser.execute_script(
            "return document.querySelector('.jp-Notebook .jp-CodeCell') !== null && "
            "document.querySelector('.jp-Notebook-ExecutionIndicator[data-status=idle]') !== null"),
            "the notebook and its kernel")
        run_cell(0)
        frame = wait(lambda: (browser.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output iframe") or [None])[0],
                     "the widget's frame")
        browser.switch_to.frame(frame)
        wait(lambda: "instance-steps/s" in page("return document.getElementById('status').textContent"),
             "the first map")
        browser.switch_to.default_content()
        browser.execute_script("arguments[0].scrollIntoView()", frame)
        shot("1-map")
        browser.switch_to.frame(frame)
        assert page("return state.opts") == ["adam", "sgd"]
        first = page("return document.getElementById('mapcanvas').toDataURL()")

        # The lr slider: a new map, drawn for the new lr.
        page("const s = document.querySelector('input[type=range][data-h=lr]');"
             "s.value = 700; s.dispatchEvent(new Event('input'));")
        lr = page("return state.params.lr")
        wait(lambda: page("return map && map.header.summary.spec.params.lr") == lr
             and page("return map.header.width") == 96, "the map for the slider's lr")
        assert page("return document.getElementById('mapcanvas').toDataURL()") != first

        # The downloads travel the same way: spec.toml for what the page shows.
        toml = browser.execute_async_script(
            "const done = arguments[0];"
            "fetch('/api/spec', { method: 'POST', body: JSON.stringify(specBody(state.res)) })"
            ".then((r) => r.text()).then(done, (e) => done(String(e)));")
        assert 'fn = "himmelblau"' in toml and f"lr = {lr}" in toml, toml

        # A click races the optimizers from that pixel.
        canvas = browser.find_element(By.ID, "overlay")
        ActionChains(browser).move_to_element_with_offset(canvas, 40, -60).click().perform()
        wait(lambda: page("return race !== null && document.querySelectorAll('#racetable tbody tr').length") == 2,
             "the race")
        browser.switch_to.default_content()
        shot("2-race")

        # The kernel saw what the page did: w.spec holds the slider's lr.
        run_cell(1)
        spec_file = folder / "spec.json"
        wait(lambda: spec_file.exists() and spec_file.stat().st_size > 0, "w.spec written by the second cell")
        spec = json.loads(spec_file.read_text())
        assert spec["params"]["lr"] == lr, (spec, lr)
        assert spec["fn"] == "himmelblau" and spec["opt"] == "adam"
    finally:
        browser.quit()
