//! `optgrid._native`: the library behind the Python package, called by `optgrid/__init__.py`.
//!
//! Requests arrive as JSON — a config's fields, the same ones the viewer's API takes — so Python
//! gets the CLI's validation and messages with nothing Python-specific per field. Runs release
//! the GIL and can be interrupted: the work goes to a thread while this one polls Python's
//! signal handlers, and Ctrl-C cancels the engine through its [`Cancel`] flag.

use numpy::{PyArray1, PyArrayMethods};
use optgrid::engine::{self, BackendChoice, Cancel, Engine};
use optgrid::output::npz::{result_arrays, Dtype};
use optgrid::run::Finished;
use optgrid::serve::api;
use optgrid::spec::request::Request;
use optgrid::spec::sweep::Precision;
use optgrid::trace::{TraceRequest, Traced};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

// The library's error kinds as Python exceptions, each a subclass of the built-in a caller
// would catch anyway: bad input a `ValueError`, a file, limit or adapter an `OSError`, optgrid's
// own failure a `RuntimeError`.
pyo3::create_exception!(
    _native,
    InvalidInputError,
    PyValueError,
    "Invalid input: a field out of range, an unknown name (the CLI's exit status 2)."
);
pyo3::create_exception!(
    _native,
    ResourceError,
    PyOSError,
    "A resource problem: a file that cannot be read or written, a memory limit, no GPU adapter (exit status 3)."
);
pyo3::create_exception!(
    _native,
    InternalError,
    PyRuntimeError,
    "optgrid failed: a bug, or a GPU that failed mid-run (exit status 4)."
);

/// A library error as the Python exception of its kind, with the CLI's one line.
fn py_error(e: optgrid::Error) -> PyErr {
    use optgrid::error::Kind;
    match e.kind() {
        Kind::Invalid => InvalidInputError::new_err(e.to_string()),
        Kind::Resource => ResourceError::new_err(e.to_string()),
        Kind::Internal | Kind::Cancelled => InternalError::new_err(e.to_string()),
    }
}

/// A request from the JSON the package makes of a call's keywords. Messages are serde's, less
/// the position in a JSON text the caller never saw.
fn parse<T: serde::de::DeserializeOwned>(json: &str) -> PyResult<T> {
    serde_json::from_str(json).map_err(|e| {
        let message = e.to_string().replace('\n', " ");
        let message = match message.rfind(" at line ") {
            Some(at) => &message[..at],
            None => &message,
        };
        InvalidInputError::new_err(format!("invalid keyword: {message}"))
    })
}

/// Engines opened so far, by backend choice and precision: a GPU engine's device and compiled
/// pipelines are worth keeping between the calls of a notebook.
type EngineKey = (BackendChoice, Precision);
static ENGINES: Mutex<Vec<(EngineKey, Box<dyn Engine>)>> = Mutex::new(Vec::new());

/// The instance-steps an engine has done so far, counted from its threads and read from
/// Python's (the engine never calls into Python).
#[derive(Default)]
struct Counter(AtomicU64);

impl optgrid::engine::Progress for Counter {
    fn advance(&self, instance_steps: u64) {
        self.0.fetch_add(instance_steps, Ordering::Relaxed);
    }
}

/// Runs `work` on a thread of its own with the GIL released, polling for signals every 50 ms:
/// a `KeyboardInterrupt` sets `cancel`, waits for the work to stop, and is raised. Given
/// `progress`, each poll also calls `progress(done, total)` with the counter's instance-steps
/// (the GIL held there, as for the signal check); an exception it raises cancels the run too.
fn interruptible<T: Send>(
    py: Python<'_>,
    cancel: &Cancel,
    progress: Option<(&Bound<'_, PyAny>, &Counter, u64)>,
    work: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    std::thread::scope(|scope| {
        let (tx, mut rx) = mpsc::channel();
        scope.spawn(move || {
            let _ = tx.send(work());
        });
        loop {
            let (got, back) = py.detach(move || {
                let got = rx.recv_timeout(Duration::from_millis(50));
                (got, rx)
            });
            rx = back;
            let report = || match progress {
                Some((callback, counter, total)) => callback
                    .call1((counter.0.load(Ordering::Relaxed), total))
                    .map(|_| ()),
                None => Ok(()),
            };
            match got {
                // A last report: the bar ends where the run did.
                Ok(value) => return report().map(|_| value),
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(InternalError::new_err(
                        "internal error: the run failed (panicked)",
                    ))
                }
                Err(RecvTimeoutError::Timeout) => {}
            }
            if let Err(interrupt) = report().and_then(|_| py.check_signals()) {
                cancel.cancel();
                // The engine stops within one dispatch or chunk; nothing outlives the call.
                py.detach(move || {
                    let _ = rx.recv();
                });
                return Err(interrupt);
            }
        }
    })
}

