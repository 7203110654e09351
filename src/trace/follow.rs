//! Following one instance step by step: every iterate with its loss, gradient norm and effective
//! step size, through the same per-instance code the sweep engines run
//! ([`Instance::advance`], one step at a time), so a traced instance ends exactly where the CPU
//! sweep engine says it ends.

use crate::model::hyper::Hyper;
use crate::model::instance::{Instance, Status};
use crate::model::num::{Num, Real};
use crate::model::optimizer::{companion, effective_step, evaluations, Optimizer};
use crate::spec::plan::Plan;
use crate::spec::sweep::Precision;
use serde::Serialize;

/// One recorded iterate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub step: u32,
    pub x: f64,
    pub y: f64,
    pub loss: f64,
    pub grad_norm: f64,
    /// The objective's evaluations so far: one a step, L-BFGS's own count (its line search
    /// and inner iterations evaluate it several times a step).
    pub evaluations: u64,
    /// Effective per-coordinate step size of the step that led here (learning rate at step 0).
    pub step_size: [f64; 2],
    /// The point the rule keeps beside its iterate after this step, with its name (ASGD's
    /// running average `ax`, Schedule-Free's gradient point `y`); not at the start.
    pub companion: Option<(&'static str, [f64; 2])>,
}

/// The whole path of one instance.
#[derive(Debug, Clone)]
pub struct Trajectory {
    pub optimizer: Optimizer,
    pub label: String,
    pub points: Vec<Point>,
    pub steps_to_converge: i32,
    pub status: Status,
}

impl Trajectory {
    pub fn last(&self) -> &Point {
        self.points.last().expect("a trajectory holds its start")
    }

    /// Mean distance moved per step.
    pub fn average_step_length(&self) -> f64 {
        let n = self.points.len().saturating_sub(1).max(1) as f64;
        self.points
            .windows(2)
            .map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y))
            .sum::<f64>()
            / n
    }
}

/// Follows instance `index` of `plan` step by step, in the plan's precision.
pub fn follow(plan: &Plan, index: usize, precision: Precision) -> Trajectory {
    match precision {
        Precision::F32 => follow_in::<f32>(plan, index),
        Precision::F64 => follow_in::<f64>(plan, index),
    }
}

fn follow_in<F: Real>(plan: &Plan, index: usize) -> Trajectory {
    let checks = plan.checks::<F>();
    let (start, hyper): ([F; 2], Hyper<F>) = plan.instance(index);
    let f = &plan.objective;
    let point = |inst: &Instance<F>| {
        let g = f.gradient(inst.pos[0], inst.pos[1]);
        let size = if inst.t == 0 {
            let lr = |base| plan.schedule.lr(base, &hyper, 1);
            [lr(hyper.lr_x), lr(hyper.lr_y)]
        } else {
            let scheduled = plan.schedule.at(&hyper, inst.t);
            effective_step(plan.optimizer, &scheduled, inst.t, &inst.state)
        };
        Point {
            step: inst.t,
            x: inst.pos[0].to_f64_exact(),
            y: inst.pos[1].to_f64_exact(),
            loss: f.value(inst.pos[0], inst.pos[1]).to_f64_exact(),
            grad_norm: Num::sqrt(g[0] * g[0] + g[1] * g[1]).to_f64_exact(),
            evaluations: evaluations(plan.optimizer, inst.t, &inst.state),
            step_size: size.map(|s| s.to_f64_exact()),
            // The rule's companion point, or Lookahead's slow weights.
            companion: companion(plan.optimizer, &inst.state)
                .or_else(|| plan.lookahead.then_some(("slow", inst.slow)))
                .filter(|_| inst.t > 0)
                .map(|(name, p)| (name, p.map(|v| v.to_f64_exact()))),
        }
    };
    let rules = plan.rules(&hyper, &checks, index as u32);
    let mut inst = Instance::start(&rules, start);
    let mut points = vec![point(&inst)];
    while inst.t < plan.steps && inst.running {
        inst.advance(&rules, inst.t + 1);
        if inst.diverged {
            break; // frozen at its last finite point, which is already recorded
        }
        points.push(point(&inst));
    }
    Trajectory {
        optimizer: plan.optimizer,
        label: plan.update().label(),
        points,
        steps_to_converge: inst.steps_to_converge,
        status: inst.status(0),
    }
}
