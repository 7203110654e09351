//! `optgrid tune`: a fair hyperparameter search for every optimizer at once. Each optimizer's
//! trials (Halton points over its search ranges, [`search`]) all run from the same start points
//! with the same budget and criterion — one engine run per optimizer, trials as rows and starts
//! as columns, the rows' hyperparameters a small per-trial table ([`Drive`]) — and are scored
//! ([`score`]) into a leaderboard ([`output`]).

pub mod opening;
pub mod output;
pub mod score;
pub mod search;

use crate::engine::{Cancel, Engine, Job, Progress};
use crate::error::{Error, Result};
use crate::model::hyper::slot;
use crate::model::objective::ObjectiveKind;
use crate::model::optimizer::Optimizer;
use crate::records::Records;
use crate::spec::plan::{Drive, Plan};
use crate::spec::request::Names;
use crate::spec::sweep::{SweepSpec, MAX_IN_MEMORY};
use score::{ScoreKind, TrialScore};
use search::Dimension;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Most trials and starts per optimizer.
const MAX_TRIALS: u32 = 1 << 20;
const MAX_STARTS: u32 = 1 << 16;

/// A tuning run as the user describes it (flags or a config file; all optional but `fn`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TuneRequest {
    /// A built-in objective's name, or a formula in x and y.
    #[serde(rename = "fn")]
    pub objective: Option<String>,
    /// A formula's domain and, optionally, its minima (as for a sweep).
    pub domain: Option<crate::spec::request::DomainText>,
    pub minima: Option<crate::spec::request::MinimaText>,
    /// Optimizers, or `all` (the default).
    pub opt: Option<Names>,
    pub quadratic: Option<[f64; 2]>,
    pub trials: Option<u32>,
    pub starts: Option<u32>,
    pub steps: Option<u32>,
    /// `NAME=LO:HI[:log]` or `NAME=VALUE` items, comma separated.
    pub search: Option<String>,
    pub score: Option<String>,
    pub seed: Option<u64>,
    pub tol: Option<f64>,
    pub criterion: Option<String>,
    /// Resolution of the best settings' basin maps (`best/`).
    pub best_res: Option<u32>,
    pub backend: Option<String>,
    /// One GPU adapter by index or name (`optgrid devices`).
    pub adapter: Option<String>,
    /// Several GPU adapters sharing the trials: `all` or a list.
    pub devices: Option<String>,
    pub out: Option<PathBuf>,
}

/// A tuning run, checked and resolved.
#[derive(Debug, Clone)]
pub struct TuneSpec {
    pub objective: ObjectiveKind,
    pub quadratic: Option<[f64; 2]>,
    pub optimizers: Vec<Optimizer>,
    pub trials: u32,
    pub starts: u32,
    pub steps: u32,
    pub score: ScoreKind,
    pub seed: u64,
    pub tol: f64,
    pub criterion: String,
    pub best_res: u32,
    /// Per optimizer, its dimensions (searched, or fixed where lo = hi).
    pub dimensions: Vec<Vec<Dimension>>,
}

impl TuneRequest {
    pub fn from_file(path: &Path) -> Result<TuneRequest> {
        crate::spec::request::read_config(path)
    }

    /// This request with every field `over` sets taken from `over`.
    pub fn overridden_by(mut self, over: TuneRequest) -> TuneRequest {
        crate::spec::take_given!(self, over;
            objective, domain, minima, opt, quadratic, trials, starts, steps, search, score, seed, tol, criterion,
            best_res, backend, adapter, devices, out
        );
        self
    }

    /// The engine the request's backend fields choose.
    pub fn backend_choice(&self) -> Result<crate::engine::BackendChoice> {
        crate::engine::BackendChoice::from_flags(
            self.backend.as_deref(),
            self.adapter.as_deref(),
            self.devices.as_deref(),
        )
    }