/// The panels of one `optgrid.sweep` call, each a finished sweep with its label.
#[pyclass(module = "optgrid._native")]
struct Run {
    panels: Vec<(String, Finished)>,
    /// What the backend choice came to, when it was not what was asked (e.g. no GPU).
    #[pyo3(get)]
    note: Option<String>,
}

impl Run {
    fn panel(&self, i: usize) -> PyResult<&Finished> {
        self.panels
            .get(i)
            .map(|(_, f)| f)
            .ok_or_else(|| InvalidInputError::new_err(format!("no panel {i}")))
    }
}

/// A numpy array of `data` in `shape`.
fn numpy_array<'py, T: numpy::Element>(
    py: Python<'py>,
    data: Vec<T>,
    shape: &[u64],
) -> PyResult<Bound<'py, PyAny>> {
    let flat = PyArray1::from_vec(py, data);
    let shape: Vec<usize> = shape.iter().map(|&n| n as usize).collect();
    Ok(flat.reshape(shape)?.into_any())
}

#[pymethods]
impl Run {
    fn __len__(&self) -> usize {
        self.panels.len()
    }

    /// The label of panel `i` (`opt=adam`, `lr=0.01`), empty for a single map.
    fn label(&self, i: usize) -> PyResult<String> {
        self.panel(i)?;
        Ok(self.panels[i].0.clone())
    }

    /// Panel `i`'s arrays, named, typed and shaped as in `result.npz` (one table of columns
    /// makes both).
    fn arrays<'py>(&self, py: Python<'py>, i: usize) -> PyResult<Bound<'py, PyDict>> {
        let done = self.panel(i)?;
        let [xs, ys] = &done.plan.axis_values;
        let dict = PyDict::new(py);
        for a in result_arrays(&done.records, xs, ys) {
            let b = &a.bytes;
            let value = match a.dtype {
                Dtype::F32 => numpy_array::<f32>(py, bytemuck::pod_collect_to_vec(b), &a.shape)?,
                Dtype::F64 => numpy_array::<f64>(py, bytemuck::pod_collect_to_vec(b), &a.shape)?,
                Dtype::I32 => numpy_array::<i32>(py, bytemuck::pod_collect_to_vec(b), &a.shape)?,
                Dtype::U8 => numpy_array::<u8>(py, b.to_vec(), &a.shape)?,
            };
            dict.set_item(a.name, value)?;
        }
        Ok(dict)
    }

    /// Panel `i`'s `summary.json`, as text.
    fn summary_json(&self, i: usize) -> PyResult<String> {
        serde_json::to_string(&self.panel(i)?.summary)
            .map_err(|e| InternalError::new_err(e.to_string()))
    }

    /// Panel `i`'s `spec.toml`.
    fn spec_toml(&self, i: usize) -> PyResult<String> {
        optgrid::output::summary::spec_toml(&self.panel(i)?.summary.spec).map_err(py_error)
    }

    /// Panel `i`'s `figure.png`, as PNG bytes.
    fn figure_png<'py>(&self, py: Python<'py>, i: usize) -> PyResult<Bound<'py, PyBytes>> {
        let done = self.panel(i)?;
        let png = py
            .detach(|| {
                optgrid::output::sweep::figure(done.map())
                    .and_then(|img| optgrid::output::png_bytes(&img))
            })
            .map_err(py_error)?;
        Ok(PyBytes::new(py, &png))
    }

    /// `sheet.png` of every panel, as PNG bytes.
    fn sheet_png<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let png = py
            .detach(|| {
                optgrid::output::sweep::sheet_figure(&optgrid::run::maps(&self.panels))
                    .and_then(|img| optgrid::output::png_bytes(&img))
            })
            .map_err(py_error)?;
        Ok(PyBytes::new(py, &png))
    }

    /// Writes panel `i`'s files into `dir`, as `optgrid sweep` does.
    fn save(&mut self, py: Python<'_>, i: usize, dir: PathBuf) -> PyResult<()> {
        self.panel(i)?;
        let done = &mut self.panels[i].1;
        py.detach(|| done.write(&dir)).map_err(py_error)
    }

    /// Races the instance behind pixel `(column, row)` of panel `i` (row 0 at the bottom), with
    /// a trace request's drawing fields (`view`, `frame_every`).
    fn trace(&self, py: Python<'_>, i: usize, pixel: [u32; 2], request: &str) -> PyResult<Race> {
        let request: TraceRequest = parse(request)?;
        let spec = self.panel(i)?.summary.spec.clone();
        let traced = py
            .detach(|| optgrid::trace::race_pixel(&request, spec, "this sweep", pixel))
            .map_err(py_error)?;
        Ok(Race { traced })
    }

    /// Writes `sheet.png` and `sheet.json` into `dir`.
    fn save_sheet(&self, py: Python<'_>, dir: PathBuf) -> PyResult<()> {
        py.detach(|| {
            optgrid::output::prepare_dir(&dir)?;
            optgrid::output::sweep::write_sheet(&optgrid::run::maps(&self.panels), &dir)
        })
        .map_err(py_error)
    }
}

