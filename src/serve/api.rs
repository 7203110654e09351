//! The HTTP API and the embedded page.
//!
//! - `GET /api/catalog`: objectives, optimizers (hyperparameters, defaults, ranges), criteria.
//! - `POST /api/sweep` (a config's fields as JSON) → `result.npz`, the CLI's arrays.
//! - `POST /api/map` → the page's lean form of one map: a JSON header, the three map PNGs and
//!   the per-instance arrays (see [`map_bytes`]).
//! - `POST /api/trace` (a trace config's fields) → per optimizer every iterate, and the summary.
//! - `POST /api/figure`, `/api/spec`, `/api/trace/csv`, `/api/trace/gif`: downloads.
//! - `POST /api/surface` (`fn`, `view`, `n`) → f on an n × n grid, for contours and 3-D.
//! - `POST /api/tune` (`optgrid tune`'s fields) → its leaderboard, as JSON.
//! - `POST /api/zoom/gif` (`sweep`: a map's fields; `center`, `to`, optionally `from`,
//!   `frames`, `map`, `fps`: `optgrid zoom`'s) → the zoom as a looping GIF.
//! - `POST /api/objective` (`fn`: a name or a formula) → its catalogue entry (domain, start,
//!   minima found), as `/api/catalog` lists the built-ins'.
//!
//! Bad input is a 400 (413 over the server's limits) with `{"error": "<one line>", "kind":
//! "invalid"}`: the CLI's own messages; a resource problem (a file, the GPU's memory) is a 503
//! and an internal failure a 500, the same JSON with their kind. A request carrying `X-Optgrid-Client: ID` cancels the running or waiting request
//! of the same ID (answered 409): a page's stale maps never queue behind its newest. With
//! `X-Optgrid-Seq: N` (increasing per page) an older request arriving late is the one cancelled.

use super::MAX_BODY;
use crate::engine::cpu::CpuEngine;
use crate::engine::{Cancel, Engine, Silent};
use crate::error::{Error, Kind};
use crate::model::catalog;
use crate::output::npz::{npz_bytes, result_arrays};
use crate::output::{maps, png_bytes};
use crate::records::{COLUMNS, PER_INSTANCE};
use crate::run::Finished;
use crate::spec::request::Request;
use crate::spec::sweep::{Precision, SweepSpec};
use crate::trace::{self, TraceRequest};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::sync::Mutex;

const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const STYLE_CSS: &str = include_str!("page/style.css");

/// What the request threads share.
pub struct State {
    engine: Mutex<Box<dyn Engine>>,
    /// Each client's latest request: its sequence number and cancel flag.
    clients: Mutex<HashMap<String, (u64, Cancel)>>,
    max_res: u32,
    max_steps: u32,
}

impl State {
    pub fn new(engine: Mutex<Box<dyn Engine>>, max_res: u32, max_steps: u32) -> State {
        State {
            engine,
            clients: Mutex::default(),
            max_res,
            max_steps,
        }
    }

    /// A cancel flag for a new request of `client`, cancelling that client's previous one. The
    /// request threads may take a page's requests in either order: with a sequence number
    /// (`X-Optgrid-Seq`), a request older than the client's latest is cancelled at once instead
    /// of cancelling the newer one.
    fn begin(&self, client: Option<&Client>) -> Cancel {
        let cancel = Cancel::new();
        if let Some(c) = client {
            let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
            match clients.get(&c.id) {
                Some((latest, _)) if c.seq < *latest => cancel.cancel(),
                _ => {
                    if let Some((_, old)) = clients.insert(c.id.clone(), (c.seq, cancel.clone())) {
                        old.cancel();
                    }
                }
            }
        }
        cancel
    }
}

/// Who sent a request (`X-Optgrid-Client`) and in what order (`X-Optgrid-Seq`, 0 if absent).
#[derive(Debug, Clone)]
pub struct Client {
    pub id: String,
    pub seq: u64,
}

/// A reply: status, content type, body.
pub struct Reply {
    pub status: u16,
    pub kind: &'static str,
    pub body: Vec<u8>,
}

