//! The command line: every subcommand's flags, and how flags become the library's requests.
//! Flags that `sweep` and `trace` share are declared once ([`CommonArgs`]).

use crate::error::{Error, Result};
use crate::spec::request::{AxisText, Names, Request, Resolution};
use crate::spec::sweep::ParamValue;
use crate::trace::TraceRequest;
use clap::{Args, Parser, Subcommand};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "optgrid",
    version,
    about = "Run every start point and hyperparameter of an optimizer at once, on the GPU, and map where each one goes."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run a sweep: one optimizer instance per pixel; writes maps, result.npz and summary.json.
    Sweep(Box<SweepArgs>),
    /// List every objective (domain, minima) and optimizer (hyperparameters, defaults, ranges).
    List,
    /// List the GPU adapters wgpu finds, with backend, type, driver and key limits.
    Devices,
    /// Measure the standard workloads (GPU.md W1–W4) on every backend, side by side.
    Bench(BenchArgs),
    /// Race optimizers from one start point: paths, loss and step-size curves, an animation.
    Trace(Box<TraceArgs>),
    /// Print the composed WGSL of one sweep pipeline and the override constants it needs.
    Shader(ShaderArgs),
    /// Explore live in the browser: maps that redraw as sliders move, races from a clicked pixel.
    Serve(ServeArgs),
    /// Tune every optimizer fairly: many hyperparameter settings from the same starts, scored
    /// into a leaderboard.
    Tune(Box<TuneArgs>),
    /// Join the shard directories of one sweep (`sweep --shard`) into a single run's files.
    Merge(MergeArgs),
    /// Zoom into a point of a sweep's two axes: a map per frame, each in the precision its
    /// pixels need, with the boundary's box-counting dimension at every depth.
    Zoom(Box<ZoomArgs>),
}

#[derive(Args)]
#[command(allow_negative_numbers = true)]
pub struct ZoomArgs {
    #[command(flatten)]
    pub sweep: SweepArgs,
    /// The point to zoom into, in the axes' values.
    #[arg(long, value_name = "X,Y", allow_hyphen_values = true)]
    pub center: String,
    /// The x axis's width at the first frame: in its units, or decades for a log axis
    /// [default: the sweep's x range]. The y axis keeps the sweep's aspect.
    #[arg(long, value_name = "W")]
    pub from: Option<f64>,
    /// The x axis's width at the last frame (units, or decades for a log axis).
    #[arg(long, value_name = "W")]
    pub to: f64,
    /// Frames, zooming geometrically from --from to --to.
    #[arg(long, default_value_t = 40)]
    pub frames: u32,
    /// The map each frame shows: basins, steps, loss or trainability [default: trainability
    /// with --trainability, else basins].
    #[arg(long, value_name = "MAP")]
    pub map: Option<String>,
    /// Frames per second of zoom.gif and zoom.mp4.
    #[arg(long, default_value_t = 8)]
    pub fps: u32,
}