/// Runs the sweep a JSON request describes (a config's fields) on `backend`; every panel.
#[pyfunction]
#[pyo3(signature = (request, backend, progress=None))]
fn sweep(
    py: Python<'_>,
    request: &str,
    backend: &str,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Run> {
    let request: Request = parse(request)?;
    let panels = request.panels().map_err(py_error)?;
    let choice = BackendChoice::from_flags(
        Some(backend),
        request.adapter.as_deref(),
        request.devices.as_deref(),
    )
    .map_err(py_error)?;
    // Every panel is checked before any runs, as the CLI does.
    for p in &panels {
        let mut spec = p.spec.clone();
        spec.complete();
        optgrid::spec::plan::Plan::from_spec(&spec).map_err(py_error)?;
    }
    let precision = panels[0].spec.precision;
    let cancel = Cancel::new();
    let counter = Counter::default();
    // The budget, as the CLI's bar counts it: early-stopped instances finish it short.
    let total: u64 = panels
        .iter()
        .map(|p| u64::from(p.spec.res[0]) * u64::from(p.spec.res[1]) * u64::from(p.spec.steps))
        .sum();
    let report = progress.as_ref().map(|f| (f, &counter, total));
    let outcome = interruptible(py, &cancel, report, || {
        with_engine(choice, precision, |engine| {
            let mut done = Vec::new();
            for p in &panels {
                let finished =
                    optgrid::run::run_cancellable(&p.spec, engine, &counter, cancel.clone())?;
                done.push((p.label.clone().unwrap_or_default(), finished));
            }
            Ok(done)
        })
    })?;
    let (panels, note) = outcome.map_err(py_error)?;
    Ok(Run { panels, note })
}

/// Runs `work` on the kept engine for `choice` and `precision`, opening it first if need be;
/// returns what `work` made and, for a new engine, what the backend choice came to.
fn with_engine<T>(
    choice: BackendChoice,
    precision: Precision,
    work: impl FnOnce(&mut dyn Engine) -> optgrid::Result<T>,
) -> optgrid::Result<(T, Option<String>)> {
    let mut engines = ENGINES.lock().unwrap_or_else(|e| e.into_inner());
    let key = (choice.clone(), precision);
    let mut note = None;
    let at = match engines.iter().position(|(k, _)| *k == key) {
        Some(at) => at,
        None => {
            let (engine, opened) = engine::open(&choice, precision)?;
            note = opened;
            engines.push((key, engine));
            engines.len() - 1
        }
    };
    Ok((work(engines[at].1.as_mut())?, note))
}

/// One `optgrid.tune` call: every optimizer's trials and scores.
#[pyclass(module = "optgrid._native")]
struct Tuning {
    spec: optgrid::tune::TuneSpec,
    results: Vec<optgrid::tune::Tuned>,
    #[pyo3(get)]
    note: Option<String>,
}

#[pymethods]
impl Tuning {
    /// `leaderboard.json`, as text.
    fn leaderboard_json(&self) -> PyResult<String> {
        let board = optgrid::tune::output::leaderboard(&self.spec, &self.results);
        serde_json::to_string(&board).map_err(|e| InternalError::new_err(e.to_string()))
    }

    /// `leaderboard.md`, as text.
    fn markdown(&self) -> String {
        let board = optgrid::tune::output::leaderboard(&self.spec, &self.results);
        optgrid::tune::output::markdown(&board)
    }

    /// The columns of `trials.npz`, as numpy arrays by name.
    fn trials<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, column) in optgrid::tune::output::trial_columns(&self.results) {
            dict.set_item(name, PyArray1::from_vec(py, column))?;
        }
        Ok(dict)
    }

    /// `tune.png`, as PNG bytes.
    fn figure_png<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let png = py
            .detach(|| {
                optgrid::tune::output::draw(&self.spec, &self.results)
                    .and_then(|img| optgrid::output::png_bytes(&img))
            })
            .map_err(py_error)?;
        Ok(PyBytes::new(py, &png))
    }

    /// The spec of `optimizer`'s best setting (a basin map at `best_res`), as JSON.
    fn best_spec_json(&self, optimizer: &str) -> PyResult<String> {
        let t = self
            .results
            .iter()
            .find(|t| t.optimizer.name() == optimizer)
            .ok_or_else(|| {
                let tuned: Vec<&str> = self.results.iter().map(|t| t.optimizer.name()).collect();
                InvalidInputError::new_err(format!(
                    "invalid optimizer '{optimizer}': allowed one tuned here, {}",
                    tuned.join(", ")
                ))
            })?;
        let mut spec = self.spec.best_sweep(t).map_err(py_error)?;
        spec.complete();
        serde_json::to_string(&spec).map_err(|e| InternalError::new_err(e.to_string()))
    }

    /// Writes `leaderboard.md`, `leaderboard.json`, `trials.npz` and `tune.png` into `dir`.
    fn save(&self, py: Python<'_>, dir: PathBuf) -> PyResult<()> {
        py.detach(|| {
            optgrid::output::prepare_dir(&dir)?;
            optgrid::tune::output::write(&self.spec, &self.results, &dir).map(|_| ())
        })
        .map_err(py_error)
    }
}

