//! The CPU reference engine: every instance on all cores, in f32 (the shader's arithmetic) or
//! f64 (the truth).

use super::{Engine, Phases, Progress, RunInfo};
use crate::error::Result;
use crate::instance::Instance;
use crate::plan::Plan;
use crate::real::Real;
use crate::records::{Outcome, Records};
use crate::sweep::Precision;
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// The CPU backend in a chosen precision.
pub struct CpuEngine {
    pub precision: Precision,
    last_seconds: f64,
}

impl CpuEngine {
    pub fn new(precision: Precision) -> Self {
        CpuEngine {
            precision,
            last_seconds: 0.0,
        }
    }
}

impl Engine for CpuEngine {
    fn info(&self) -> RunInfo {
        RunInfo {
            backend: "cpu".into(),
            device: format!("CPU reference, {} threads", rayon::current_num_threads()),
            precision: self.precision.name().into(),
            compile_seconds: 0.0,
            phases: Phases {
                compute_seconds: self.last_seconds,
                ..Phases::default()
            },
        }
    }

    fn run(&mut self, plan: &Plan, progress: &dyn Progress) -> Result<Records> {
        let started = std::time::Instant::now();
        let records = match self.precision {
            Precision::F32 => run_all::<f32>(plan, progress),
            Precision::F64 => run_all::<f64>(plan, progress),
        };
        self.last_seconds = started.elapsed().as_secs_f64();
        Ok(records)
    }
}

/// Instances handed to one rayon task: large enough to amortize scheduling and progress calls.
const CHUNK: usize = 1024;

fn run_all<F: Real>(plan: &Plan, progress: &dyn Progress) -> Records {
    let checks = plan.checks::<F>();
    let executed = AtomicU64::new(0);
    let mut outcomes = vec![
        Outcome {
            x: 0.0,
            y: 0.0,
            loss: 0.0,
            steps: -1,
            status: crate::instance::Status::NotConverged,
        };
        plan.instances()
    ];
    outcomes
        .par_chunks_mut(CHUNK)
        .enumerate()
        .for_each(|(chunk, out)| {
            let mut steps = 0u64;
            for (k, o) in out.iter_mut().enumerate() {
                let (start, hyper) = plan.instance::<F>(chunk * CHUNK + k);
                let mut inst =
                    Instance::start(&plan.objective, plan.optimizer, &hyper, start, &checks);
                inst.advance(
                    &plan.objective,
                    plan.optimizer,
                    &hyper,
                    &checks,
                    plan.early_stop,
                    plan.steps,
                );
                steps += u64::from(inst.t);
                *o = Outcome {
                    x: inst.pos[0].to_f64_exact(),
                    y: inst.pos[1].to_f64_exact(),
                    loss: plan
                        .objective
                        .value(inst.pos[0], inst.pos[1])
                        .to_f64_exact(),
                    steps: inst.steps_to_converge,
                    status: inst.status(),
                };
            }
            executed.fetch_add(steps, Ordering::Relaxed);
            progress.advance(steps);
        });
    Records::from_outcomes(plan, &outcomes, executed.into_inner())
}