impl Reply {
    fn ok(kind: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            kind,
            body: body.into(),
        }
    }

    fn json(value: &impl Serialize) -> Reply {
        Reply::ok(
            "application/json",
            serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec()),
        )
    }

    /// `{"error": message, "kind": ...}` with the status; the kind is the status's
    /// ([`Kind::http_status`]): `invalid` for the 4xx of bad requests, `cancelled` for 409,
    /// `resource` for 503, `internal` for 500.
    fn error(status: u16, message: impl std::fmt::Display) -> Reply {
        let kind = match status {
            409 => Kind::Cancelled,
            503 => Kind::Resource,
            500..=599 => Kind::Internal,
            _ => Kind::Invalid,
        };
        let body = serde_json::json!({ "error": message.to_string(), "kind": kind.name() });
        Reply {
            status,
            kind: "application/json",
            body: body.to_string().into_bytes(),
        }
    }
}

/// A request that cannot be answered as asked: the status and the line that says why.
struct Reject(u16, String);

impl From<Error> for Reject {
    fn from(e: Error) -> Self {
        if e.is_cancelled() {
            Reject(
                e.kind().http_status(),
                "cancelled: a newer request from the same client replaced it".into(),
            )
        } else {
            Reject(e.kind().http_status(), e.to_string())
        }
    }
}

type Answer = std::result::Result<Reply, Reject>;

/// Answers one request, whatever carried it (HTTP here; a Jupyter widget's messages in Python):
/// `method` `GET` or `POST`, `path` such as `/api/map`. Never panics on bad input.
pub fn answer(
    state: &State,
    method: &str,
    path: &str,
    body: &[u8],
    client: Option<&Client>,
) -> Reply {
    let answer: Answer = match (method, path) {
        ("GET", "/") | ("GET", "/index.html") => {
            Ok(Reply::ok("text/html; charset=utf-8", INDEX_HTML))
        }
        ("GET", "/app.js") => Ok(Reply::ok("text/javascript; charset=utf-8", APP_JS)),
        ("GET", "/style.css") => Ok(Reply::ok("text/css; charset=utf-8", STYLE_CSS)),
        ("GET", "/api/catalog") => Ok(Reply::json(&catalog::entries())),
        ("POST", p) if p.starts_with("/api/") => {
            if body.len() > MAX_BODY {
                Err(Reject(
                    413,
                    format!("request body over the server's limit of {MAX_BODY} bytes"),
                ))
            } else {
                post(state, p, body, client)
            }
        }
        (_, "/" | "/index.html" | "/app.js" | "/style.css" | "/api/catalog") => {
            Err(Reject(405, format!("{method} {path}: use GET")))
        }
        _ => Err(Reject(404, format!("no such page or API: {path}"))),
    };
    answer.unwrap_or_else(|Reject(status, message)| Reply::error(status, message))
}

/// The page's three files, for a host that serves them itself (the Jupyter widget).
pub fn page() -> [(&'static str, &'static str); 3] {
    [
        ("index.html", INDEX_HTML),
        ("app.js", APP_JS),
        ("style.css", STYLE_CSS),
    ]
}

/// Answers one HTTP request; never panics the thread on bad input.
pub fn handle(state: &State, mut request: tiny_http::Request) {
    let method = request.method().clone();
    let url = request.url().to_string();
    let path = url.split('?').next().unwrap_or("").to_string();
    let header = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    let client = header("X-Optgrid-Client").map(|id| Client {
        id,
        seq: header("X-Optgrid-Seq")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0),
    });
    let reply = match read_body(&mut request) {
        Ok(body) => answer(state, method.as_str(), &path, &body, client.as_ref()),
        Err(Reject(status, message)) => Reply::error(status, message),
    };
    let header = tiny_http::Header::from_bytes(&b"Content-Type"[..], reply.kind.as_bytes())
        .expect("a valid header");
    let response = tiny_http::Response::from_data(reply.body)
        .with_status_code(reply.status)
        .with_header(header);
    let _ = request.respond(response);
}

fn read_body(request: &mut tiny_http::Request) -> std::result::Result<Vec<u8>, Reject> {
    let too_big = || {
        Reject(
            413,
            format!("request body over the server's limit of {MAX_BODY} bytes"),
        )
    };
    if request.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(too_big());
    }
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| Reject(400, format!("cannot read the request body: {e}")))?;
    if body.len() > MAX_BODY {
        return Err(too_big());
    }
    Ok(body)
}