#[derive(Args)]
pub struct MergeArgs {
    /// Output directory for the merged files.
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
    /// Every shard directory of the sweep (shard-K-of-N), in any order.
    #[arg(value_name = "SHARD_DIR", required = true)]
    pub shards: Vec<PathBuf>,
    /// Files to write: npz, maps, figure, comma separated, or all [default: all].
    #[arg(long, value_name = "LIST")]
    pub outputs: Option<String>,
    /// No closing paragraph.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args)]
#[command(allow_negative_numbers = true)]
pub struct TuneArgs {
    /// A TOML file with any of these flags by name (flags given too override it).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Objective: a built-in test function or a formula in x and y (as for sweep).
    #[arg(long = "fn", value_name = "NAME|FORMULA", allow_hyphen_values = true)]
    pub objective: Option<String>,
    /// A formula's domain X0:X1,Y0:Y1 [default: -5:5,-5:5].
    #[arg(long, value_name = "X0:X1,Y0:Y1", allow_hyphen_values = true)]
    pub domain: Option<String>,
    /// A formula's minima X,Y;X,Y [default: found by Newton's method].
    #[arg(long, value_name = "X,Y[;X,Y...]", allow_hyphen_values = true)]
    pub minima: Option<String>,
    /// Optimizers, comma separated, or all [default: all].
    #[arg(long = "opt", value_name = "all|NAME[,NAME...]")]
    pub optimizer: Option<String>,
    /// Settings tried per optimizer, drawn from a Halton sequence [default: 4096].
    #[arg(long)]
    pub trials: Option<u32>,
    /// Start points every setting runs from: a grid over the domain when a square, else a
    /// seeded sample [default: 64].
    #[arg(long)]
    pub starts: Option<u32>,
    /// Step budget per instance [default: 1000].
    #[arg(long)]
    pub steps: Option<u32>,
    /// Narrow or fix the search, comma separated: NAME=LO:HI[:log] or NAME=VALUE (e.g.
    /// lr=1e-4:1:log,beta1=0.9). Defaults per optimizer: `optgrid tune --ranges`.
    #[arg(long, value_name = "NAME=LO:HI[:log],...")]
    pub search: Option<String>,
    /// converged (share of starts, ties by median steps; default), steps (median, unconverged
    /// = the budget) or loss (median f − f*).
    #[arg(long)]
    pub score: Option<String>,
    /// Seed of the trials' and starts' sampling (and any gradient noise) [default: 0].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Convergence tolerance [default: 0.01].
    #[arg(long)]
    pub tol: Option<f64>,
    /// distance (default), loss or gradient.
    #[arg(long)]
    pub criterion: Option<String>,
    /// Resolution of the basin maps at the best settings (best/) [default: 128].
    #[arg(long)]
    pub best_res: Option<u32>,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Output directory [default: out/tune-<fn>].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print every optimizer's default search ranges and exit.
    #[arg(long)]
    pub ranges: bool,
    /// No progress bar and no closing text.
    #[arg(long, short)]
    pub quiet: bool,
}

impl TuneArgs {
    /// The tuning run the flags make, over the config file if one is named.
    pub fn request(&self) -> Result<crate::tune::TuneRequest> {
        let flags = crate::tune::TuneRequest {
            objective: self.objective.clone(),
            domain: self
                .domain
                .as_deref()
                .map(crate::spec::request::DomainText::parse)
                .transpose()?,
            minima: self
                .minima
                .as_deref()
                .map(crate::spec::request::MinimaText::parse)
                .transpose()?,
            opt: self.optimizer.clone().map(Names::One),
            quadratic: None,
            trials: self.trials,
            starts: self.starts,
            steps: self.steps,
            search: self.search.clone(),
            score: self.score.clone(),
            seed: self.seed,
            tol: self.tol,
            criterion: self.criterion.clone(),
            best_res: self.best_res,
            backend: self.engine.backend.clone(),
            adapter: self.engine.adapter.clone(),
            devices: self.engine.devices.clone(),
            out: self.out.clone(),
        };
        Ok(match &self.config {
            Some(path) => crate::tune::TuneRequest::from_file(path)?.overridden_by(flags),
            None => flags,
        })
    }
}

#[derive(Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8765)]
    pub port: u16,
    /// Address to listen on. Anything but loopback lets anyone on the network use this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Largest map side a request may ask for.
    #[arg(long, default_value_t = 1024)]
    pub max_res: u32,
    /// Largest step budget a request may ask for.
    #[arg(long, default_value_t = 100_000)]
    pub max_steps: u32,
}