    /// Checks every field.
    pub fn resolve(&self) -> Result<TuneSpec> {
        let name = self.objective.as_deref().ok_or_else(|| {
            Error::input(format!(
                "no objective: give --fn NAME, one of {}, or a formula in x and y",
                ObjectiveKind::names()
            ))
        })?;
        let objective = ObjectiveKind::resolve(
            name,
            self.domain.as_ref().map(|d| d.0),
            self.minima.as_ref().map(|m| m.0.as_slice()),
        )?;
        let optimizers = match &self.opt {
            None => Optimizer::ALL.to_vec(),
            Some(n) if n.list() == ["all"] => Optimizer::ALL.to_vec(),
            Some(n) => {
                let list = n
                    .list()
                    .iter()
                    .map(|o| Optimizer::from_name(o))
                    .collect::<Result<Vec<_>>>()?;
                // Each optimizer once: its files and its row of the leaderboard are by name.
                let mut list = list;
                let mut seen = std::collections::HashSet::new();
                list.retain(|o| seen.insert(*o));
                if list.is_empty() {
                    return Err(Error::invalid(
                        "opt (--opt)",
                        "an empty list",
                        format!("all, or names among {}", Optimizer::names()),
                    ));
                }
                list
            }
        };
        let count = |field: &str, v: Option<u32>, default: u32, max: u32| -> Result<u32> {
            let v = v.unwrap_or(default);
            if v == 0 || v > max {
                return Err(Error::invalid(field, v, format!("1 to {max}")));
            }
            Ok(v)
        };
        let trials = count("trials (--trials)", self.trials, 4096, MAX_TRIALS)?;
        let starts = count("starts (--starts)", self.starts, 64, MAX_STARTS)?;
        if u64::from(trials) * u64::from(starts) > MAX_IN_MEMORY {
            return Err(Error::invalid(
                "trials × starts",
                format!("{trials} × {starts}"),
                format!("at most {MAX_IN_MEMORY} instances per optimizer"),
            ));
        }
        let overrides = match &self.search {
            Some(s) => search::parse_search(s, &optimizers)?,
            None => Vec::new(),
        };
        let dimensions = optimizers
            .iter()
            .map(|&o| search::dimensions(o, &overrides))
            .collect();
        let spec = TuneSpec {
            objective,
            quadratic: self.quadratic,
            optimizers,
            trials,
            starts,
            steps: self.steps.unwrap_or(1000),
            score: ScoreKind::from_name(self.score.as_deref().unwrap_or("converged"))?,
            seed: self.seed.unwrap_or(0),
            tol: self.tol.unwrap_or(1e-2),
            criterion: self.criterion.clone().unwrap_or_else(|| "distance".into()),
            best_res: count("best_res (--best-res)", self.best_res, 128, 2048)?,
            dimensions,
        };
        // Every optimizer's sweep validates as a sweep would (steps, tol, criterion, seed...).
        for k in 0..spec.optimizers.len() {
            spec.plan(k)?;
        }
        Ok(spec)
    }
}

impl TuneSpec {
    /// The sweep spec behind optimizer `k`'s run: one column per start, one row per trial.
    pub fn sweep_spec(&self, k: usize) -> Result<SweepSpec> {
        let mut spec = SweepSpec::new(self.objective, self.optimizers[k]);
        if self.quadratic.is_some() {
            spec.quadratic = self.quadratic;
        }
        spec.res = [self.starts, self.trials];
        spec.steps = self.steps;
        spec.tol = self.tol;
        spec.seed = self.seed;
        spec.criterion = crate::model::criterion::CriterionKind::from_name(&self.criterion)?;
        spec.complete();
        Ok(spec)
    }

    /// Optimizer `k`'s plan: the starts drive (x0, y0) per column, the trial table its
    /// dimensions per row.
    pub fn plan(&self, k: usize) -> Result<Plan> {
        let dims = &self.dimensions[k];
        let plan = Plan::from_spec(&self.sweep_spec(k)?)?;
        let starts = search::starts(self.starts as usize, self.objective.domain(), self.seed);
        let table = search::trial_table(dims, self.trials as usize, self.seed);
        Ok(plan.with_drives([
            Drive {
                slots: vec![slot::X0, slot::Y0],
                values: starts,
            },
            Drive {
                slots: dims.iter().map(|d| d.slot).collect(),
                values: table,
            },
        ]))
    }

