"""optgrid: every start point and every hyperparameter of an optimizer at once, as numpy arrays.

The same engine as the ``optgrid`` command line (a WGSL compute kernel on the GPU, a SIMD CPU
reference engine), called from Python. Results are numpy arrays shaped like the CLI's
``result.npz``, figures are PNG bytes a notebook shows inline, and every keyword is a field of
the CLI's config files, checked the same way (the CLI's one-line message).

Errors say whose move it is, as the CLI's exit status does: bad input raises
:class:`InvalidInputError` (a ``ValueError``; exit status 2), a file that cannot be written, a
memory limit or a missing GPU :class:`ResourceError` (an ``OSError``; 3), and optgrid's own
failure :class:`InternalError` (a ``RuntimeError``; 4).

>>> import optgrid
>>> s = optgrid.sweep(fn="himmelblau", opt="adam", lr=0.05, res=64, steps=500, backend="cpu")
>>> s.basin.shape, s.basin.dtype
((64, 64), dtype('int32'))
>>> round(s.summary["stats"]["converged_fraction"], 2)
1.0
>>> r = optgrid.trace(fn="rosenbrock", opt=["sgd", "adam"], start=(-1.5, 2.0), lr=0.001, steps=300)
>>> sorted(r.paths)
['adam', 'sgd']

``optgrid.tune`` ranks optimizers as ``optgrid tune`` does; ``objectives()``, ``optimizers()``,
``schedules()`` and ``devices()`` describe what there is to choose from.

A run releases the GIL, and Ctrl-C (``KeyboardInterrupt``) stops it within about a second. A
sweep or a tune that takes longer than a second shows a progress bar (tqdm's, in a notebook its
widget, when tqdm is installed; a text bar on stderr otherwise; ``progress=False`` hides it), and
results show themselves in a notebook: a sweep's figure with its numbers, a race's animation.
``python -m optgrid`` is the command line.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterator, List, Optional, Sequence, Union

import numpy as np

from . import _display, _native

__version__: str = _native.__version__

__all__ = [
    "sweep",
    "trace",
    "tune",
    "objectives",
    "optimizers",
    "schedules",
    "devices",
    "explore",
    "Sweep",
    "Sheet",
    "Trace",
    "Path",
    "Tuning",
    "InvalidInputError",
    "ResourceError",
    "InternalError",
]

InvalidInputError = _native.InvalidInputError
ResourceError = _native.ResourceError
InternalError = _native.InternalError

#: The columns of a map — ``result.npz``'s arrays — as the library declares them: name, dtype,
#: shape (``map``, ``x_axis``, ``y_axis``) and meaning.
SCHEMA: Dict[str, Any] = json.loads(_native.schema_json())

#: The arrays of a sweep, as in ``result.npz``.
ARRAYS = tuple(c["name"] for c in SCHEMA["columns"])

#: ``status`` codes.
STATUS = {s["code"]: s["name"] for s in SCHEMA["statuses"]}

PathLike = Union[str, "os.PathLike[str]"]


def _catalog() -> Dict[str, Any]:
    global _CATALOG
    if _CATALOG is None:
        _CATALOG = json.loads(_native.catalog_json())
    return _CATALOG


_CATALOG: Optional[Dict[str, Any]] = None


def _quantity_names() -> set:
    """Every hyperparameter, gradient, data and schedule quantity: keywords that go in ``params``."""
    c = _catalog()
    names = {h["name"] for o in c["optimizers"] for h in o["hypers"]}
    names |= {h["name"] for h in c["coordinates"]}
    names |= {h["name"] for h in c["gradient"]}
    names |= {p["name"] for w in c["wrappers"] for p in w["params"]}
    names |= {h["name"] for h in c["data"]}
    names |= {p["name"] for s in c["schedules"] for p in s["params"]}
    return names


def _plain(key: str, value: Any) -> Any:
    """A keyword's value as JSON: tuples and arrays as lists, numpy scalars as numbers, paths as
    text; a NaN or infinity is refused here, as JSON has no word for it."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    if key in ("adapter", "devices") and not isinstance(value, str):
        # Adapters by index, as `optgrid devices` numbers them: 1, or [0, 1] for devices.
        if isinstance(value, (list, tuple)):
            return ",".join(str(v) for v in value)
        return str(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, float) and not np.isfinite(value):
        raise InvalidInputError(f"invalid {key} '{value}': allowed finite numbers")
    if isinstance(value, (list, tuple)):
        return [_plain(key, v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(str(k), v) for k, v in value.items()}
    return value


def _request(fields: Dict[str, Any]) -> str:
    """The config a call's keywords make: quantities (``lr=0.05``) go into ``params``."""
    quantities = _quantity_names()
    request: Dict[str, Any] = {}
    params: Dict[str, Any] = {}
    for key, value in fields.items():
        if value is None:
            continue
        if key == "params":
            params.update(_plain(key, value))
        elif key in quantities:
            params[key] = _plain(key, value)
        else:
            request[key] = _plain(key, value)
    if "out" in request:
        raise InvalidInputError("out: Python results are written with .save(dir); drop the field")
    if params:
        request["params"] = params
    return json.dumps(request)


class Sweep:
    """One finished map: numpy arrays per instance, its summary and spec, figures and files.

    Arrays, as attributes (same names, dtypes and shapes as ``result.npz``; row ``i`` is at
    ``y_values[i]``, row 0 at the bottom; ``SCHEMA`` has them as data):
    """

    def __init__(self, run: "_native.Run", index: int) -> None:
        self._run = run
        self._index = index
        #: The panel's label (``opt=adam``, ``lr=0.01``); empty for a single map.
        self.label: str = run.label(index)
        for name, array in run.arrays(index).items():
            setattr(self, name, array)
        #: The run's ``summary.json`` as a dict (``files`` is filled in by :meth:`save`).
        self.summary: Dict[str, Any] = json.loads(run.summary_json(index))

    @property
    def spec(self) -> Dict[str, Any]:
        """The complete spec, every default filled in: ``optgrid.sweep(**spec)`` repeats it."""
        return self.summary["spec"]

    def arrays(self) -> Dict[str, np.ndarray]:
        """Every array by name, as ``np.load("result.npz")`` gives them."""
        return {name: getattr(self, name) for name in ARRAYS}

    def to_toml(self) -> str:
        """``spec.toml``: a config for ``optgrid sweep --config`` that repeats this run."""
        return self._run.spec_toml(self._index)

    def figure(self) -> bytes:
        """``figure.png`` (basins, steps to converge, final loss; annotated) as PNG bytes."""
        return self._run.figure_png(self._index)

    def save(self, dir: PathLike) -> str:
        """Writes the CLI's files into ``dir`` (basins.png, steps.png, loss.png, figure.png,
        result.npz, spec.toml, summary.json); returns the directory."""
        self._run.save(self._index, os.fspath(dir))
        with open(os.path.join(os.fspath(dir), "summary.json")) as f:
            self.summary = json.load(f)
        return os.fspath(dir)

    def trace(self, column: int, row: int, **fields: Any) -> "Trace":
        """Retraces the instance behind pixel ``(column, row)`` (row 0 at the bottom, as in the
        arrays: ``basin[row, column]``) step by step; it ends where this sweep says it ended.
        ``fields``: ``view``, ``frame_every``.

        >>> s = optgrid.sweep(fn="himmelblau", opt="adam", lr=0.05, res=32, steps=300, backend="cpu")
        >>> r = s.trace(5, 20)
        >>> bool(np.float32(r["adam"].x[-1]) == s.final_x[20, 5])
        True
        """
        return Trace(self._run.trace(self._index, (column, row), _request(fields)))

    def _repr_png_(self) -> bytes:
        return self.figure()

    def _repr_html_(self) -> str:
        st = self.summary["stats"]
        run = self.summary["run"]
        numbers = _display.table(
            ["converged", "not converged", "diverged", "median steps", "instance-steps/s", "ran on"],
            [[
                f"{st['converged_fraction']:.1%}",
                f"{1 - st['converged_fraction'] - st['diverged_fraction']:.1%}",
                f"{st['diverged_fraction']:.1%}",
                st["steps_percentiles"]["p50"],
                f"{self.summary['instance_steps_per_second']:.3g}",
                f"{run['backend']} ({run['precision']})",
            ]],
        )
        return _display.block(repr(self)[1:-1], [_display.png_tag(self.figure(), "figure.png"), numbers])

    def __repr__(self) -> str:
        st = self.summary["stats"]
        h, w = self.basin.shape
        what = f"{self.spec['opt']} on {self.spec['fn']}"
        if self.label:
            what += f" [{self.label}]"
        return (
            f"<optgrid.Sweep {what}, {w}x{h}, {self.spec['steps']} steps: "
            f"{st['converged_fraction']:.1%} converged, {st['diverged_fraction']:.1%} diverged>"
        )


def _describe_columns() -> str:
    shapes = {"map": "height × width", "x_axis": "width", "y_axis": "height"}
    dtypes = {"f32": "float32", "f64": "float64", "i32": "int32", "u8": "uint8"}
    return "".join(
        f"\n    - ``{c['name']}`` ({dtypes[c['dtype']]}, {shapes[c['shape']]}): {c['meaning']}"
        for c in SCHEMA["columns"]
    )


Sweep.__doc__ = (Sweep.__doc__ or "") + _describe_columns() + "\n"


class Sheet(Sequence[Sweep]):
    """The panels of a sweep given a list (``opt=["sgd", "adam"]``, ``lr=[0.01, 0.1]``): a
    sequence of :class:`Sweep`, one per panel, with a contact sheet on shared colour scales."""

    def __init__(self, run: "_native.Run") -> None:
        self._run = run
        self.sweeps: List[Sweep] = [Sweep(run, i) for i in range(len(run))]

    def __len__(self) -> int:
        return len(self.sweeps)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, str):
            for s in self.sweeps:
                if s.label == i:
                    return s
            raise KeyError(f"no panel {i!r}: panels are {[s.label for s in self.sweeps]}")
        return self.sweeps[i]

    def __iter__(self) -> Iterator[Sweep]:
        return iter(self.sweeps)

    @property
    def labels(self) -> List[str]:
        return [s.label for s in self.sweeps]

    def figure(self) -> bytes:
        """``sheet.png``: every panel's maps, one row each, on shared scales, as PNG bytes."""
        return self._run.sheet_png()

    def save(self, dir: PathLike) -> str:
        """Writes what ``optgrid sweep`` writes for panels: one directory per panel (named by its
        label) and ``sheet.png``, ``sheet.json``; returns the directory."""
        root = os.fspath(dir)
        for s in self.sweeps:
            s.save(os.path.join(root, s.label))
        self._run.save_sheet(root)
        return root

    def _repr_png_(self) -> bytes:
        return self.figure()

    def _repr_html_(self) -> str:
        rows = []
        for s in self.sweeps:
            st = s.summary["stats"]
            rows.append([s.label, f"{st['converged_fraction']:.1%}", f"{st['diverged_fraction']:.1%}",
                         st["steps_percentiles"]["p50"]])
        numbers = _display.table(["panel", "converged", "diverged", "median steps"], rows)
        return _display.block(repr(self)[1:-1], [_display.png_tag(self.figure(), "sheet.png"), numbers])

    def __repr__(self) -> str:
        return f"<optgrid.Sheet of {len(self)} panels: {', '.join(self.labels)}>"


