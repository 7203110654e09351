"""The example notebook (examples/notebooks/optgrid-tour.ipynb) runs top to bottom in a real
Jupyter kernel (nbconvert --execute), and what it shows is there: no error, every code cell with
an output, and the pictures (figures, sheets, the race's animation, the tuning plot)."""
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "examples" / "notebooks" / "optgrid-tour.ipynb"


def test_the_example_notebook_runs_in_a_real_kernel(tmp_path):
    out = tmp_path / "executed.ipynb"
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.timeout=600", "--output", str(out), str(NOTEBOOK)],
        check=True, capture_output=True,
    )
    cells = [c for c in json.loads(out.read_text())["cells"] if c["cell_type"] == "code"]
    errors = [o for c in cells for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors, errors
    assert all(c["outputs"] for c in cells), "every code cell shows something"
    shown = [o.get("data", {}) for c in cells for o in c["outputs"]]
    pictures = [d for d in shown if "image/png" in d or "data:image/" in "".join(d.get("text/html", ""))]
    animations = [d for d in shown if "data:image/gif;base64," in "".join(d.get("text/html", ""))]
    assert len(pictures) >= 7, f"{len(pictures)} pictures"
    assert len(animations) == 1, "the race, animated"