fn post(state: &State, path: &str, body: &[u8], client: Option<&Client>) -> Answer {
    match path {
        "/api/sweep" => {
            let done = sweep(state, body, client)?;
            let [xs, ys] = &done.plan.axis_values;
            let npz = npz_bytes(&result_arrays(&done.records, xs, ys))?;
            Ok(Reply::ok("application/octet-stream", npz))
        }
        "/api/map" => {
            let done = sweep(state, body, client)?;
            Ok(Reply::ok("application/octet-stream", map_bytes(&done)?))
        }
        "/api/figure" => {
            let done = sweep(state, body, client)?;
            let png = png_bytes(&crate::output::sweep::figure(done.map())?)?;
            Ok(Reply::ok("image/png", png))
        }
        "/api/spec" => {
            let mut spec = sweep_spec(state, body)?;
            spec.complete();
            crate::spec::plan::Plan::from_spec(&spec)?;
            Ok(Reply::ok(
                "application/toml",
                crate::output::summary::spec_toml(&spec)?,
            ))
        }
        "/api/trace" => {
            let traced = race(state, body)?;
            Ok(Reply::json(&TraceReply::new(&traced)))
        }
        "/api/trace/csv" => {
            let traced = race(state, body)?;
            Ok(Reply::ok(
                "text/csv",
                trace::output::csv(&traced.trajectories),
            ))
        }
        "/api/trace/gif" => {
            let traced = race(state, body)?;
            Ok(Reply::ok(
                "image/gif",
                traced.gif().map_err(|e| Reject(500, e.to_string()))?,
            ))
        }
        "/api/surface" => Ok(Reply::json(&surface(body)?)),
        "/api/objective" => Ok(Reply::json(&objective(state, body)?)),
        "/api/tune" => Ok(Reply::json(&tune(state, body, client)?)),
        "/api/zoom/gif" => Ok(Reply::ok("image/gif", zoom_gif(state, body, client)?)),
        _ => Err(Reject(404, format!("no such API: POST {path}"))),
    }
}

/// `POST /api/objective`'s answer: the catalogue entry, and with `steps` the learning rate each
/// optimizer opens at for that budget ([`crate::tune::opening`]).
#[derive(Serialize)]
struct ObjectiveReply {
    #[serde(flatten)]
    entry: catalog::ObjectiveEntry,
    #[serde(skip_serializing_if = "Option::is_none")]
    opening: Option<Vec<crate::tune::opening::Opening>>,
}

/// `POST /api/objective` (`fn`: a name or a formula; optionally `steps`).
fn objective(state: &State, body: &[u8]) -> std::result::Result<ObjectiveReply, Reject> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Named {
        #[serde(rename = "fn")]
        objective: String,
        steps: Option<u32>,
    }
    let named: Named = serde_json::from_slice(body)
        .map_err(|e| Reject(400, format!("invalid request body: {}", one_line(&e))))?;
    let kind = crate::model::objective::ObjectiveKind::from_name(&named.objective)?;
    let opening = match named.steps {
        Some(steps) if steps == 0 || steps > state.max_steps => {
            return Err(Reject(
                if steps == 0 { 400 } else { 413 },
                format!(
                    "invalid steps '{steps}': allowed 1 to {} (the server's --max-steps)",
                    state.max_steps
                ),
            ))
        }
        // A quick tuning run of the learning rate alone, beside whatever map is running.
        Some(steps) => Some(crate::tune::opening::learning_rates(
            kind,
            steps,
            &mut CpuEngine::new(Precision::F32),
        )?),
        None => None,
    };
    Ok(ObjectiveReply {
        entry: catalog::objective_entry(kind),
        opening,
    })
}

/// A data objective's examples come from a generator the client sets, never from a file on the
/// server's disk.
const NO_DATA_FILES: &str = "data: the server does not read files a client names; generate the examples with examples, data_noise and data_seed";

/// The fields naming paths on the server's disk, which a client may not use: `out` (written)
/// and `data` (read).
fn refuse_paths(out: bool, data: bool) -> std::result::Result<(), Reject> {
    if out {
        return Err(Reject(
            400,
            "out: the server never writes files a client names; drop the field".into(),
        ));
    }
    if data {
        return Err(Reject(400, NO_DATA_FILES.into()));
    }
    Ok(())
}

/// `POST /api/surface`: f on an n × n grid over a view, for the page's contours and 3-D view.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SurfaceRequest {
    #[serde(rename = "fn")]
    objective: String,
    quadratic: Option<[f64; 2]>,
    view: [[f64; 2]; 2],
    n: usize,
    /// A data objective's generated examples (as a sweep's fields).
    examples: Option<u32>,
    data_noise: Option<f64>,
    data_seed: Option<u64>,
}