/// Tunes the optimizers a JSON request describes (`optgrid tune`'s fields) on `backend`.
#[pyfunction]
#[pyo3(signature = (request, backend, progress=None))]
fn tune(
    py: Python<'_>,
    request: &str,
    backend: &str,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Tuning> {
    let request: optgrid::tune::TuneRequest = parse(request)?;
    let spec = request.resolve().map_err(py_error)?;
    let choice = BackendChoice::from_flags(
        Some(backend),
        request.adapter.as_deref(),
        request.devices.as_deref(),
    )
    .map_err(py_error)?;
    let cancel = Cancel::new();
    let counter = Counter::default();
    let report = progress.as_ref().map(|f| (f, &counter, spec.budget()));
    let outcome = interruptible(py, &cancel, report, || {
        with_engine(choice, Precision::F32, |engine| {
            optgrid::tune::tune(&spec, engine, &counter, &cancel)
        })
    })?;
    let (results, note) = outcome.map_err(py_error)?;
    Ok(Tuning {
        spec,
        results,
        note,
    })
}

/// One `optgrid.trace` call: a finished race.
#[pyclass(module = "optgrid._native")]
struct Race {
    traced: Traced,
}

#[pymethods]
impl Race {
    /// Per optimizer, a dict: `optimizer`, `label` and numpy arrays `step`, `x`, `y`, `loss`,
    /// `grad_norm`, `evaluations`, `step_size_x`, `step_size_y` (one entry per iterate, the
    /// start first), and
    /// `ax_x`, `ax_y` (ASGD's running average) or `y_x`, `y_y` (Schedule-Free's gradient point)
    /// for a rule that keeps such a point beside its iterate.
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for c in self.traced.columns() {
            let dict = PyDict::new(py);
            dict.set_item("optimizer", c.optimizer)?;
            dict.set_item("label", c.label)?;
            dict.set_item("step", PyArray1::from_vec(py, c.step))?;
            dict.set_item("evaluations", PyArray1::from_vec(py, c.evaluations))?;
            for (name, values) in [
                ("x", c.x),
                ("y", c.y),
                ("loss", c.loss),
                ("grad_norm", c.grad_norm),
                ("step_size_x", c.step_size_x),
                ("step_size_y", c.step_size_y),
            ] {
                dict.set_item(name, PyArray1::from_vec(py, values))?;
            }
            // The point a rule keeps beside its iterate (ASGD's `ax`, Schedule-Free's `y`):
            // NaN at the start, where there is none yet.
            for (name, values) in c.companion {
                let values: Vec<f64> = values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect();
                dict.set_item(name, PyArray1::from_vec(py, values))?;
            }
            list.append(dict)?;
        }
        Ok(list)
    }

    /// The race's `summary.json`, as text.
    fn summary_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.traced.summary())
            .map_err(|e| InternalError::new_err(e.to_string()))
    }

    /// `trajectories.csv`, as text.
    fn csv(&self) -> String {
        optgrid::trace::output::csv(&self.traced.trajectories)
    }

    /// One of the race's pictures as PNG bytes: `paths`, `loss` or `stepsize`.
    fn png<'py>(&self, py: Python<'py>, which: &str) -> PyResult<Bound<'py, PyBytes>> {
        use optgrid::trace::output as out;
        let draw = match which {
            "paths" => out::paths_image,
            "loss" => out::loss_image,
            "stepsize" => out::stepsize_image,
            _ => {
                return Err(InvalidInputError::new_err(format!(
                    "invalid picture '{which}': allowed paths, loss or stepsize"
                )))
            }
        };
        let png = py
            .detach(|| {
                draw(&self.traced.drawing()).and_then(|img| optgrid::output::png_bytes(&img))
            })
            .map_err(py_error)?;
        Ok(PyBytes::new(py, &png))
    }

    /// `race.gif`'s bytes.
    fn gif<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let gif = py.detach(|| self.traced.gif()).map_err(py_error)?;
        Ok(PyBytes::new(py, &gif))
    }

    /// Writes the race's files into `dir`, as `optgrid trace` does.
    fn save(&self, py: Python<'_>, dir: PathBuf) -> PyResult<()> {
        py.detach(|| self.traced.write(&dir).map(|_| ()))
            .map_err(py_error)
    }
}

