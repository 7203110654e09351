"""How optgrid shows itself in a notebook or a terminal: a progress bar for runs longer than a
second, and the HTML that Jupyter displays for a result (its picture beside a small table).

Nothing here is required: tqdm's bar (its notebook widget under Jupyter) is used when tqdm is
installed, a plain text bar on stderr otherwise.
"""
import base64
import html
import sys
import time
from typing import Any, Iterable, List, Optional, Sequence

#: A run shows a bar only once it has taken this long (seconds), unless asked for at once.
QUIET_SECONDS = 1.0


class Progress:
    """Called by the engine's poll (about every 50 ms) with instance-steps done and the budget.

    ``show``: ``None`` shows a bar once the run has taken a second, ``True`` at once, ``False``
    never. Early-stopped instances end a run short of its budget; :meth:`close` fills the bar.
    """

    def __init__(self, what: str, show: Optional[bool] = None) -> None:
        self.what = what
        self.show = show
        self.started = time.monotonic()
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.show is False:
            return
        if self.bar is None:
            if self.show is None and time.monotonic() - self.started < QUIET_SECONDS:
                return
            self.bar = _open_bar(self.what, total)
        self.bar.to(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _open_bar(what: str, total: int) -> Any:
    try:
        from tqdm.auto import tqdm  # type: ignore[import-not-found]
    except ImportError:
        return _TextBar(what, total)
    return _Tqdm(tqdm(total=total, desc=what, unit=" inst-steps", unit_scale=True, leave=False))


class _Tqdm:
    def __init__(self, bar: Any) -> None:
        self.bar = bar

    def to(self, done: int) -> None:
        self.bar.update(max(0, done - self.bar.n))

    def close(self) -> None:
        self.bar.update(max(0, self.bar.total - self.bar.n))
        self.bar.close()


class _TextBar:
    """``what [#########-----------]  45%  1.2e+08/2.6e+08 instance-steps  3.1e+07/s`` on
    stderr, redrawn in place at most five times a second."""

    WIDTH = 30

    def __init__(self, what: str, total: int) -> None:
        self.what = what
        self.total = max(total, 1)
        self.started = time.monotonic()
        self.drawn = 0.0
        self.done = 0

    def to(self, done: int) -> None:
        self.done = done
        now = time.monotonic()
        if now - self.drawn >= 0.2:
            self.drawn = now
            self._draw(now)

    def _draw(self, now: float, end: str = "") -> None:
        share = min(self.done / self.total, 1.0)
        filled = int(share * self.WIDTH)
        rate = self.done / max(now - self.started, 1e-9)
        sys.stderr.write(
            f"\r{self.what} [{'#' * filled}{'-' * (self.WIDTH - filled)}] {share:4.0%}  "
            f"{self.done:.2g}/{self.total:.2g} instance-steps  {rate:.2g}/s{end}"
        )
        sys.stderr.flush()

    def close(self) -> None:
        self.done = self.total
        self._draw(time.monotonic(), end="\n")


def png_tag(png: bytes, alt: str, mime: str = "image/png") -> str:
    """An ``<img>`` holding the picture itself (a notebook saved with it shows it offline)."""
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:{mime};base64,{data}" alt="{html.escape(alt)}" style="max-width:100%">'


def table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A small HTML table, every cell escaped."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(c))}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def block(title: str, parts: List[str]) -> str:
    """A titled block of pictures and tables, one under the other."""
    inner = "".join(f"<div>{p}</div>" for p in parts)
    return f'<div class="optgrid"><b>{html.escape(title)}</b>{inner}</div>'
