//! The `optgrid` command line: parse ([`args`]), call the library, report. No sweep logic
//! lives here. The binary (`src/bin/optgrid`) and `python -m optgrid` both call [`run`], so the
//! wheel carries the same command line, flags, messages and exit statuses.

pub mod args;
mod progress;

use crate::engine::{self, BackendChoice};
use crate::error::{Error, Result};
use crate::output::Outputs;
use crate::run;
use crate::shard::Shard;
use crate::spec::plan::Plan;
use crate::trace;
use args::{
    BenchArgs, Cli, Command, MergeArgs, ServeArgs, ShaderArgs, SweepArgs, TraceArgs, TuneArgs,
    ZoomArgs,
};
use clap::Parser;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Runs the command line `args` (the program's name first) and returns its exit status: 0, 2
/// invalid input (clap's usage errors too), 3 a resource problem, 4 an internal failure, 130
/// cancelled (`crate::error::Kind::exit_code`). Errors are one line on stderr.
pub fn main(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0, usage errors to stderr with 2.
            let _ = e.print();
            return u8::try_from(e.exit_code()).unwrap_or(2);
        }
    };
    let result = match cli.command {
        Command::Sweep(args) => sweep(*args),
        Command::List => {
            print!("{}", crate::model::catalog::describe());
            print!("\n{}", crate::tune::search::describe_defaults());
            Ok(())
        }
        Command::Devices => devices(),
        Command::Bench(args) => bench(args),
        Command::Trace(args) => trace(*args),
        Command::Shader(args) => shader(args),
        Command::Serve(args) => serve(args),
        Command::Tune(args) => tune(*args),
        Command::Merge(args) => merge(args),
        Command::Zoom(args) => zoom(*args),
    };
    // Output printed from Python's side of `python -m optgrid` must not overtake ours.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            e.kind().exit_code()
        }
    }
}

fn sweep(args: SweepArgs) -> Result<()> {
    let request = args.request()?;
    let panels = request.panels()?;
    let backend = BackendChoice::from_flags(
        request.backend.as_deref(),
        request.adapter.as_deref(),
        request.devices.as_deref(),
    )?;
    let out = request
        .out
        .clone()
        .unwrap_or_else(|| request.default_out(&panels));
    let outputs = match &args.outputs {
        Some(text) => Outputs::parse(text)?,
        None => Outputs::ALL,
    };
    let shard = Shard::resolve(args.shard.as_deref(), args.shards, |name| {
        std::env::var(name).ok()
    })?;
    // Validate every panel and check the output directory before any work is done.
    for p in &panels {
        let plan = Plan::from_spec(&p.spec)?;
        if let Some(shard) = shard {
            if panels.len() > 1 {
                return Err(Error::input(
                    "--shard: a sweep with panels (a list of values) cannot be sharded; shard each panel's sweep",
                ));
            }
            shard.check(plan.height())?;
        }
    }
    if let Some(f) = panels[0].spec.objective.formula_objective() {
        if f.minima.is_empty() {
            eprintln!(
                "note: no minimum of the formula was found on its domain: instances converge when |∇f| ≤ tol (--criterion gradient); --minima X,Y names minima"
            );
        }
    }
    // The engine opens before the output directory is made: a bad --adapter leaves nothing.
    let (mut engine, note) = engine::open(&backend, panels[0].spec.precision)?;
    crate::output::prepare_dir(&out)?;
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    if let Some(shard) = shard {
        let bar =
            progress::Bar::with_total(shard_steps(&panels[0].spec, shard)?, args.common.quiet);
        let dir = crate::shard::run_shard(&panels[0].spec, shard, engine.as_mut(), &bar, &out)?;
        bar.finish();
        if !args.common.quiet {
            println!(
                "Shard {} of {} in {}. When every shard is done: optgrid merge OUT {}/shard-*",
                shard.index,
                shard.count,
                dir.display(),
                out.display()
            );
        }
        return Ok(());
    }
    let mut outcomes = Vec::new();
    for p in &panels {
        let dir = match &p.label {
            Some(label) => out.join(label),
            None => out.clone(),
        };
        let bar = progress::Bar::new(&p.spec, args.common.quiet);
        crate::output::prepare_dir(&dir)?;
        let outcome = run::run_to_dir(&p.spec, engine.as_mut(), &bar, &dir, outputs)?;
        bar.finish();
        if !args.common.quiet {
            println!(
                "{}",
                crate::output::summary::closing_paragraph(&outcome.summary, &dir)
            );
        }
        outcomes.push((p.label.clone().unwrap_or_default(), outcome));
    }
    if outcomes.len() > 1 {
        crate::output::sweep::write_sheet(&run::maps(&outcomes), &out)?;
        if !args.common.quiet {
            println!(
                "Contact sheet of {} panels: {}",
                outcomes.len(),
                out.join("sheet.png").display()
            );
        }
    }
    Ok(())
}

