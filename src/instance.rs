//! One optimizer instance from start to stop: the per-instance semantics every engine shares.
//!
//! WGSL twin: the body of `main` in `shaders/sweep.wgsl`, which runs the same loop a chunk of
//! steps per dispatch with the instance kept in storage buffers between dispatches.

use crate::criterion::Checks;
use crate::hyper::Hyper;
use crate::objective::Objective;
use crate::optimizer::{step, Optimizer, State};
use crate::real::Real;
use serde::Serialize;

/// How an instance ended. The numbers are the `status` codes of `result.npz` and the shader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Status {
    /// Budget used up without meeting the criterion.
    NotConverged = 0,
    /// Met the criterion at some step (kept even if it later wandered off without diverging).
    Converged = 1,
    /// A non-finite value appeared or the iterate left the bound; frozen at its last good point.
    Diverged = 2,
}

impl Status {
    pub fn from_code(code: u32) -> Status {
        match code {
            1 => Status::Converged,
            2 => Status::Diverged,
            _ => Status::NotConverged,
        }
    }
}

/// The whole of one instance between steps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Instance<F> {
    pub pos: [F; 2],
    pub state: State<F>,
    /// Steps taken so far.
    pub t: u32,
    /// The first step at which the criterion held (0: already at the start), or −1.
    pub steps_to_converge: i32,
    pub diverged: bool,
}

impl<F: Real> Instance<F> {
    /// An instance at its start point, with the start itself checked for convergence.
    pub fn start(
        objective: &Objective,
        optimizer: Optimizer,
        hyper: &Hyper<F>,
        start: [F; 2],
        checks: &Checks<F>,
    ) -> Self {
        Instance {
            pos: start,
            state: State::new(optimizer, hyper),
            t: 0,
            steps_to_converge: if checks.converged(objective, start) {
                0
            } else {
                -1
            },
            diverged: false,
        }
    }

    /// Whether it will take no more steps (the budget aside).
    #[inline(always)]
    pub fn stopped(&self, early_stop: bool) -> bool {
        self.diverged || (early_stop && self.steps_to_converge >= 0)
    }

    /// Runs steps until `t` reaches `until` or the instance stops.
    #[inline(always)]
    pub fn advance(
        &mut self,
        objective: &Objective,
        optimizer: Optimizer,
        hyper: &Hyper<F>,
        checks: &Checks<F>,
        early_stop: bool,
        until: u32,
    ) {
        while self.t < until && !self.stopped(early_stop) {
            let t = self.t + 1;
            let g = objective.gradient(self.pos[0], self.pos[1]);
            let mut next = self.pos;
            step(optimizer, hyper, t, &mut next, g, &mut self.state);
            self.t = t;
            if checks.diverged(next, self.state.checksum()) {
                self.diverged = true;
                break;
            }
            self.pos = next;
            if self.steps_to_converge < 0 && checks.converged(objective, next) {
                self.steps_to_converge = t as i32;
            }
        }
    }

    pub fn status(&self) -> Status {
        if self.diverged {
            Status::Diverged
        } else if self.steps_to_converge >= 0 {
            Status::Converged
        } else {
            Status::NotConverged
        }
    }
}