#[derive(Args)]
#[command(allow_negative_numbers = true)]
pub struct ShaderArgs {
    /// Objective (test function).
    #[arg(long = "fn", value_name = "NAME")]
    pub objective: String,
    /// Optimizer.
    #[arg(long = "opt", value_name = "NAME")]
    pub optimizer: String,
    /// distance, loss or gradient [default: distance].
    #[arg(long)]
    pub criterion: Option<String>,
    /// The pipeline that keeps instances running after they converge.
    #[arg(long)]
    pub no_early_stop: bool,
    /// quadratic's coefficients A,B [default: 1,10].
    #[arg(long, value_name = "A,B")]
    pub quadratic: Option<String>,
    /// Threads per workgroup.
    #[arg(long, default_value_t = 64)]
    pub workgroup_size: u32,
    /// The language: wgsl (the source), or naga's translation with the override constants
    /// fixed: spirv (Vulkan, binary), msl (Metal), hlsl (DirectX 12), glsl (OpenGL ES 3.1).
    #[arg(long, default_value = "wgsl", value_name = "LANG")]
    pub target: String,
    /// Write the kernel to FILE instead of standard output (SPIR-V, being binary, needs this
    /// unless standard output is redirected).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Which engine runs: the flags `sweep`, `tune` and `serve` share.
#[derive(Args)]
pub struct EngineArgs {
    /// auto (a hardware GPU if there is one, else the CPU), gpu (the best adapter, software
    /// ones too), or cpu [default: auto].
    #[arg(long)]
    pub backend: Option<String>,
    /// One GPU adapter, by its index in `optgrid devices` or a word of its name or backend
    /// (nvidia, llvmpipe, vulkan, metal, dx12, gl); implies the GPU.
    #[arg(long, value_name = "INDEX|NAME")]
    pub adapter: Option<String>,
    /// Several GPU adapters computing one map together, rows shared out as each finishes:
    /// `all` (every hardware GPU) or a list of indices or names; implies the GPU.
    #[arg(long, value_name = "all|LIST")]
    pub devices: Option<String>,
}

/// The flags `sweep` and `trace` share.
#[derive(Args)]
pub struct CommonArgs {
    /// A TOML file with any of these flags by name (flags given too override it).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Objective: a built-in test function (ackley, rosenbrock, himmelblau, ...: optgrid list)
    /// or a formula in x and y, e.g. "(1-x)^2 + 100*(y-x^2)^2" (+ - * / ^, sin cos tan exp log
    /// sqrt abs tanh atan sinh cosh min max, pi, e), differentiated exactly.
    #[arg(long = "fn", value_name = "NAME|FORMULA", allow_hyphen_values = true)]
    pub objective: Option<String>,
    /// A formula's domain X0:X1,Y0:Y1 [default: -5:5,-5:5].
    #[arg(long, value_name = "X0:X1,Y0:Y1", allow_hyphen_values = true)]
    pub domain: Option<String>,
    /// A formula's minima X,Y;X,Y [default: found by Newton's method from a grid of starts].
    #[arg(long, value_name = "X,Y[;X,Y...]", allow_hyphen_values = true)]
    pub minima: Option<String>,
    /// Optimizers, comma separated, e.g. adam or sgd,momentum,adam (a sweep makes one panel each).
    #[arg(long = "opt", value_name = "NAME[,NAME...]")]
    pub optimizer: Option<String>,
    /// Learning rate (shorthand for --param lr=V); a list makes panels in a sweep, and gives one
    /// value per optimizer in a trace.
    #[arg(long, value_name = "V[,V...]")]
    pub lr: Option<String>,
    /// Any hyperparameter, gradient noise or sparsity, or schedule parameter, NAME=VALUE
    /// (repeatable), e.g. --param beta1=0.8 --param amsgrad=true --param noise=0.5.
    #[arg(long = "param", value_name = "NAME=V[,V...]")]
    pub params: Vec<String>,
    /// Learning-rate schedule: constant (default), step, exponential, cosine, linear,
    /// warmup_cosine; its parameters go in --param (e.g. t_max=500). A sweep takes a list (one
    /// panel each).
    #[arg(long, value_name = "NAME[,NAME...]")]
    pub schedule: Option<String>,
    /// Seed of the random generator (gradient noise and sparsity) [default: 0].
    #[arg(long)]
    pub seed: Option<u64>,
    /// Data objectives (fit_*): examples per minibatch gradient, drawn with replacement
    /// (shorthand for --param batch=B; 0, the default, is the full-data gradient; a list makes
    /// panels in a sweep).
    #[arg(long, value_name = "B[,B...]")]
    pub batch: Option<String>,
    /// Data objectives: how many examples to generate [default: 100].
    #[arg(long)]
    pub examples: Option<u32>,
    /// Data objectives: the generated labels' noise σ [default: 0.1].
    #[arg(long)]
    pub data_noise: Option<f64>,
    /// Data objectives: the seed the examples are generated from [default: 0].
    #[arg(long)]
    pub data_seed: Option<u64>,
    /// Data objectives: read the examples from a CSV file with a header naming u,v,label
    /// (fit_quadratic) or u,label (fit_line, fit_tanh).
    #[arg(long, value_name = "FILE.csv")]
    pub data: Option<PathBuf>,
    /// Start point X,Y (in a sweep: for the coordinates that are not axes).
    #[arg(long, value_name = "X,Y", allow_hyphen_values = true)]
    pub start: Option<String>,
    /// Step budget per instance [default: 1000].
    #[arg(long)]
    pub steps: Option<u32>,
    /// Convergence tolerance [default: 0.01].
    #[arg(long)]
    pub tol: Option<f64>,
    /// Convergence criterion: distance (to a global minimizer, default), loss (above the minimum), gradient (norm).
    #[arg(long)]
    pub criterion: Option<String>,
    /// f32, f64, or (sweeps) auto: f32 while neighbouring pixels of the axes are 16 f32 units in
    /// the last place apart or more, f64 past that [default: f32 for sweeps (f64 is CPU only),
    /// f64 for traces].
    #[arg(long)]
    pub precision: Option<String>,
    /// Output directory [default: out/<fn>-<opt> for sweeps, out/trace-<fn> for traces].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// No progress bar and no closing text.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args)]
#[command(allow_negative_numbers = true)]
pub struct SweepArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// x axis: QUANTITY=LO:HI[:log]; QUANTITY is x0, y0 or a hyperparameter. Default: x0 over the domain.
    #[arg(long = "x", value_name = "AXIS")]
    pub x: Option<String>,
    /// y axis, as --x. Default: y0 over the domain.
    #[arg(long = "y", value_name = "AXIS")]
    pub y: Option<String>,
    /// Resolution: N (N×N) or WxH [default: 512].
    #[arg(long, value_name = "N|WxH")]
    pub res: Option<String>,
    /// Keep every instance running to the full budget after it converges.
    #[arg(long)]
    pub no_early_stop: bool,
    /// Divergence bound, in domain half-widths from the domain centre [default: 10].
    #[arg(long)]
    pub bound: Option<f64>,
    /// Measure the box-counting dimension of a boundary: basin (between the basins reached) or
    /// status (of the converged region) — summary.json's stats.boundary_dimension, and the
    /// figure's subtitle.
    #[arg(long, value_name = "MAP")]
    pub dimension: Option<String>,
    /// Score each instance's trainability as in Sohl-Dickstein (2024): result.npz's
    /// trainability column and trainability.png (each step also evaluates the loss).
    #[arg(long)]
    pub trainability: bool,
    /// quadratic's coefficients A,B in (A x² + B y²)/2 [default: 1,10].
    #[arg(long, value_name = "A,B")]
    pub quadratic: Option<String>,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Files to write: npz, maps (full-resolution PNGs), figure, comma separated, or all
    /// [default: all]. summary.json and spec.toml are always written.
    #[arg(long, value_name = "LIST")]
    pub outputs: Option<String>,
    /// Compute only shard K of N (contiguous row blocks, K from 0) into OUT/shard-K-of-N, for
    /// `optgrid merge`; `auto` takes K and N from a Slurm array (SLURM_ARRAY_TASK_ID) or a
    /// Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with --shards).
    #[arg(long, value_name = "K/N|auto")]
    pub shard: Option<String>,
    /// The number of shards, N, for --shard auto (implies it).
    #[arg(long, value_name = "N")]
    pub shards: Option<usize>,
}

#[derive(Args)]
#[command(allow_negative_numbers = true)]
pub struct TraceArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Plotted range X0:X1,Y0:Y1 [default: the domain].
    #[arg(long, value_name = "X0:X1,Y0:Y1", allow_hyphen_values = true)]
    pub view: Option<String>,
    /// Stop each optimizer once it converges (default: run the whole budget).
    #[arg(long)]
    pub early_stop: bool,
    /// Steps per frame of race.gif [default: about 60 frames].
    #[arg(long, value_name = "N")]
    pub frame_every: Option<u32>,
    /// Trace the instance behind one pixel of an earlier sweep: its output directory.
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    /// With --from: the pixel COLUMN,ROW (row 0 is the bottom, as in result.npz).
    #[arg(long, value_name = "I,J")]
    pub pixel: Option<String>,
}