fn zoom(args: ZoomArgs) -> Result<()> {
    use crate::spec::sweep::Precision;
    use crate::zoom::{self, ZoomSpec};
    if args.sweep.outputs.is_some() {
        return Err(Error::input(
            "zoom: --outputs is a sweep flag; a zoom writes frames/, zoom.gif, zoom.mp4, dimension.png and zoom.json",
        ));
    }
    let shard = Shard::resolve(args.sweep.shard.as_deref(), args.sweep.shards, |name| {
        std::env::var(name).ok()
    })?;
    let request = args.sweep.request()?;
    let panels = request.panels()?;
    if panels.len() > 1 {
        return Err(Error::input(
            "zoom: one sweep at a time (a list of optimizers or values makes panels); zoom each",
        ));
    }
    let mut base = panels[0].spec.clone();
    base.complete();
    Plan::from_spec(&base)?;
    let center = crate::cli::args::pair("center (--center)", &args.center)?;
    let spec = ZoomSpec::over(
        &base,
        center,
        args.from,
        args.to,
        args.frames,
        args.map.as_deref(),
        request.precision.as_deref(),
    )?;
    let map = spec.map;
    let frames = zoom::frames(&base, &spec)?;
    if let Some(shard) = shard {
        zoom::shard::check(shard, frames.len())?;
    }
    let keep = |k: u32| shard.is_none_or(|s| zoom::shard::owns(s, k));
    let backend = BackendChoice::from_flags(
        request.backend.as_deref(),
        request.adapter.as_deref(),
        request.devices.as_deref(),
    )?;
    let quiet = args.sweep.common.quiet;
    let mut engines = zoom::Engines::new(|precision| {
        let (engine, note) = match (&backend, precision) {
            // A GPU without f64 in its shaders leaves the frames past f32's resolution to the CPU.
            (BackendChoice::Gpu(_), Precision::F64) => match engine::open(&backend, precision) {
                Err(e) if e.kind() == crate::error::Kind::Resource => {
                    if !quiet {
                        eprintln!("note: frames in f64 run on the CPU backend ({e})");
                    }
                    engine::open(&BackendChoice::Cpu, precision)?
                }
                opened => opened?,
            },
            _ => engine::open(&backend, precision)?,
        };
        if let (Some(note), false) = (note, quiet) {
            eprintln!("note: {note}");
        }
        Ok(engine)
    });
    let out = request.out.clone().unwrap_or_else(|| {
        std::path::PathBuf::from("out").join(format!(
            "zoom-{}-{}",
            base.objective.slug(),
            base.optimizer.name()
        ))
    });
    // A shard writes its frames into its own directory; a whole zoom into `out`.
    let dir = match shard {
        Some(shard) => zoom::shard::prepare(&out, shard)?,
        None => {
            crate::output::prepare_dir(&out)?;
            crate::output::prepare_dir(&out.join("frames"))?;
            out.clone()
        }
    };
    let total: u64 = frames
        .iter()
        .enumerate()
        .filter(|(k, _)| keep(*k as u32))
        .map(|(_, f)| f)
        .map(|f| u64::from(f.spec.res[0]) * u64::from(f.spec.res[1]) * u64::from(f.spec.steps))
        .sum();
    let bar = progress::Bar::with_total(total, quiet);
    let records = zoom::run(&frames, keep, &mut engines, &bar, |k, _, done| {
        zoom::output::write_frame(&dir, k, map, done)
    })?;
    bar.finish();
    if let Some(shard) = shard {
        let count = records.len();
        zoom::shard::finish(&dir, shard, &spec, &base, args.fps, records)?;
        if !quiet {
            println!(
                "Zoom shard {} of {}: {count} of {} frames in {}; join the shards with `optgrid merge {} {}/shard-*`",
                shard.index,
                shard.count,
                frames.len(),
                dir.display(),
                out.display(),
                out.display()
            );
        }
        return Ok(());
    }
    let files = zoom::output::finish(&out, &spec, &frames, &records, args.fps)?;
    if !quiet {
        zoom_paragraph(&spec, &records, base.dimension, &files, &out);
    }
    Ok(())
}