def sweep(
    fn: Optional[str] = None,
    opt: Union[str, Sequence[str], None] = None,
    *,
    backend: str = "auto",
    progress: Optional[bool] = None,
    **fields: Any,
) -> Union[Sweep, Sheet]:
    """Runs one sweep — every start point (or hyperparameter) of a map — and returns its arrays.

    Every keyword is a field of ``optgrid sweep``'s config files (``optgrid list`` names the
    choices): ``fn`` (a built-in objective, or a formula in x and y such as
    ``"(1-x)^2 + 100*(y-x^2)^2"`` with ``domain="-2:2,-1:3"`` and optionally
    ``minima=[[1, 1]]``), ``opt`` (optimizer), ``res`` (``256``, ``"800x600"``),
    ``steps``, ``x`` and ``y`` (axes such as ``"x0=-5:5"`` or ``"lr=1e-4:1:log"``), ``start``,
    ``tol``, ``criterion``, ``early_stop``, ``bound``, ``precision`` (``"f32"``/``"f64"``),
    ``schedule``, ``seed``, ``quadratic``, ``examples``, ``data_noise``, ``data_seed``,
    ``data``. Hyperparameters, gradient noise and schedule parameters go straight in
    (``lr=0.05, beta1=0.8, noise=0.5``) or in ``params={...}``. A list for ``opt``,
    ``schedule`` or one quantity makes one panel per value and returns a :class:`Sheet`.

    ``backend``: ``"auto"`` (a hardware GPU, else the CPU), ``"gpu"`` (the best adapter,
    software ones included) or ``"cpu"``. ``adapter=`` picks one GPU adapter by index or name
    (``devices()`` lists them; ``"gl"``, ``"nvidia"``, ``1``) and ``devices=`` several sharing
    the map (``"all"`` or ``"0,1"``). Engines are kept between calls. ``progress``: ``None``
    shows a bar once the run has taken a second, ``True`` at once, ``False`` never.

    Bad input raises :class:`InvalidInputError` (a ``ValueError``) with the CLI's message. The
    GIL is released while the engine runs; ``KeyboardInterrupt`` stops it and returns nothing.

    >>> s = optgrid.sweep(fn="ackley", opt="adam", lr=0.05, res=128, steps=1000)
    >>> s.basin.shape
    (128, 128)
    >>> sheet = optgrid.sweep(fn="rosenbrock", opt=["sgd", "adam"], x="lr=1e-4:1e-1:log",
    ...                       y="weight_decay=0:0.1", res=32, steps=300, start=(-1, 1))
    >>> sheet.labels
    ['opt=sgd', 'opt=adam']
    """
    fields["fn"] = fn if fn is not None else fields.get("fn")
    fields["opt"] = opt if opt is not None else fields.get("opt")
    bar = _display.Progress(f"{fields['opt']} on {fields['fn']}", progress)
    try:
        run = _native.sweep(_request(fields), backend, bar)
    finally:
        bar.close()
    if run.note:
        import warnings

        warnings.warn(f"optgrid: {run.note}", RuntimeWarning, stacklevel=2)
    return Sweep(run, 0) if len(run) == 1 else Sheet(run)