#[derive(Serialize)]
struct Surface {
    n: usize,
    /// Row-major from the bottom row: row r at y = y0 + (y1 − y0)·r/(n − 1).
    values: Vec<f64>,
    min_value: f64,
}

fn surface(body: &[u8]) -> std::result::Result<Surface, Reject> {
    let r: SurfaceRequest = serde_json::from_slice(body)
        .map_err(|e| Reject(400, format!("invalid request body: {}", one_line(&e))))?;
    let kind = crate::model::objective::ObjectiveKind::from_name(&r.objective)?;
    if !(2..=512).contains(&r.n) {
        return Err(Reject(
            400,
            format!("invalid n '{}': allowed 2 to 512", r.n),
        ));
    }
    let [[x0, x1], [y0, y1]] = r.view;
    if !(r.view.iter().flatten().all(|v| v.is_finite()) && x0 < x1 && y0 < y1) {
        return Err(Reject(
            400,
            "invalid view: allowed [[X0, X1], [Y0, Y1]] with X0 < X1 and Y0 < Y1, finite".into(),
        ));
    }
    // The objective as a sweep would build it: the same checks, the same dataset.
    let mut spec = SweepSpec::new(kind, crate::model::optimizer::Optimizer::Sgd);
    spec.quadratic = r.quadratic.or(spec.quadratic);
    spec.examples = r.examples;
    spec.data_noise = r.data_noise;
    spec.data_seed = r.data_seed;
    spec.res = [1, 1];
    spec.criterion = crate::model::criterion::CriterionKind::Gradient;
    let objective = crate::spec::plan::Plan::from_spec(&spec)?.objective;
    let n = r.n;
    let at = |lo: f64, hi: f64, k: usize| lo + (hi - lo) * k as f64 / (n - 1) as f64;
    let values = (0..n * n)
        .map(|i| objective.value(at(x0, x1, i % n), at(y0, y1, i / n)))
        .collect();
    Ok(Surface {
        n,
        values,
        min_value: objective.global_value(),
    })
}

/// The engine is the server's: a request naming a backend or adapters is refused, naming the
/// field.
fn refuse_backend(fields: [&Option<String>; 3]) -> std::result::Result<(), Reject> {
    for (name, value) in ["backend", "adapter", "devices"].into_iter().zip(fields) {
        if value.is_some() {
            return Err(Reject(
                400,
                format!("{name}: the server's engine is chosen when it starts (optgrid serve --backend, --adapter, --devices); drop the field"),
            ));
        }
    }
    Ok(())
}

/// The single-map spec a body describes, within the server's limits.
fn sweep_spec(state: &State, body: &[u8]) -> std::result::Result<SweepSpec, Reject> {
    let request: Request = serde_json::from_slice(body)
        .map_err(|e| Reject(400, format!("invalid request body: {}", one_line(&e))))?;
    spec_within(state, request)
}

/// The single map a request describes, within the server's limits.
fn spec_within(state: &State, request: Request) -> std::result::Result<SweepSpec, Reject> {
    refuse_paths(request.out.is_some(), request.data.is_some())?;
    refuse_backend([&request.backend, &request.adapter, &request.devices])?;
    let mut panels = request.panels()?;
    if panels.len() != 1 {
        return Err(Reject(
            400,
            format!(
                "a list of values makes {} panels; the API computes one map per request: give one value",
                panels.len()
            ),
        ));
    }
    let spec = panels.remove(0).spec;
    let [w, h] = spec.res;
    if w > state.max_res || h > state.max_res {
        return Err(Reject(
            413,
            format!(
                "resolution {w}x{h} is over this server's limit of {} per side (optgrid serve --max-res)",
                state.max_res
            ),
        ));
    }
    if spec.steps > state.max_steps {
        return Err(Reject(
            413,
            format!(
                "steps {} is over this server's limit of {} (optgrid serve --max-steps)",
                spec.steps, state.max_steps
            ),
        ));
    }
    Ok(spec)
}

/// Runs the map a body describes: validated first, then one at a time on the engine.
fn sweep(
    state: &State,
    body: &[u8],
    client: Option<&Client>,
) -> std::result::Result<Finished, Reject> {
    let spec = sweep_spec(state, body)?;
    let mut complete = spec.clone();
    complete.complete();
    crate::spec::plan::Plan::from_spec(&complete)?;
    let cancel = state.begin(client);
    let mut engine = state.engine.lock().unwrap_or_else(|e| e.into_inner());
    cancel.check()?;
    Ok(run_on(engine.as_mut(), &spec, &cancel)?)
}