#[derive(Args)]
pub struct BenchArgs {
    /// Small sizes (256², 500 steps) for a 2-core machine: well under a minute.
    #[arg(long)]
    pub quick: bool,
    /// Print the measurements as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Only these workloads (comma separated), e.g. W1,W4.
    #[arg(long, value_name = "IDS")]
    pub only: Option<String>,
    /// Instead of W1–W4: W1's throughput as instances (10³ up to --max-instances) and steps
    /// grow, on every backend; writes scaling.csv and scaling.png into --out.
    #[arg(long)]
    pub scaling: bool,
    /// Largest sweep of the scaling run [default: 10⁷; with --quick 10⁶].
    #[arg(long, value_name = "N")]
    pub max_instances: Option<u64>,
    /// Instead of W1–W4: what a sweep costs after the engine (labels, statistics, result.npz,
    /// each PNG, the figure), per instance, three runs of a --res² one-step map on the CPU.
    #[arg(long)]
    pub outputs: bool,
    /// Also this machine's arithmetic peaks, each workload's operations per step (counted),
    /// and the fraction of the peak each backend reaches; the CPU on each vector unit it has.
    #[arg(long)]
    pub roofline: bool,
    /// The map side of --outputs [default: 4096; with --quick 1024].
    #[arg(long, value_name = "N")]
    pub res: Option<u32>,
    /// Where the scaling and outputs runs write [default: out/bench].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `A,B` as two numbers.
pub fn pair(field: &str, text: &str) -> Result<[f64; 2]> {
    let bad = || Error::invalid(field, text, "two numbers separated by a comma, e.g. -1.5,2");
    let (a, b) = text.split_once(',').ok_or_else(bad)?;
    Ok([
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    ])
}

/// A value or a comma-separated list of values (a list makes panels).
fn values(name: &str, text: &str) -> Result<ParamValue> {
    let parse = |v: &str| -> Result<f64> {
        v.trim()
            .parse()
            .map_err(|_| Error::invalid(name, v.trim(), "a number (or true/false for flags)"))
    };
    Ok(match text.trim() {
        "true" => ParamValue::Flag(true),
        "false" => ParamValue::Flag(false),
        t if t.contains(',') => ParamValue::Panels(t.split(',').map(parse).collect::<Result<_>>()?),
        t => ParamValue::Number(parse(t)?),
    })
}

/// `X0:X1,Y0:Y1` as `[[x0, x1], [y0, y1]]`.
fn view(text: &str) -> Result<[[f64; 2]; 2]> {
    let bad = || Error::invalid("view (--view)", text, "X0:X1,Y0:Y1, e.g. -2:2,-1:3");
    let (x, y) = text.split_once(',').ok_or_else(bad)?;
    let range = |r: &str| -> Result<[f64; 2]> {
        let (a, b) = r.split_once(':').ok_or_else(bad)?;
        Ok([
            a.trim().parse().map_err(|_| bad())?,
            b.trim().parse().map_err(|_| bad())?,
        ])
    };
    Ok([range(x)?, range(y)?])
}

impl CommonArgs {
    /// `--param` and `--lr` as hyperparameter values.
    fn params(&self) -> Result<BTreeMap<String, ParamValue>> {
        let mut params = BTreeMap::new();
        for p in &self.params {
            let (name, value) = p.split_once('=').ok_or_else(|| {
                Error::invalid("--param", p, "NAME=VALUE, e.g. beta1=0.8 or amsgrad=true")
            })?;
            params.insert(name.trim().to_string(), values(name.trim(), value)?);
        }
        if let Some(lr) = &self.lr {
            params.insert("lr".into(), values("lr", lr)?);
        }
        if let Some(b) = &self.batch {
            params.insert("batch".into(), values("batch", b)?);
        }
        Ok(params)
    }