/// What a finished zoom (whole or merged) says: frames, depth, the dimension by frame, files.
fn zoom_paragraph(
    spec: &crate::zoom::ZoomSpec,
    records: &[crate::zoom::FrameRecord],
    dimension: Option<crate::spec::sweep::LabelMap>,
    files: &[String],
    out: &std::path::Path,
) {
    use crate::spec::sweep::Precision;
    let f64_frames = records
        .iter()
        .filter(|r| r.precision == Precision::F64)
        .count();
    let dims: Vec<String> = records
        .iter()
        .filter_map(|r| r.boundary_dimension.as_ref())
        .map(|d| format!("{:.3}", d.dimension))
        .collect();
    println!(
        "Zoomed {} frames ({} in f64) over {:.1} decades into ({}, {}); {} boundary dimension by frame: {}",
        records.len(),
        f64_frames,
        records.last().map_or(0.0, |r| r.depth),
        spec.center[0],
        spec.center[1],
        dimension.unwrap_or(spec.map.boundary()).name(),
        if dims.is_empty() { "none (no boundary)".into() } else { dims.join(" ") }
    );
    println!("Wrote {} to {}", files.join(", "), out.display());
}

/// The step budget of a shard's instances, for its progress bar.
fn shard_steps(spec: &crate::spec::sweep::SweepSpec, shard: Shard) -> Result<u64> {
    let (_, plan) = run::plan(spec)?;
    let rows = shard.rows(plan.height()).len();
    Ok((rows * plan.width()) as u64 * u64::from(spec.steps))
}

/// Joins the shards of one sweep into a single run's files.
fn merge(args: MergeArgs) -> Result<()> {
    if args
        .shards
        .first()
        .is_some_and(|d| crate::zoom::shard::is_zoom_shard(d))
    {
        if args.outputs.is_some() {
            return Err(Error::input(
                "merge: --outputs chooses a sweep's files; a zoom's merge writes frames/, zoom.gif, zoom.mp4, dimension.png and zoom.json",
            ));
        }
        let merged = crate::zoom::shard::merge(&args.out, &args.shards)?;
        if !args.quiet {
            println!("Merged {} zoom shards.", args.shards.len());
            zoom_paragraph(
                &merged.zoom,
                &merged.frames,
                merged.dimension,
                &merged.files,
                &args.out,
            );
        }
        return Ok(());
    }
    let outputs = match &args.outputs {
        Some(text) => Outputs::parse(text)?,
        None => Outputs::ALL,
    };
    let bar = progress::Bar::with_total(0, args.quiet);
    let done = crate::shard::merge::merge(&args.out, &args.shards, outputs, &bar);
    bar.finish();
    let done = done?;
    if !args.quiet {
        println!(
            "Merged {} shards.\n{}",
            args.shards.len(),
            crate::output::summary::closing_paragraph(&done.summary, &args.out)
        );
    }
    Ok(())
}

