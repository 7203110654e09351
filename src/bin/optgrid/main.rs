//! The `optgrid` command line: parse, call the library, report. No sweep logic lives here.

mod progress;

use clap::{Args, Parser, Subcommand};
use optgrid::engine::{self, BackendChoice};
use optgrid::error::{Error, Result};
use optgrid::run;
use optgrid::spec::plan::Plan;
use optgrid::spec::request::{AxisText, Names, Request, Resolution};
use optgrid::spec::sweep::ParamValue;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "optgrid",
    version,
    about = "Run every start point and hyperparameter of an optimizer at once, on the GPU, and map where each one goes."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
}

#[derive(Args)]
#[command(allow_negative_numbers = true)]
struct TraceArgs {
    /// A TOML file describing the race (the flags' names; flags override it).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Objective (test function).
    #[arg(long = "fn", value_name = "NAME")]
    objective: Option<String>,
    /// Optimizers, comma separated, e.g. sgd,momentum,adam.
    #[arg(long = "opt", value_name = "A,B,...")]
    optimizer: Option<String>,
    /// Start point X,Y.
    #[arg(long, value_name = "X,Y", allow_hyphen_values = true)]
    start: Option<String>,
    /// Steps [default: 1000].
    #[arg(long)]
    steps: Option<u32>,
    /// Learning rate for all optimizers, or one per optimizer (0.01,0.001,...).
    #[arg(long, value_name = "V[,V...]")]
    lr: Option<String>,
    /// Any hyperparameter, NAME=V or one value per optimizer (repeatable).
    #[arg(long = "param", value_name = "NAME=V[,V...]")]
    params: Vec<String>,
    /// Plotted range X0:X1,Y0:Y1 [default: the domain].
    #[arg(long, value_name = "X0:X1,Y0:Y1", allow_hyphen_values = true)]
    view: Option<String>,
    /// Stop each optimizer once it converges (default: run the whole budget).
    #[arg(long)]
    early_stop: bool,
    /// Convergence tolerance [default: 0.01].
    #[arg(long)]
    tol: Option<f64>,
    /// distance, loss or gradient [default: distance].
    #[arg(long)]
    criterion: Option<String>,
    /// f64 (default) or f32.
    #[arg(long)]
    precision: Option<String>,
    /// Steps per frame of race.gif [default: about 60 frames].
    #[arg(long, value_name = "N")]
    frame_every: Option<u32>,
    /// Trace the instance behind one pixel of an earlier sweep: its output directory.
    #[arg(long, value_name = "DIR")]
    from: Option<PathBuf>,
    /// With --from: the pixel COLUMN,ROW (row 0 is the bottom, as in result.npz).
    #[arg(long, value_name = "I,J")]
    pixel: Option<String>,
    /// Output directory [default: out/trace-<fn>].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// No closing table.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct BenchArgs {
    /// Small sizes (256², 500 steps) for a 2-core machine: well under a minute.
    #[arg(long)]
    quick: bool,
    /// Print the measurements as JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Only these workloads (comma separated), e.g. W1,W4.
    #[arg(long, value_name = "IDS")]
    only: Option<String>,
    /// Instead of W1–W4: W1's throughput as instances (10³ up to --max-instances) and steps
    /// grow, on every backend; writes scaling.csv and scaling.png into --out.
    #[arg(long)]
    scaling: bool,
    /// Largest sweep of the scaling run [default: 10⁷; with --quick 10⁶].
    #[arg(long, value_name = "N")]
    max_instances: Option<u64>,
    /// Where the scaling run writes [default: out/bench].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

#[derive(Args)]
#[command(allow_negative_numbers = true)]
struct SweepArgs {
    /// A TOML file describing the sweep (any flag below, by its name; flags override it).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Objective (test function), e.g. ackley, rosenbrock, himmelblau.
    #[arg(long = "fn", value_name = "NAME")]
    objective: Option<String>,
    /// Optimizer, e.g. adam; a comma-separated list (sgd,momentum,adam) makes one panel each.
    #[arg(long = "opt", value_name = "NAME[,NAME...]")]
    optimizer: Option<String>,
    /// Learning rate (shorthand for --param lr=V); a list (0.001,0.01,0.1) makes panels.
    #[arg(long, value_name = "V[,V...]")]
    lr: Option<String>,
    /// Any hyperparameter, NAME=VALUE (repeatable), e.g. --param beta1=0.8 --param amsgrad=true.
    #[arg(long = "param", value_name = "NAME=V[,V...]")]
    params: Vec<String>,
    /// x axis: QUANTITY=LO:HI[:log]; QUANTITY is x0, y0 or a hyperparameter. Default: x0 over the domain.
    #[arg(long = "x", value_name = "AXIS")]
    x: Option<String>,
    /// y axis, as --x. Default: y0 over the domain.
    #[arg(long = "y", value_name = "AXIS")]
    y: Option<String>,
    /// Start point X,Y for coordinates that are not axes.
    #[arg(long, value_name = "X,Y", allow_hyphen_values = true)]
    start: Option<String>,
    /// Resolution: N (N×N) or WxH [default: 512].
    #[arg(long, value_name = "N|WxH")]
    res: Option<String>,
    /// Step budget per instance [default: 1000].
    #[arg(long)]
    steps: Option<u32>,
    /// Convergence tolerance [default: 0.01].
    #[arg(long)]
    tol: Option<f64>,
    /// Convergence criterion: distance (to a global minimizer, default), loss (above the minimum), gradient (norm).
    #[arg(long)]
    criterion: Option<String>,
    /// Keep every instance running to the full budget after it converges.
    #[arg(long)]
    no_early_stop: bool,
    /// Divergence bound, in domain half-widths from the domain centre [default: 10].
    #[arg(long)]
    bound: Option<f64>,
    /// quadratic's coefficients A,B in (A x² + B y²)/2 [default: 1,10].
    #[arg(long, value_name = "A,B")]
    quadratic: Option<String>,
    /// auto (GPU if an adapter exists, else CPU), gpu, or cpu [default: auto].
    #[arg(long)]
    backend: Option<String>,
    /// f32 (GPU and CPU) or f64 (CPU only) [default: f32].
    #[arg(long)]
    precision: Option<String>,
    /// Output directory. Default: out/<fn>-<opt>.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// No progress bar and no closing paragraph.
    #[arg(long, short)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sweep(args) => sweep(*args),
        Command::List => {
            print!("{}", optgrid::model::catalog::describe());
            Ok(())
        }
        Command::Devices => devices(),
        Command::Bench(args) => bench(args),
        Command::Trace(args) => trace(*args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn pair(field: &str, text: &str) -> Result<[f64; 2]> {
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

/// The request the flags make (only what was given).
fn request_from(args: &SweepArgs) -> Result<Request> {
    let mut r = Request {
        objective: args.objective.clone(),
        opt: args.optimizer.clone().map(Names::One),
        x: args.x.clone().map(AxisText::Text),
        y: args.y.clone().map(AxisText::Text),
        res: args.res.clone().map(Resolution::Text),
        steps: args.steps,
        tol: args.tol,
        criterion: args.criterion.clone(),
        early_stop: args.no_early_stop.then_some(false),
        bound: args.bound,
        precision: args.precision.clone(),
        backend: args.backend.clone(),
        out: args.out.clone(),
        ..Request::default()
    };
    for p in &args.params {
        let (name, value) = p.split_once('=').ok_or_else(|| {
            Error::invalid("--param", p, "NAME=VALUE, e.g. beta1=0.8 or amsgrad=true")
        })?;
        r.params
            .insert(name.trim().to_string(), values(name.trim(), value)?);
    }
    if let Some(lr) = &args.lr {
        r.params.insert("lr".into(), values("lr", lr)?);
    }
    if let Some(s) = &args.start {
        r.start = Some(pair("start (--start)", s)?);
    }
    if let Some(q) = &args.quadratic {
        r.quadratic = Some(pair("quadratic coefficients (--quadratic)", q)?);
    }
    Ok(r)
}

fn sweep(args: SweepArgs) -> Result<()> {
    let flags = request_from(&args)?;
    let request = match &args.config {
        Some(path) => Request::from_file(path)?.overridden_by(flags),
        None => flags,
    };
    let panels = request.panels()?;
    let backend = BackendChoice::from_name(request.backend.as_deref().unwrap_or("auto"))?;
    let out = request
        .out
        .clone()
        .unwrap_or_else(|| request.default_out(&panels));
    // Validate every panel and check the output directory before any work is done.
    for p in &panels {
        Plan::from_spec(&p.spec)?;
    }
    optgrid::output::prepare_dir(&out)?;
    let (mut engine, note) = engine::open(backend, panels[0].spec.precision)?;
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    let mut outcomes = Vec::new();
    for p in &panels {
        let dir = match &p.label {
            Some(label) => out.join(label),
            None => out.clone(),
        };
        let bar = progress::Bar::new(&p.spec, args.quiet);
        let mut outcome = run::run(&p.spec, engine.as_mut(), &bar)?;
        bar.finish();
        optgrid::output::sweep::write_outputs(&mut outcome, &dir)?;
        if !args.quiet {
            println!(
                "{}",
                optgrid::output::summary::closing_paragraph(&outcome.summary, &dir)
            );
        }
        outcomes.push((p.label.clone().unwrap_or_default(), outcome));
    }
    if outcomes.len() > 1 {
        optgrid::output::sweep::write_sheet(&outcomes, &out)?;
        if !args.quiet {
            println!(
                "Contact sheet of {} panels: {}",
                outcomes.len(),
                out.join("sheet.png").display()
            );
        }
    }
    Ok(())
}

fn devices() -> Result<()> {
    print!("{}", engine::describe_adapters());
    Ok(())
}

fn bench(args: BenchArgs) -> Result<()> {
    if args.scaling {
        return scaling(args);
    }
    let mut workloads = optgrid::bench::standard_workloads(args.quick);
    if let Some(only) = &args.only {
        let ids: Vec<String> = only.split(',').map(|s| s.trim().to_uppercase()).collect();
        workloads.retain(|w| ids.contains(&w.id.to_string()));
        if workloads.is_empty() {
            return Err(Error::invalid(
                "--only",
                only,
                "workload ids among W1, W2, W3, W4",
            ));
        }
    }
    let mut engines = optgrid::bench::engines()?;
    let mut measurements = Vec::new();
    for w in &workloads {
        for e in engines.iter_mut() {
            let m = optgrid::bench::measure(w, e.as_mut())?;
            if !args.json {
                eprintln!(
                    "{} on {}: {:.3e} instance-steps/s",
                    m.workload, m.backend, m.instance_steps_per_second
                );
            }
            measurements.push(m);
        }
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&measurements).map_err(|e| Error::new(e.to_string()))?
        );
    } else {
        print!("{}", optgrid::bench::table(&measurements));
    }
    Ok(())
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

fn trace(args: TraceArgs) -> Result<()> {
    use optgrid::trace::output::{self as trace_output, Race};
    use optgrid::trace::{self, TraceRequest};
    let mut flags = TraceRequest {
        objective: args.objective.clone(),
        opt: args.optimizer.clone().map(Names::One),
        steps: args.steps,
        tol: args.tol,
        criterion: args.criterion.clone(),
        early_stop: args.early_stop.then_some(true),
        precision: args.precision.clone(),
        frame_every: args.frame_every,
        out: args.out.clone(),
        ..TraceRequest::default()
    };
    for p in &args.params {
        let (name, value) = p
            .split_once('=')
            .ok_or_else(|| Error::invalid("--param", p, "NAME=VALUE, e.g. beta1=0.8"))?;
        flags
            .params
            .insert(name.trim().to_string(), values(name.trim(), value)?);
    }
    if let Some(lr) = &args.lr {
        flags.params.insert("lr".into(), values("lr", lr)?);
    }
    if let Some(s) = &args.start {
        flags.start = Some(pair("start (--start)", s)?);
    }
    if let Some(v) = &args.view {
        flags.view = Some(view(v)?);
    }
    let request = match &args.config {
        Some(path) => TraceRequest::from_file(path)?.overridden_by(flags),
        None => flags,
    };

    // The plans to follow: one per optimizer, or the one instance behind a sweep's pixel.
    let (title, trajectories, spec) = match &args.from {
        Some(dir) => {
            let pixel = args.pixel.as_deref().ok_or_else(|| {
                Error::new("--from needs --pixel I,J (column, row of the sweep's maps)")
            })?;
            let p = pair("pixel (--pixel)", pixel)?;
            if p.iter().any(|v| *v < 0.0 || v.fract() != 0.0) {
                return Err(Error::invalid(
                    "pixel (--pixel)",
                    pixel,
                    "two whole numbers COLUMN,ROW",
                ));
            }
            let spec = trace::sweep_spec(dir)?;
            let plan = Plan::from_spec(&spec)?;
            let index = trace::pixel_index(&plan, [p[0] as u32, p[1] as u32])?;
            let t = trace::follow(&plan, index, spec.precision);
            let (start, _) = plan.instance::<f64>(index);
            let title = format!(
                "{} on {} from pixel ({}, {}) of {}: start ({:.4}, {:.4}), {}={}, {}={}",
                spec.optimizer.name(),
                spec.objective.name(),
                p[0],
                p[1],
                dir.display(),
                start[0],
                start[1],
                spec.x.quantity,
                plan.axis_values[0][p[0] as usize],
                spec.y.quantity,
                plan.axis_values[1][p[1] as usize]
            );
            (title, vec![t], spec)
        }
        None => {
            let plans = request.plans()?;
            let trajectories: Vec<_> = plans
                .iter()
                .map(|(s, p)| trace::follow(p, 0, s.precision))
                .collect();
            let spec = plans[0].0.clone();
            let names: Vec<&str> = plans.iter().map(|(s, _)| s.optimizer.name()).collect();
            let title = format!(
                "{} on {} from ({}, {})",
                names.join(" vs "),
                spec.objective.name(),
                spec.start[0],
                spec.start[1]
            );
            (title, trajectories, spec)
        }
    };
    let start = [trajectories[0].points[0].x, trajectories[0].points[0].y];
    let view = request.view(spec.objective, start)?;
    let out = request
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("out/trace-{}", spec.objective.name())));
    let plan = Plan::from_spec(&spec)?;
    let longest = trajectories
        .iter()
        .map(|t| t.points.len())
        .max()
        .unwrap_or(1) as u32;
    let frame_every = request.frame_every.unwrap_or(longest.div_ceil(60).max(1));
    let results = trace_output::results(&trajectories);
    let summary = serde_json::json!({
        "optgrid_version": env!("CARGO_PKG_VERSION"),
        "title": title,
        "objective": spec.objective.name(),
        "start": start,
        "view": view,
        "precision": spec.precision.name(),
        "results": results,
        "files": ["paths.png", "loss.png", "stepsize.png", "race.gif", "trajectories.csv", "summary.json"],
    });
    let race = Race {
        title: title.clone(),
        objective: &plan.objective,
        minima: &plan.minima,
        global_value: plan.global_value(),
        view,
        trajectories: &trajectories,
    };
    trace_output::write(&race, frame_every, &out, &summary)?;
    if !args.quiet {
        println!("{title}\n{}", trace_output::results_table(&results));
        println!("Wrote paths.png, loss.png, stepsize.png, race.gif, trajectories.csv and summary.json to {}", out.display());
    }
    Ok(())
}

fn scaling(args: BenchArgs) -> Result<()> {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out/bench"));
    optgrid::output::prepare_dir(&out)?;
    let max_instances =
        args.max_instances
            .unwrap_or(if args.quick { 1_000_000 } else { 10_000_000 });
    let max_steps = if args.quick { 1000 } else { 10_000 };
    let mut points = Vec::new();
    for mut engine in optgrid::bench::engines()? {
        let mut report = |p: &optgrid::bench::ScalePoint| {
            eprintln!(
                "{:<4} {:>10} instances × {:>6} steps: {:.3e} instance-steps/s",
                p.backend, p.instances, p.steps, p.instance_steps_per_second
            );
        };
        points.extend(optgrid::bench::scaling(
            engine.as_mut(),
            max_instances,
            max_steps,
            &mut report,
        )?);
    }
    optgrid::output::write_atomic(
        &out.join("scaling.csv"),
        optgrid::bench::scaling_csv(&points).as_bytes(),
    )?;
    optgrid::output::write_png(
        &out.join("scaling.png"),
        &optgrid::bench::plot::draw(&points)?,
    )?;
    println!("Wrote scaling.csv and scaling.png to {}", out.display());
    Ok(())
}