class Path:
    """One optimizer's race: numpy arrays with one entry per iterate, the start first.

    ``step`` (uint32), ``x``, ``y``, ``loss``, ``grad_norm``, ``step_size_x``, ``step_size_y``
    (float64; the effective per-coordinate step size of the step that led there), and
    ``evaluations`` (uint64: the objective's evaluations so far, one a step except L-BFGS's,
    which counts its inner iterations and line search). A rule that
    keeps a point beside its iterate has it too, NaN at the start: ASGD's running average
    ``ax_x``, ``ax_y``; Schedule-Free's gradient point ``y_x``, ``y_y`` (its iterate, ``x``
    and ``y``, is the evaluation point).
    """

    optimizer: str
    label: str
    step: np.ndarray
    x: np.ndarray
    y: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    evaluations: np.ndarray
    step_size_x: np.ndarray
    step_size_y: np.ndarray

    def __init__(self, columns: Dict[str, Any]) -> None:
        for name, value in columns.items():
            setattr(self, name, value)

    @property
    def iterates(self) -> np.ndarray:
        """The points visited, shape (n, 2)."""
        return np.stack([self.x, self.y], axis=1)

    def __len__(self) -> int:
        return len(self.step)

    def __repr__(self) -> str:
        return f"<optgrid.Path {self.label}: {len(self) - 1} steps, final loss {self.loss[-1]:.4g}>"