/// Tunes every chosen optimizer, writes the leaderboard and the best settings' basin maps.
fn tune(args: TuneArgs) -> Result<()> {
    use crate::tune;
    if args.ranges {
        print!("{}", tune::search::describe_defaults());
        return Ok(());
    }
    let request = args.request()?;
    let spec = request.resolve()?;
    let backend = request.backend_choice()?;
    let out = request
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("out/tune-{}", spec.objective.slug())));
    let (mut engine, note) = engine::open(&backend, crate::spec::sweep::Precision::F32)?;
    crate::output::prepare_dir(&out)?;
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    let bar = progress::Bar::with_total(spec.budget(), args.quiet);
    let started = std::time::Instant::now();
    let results = tune::tune(&spec, engine.as_mut(), &bar, &crate::engine::Cancel::new())?;
    bar.finish();
    let seconds = started.elapsed().as_secs_f64();
    let board = tune::output::write(&spec, &results, &out)?;
    // The best settings' basin maps, as sweeps, on shared scales.
    let best_dir = out.join("best");
    crate::output::prepare_dir(&best_dir)?;
    let mut outcomes = Vec::new();
    for t in &results {
        let sweep = spec.best_sweep(t)?;
        let mut outcome = run::run(&sweep, engine.as_mut(), &crate::engine::Silent)?;
        let label = format!("opt={}", t.optimizer.name());
        outcome.write(&best_dir.join(&label))?;
        outcomes.push((label, outcome));
    }
    if outcomes.len() > 1 {
        let maps = run::maps(&outcomes);
        crate::output::sweep::write_sheet(&maps, &best_dir)?;
        // The gallery in the leaderboard's order, each tile named by its rank.
        let ranked: Vec<(String, crate::output::sweep::Map)> = board
            .entries
            .iter()
            .filter_map(|e| {
                // `maps` is in `results`' order, one per tuned optimizer.
                let k = results
                    .iter()
                    .position(|t| t.optimizer.name() == e.optimizer)?;
                Some((format!("{}. {}", e.rank, e.optimizer), maps[k].1))
            })
            .collect();
        let heading = format!(
            "{} optimizers on {}, each at its tuned best: where every start of a {}² grid ends in {} steps",
            ranked.len(),
            board.objective,
            maps[0].1.summary.width,
            board.steps
        );
        crate::output::write_png(
            &best_dir.join("gallery.png"),
            &crate::output::gallery::gallery(&ranked, &heading)?,
        )?;
    }
    if !args.quiet {
        print!("{}", tune::output::markdown(&board));
        let steps: u64 = results.iter().map(|t| t.instance_steps).sum();
        println!(
            "\n{} optimizers × {} trials × {} starts in {seconds:.1} s ({:.2e} instance-steps/s, {}). Files: {} (leaderboard.md, leaderboard.json, trials.npz, tune.png) and {} (each optimizer's basin map at its best setting{}).",
            results.len(),
            spec.trials,
            spec.starts,
            steps as f64 / seconds.max(1e-9),
            engine.info().backend,
            out.display(),
            best_dir.display(),
            if outcomes.len() > 1 { ", sheet.png, gallery.png" } else { "" }
        );
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
    if args.outputs {
        let res = args.res.unwrap_or(if args.quick { 1024 } else { 4096 });
        let most = crate::spec::sweep::MAX_SIDE;
        if !(1..=most).contains(&res) {
            return Err(Error::invalid("--res", res, format!("1 to {most}")));
        }
        let dir = args
            .out
            .clone()
            .unwrap_or_else(|| PathBuf::from("out/bench"));
        let costs = crate::bench::outputs::measure_outputs(res, 3, &dir.join("outputs"))?;
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&costs).map_err(|e| Error::internal(e.to_string()))?
            );
        } else {
            println!("Nanoseconds per instance, {res}² one-step Himmelblau map, CPU engine:");
            print!("{}", crate::bench::outputs::outputs_table(&costs));
        }
        return Ok(());
    }
    let mut workloads = crate::bench::standard_workloads(args.quick);
    if let Some(only) = &args.only {
        let ids: Vec<String> = only.split(',').map(|s| s.trim().to_uppercase()).collect();
        workloads.retain(|w| ids.contains(&w.id.to_string()));
        if workloads.is_empty() {
            return Err(Error::invalid(
                "--only",
                only,
                format!(
                    "workload ids among {}",
                    crate::bench::standard_workloads(true)
                        .iter()
                        .map(|w| w.id)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    if args.roofline {
        return roofline(&workloads, args.json);
    }
    let mut engines = crate::bench::engines()?;
    let mut measurements = Vec::new();
    for w in &workloads {
        for e in engines.iter_mut() {
            let m = crate::bench::measure(w, e.as_mut())?;
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
            serde_json::to_string_pretty(&measurements)
                .map_err(|e| Error::internal(e.to_string()))?
        );
    } else {
        print!("{}", crate::bench::table(&measurements));
    }
    Ok(())
}

/// `optgrid bench --roofline`: the peaks of every vector unit the CPU has, then each workload's
/// counted operations and its throughput on every backend, against the widest unit's peaks.
fn roofline(workloads: &[crate::bench::Workload], json: bool) -> Result<()> {
    use crate::bench::roofline::{self, Row};
    use crate::engine::cpu::Kernel;
    let mut kernels: Vec<Kernel> = Kernel::ALL
        .into_iter()
        .filter(|k| *k != Kernel::Portable && k.available())
        .collect();
    if kernels.is_empty() {
        kernels.push(Kernel::Portable);
    }
    let peaks: Vec<_> = kernels
        .iter()
        .map(|&k| {
            eprintln!("peaks of {}…", k.name());
            roofline::peaks(k)
        })
        .collect();
    let best = *peaks.last().expect("one kernel at least");
    let mut engines = crate::bench::labelled_engines(&kernels)?;
    let mut rows = Vec::new();
    for w in workloads {
        let per_step = roofline::count(&w.spec, 8)?;
        let examples = roofline::examples_per_step(&w.spec);
        for (label, e) in engines.iter_mut() {
            let m = crate::bench::measure(w, e.as_mut())?;
            let row = Row::new(label.clone(), &m, per_step, examples, &best);
            eprintln!(
                "{} on {}: {:.3e} instance-steps/s, {:.1}% of the f32 fma peak",
                row.workload,
                row.engine,
                row.instance_steps_per_second,
                100.0 * row.fraction_of_fma_peak
            );
            rows.push(row);
        }
    }
    if json {
        let out = serde_json::json!({ "peaks": peaks, "rows": rows });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| Error::internal(e.to_string()))?
        );
    } else {
        print!("{}", roofline::table(&peaks, &rows));
    }
    Ok(())
}

/// Serves the viewer and its API until the process ends.
fn serve(args: ServeArgs) -> Result<()> {
    use crate::serve::{ServeOptions, Server};
    let server = Server::bind(ServeOptions {
        host: args.host.clone(),
        port: args.port,
        backend: BackendChoice::from_flags(
            args.engine.backend.as_deref(),
            args.engine.adapter.as_deref(),
            args.engine.devices.as_deref(),
        )?,
        max_res: args.max_res,
        max_steps: args.max_steps,
        ..ServeOptions::default()
    })?;
    let url = server.url();
    if let Some(note) = &server.note {
        eprintln!("note: {note}");
    }
    if !server.is_loopback() {
        eprintln!(
            "warning: listening on {} — anyone who can reach this machine can use its GPU and CPU through this server",
            args.host
        );
    }
    println!(
        "optgrid serve: {url}  (limits: {} per side, {} steps, 1 MiB bodies; Ctrl-C stops)",
        args.max_res, args.max_steps
    );
    use std::io::Write;
    let _ = std::io::stdout().flush();
    if args.open {
        let _ = std::process::Command::new("xdg-open")
            .arg(&url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
    server.run();
    Ok(())
}

/// The composed WGSL of one pipeline, headed by the override constants to create it with.
fn shader(args: ShaderArgs) -> Result<()> {
    use crate::spec::request::Request;
    let request = Request {
        objective: Some(args.objective.clone()),
        opt: Some(crate::spec::request::Names::One(args.optimizer.clone())),
        criterion: args.criterion.clone(),
        early_stop: args.no_early_stop.then_some(false),
        quadratic: args
            .quadratic
            .as_deref()
            .map(|q| args::pair("quadratic coefficients (--quadratic)", q))
            .transpose()?,
        res: Some(crate::spec::request::Resolution::Square(1)),
        ..Request::default()
    };
    let panels = request.panels()?;
    if panels.len() != 1 {
        return Err(Error::input("shader: give one optimizer (--opt NAME)"));
    }
    if !(1..=1024).contains(&args.workgroup_size) {
        return Err(Error::invalid(
            "workgroup size (--workgroup-size)",
            args.workgroup_size,
            "1 to 1024",
        ));
    }
    let target = engine::gpu::translate::Target::from_name(&args.target)?;
    if target.is_binary() && args.out.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::input(
            "shader --target spirv: SPIR-V is binary; give --out FILE or redirect standard output",
        ));
    }
    let plan = Plan::from_spec(&panels[0].spec)?;
    let constants = engine::gpu::pipeline::override_constants(&plan, args.workgroup_size);
    let source = engine::gpu::shader::compose(plan.objective.kind, plan.update());
    let kernel = engine::gpu::translate::translate(&source, &constants, target)?;
    let title = format!(
        "optgrid {} sweep kernel: {} × {}",
        env!("CARGO_PKG_VERSION"),
        plan.objective.kind.name().replace('\n', " "),
        plan.update().label()
    );
    let constants: Vec<String> = constants
        .iter()
        .map(|(name, value)| format!("//   {name} = {value}"))
        .collect();
    let header = match target {
        engine::gpu::translate::Target::Wgsl => format!(
            "// {title}\n// Create the compute pipeline (entry point `main`) with these override constants:\n{}\n\n",
            constants.join("\n")
        ),
        _ => format!(
            "// {title}\n// {}, translated by naga with these override constants fixed:\n{}\n\n",
            target.language(),
            constants.join("\n")
        ),
    };
    let bytes = match kernel {
        engine::gpu::translate::Translated::Text(text) => (header + &text).into_bytes(),
        words => words.into_bytes(),
    };
    match &args.out {
        Some(path) => crate::output::write_atomic(path, &bytes)?,
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| Error::cannot_write(std::path::Path::new("standard output"), e))?;
        }
    }
    Ok(())
}

