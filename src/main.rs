//! The `optgrid` command line: parse, call the library, report. No sweep logic lives here.

use clap::{Args, Parser, Subcommand};
use optgrid::engine::{self, BackendChoice};
use optgrid::error::{Error, Result};
use optgrid::objective::ObjectiveKind;
use optgrid::optimizer::Optimizer;
use optgrid::sweep::{Axis, ParamValue, Precision, SweepSpec};
use optgrid::{criterion::CriterionKind, run};
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
}

#[derive(Args)]
#[command(allow_negative_numbers = true)]
struct SweepArgs {
    /// Objective (test function), e.g. ackley, rosenbrock, himmelblau.
    #[arg(long = "fn", value_name = "NAME")]
    objective: String,
    /// Optimizer, e.g. sgd, momentum, adam.
    #[arg(long = "opt", value_name = "NAME")]
    optimizer: String,
    /// Learning rate (shorthand for --param lr=V).
    #[arg(long, value_name = "V")]
    lr: Option<f64>,
    /// Any hyperparameter, NAME=VALUE (repeatable), e.g. --param beta1=0.8 --param amsgrad=true.
    #[arg(long = "param", value_name = "NAME=V")]
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
    /// Resolution: N (N×N) or WxH.
    #[arg(long, value_name = "N|WxH", default_value = "512")]
    res: String,
    /// Step budget per instance.
    #[arg(long, default_value_t = 1000)]
    steps: u32,
    /// Convergence tolerance.
    #[arg(long, default_value_t = 1e-2)]
    tol: f64,
    /// Convergence criterion: distance (to a global minimizer), loss (above the minimum), gradient (norm).
    #[arg(long, default_value = "distance")]
    criterion: String,
    /// Keep every instance running to the full budget after it converges.
    #[arg(long)]
    no_early_stop: bool,
    /// Divergence bound, in domain half-widths from the domain centre.
    #[arg(long, default_value_t = 10.0)]
    bound: f64,
    /// quadratic's coefficients A,B in (A x² + B y²)/2.
    #[arg(long, value_name = "A,B")]
    quadratic: Option<String>,
    /// auto (GPU if an adapter exists, else CPU), gpu, or cpu.
    #[arg(long, default_value = "auto")]
    backend: String,
    /// f32 (GPU and CPU) or f64 (CPU only).
    #[arg(long, default_value = "f32")]
    precision: String,
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
            print!("{}", optgrid::catalog::describe());
            Ok(())
        }
        Command::Devices => devices(),
        Command::Bench(args) => bench(args),
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

fn resolution(text: &str) -> Result<[u32; 2]> {
    let bad = || {
        Error::invalid(
            "resolution (--res)",
            text,
            "N or WxH with whole numbers, e.g. 512 or 800x600",
        )
    };
    let num = |s: &str| s.trim().parse::<u32>().map_err(|_| bad());
    match text.split_once(['x', 'X']) {
        Some((w, h)) => Ok([num(w)?, num(h)?]),
        None => {
            let n = num(text)?;
            Ok([n, n])
        }
    }
}

fn param(text: &str) -> Result<(String, ParamValue)> {
    let bad = || {
        Error::invalid(
            "--param",
            text,
            "NAME=VALUE, e.g. beta1=0.8 or amsgrad=true",
        )
    };
    let (name, value) = text.split_once('=').ok_or_else(bad)?;
    let value =
        match value.trim() {
            "true" => ParamValue::Flag(true),
            "false" => ParamValue::Flag(false),
            v => ParamValue::Number(v.parse().map_err(|_| {
                Error::invalid(name.trim(), v, "a number (or true/false for flags)")
            })?),
        };
    Ok((name.trim().to_string(), value))
}

/// Builds the spec from the flags.
fn spec_from(args: &SweepArgs) -> Result<SweepSpec> {
    let objective = ObjectiveKind::from_name(&args.objective)?;
    let optimizer = Optimizer::from_name(&args.optimizer)?;
    let mut spec = SweepSpec::new(objective, optimizer);
    for p in &args.params {
        let (name, value) = param(p)?;
        spec.params.insert(name, value);
    }
    if let Some(lr) = args.lr {
        spec.params.insert("lr".into(), ParamValue::Number(lr));
    }
    let x = args
        .x
        .as_deref()
        .map(|t| Axis::parse("x axis (--x)", t, objective))
        .transpose()?;
    let y = args
        .y
        .as_deref()
        .map(|t| Axis::parse("y axis (--y)", t, objective))
        .transpose()?;
    // An axis not given sweeps the start coordinate the other axis leaves free.
    let free = |other: &Option<Axis>, first: &str, second: &str| {
        let taken = other.as_ref().map(|a| a.quantity.as_str());
        Axis::domain(if taken == Some(first) { second } else { first }, objective)
    };
    spec.x = x.clone().unwrap_or_else(|| free(&y, "x0", "y0"));
    spec.y = y.unwrap_or_else(|| free(&x, "y0", "x0"));
    if let Some(s) = &args.start {
        spec.start = pair("start (--start)", s)?;
    }
    if let Some(q) = &args.quadratic {
        if objective != ObjectiveKind::Quadratic {
            return Err(Error::new(format!(
                "--quadratic sets the coefficients of --fn quadratic, not of {}",
                objective.name()
            )));
        }
        spec.quadratic = pair("quadratic coefficients (--quadratic)", q)?;
    }
    spec.res = resolution(&args.res)?;
    spec.steps = args.steps;
    spec.tol = args.tol;
    spec.criterion = CriterionKind::from_name(&args.criterion)?;
    spec.early_stop = !args.no_early_stop;
    spec.bound = args.bound;
    spec.precision = Precision::from_name(&args.precision)?;
    Ok(spec)
}

fn sweep(args: SweepArgs) -> Result<()> {
    let spec = spec_from(&args)?;
    let backend = BackendChoice::from_name(&args.backend)?;
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from(format!(
            "out/{}-{}",
            spec.objective.name(),
            spec.optimizer.name()
        ))
    });
    // Validate everything and check the output directory before any work is done.
    spec.clone().plan()?;
    optgrid::output::prepare_dir(&out)?;
    let (mut engine, note) = engine::open(backend, spec.precision)?;
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    let bar = optgrid::progress::Bar::new(&spec, args.quiet);
    let mut outcome = run::run(&spec, engine.as_mut(), &bar)?;
    bar.finish();
    run::write_outputs(&mut outcome, &out)?;
    if !args.quiet {
        println!("{}", run::closing_paragraph(&outcome.summary, &out));
    }
    Ok(())
}

fn devices() -> Result<()> {
    print!("{}", engine::describe_adapters());
    Ok(())
}

fn bench(args: BenchArgs) -> Result<()> {
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