class Trace:
    """A finished race: every optimizer's path from one start, its summary and pictures.

    ``paths`` maps each racer's label (its optimizer's name, or ``adam#2`` for a repeat) to a
    :class:`Path`.
    """

    def __init__(self, race: "_native.Race") -> None:
        self._race = race
        self.paths: Dict[str, Path] = {c["label"]: Path(c) for c in race.columns()}
        #: The race's ``summary.json`` as a dict.
        self.summary: Dict[str, Any] = json.loads(race.summary_json())

    def __getitem__(self, label: str) -> Path:
        return self.paths[label]

    def csv(self) -> str:
        """``trajectories.csv``, as text."""
        return self._race.csv()

    def figure(self, which: str = "paths") -> bytes:
        """A picture as PNG bytes: ``"paths"`` (over the contours), ``"loss"`` or ``"stepsize"``."""
        return self._race.png(which)

    def gif(self) -> bytes:
        """``race.gif``: the race animated, as GIF bytes."""
        return self._race.gif()

    def save(self, dir: PathLike) -> str:
        """Writes what ``optgrid trace`` writes (paths.png, loss.png, stepsize.png, race.gif,
        trajectories.csv, summary.json) into ``dir``; returns the directory."""
        self._race.save(os.fspath(dir))
        return os.fspath(dir)

    def _repr_png_(self) -> bytes:
        return self.figure("paths")

    def _repr_html_(self) -> str:
        """The race as it runs (race.gif, inline) and each racer's result."""
        numbers = _display.table(
            ["optimizer", "status", "steps to converge", "final loss", "final x", "final y"],
            [[r["optimizer"], r["status"], r["steps_to_converge"], r["final_loss"], r["final_x"], r["final_y"]]
             for r in self.summary["results"]],
        )
        return _display.block(self.summary["title"], [_display.png_tag(self.gif(), "race.gif", "image/gif"), numbers])

    def __repr__(self) -> str:
        return f"<optgrid.Trace {self.summary['title']}>"