/// Runs the race a JSON request describes (a trace config's fields).
#[pyfunction]
fn trace(py: Python<'_>, request: &str) -> PyResult<Race> {
    let request: TraceRequest = parse(request)?;
    let traced = py
        .detach(|| optgrid::trace::race(&request, None))
        .map_err(py_error)?;
    Ok(Race { traced })
}

/// The catalogue (objectives, optimizers, gradient and data quantities, schedules, criteria)
/// as JSON: what `optgrid list` prints and `/api/catalog` serves.
#[pyfunction]
fn catalog_json() -> PyResult<String> {
    serde_json::to_string(&optgrid::model::catalog::entries())
        .map_err(|e| InternalError::new_err(e.to_string()))
}

/// The columns of a map (`result.npz`'s arrays: names, dtypes, shapes, meanings), the `status`
/// codes and the special `basin` codes, as JSON: the one table the arrays come from.
#[pyfunction]
fn schema_json() -> PyResult<String> {
    serde_json::to_string(&optgrid::records::columns::schema())
        .map_err(|e| InternalError::new_err(e.to_string()))
}

/// The `optgrid` command line (`python -m optgrid`): `argv` with the program's name first; returns
/// the exit status. The GIL is released while it runs.
#[pyfunction]
fn cli(py: Python<'_>, argv: Vec<String>) -> u8 {
    py.detach(|| optgrid::cli::main(argv))
}

