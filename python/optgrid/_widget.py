"""``optgrid.explore``: the live viewer as a Jupyter widget (anywidget), for JupyterLab, Notebook 7,
VS Code and Colab.

The page is ``optgrid serve``'s own, in an iframe (``_widget.js``); its requests come here as
the widget's messages and are answered by the same API as the server's
(``_native.Viewer.answer``), each on a thread of a small pool so that a newer map cancels an
older one still computing. The kernel keeps what the page last drew: ``w.spec`` (the keywords
of ``optgrid.sweep``) and ``w.sweep`` (that map, run again here).
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, Optional

import anywidget
import traitlets

from . import _native

# The page's map kinds: the picture the map panel shows.
MAP_KINDS = ("basins", "steps", "loss")


def page(opening: Dict[str, Any]) -> str:
    """The viewer's page as one document: its style and script inline, told it is embedded and
    where to open (``opening``: a map request's fields, with ``opts`` and ``map``)."""
    files = dict(_native.Viewer.page())
    html = files["index.html"]
    # `</` inside a script would end it early: JSON escapes it harmlessly.
    boot = json.dumps(opening).replace("</", "<\\/")
    parts = {
        '<link rel="stylesheet" href="/style.css">': f"<style>\n{files['style.css']}</style>",
        '<script src="/app.js"></script>': (
            f"<script>window.OPTGRID_EMBEDDED = true; window.OPTGRID_INITIAL = {boot};</script>\n"
            f"<script>\n{files['app.js']}</script>"
        ),
    }
    for tag, inline in parts.items():
        if tag not in html:
            raise _native.InternalError(f"internal error: the viewer's page has no {tag}")
        html = html.replace(tag, inline)
    return html


class Explorer(anywidget.AnyWidget):
    """The live viewer in a notebook: the map redraws while a slider moves, a click races the
    optimizers from that pixel, a drag zooms; downloads work as in ``optgrid serve``.

    ``spec`` is the map the page drew last, as ``optgrid.sweep``'s keywords (it changes as the
    page does: ``observe`` it like any trait), and ``sweep`` runs that map here and returns it as
    a :class:`optgrid.Sweep`, so a notebook continues from what was found by hand.
    """

    _esm = Path(__file__).with_name("_widget.js")
    page = traitlets.Unicode("").tag(sync=True)
    #: The last map the page drew, as ``optgrid.sweep``'s keywords.
    spec = traitlets.Dict()

    def __init__(self, viewer: "_native.Viewer", opening: Dict[str, Any], backend: Dict[str, Any]) -> None:
        super().__init__(page=page(opening))
        self._viewer = viewer
        self._backend = backend
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="optgrid-explore")
        self._lock = threading.Lock()
        self._spec_seq = -1
        self.on_msg(self._received)

    def _received(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and isinstance(content.get("id"), str):
            self._pool.submit(self._answer, content)

    def _answer(self, request: Dict[str, Any]) -> None:
        """Answers one of the page's requests and sends the reply back with its id."""
        path = str(request.get("path", ""))
        body = str(request.get("body") or "").encode()
        client = request.get("client")
        seq = int(request.get("seq") or 0)
        try:
            status, kind, reply = self._viewer.answer(
                str(request.get("method", "GET")), path, body,
                str(client) if client is not None else None, seq,
            )
        except Exception as e:  # never leave the page waiting
            status, kind = 500, "application/json"
            reply = json.dumps({"error": f"internal error: {e}", "kind": "internal"}).encode()
        if path == "/api/map" and status == 200:
            self._drew(json.loads(body), seq)
        self.send({"id": request["id"], "status": status, "type": kind}, buffers=[reply])

    def _drew(self, spec: Dict[str, Any], seq: int) -> None:
        with self._lock:
            if seq < self._spec_seq:
                return
            self._spec_seq = seq
            self.spec = spec

    @property
    def sweep(self) -> Any:
        """The map the page shows, run here (at its full resolution) as ``optgrid.sweep`` runs
        it, with the same backend."""
        from . import sweep

        if not self.spec:
            raise _native.InvalidInputError("spec: the page has not drawn a map yet")
        return sweep(**self.spec, **self._backend)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        super().close()


def explore(fn: Optional[str], opt: Any, map: str, fields: Dict[str, Any], request: Any,
            backend: Dict[str, Any]) -> Explorer:
    """Checks the opening view as map requests (the CLI's messages), opens the engine, and makes
    the widget. ``request`` turns keywords into a request's JSON (``optgrid._request``)."""
    if map not in MAP_KINDS:
        raise _native.InvalidInputError(f"invalid map '{map}': allowed {', '.join(MAP_KINDS)}")
    opts = ["adam"] if opt is None else [opt] if isinstance(opt, str) else list(opt)
    if not opts:
        raise _native.InvalidInputError("opt: give at least one optimizer")
    if fn is None:
        fn = json.loads(_native.catalog_json())["objectives"][0]["name"]
    viewer = _native.Viewer(**backend)
    # Each optimizer the page races is checked as the map's would be.
    bodies = [json.loads(request({**fields, "fn": fn, "opt": name})) for name in opts]
    for body in bodies:
        status, _, reply = viewer.answer("POST", "/api/spec", json.dumps(body).encode())
        if status != 200:
            raise _native.InvalidInputError(json.loads(reply)["error"])
    return Explorer(viewer, {**bodies[0], "opts": opts, "map": map}, backend)