/// Runs a map on the server's engine, or in f64 on a CPU engine (the server's engine is f32).
fn run_on(engine: &mut dyn Engine, spec: &SweepSpec, cancel: &Cancel) -> crate::Result<Finished> {
    match spec.precision {
        Precision::F32 => crate::run::run_cancellable(spec, engine, &Silent, cancel.clone()),
        Precision::F64 => {
            let mut cpu = CpuEngine::new(Precision::F64);
            crate::run::run_cancellable(spec, &mut cpu, &Silent, cancel.clone())
        }
    }
}

/// The most frames a zoom the server draws may have.
const MAX_ZOOM_FRAMES: u32 = 120;

/// `POST /api/zoom/gif`'s body: a map's fields and `optgrid zoom`'s.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ZoomRequest {
    /// The map zoomed out of (its axes are the first frame unless `from` says otherwise).
    sweep: Request,
    center: [f64; 2],
    to: f64,
    from: Option<f64>,
    #[serde(default = "zoom_frames")]
    frames: u32,
    map: Option<String>,
    #[serde(default = "zoom_fps")]
    fps: u32,
}

fn zoom_frames() -> u32 {
    24
}

fn zoom_fps() -> u32 {
    8
}

/// `POST /api/zoom/gif`: the frames of a zoom, each in the precision its pixels need (f64 on
/// the CPU), as a looping GIF — the viewer's "zoom video" of its current view.
fn zoom_gif(
    state: &State,
    body: &[u8],
    client: Option<&Client>,
) -> std::result::Result<Vec<u8>, Reject> {
    use crate::zoom::{self, ZoomSpec};
    let request: ZoomRequest = serde_json::from_slice(body)
        .map_err(|e| Reject(400, format!("invalid request body: {}", one_line(&e))))?;
    if request.frames > MAX_ZOOM_FRAMES {
        return Err(Reject(
            413,
            format!(
                "frames {} is over this server's limit of {MAX_ZOOM_FRAMES}",
                request.frames
            ),
        ));
    }
    if !(1..=60).contains(&request.fps) {
        return Err(Reject(400, format!("fps: {} is not 1 to 60", request.fps)));
    }
    let precision = request.sweep.precision.clone();
    let mut base = spec_within(state, request.sweep)?;
    base.complete();
    crate::spec::plan::Plan::from_spec(&base)?;
    let spec = ZoomSpec::over(
        &base,
        request.center,
        request.from,
        request.to,
        request.frames,
        request.map.as_deref(),
        precision.as_deref(),
    )?;
    let map = spec.map;
    let frames = zoom::frames(&base, &spec)?;
    let cancel = state.begin(client);
    let mut engine = state.engine.lock().unwrap_or_else(|e| e.into_inner());
    cancel.check()?;
    let images = frames.iter().map(|f| {
        let done = run_on(engine.as_mut(), &f.spec, &cancel)?;
        Ok(zoom::output::frame_image(map, &done))
    });
    Ok(zoom::output::gif_bytes(images, 1000 / request.fps)?)
}

/// `POST /api/tune`: `optgrid tune`'s fields → its leaderboard (no files), within the server's
/// limits on instances per optimizer (`--max-res`²) and steps.
fn tune(
    state: &State,
    body: &[u8],
    client: Option<&Client>,
) -> std::result::Result<crate::tune::output::Leaderboard, Reject> {
    let request: crate::tune::TuneRequest = serde_json::from_slice(body)
        .map_err(|e| Reject(400, format!("invalid request body: {}", one_line(&e))))?;
    refuse_paths(request.out.is_some(), false)?;
    refuse_backend([&request.backend, &request.adapter, &request.devices])?;
    let spec = request.resolve()?;
    let per_optimizer = u64::from(spec.trials) * u64::from(spec.starts);
    let most = u64::from(state.max_res) * u64::from(state.max_res);
    if per_optimizer > most || spec.steps > state.max_steps {
        return Err(Reject(
            413,
            format!(
                "{} trials × {} starts × {} steps is over this server's limits ({most} instances per optimizer, {} steps)",
                spec.trials, spec.starts, spec.steps, state.max_steps
            ),
        ));
    }
    let cancel = state.begin(client);
    let mut engine = state.engine.lock().unwrap_or_else(|e| e.into_inner());
    cancel.check()?;
    let results = crate::tune::tune(&spec, engine.as_mut(), &Silent, &cancel)?;
    Ok(crate::tune::output::leaderboard(&spec, &results))
}