def trace(
    fn: Optional[str] = None,
    opt: Union[str, Sequence[str], None] = None,
    *,
    start: Optional[Sequence[float]] = None,
    **fields: Any,
) -> Trace:
    """Races optimizers from one start, recording every iterate.

    Keywords are the fields of ``optgrid trace``'s configs: ``fn``, ``opt`` (one or a list),
    ``start`` (required: where every racer starts), ``steps``, ``tol``, ``criterion``, ``early_stop``,
    ``bound``, ``precision``, ``schedule``, ``seed``, ``view`` (``[[x0, x1], [y0, y1]]``),
    ``frame_every``, and hyperparameters straight in (``lr=0.01``) or in ``params={...}``; a
    list gives one value per optimizer.

    >>> r = optgrid.trace(fn="himmelblau", opt=["sgd", "momentum", "adam"], start=(0, 0),
    ...                   lr=0.01, steps=500)
    >>> r["adam"].iterates.shape[1]
    2
    """
    fields["fn"] = fn if fn is not None else fields.get("fn")
    fields["opt"] = opt if opt is not None else fields.get("opt")
    fields["start"] = start
    return Trace(_native.trace(_request(fields)))


class Tuning:
    """A finished tuning run: the leaderboard, every trial's setting and score, and each
    optimizer's best setting as a sweep to run."""

    def __init__(self, tuning: "_native.Tuning") -> None:
        self._tuning = tuning
        board = json.loads(tuning.leaderboard_json())
        #: ``leaderboard.json`` as a dict (``entries``: one per optimizer, best first).
        self.summary: Dict[str, Any] = board
        #: ``trials.npz``'s columns by name (``adam_lr``, ``adam_score``, ...).
        self.trials: Dict[str, np.ndarray] = tuning.trials()

    @property
    def leaderboard(self) -> List[Dict[str, Any]]:
        """One dict per optimizer, best first: rank, optimizer, best setting, score, ..."""
        return self.summary["entries"]

    def markdown(self) -> str:
        """``leaderboard.md``: the leaderboard as a Markdown table."""
        return self._tuning.markdown()

    def figure(self) -> bytes:
        """``tune.png``: every trial's score against each searched hyperparameter."""
        return self._tuning.figure_png()

    def best_spec(self, opt: str) -> Dict[str, Any]:
        """The spec of ``opt``'s best setting: a basin map over the domain."""
        return json.loads(self._tuning.best_spec_json(opt))

    def best(self, opt: str, **fields: Any) -> "Sweep":
        """Sweeps ``opt`` at its best setting (``fields`` override the spec, e.g. ``res=512``)."""
        spec = self.best_spec(opt)
        spec.update(fields)
        return sweep(**spec)  # type: ignore[return-value]

    def save(self, dir: PathLike) -> str:
        """Writes ``leaderboard.md``, ``leaderboard.json``, ``trials.npz`` and ``tune.png``."""
        self._tuning.save(os.fspath(dir))
        return os.fspath(dir)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def _repr_png_(self) -> bytes:
        return self.figure()

    def _repr_html_(self) -> str:
        rows = [[e.get("rank"), e.get("optimizer"), e.get("score"),
                 ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
                           for k, v in (e.get("best") or {}).items())]
                for e in self.leaderboard]
        numbers = _display.table(["rank", "optimizer", "score", "best setting"], rows)
        return _display.block(repr(self)[1:-1], [numbers, _display.png_tag(self.figure(), "tune.png")])

    def __repr__(self) -> str:
        order = ", ".join(e["optimizer"] for e in self.leaderboard)
        return f"<optgrid.Tuning on {self.summary['objective']}: {order}>"