    fn start(&self) -> Result<Option<[f64; 2]>> {
        self.start
            .as_deref()
            .map(|s| pair("start (--start)", s))
            .transpose()
    }

    pub fn domain(&self) -> Result<Option<crate::spec::request::DomainText>> {
        self.domain
            .as_deref()
            .map(crate::spec::request::DomainText::parse)
            .transpose()
    }

    pub fn minima(&self) -> Result<Option<crate::spec::request::MinimaText>> {
        self.minima
            .as_deref()
            .map(crate::spec::request::MinimaText::parse)
            .transpose()
    }
}

impl SweepArgs {
    /// The request the flags make (only what was given), over the config file if one is named.
    pub fn request(&self) -> Result<Request> {
        let c = &self.common;
        let flags = Request {
            objective: c.objective.clone(),
            domain: c.domain()?,
            minima: c.minima()?,
            opt: c.optimizer.clone().map(Names::One),
            params: c.params()?,
            x: self.x.clone().map(AxisText::Text),
            y: self.y.clone().map(AxisText::Text),
            res: self.res.clone().map(Resolution::Text),
            start: c.start()?,
            steps: c.steps,
            tol: c.tol,
            criterion: c.criterion.clone(),
            early_stop: self.no_early_stop.then_some(false),
            bound: self.bound,
            quadratic: self
                .quadratic
                .as_deref()
                .map(|q| pair("quadratic coefficients (--quadratic)", q))
                .transpose()?,
            precision: c.precision.clone(),
            schedule: c.schedule.clone().map(Names::One),
            seed: c.seed,
            examples: c.examples,
            data_noise: c.data_noise,
            data_seed: c.data_seed,
            data: c.data.clone(),
            dimension: self.dimension.clone(),
            trainability: self.trainability.then_some(true),
            backend: self.engine.backend.clone(),
            adapter: self.engine.adapter.clone(),
            devices: self.engine.devices.clone(),
            out: c.out.clone(),
        };
        Ok(match &c.config {
            Some(path) => Request::from_file(path)?.overridden_by(flags),
            None => flags,
        })
    }
}

impl TraceArgs {
    /// The race the flags make, over the config file if one is named.
    pub fn request(&self) -> Result<TraceRequest> {
        let c = &self.common;
        let flags = TraceRequest {
            objective: c.objective.clone(),
            domain: c.domain()?,
            minima: c.minima()?,
            opt: c.optimizer.clone().map(Names::One),
            params: c.params()?,
            start: c.start()?,
            steps: c.steps,
            tol: c.tol,
            criterion: c.criterion.clone(),
            early_stop: self.early_stop.then_some(true),
            precision: c.precision.clone(),
            schedule: c.schedule.clone(),
            seed: c.seed,
            examples: c.examples,
            data_noise: c.data_noise,
            data_seed: c.data_seed,
            data: c.data.clone(),
            view: self.view.as_deref().map(view).transpose()?,
            frame_every: self.frame_every,
            out: c.out.clone(),
            ..TraceRequest::default()
        };
        Ok(match &c.config {
            Some(path) => TraceRequest::from_file(path)?.overridden_by(flags),
            None => flags,
        })
    }

    /// `--from DIR --pixel I,J`, checked.
    pub fn sweep_pixel(&self) -> Result<Option<(PathBuf, [u32; 2])>> {
        let Some(dir) = &self.from else {
            return Ok(None);
        };
        let pixel = self.pixel.as_deref().ok_or_else(|| {
            Error::input("--from needs --pixel I,J (column, row of the sweep's maps)")
        })?;
        let p = pair("pixel (--pixel)", pixel)?;
        if p.iter()
            .any(|v| *v < 0.0 || v.fract() != 0.0 || *v > f64::from(u32::MAX))
        {
            return Err(Error::invalid(
                "pixel (--pixel)",
                pixel,
                "two whole numbers COLUMN,ROW",
            ));
        }
        Ok(Some((dir.clone(), [p[0] as u32, p[1] as u32])))
    }
}