fn race(state: &State, body: &[u8]) -> std::result::Result<trace::Traced, Reject> {
    let request: TraceRequest = serde_json::from_slice(body)
        .map_err(|e| Reject(400, format!("invalid request body: {}", one_line(&e))))?;
    refuse_paths(request.out.is_some(), request.data.is_some())?;
    if let Some(steps) = request.steps.filter(|&s| s > state.max_steps) {
        return Err(Reject(
            413,
            format!(
                "steps {steps} is over this server's limit of {} (optgrid serve --max-steps)",
                state.max_steps
            ),
        ));
    }
    // Races are short and single-instance: they run beside a map rather than wait for it.
    Ok(trace::race(&request, None)?)
}

/// A serde error as one line.
fn one_line(e: &serde_json::Error) -> String {
    e.to_string().replace('\n', " ")
}

#[derive(Serialize)]
struct TraceReply {
    summary: trace::TraceSummary,
    trajectories: Vec<trace::Columns>,
}

impl TraceReply {
    fn new(traced: &trace::Traced) -> TraceReply {
        TraceReply {
            summary: traced.summary(),
            trajectories: traced.columns(),
        }
    }
}

/// The page's form of one map: `u32` little-endian length of a JSON header, the header, then
/// at 4-byte-aligned offsets the parts the header lists (`name`, `dtype`, `offset`, `length`):
/// `basins.png`, `steps.png`, `loss.png` (the CLI's own maps, dtype `png`; `trainability.png`
/// too when the sweep scored it) and every
/// per-instance column of [`COLUMNS`] as stored in `result.npz` (row-major from the bottom
/// row); the axis values are in the header. The page reads each part by its dtype.
fn map_bytes(done: &Finished) -> crate::Result<Vec<u8>> {
    let r = &done.records;
    let s = &done.summary;
    let mut parts: Vec<(&str, &str, Cow<[u8]>)> = Vec::new();
    for (name, img) in [
        ("basins.png", maps::basin_map(r, &done.plan.minima)),
        ("steps.png", maps::steps_map(r, &s.colour_scales.steps)),
        (
            "loss.png",
            maps::loss_map(r, &s.colour_scales.loss, s.global_min_value),
        ),
    ] {
        parts.push((name, "png", Cow::Owned(png_bytes(&img)?)));
    }
    if let Some(scale) = &s.colour_scales.trainability {
        let img = maps::trainability_map(r, scale);
        parts.push(("trainability.png", "png", Cow::Owned(png_bytes(&img)?)));
    }
    for (k, c) in COLUMNS.iter().enumerate().take(PER_INSTANCE) {
        parts.push((c.name, c.dtype.descr(), r.column_bytes(k)));
    }
    // Offsets are counted from the end of the header block.
    let mut listed = Vec::new();
    let mut offset = 0usize;
    for (name, dtype, bytes) in &parts {
        listed.push(serde_json::json!({ "name": name, "dtype": dtype, "offset": offset, "length": bytes.len() }));
        offset += bytes.len().next_multiple_of(4);
    }
    let header = serde_json::json!({
        "width": s.width,
        "height": s.height,
        "x_values": done.plan.axis_values[0],
        "y_values": done.plan.axis_values[1],
        "summary": s,
        "parts": listed,
        // The continuous maps' colours along their scales (summary.colour_scales), for the
        // page's colour bars; and the status codes' names.
        "colour_ramps": {
            "steps": maps::steps_ramp(32),
            "loss": maps::loss_ramp(32),
            "trainability": maps::trainability_ramp(32),
        },
        "statuses": crate::records::columns::schema().statuses,
    });
    let mut head = serde_json::to_vec(&header)
        .map_err(|e| Error::internal(format!("cannot encode the map header: {e}")))?;
    head.resize(head.len().next_multiple_of(4), b' ');
    let mut out = Vec::with_capacity(4 + head.len() + offset);
    out.extend((head.len() as u32).to_le_bytes());
    out.extend(head);
    for (_, _, bytes) in parts {
        let padded = bytes.len().next_multiple_of(4);
        out.extend_from_slice(&bytes);
        out.resize(out.len() + padded - bytes.len(), 0);
    }
    Ok(out)
}