/// The live viewer's engine and API inside the kernel, for `optgrid.explore`'s widget: the
/// page's requests arrive as the widget's messages rather than HTTP and are answered by the
/// same [`api::answer`] as `optgrid serve`'s, stale ones dropped the same way.
#[pyclass(module = "optgrid._native", frozen)]
struct Viewer {
    state: api::State,
    /// What the backend choice came to, when `auto` or a name chose something else.
    #[pyo3(get)]
    note: Option<String>,
}

#[pymethods]
impl Viewer {
    /// Opens an engine (f32, as `optgrid serve`'s) on `backend`, `adapter` or `devices`, with the
    /// server's default limits on a request's resolution and steps.
    #[new]
    #[pyo3(signature = (backend="auto", adapter=None, devices=None))]
    fn new(
        py: Python<'_>,
        backend: &str,
        adapter: Option<&str>,
        devices: Option<&str>,
    ) -> PyResult<Viewer> {
        let choice =
            BackendChoice::from_flags(Some(backend), adapter, devices).map_err(py_error)?;
        let (engine, note) = py
            .detach(|| engine::open(&choice, Precision::F32))
            .map_err(py_error)?;
        let limits = optgrid::serve::ServeOptions::default();
        Ok(Viewer {
            state: api::State::new(Mutex::new(engine), limits.max_res, limits.max_steps),
            note,
        })
    }

    /// One request of the page (`GET /api/catalog`, `POST /api/map`, ...): status, content
    /// type, body. `client` and `seq` are the page's `X-Optgrid-Client` and `X-Optgrid-Seq`: a
    /// client's newer request cancels its older one. The GIL is released while it computes.
    #[pyo3(signature = (method, path, body, client=None, seq=0))]
    fn answer<'py>(
        &self,
        py: Python<'py>,
        method: &str,
        path: &str,
        body: &[u8],
        client: Option<String>,
        seq: u64,
    ) -> (u16, &'static str, Bound<'py, PyBytes>) {
        let client = client.map(|id| api::Client { id, seq });
        let reply = py.detach(|| api::answer(&self.state, method, path, body, client.as_ref()));
        (reply.status, reply.kind, PyBytes::new(py, &reply.body))
    }

    /// The page's files (`index.html`, `app.js`, `style.css`) as `optgrid serve` serves them.
    #[staticmethod]
    fn page() -> Vec<(&'static str, &'static str)> {
        api::page().to_vec()
    }
}

/// Every GPU adapter wgpu finds, as JSON.
#[pyfunction]
fn devices_json(py: Python<'_>) -> PyResult<String> {
    let devices = py.detach(optgrid::engine::gpu::adapters::devices);
    serde_json::to_string(&devices).map_err(|e| InternalError::new_err(e.to_string()))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("InvalidInputError", m.py().get_type::<InvalidInputError>())?;
    m.add("ResourceError", m.py().get_type::<ResourceError>())?;
    m.add("InternalError", m.py().get_type::<InternalError>())?;
    m.add_class::<Run>()?;
    m.add_class::<Race>()?;
    m.add_class::<Tuning>()?;
    m.add_class::<Viewer>()?;
    m.add_function(wrap_pyfunction!(sweep, m)?)?;
    m.add_function(wrap_pyfunction!(trace, m)?)?;
    m.add_function(wrap_pyfunction!(tune, m)?)?;
    m.add_function(wrap_pyfunction!(catalog_json, m)?)?;
    m.add_function(wrap_pyfunction!(devices_json, m)?)?;
    m.add_function(wrap_pyfunction!(cli, m)?)?;
    m.add_function(wrap_pyfunction!(schema_json, m)?)?;
    Ok(())
}