fn trace(args: TraceArgs) -> Result<()> {
    let request = args.request()?;
    let from = args.sweep_pixel()?;
    let traced = trace::race(&request, from.as_ref().map(|(d, p)| (d.as_path(), *p)))?;
    let out = request.out.clone().unwrap_or_else(|| traced.default_out());
    let summary = traced.write(&out)?;
    if !args.common.quiet {
        println!(
            "{}\n{}",
            summary.title,
            trace::output::results_table(&summary.results)
        );
        println!("Wrote {} to {}", trace::FILES.join(", "), out.display());
    }
    Ok(())
}

fn scaling(args: BenchArgs) -> Result<()> {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out/bench"));
    crate::output::prepare_dir(&out)?;
    let max_instances =
        args.max_instances
            .unwrap_or(if args.quick { 1_000_000 } else { 10_000_000 });
    let max_steps = if args.quick { 1000 } else { 10_000 };
    let mut points = Vec::new();
    for mut engine in crate::bench::engines()? {
        let mut report = |p: &crate::bench::ScalePoint| {
            eprintln!(
                "{:<4} {:>10} instances × {:>6} steps: {:.3e} instance-steps/s",
                p.backend, p.instances, p.steps, p.instance_steps_per_second
            );
        };
        points.extend(crate::bench::scaling(
            engine.as_mut(),
            max_instances,
            max_steps,
            &mut report,
        )?);
    }
    crate::output::write_atomic(
        &out.join("scaling.csv"),
        crate::bench::scaling_csv(&points).as_bytes(),
    )?;
    crate::output::write_png(
        &out.join("scaling.png"),
        &crate::bench::plot::draw(&points)?,
    )?;
    println!("Wrote scaling.csv and scaling.png to {}", out.display());
    Ok(())
}
