//! The learning rate a map opens at: per optimizer, the one under which the most starts over the
//! objective's domain end somewhere a basin map shows — settled in a minimum's basin, the
//! global one counting twice — within a budget. A quick tuning run of the learning rate alone
//! (its search range from the quantity table, every other hyperparameter at its default). The
//! viewer opens each objective, built-in or typed, there instead of at torch's default, which on
//! most domains and budgets leaves every start unsettled: a black square.

use super::score::ScoreKind;
use super::search::default_range;
use super::TuneSpec;
use crate::engine::{Engine, Job};
use crate::error::Result;
use crate::model::criterion::CriterionKind;
use crate::model::instance::Status;
use crate::model::objective::{Objective, ObjectiveKind};
use crate::model::optimizer::Optimizer;
use serde::Serialize;

/// Learning rates tried per optimizer, and starts each is tried from (an 8 × 8 grid).
const TRIALS: u32 = 20;
const STARTS: u32 = 64;

/// One optimizer's opening learning rate.
#[derive(Debug, Clone, Serialize)]
pub struct Opening {
    pub optimizer: &'static str,
    pub lr: f64,
    /// The shares of the starts settled in a basin, and converged, there.
    pub settled: f64,
    pub converged: f64,
}

/// Every optimizer's opening learning rate on `objective` for a budget of `steps`, on `engine`.
pub fn learning_rates(
    objective: ObjectiveKind,
    steps: u32,
    engine: &mut dyn Engine,
) -> Result<Vec<Opening>> {
    let optimizers = Optimizer::ALL.to_vec();
    let dimensions = optimizers
        .iter()
        .map(|o| {
            let lr = o.hyper("lr").expect("every optimizer has a learning rate");
            vec![default_range(&lr).expect("lr is searched")]
        })
        .collect();
    // A formula with no minimum found converges on its gradient, as its sweeps do.
    let criterion = if Objective::new(objective).minima().is_empty() {
        CriterionKind::Gradient
    } else {
        CriterionKind::Distance
    };
    let spec = TuneSpec {
        objective,
        quadratic: None,
        optimizers,
        trials: TRIALS,
        starts: STARTS,
        steps,
        score: ScoreKind::Converged,
        seed: 0,
        tol: 1e-2,
        criterion: criterion.name().into(),
        best_res: 8,
        dimensions,
    };
    let mut out = Vec::new();
    for (k, &opt) in spec.optimizers.iter().enumerate() {
        let plan = spec.plan(k)?;
        let records = engine.run_job(&Job::new(&plan))?;
        let starts = STARTS as usize;
        let share = |row: usize, keep: &dyn Fn(usize) -> bool| {
            (row * starts..(row + 1) * starts)
                .filter(|&i| keep(i))
                .count() as f64
                / starts as f64
        };
        let (lr, settled, converged) = (0..TRIALS as usize)
            .map(|row| {
                let settled = share(row, &|i| {
                    records.status[i] != Status::Diverged && records.basin[i] >= 0
                });
                let converged = share(row, &|i| records.status[i] == Status::Converged);
                (plan.drives[1].values[row], settled, converged)
            })
            .max_by(|a, b| {
                (a.1 + a.2)
                    .total_cmp(&(b.1 + b.2))
                    .then(b.0.total_cmp(&a.0))
            })
            .expect("trials");
        out.push(Opening {
            optimizer: opt.name(),
            lr,
            settled,
            converged,
        });
    }
    Ok(out)
}