    /// The sweep of optimizer `t`'s best setting: a basin map over the domain at `best_res`.
    pub fn best_sweep(&self, t: &Tuned) -> Result<SweepSpec> {
        let k = self
            .optimizers
            .iter()
            .position(|&o| o == t.optimizer)
            .expect("a tuned optimizer is one of the spec's");
        let mut spec = self.sweep_spec(k)?;
        spec.res = [self.best_res, self.best_res];
        for (name, v) in t.best_setting() {
            spec.params.insert(
                name.to_string(),
                if spec.optimizer.hyper(name)?.range == crate::model::hyper::Range::Flag {
                    crate::spec::sweep::ParamValue::Flag(v != 0.0)
                } else {
                    crate::spec::sweep::ParamValue::Number(v)
                },
            );
        }
        Ok(spec)
    }

    /// Instance-steps of the whole run at most (for the progress bar).
    pub fn budget(&self) -> u64 {
        self.optimizers.len() as u64
            * u64::from(self.trials)
            * u64::from(self.starts)
            * u64::from(self.steps)
    }
}

/// One optimizer's tuning: its trials, their scores, the best one.
#[derive(Debug, Clone)]
pub struct Tuned {
    pub optimizer: Optimizer,
    pub dimensions: Vec<Dimension>,
    /// `trials × dimensions.len()` values, row-major.
    pub table: Vec<f64>,
    pub scores: Vec<TrialScore>,
    pub best: usize,
    pub forgiving: f64,
    pub instance_steps: u64,
    pub seconds: f64,
}

impl Tuned {
    /// The best trial's value of every dimension.
    pub fn best_setting(&self) -> Vec<(&'static str, f64)> {
        let n = self.dimensions.len();
        self.dimensions
            .iter()
            .zip(&self.table[self.best * n..(self.best + 1) * n])
            .map(|(d, &v)| (d.name, v))
            .collect()
    }

    pub fn best_score(&self) -> &TrialScore {
        &self.scores[self.best]
    }
}

/// Runs every optimizer's trials on `engine`; results in the order of `spec.optimizers`. Stops
/// with a cancelled error between chunks once `cancel` is set.
pub fn tune(
    spec: &TuneSpec,
    engine: &mut dyn Engine,
    progress: &dyn Progress,
    cancel: &Cancel,
) -> Result<Vec<Tuned>> {
    let mut out = Vec::new();
    for k in 0..spec.optimizers.len() {
        let plan = spec.plan(k)?;
        let started = std::time::Instant::now();
        let job = Job::new(&plan).progress(progress).cancel(cancel.clone());
        let records: Records = engine.run_job(&job)?;
        let seconds = started.elapsed().as_secs_f64();
        let scores = score::score_trials(&records, spec.steps, plan.global_value(), spec.score);
        let best = score::best(&scores, spec.score);
        out.push(Tuned {
            optimizer: spec.optimizers[k],
            dimensions: spec.dimensions[k].clone(),
            table: plan.drives[1].values.clone(),
            forgiving: score::forgiving(&scores, &scores[best], spec.score),
            scores,
            best,
            instance_steps: records.steps_executed,
            seconds,
        });
    }
    Ok(out)
}

/// The optimizers ranked best first.
pub fn ranked(results: &[Tuned], kind: ScoreKind) -> Vec<&Tuned> {
    let mut r: Vec<&Tuned> = results.iter().collect();
    r.sort_by(|a, b| {
        if score::better(a.best_score(), b.best_score(), kind) {
            std::cmp::Ordering::Less
        } else if score::better(b.best_score(), a.best_score(), kind) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    r
}