def tune(
    fn: Optional[str] = None,
    opt: Union[str, Sequence[str], None] = None,
    *,
    backend: str = "auto",
    progress: Optional[bool] = None,
    **fields: Any,
) -> Tuning:
    """Tunes every optimizer fairly — the same starts, the same budget of trials — and ranks them.

    Keywords are the fields of ``optgrid tune``'s configs: ``fn``, ``opt`` (a list, or
    ``"all"``, the default), ``trials``, ``starts``, ``steps``, ``search``
    (``"lr=1e-4:1:log,beta1=0.9"``), ``score``, ``seed``, ``tol``, ``criterion``, ``best_res``;
    ``backend``, ``adapter``, ``devices`` and ``progress`` as for :func:`sweep`.

    >>> t = optgrid.tune(fn="booth", opt=["sgd", "adam"], trials=32, starts=8, steps=300,
    ...                  backend="cpu")
    >>> [e["optimizer"] for e in t.leaderboard] in (["sgd", "adam"], ["adam", "sgd"])
    True
    """
    fields["fn"] = fn if fn is not None else fields.get("fn")
    fields["opt"] = opt if opt is not None else fields.get("opt")
    request = {k: _plain(k, v) for k, v in fields.items() if v is not None}
    if "out" in request:
        raise InvalidInputError("out: Python results are written with .save(dir); drop the field")
    bar = _display.Progress(f"tuning on {fields['fn']}", progress)
    try:
        tuning = _native.tune(json.dumps(request), backend, bar)
    finally:
        bar.close()
    if tuning.note:
        import warnings

        warnings.warn(f"optgrid: {tuning.note}", RuntimeWarning, stacklevel=2)
    return Tuning(tuning)


def explore(
    fn: Optional[str] = None,
    opt: Union[str, Sequence[str], None] = None,
    *,
    backend: str = "auto",
    map: str = "basins",
    **fields: Any,
) -> Any:
    """The live viewer inside the notebook: a widget where the map redraws while a slider moves,
    a click races the optimizers from that pixel, a drag zooms, and the downloads work — the
    page of ``optgrid serve``, talking to the engine in this kernel through the widget's
    messages (so it works where the browser cannot reach the kernel's machine: JupyterHub,
    Colab, VS Code remote). Needs ``anywidget`` (``pip install optgrid[widget]``).

    Keywords are ``sweep``'s, and say where the page opens: ``fn``, ``opt`` (a list: the map
    shows the first, a click races them all), hyperparameters (``lr=0.05``), ``x``/``y``
    (``"lr=1e-4:1:log"``), ``res`` (one side), ``steps``, ``start``, ``schedule``, ``seed``, ...;
    ``map`` is the picture: ``"basins"``, ``"steps"`` or ``"loss"``. ``backend``, ``adapter`` and
    ``devices`` choose the engine as for ``sweep``. Bad keywords raise
    :class:`InvalidInputError` here, before anything is shown.

    ``w.spec`` is the map the page drew last, as ``sweep``'s keywords, and ``w.sweep`` runs it
    here, so a notebook continues from what was found by hand::

        w = optgrid.explore(fn="ackley", opt=["adam", "sgd"], lr=0.05)
        w                       # the page: move the lr slider, click a start
        w.spec["params"]["lr"]  # what the slider found
        s = w.sweep             # that map, as a Sweep
    """
    try:
        from . import _widget
    except ImportError as e:
        raise ResourceError(
            f"optgrid.explore needs anywidget: pip install anywidget (or optgrid[widget]); {e}"
        ) from None
    engine = {"backend": backend}
    for key in ("adapter", "devices"):
        if fields.get(key) is not None:
            engine[key] = _plain(key, fields.pop(key))
    return _widget.explore(fn, opt, map, fields, _request, engine)


def objectives() -> List[Dict[str, Any]]:
    """Every objective: name, formula, domain, default start, minima (global ones first)."""
    return [dict(o) for o in _catalog()["objectives"]]


def optimizers() -> List[Dict[str, Any]]:
    """Every optimizer: name, what it is, and its hyperparameters (defaults, allowed ranges)."""
    return [dict(o) for o in _catalog()["optimizers"]]


def schedules() -> List[Dict[str, Any]]:
    """Every learning-rate schedule and its parameters."""
    return [dict(s) for s in _catalog()["schedules"]]


def devices() -> List[Dict[str, Any]]:
    """Every GPU adapter wgpu finds on Vulkan, Metal, DirectX 12 and OpenGL (software ones
    such as lavapipe and llvmpipe included), best first: index (what ``adapter=`` takes), name,
    kind, backend, driver, f64 support, limits, and whether ``backend="gpu"`` would use it."""
    return json.loads(_native.devices_json())
