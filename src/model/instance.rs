//! One optimizer instance — or N of them in lockstep lanes — from start to stop: the
//! per-instance semantics every engine shares.
//!
//! WGSL twin: `advance` in `shaders/sweep.wgsl`, which runs the same loop a chunk of steps per
//! dispatch with the instance kept in storage buffers between dispatches.

use crate::model::criterion::Checks;
use crate::model::hyper::Hyper;
use crate::model::num::{Mask, Num};
use crate::model::objective::Objective;
use crate::model::optimizer::lbfgs::{self, Settings};
use crate::model::optimizer::state::{words, Kept, LbfgsState};
use crate::model::optimizer::step::gradient_point;
use crate::model::optimizer::wrapper::lookahead;
use crate::model::optimizer::{evaluations, step, Optimizer, State};
use crate::model::schedule::Schedule;
use crate::model::stochastic::{perturb, Draws};
use crate::model::trainability::Trainability;
use serde::Serialize;

/// What an instance runs under, fixed for the whole run: the problem, the update rule with its
/// hyperparameters and schedule, the tests, and — when the gradient is stochastic — where its
/// draws come from.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a, T: Num> {
    pub objective: &'a Objective,
    pub optimizer: Optimizer,
    /// Whether Lookahead wraps the optimizer ([`crate::model::optimizer::wrapper`]).
    pub lookahead: bool,
    pub schedule: Schedule,
    pub hyper: &'a Hyper<T>,
    pub checks: &'a Checks<T::Scalar>,
    pub early_stop: bool,
    /// Whether the gradient gets noise and sparsity (on anywhere in the sweep).
    pub perturb: bool,
    /// A data objective's minibatch size (0: the full-data gradient).
    pub batch: u32,
    /// Where the random draws come from: the key and each lane's instance index.
    pub draws: Draws<T::Bits>,
    /// Whether each step records its loss for the trainability score, and the budget of steps
    /// the score is over.
    pub trainability: bool,
    pub budget: u32,
}

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
    /// Every status, by code.
    pub const ALL: [Status; 3] = [Status::NotConverged, Status::Converged, Status::Diverged];

    /// Its name in files and the shader (`STATUS_NOT_CONVERGED`).
    pub fn name(self) -> &'static str {
        match self {
            Status::NotConverged => "not_converged",
            Status::Converged => "converged",
            Status::Diverged => "diverged",
        }
    }

    pub fn from_code(code: u32) -> Status {
        match code {
            1 => Status::Converged,
            2 => Status::Diverged,
            _ => Status::NotConverged,
        }
    }
}

/// The whole of one instance (T a scalar) or of N instances (T lanes) between steps.
///
/// Lanes step together; a lane that has stopped keeps its values (each step's results are
/// blended in only where a lane is still running), so every lane ends exactly as the same
/// instance run alone would.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance<T: Num> {
    pub pos: [T; 2],
    pub state: State<T>,
    /// Lookahead's slow weights (the start point until its first sync; untouched unless the
    /// rules wrap the optimizer).
    pub slow: [T; 2],
    /// This step's slow weights, before the lanes that stopped are left out.
    slow_next: [T; 2],
    /// Steps the lockstep loop has run.
    pub t: u32,
    /// Steps each lane took before it stopped.
    pub taken: T::Ints,
    /// The first step at which the criterion held (0: already at the start), or −1.
    pub steps_to_converge: T::Ints,
    pub diverged: T::Mask,
    /// Lanes that will take further steps (the budget aside).
    pub running: T::Mask,
    /// The trainability score's sums (untouched unless the rules ask for it).
    pub score: Trainability<T>,
    /// L-BFGS's step pairs, lane after lane (`lbfgs::history_words` each); empty for every
    /// other rule.
    pub history: Vec<T::Scalar>,
}

impl<T: Num> Instance<T> {
    /// Instances at their start points, with the starts themselves checked for convergence.
    pub fn start(r: &Rules<T>, start: [T; 2]) -> Self {
        let at_start = r.checks.converged(r.objective, start);
        Instance {
            pos: start,
            state: State::new(r.optimizer, r.hyper),
            slow: start,
            slow_next: start,
            t: 0,
            taken: T::ints(0),
            steps_to_converge: T::ints_select(at_start, 0, T::ints(-1)),
            diverged: T::Mask::splat(false),
            running: !(at_start & T::Mask::splat(r.early_stop)),
            score: Trainability::start(if r.trainability {
                r.objective.value(start[0], start[1])
            } else {
                T::c(1.0)
            }),
            history: if r.optimizer == Optimizer::Lbfgs {
                let words = lbfgs::history_words(lbfgs::history_size(r.hyper));
                vec![<T::Scalar as num_traits::Zero>::zero(); words * T::LANES]
            } else {
                Vec::new()
            },
        }
    }

    /// Runs steps until `t` reaches `until` or every lane has stopped.
    #[inline(always)]
    pub fn advance(&mut self, r: &Rules<T>, until: u32) {
        let (objective, checks) = (r.objective, r.checks);
        let early = T::Mask::splat(r.early_stop);
        // The words of state the rule uses: all a step can change.
        let used = words(r.optimizer.info().state);
        let mut kept = Kept::default();
        // Whole-bundle facts, kept as booleans so that a step reduces over its lanes as seldom
        // as it can (each is a few dependent instructions ahead of a branch): whether every lane,
        // and whether any lane, still runs; and whether a lane may yet meet the criterion (once
        // none can, none ever will: lanes only become decided, and only stop).
        let (mut all_running, mut any_running) = (self.running.all(), self.running.any());
        let mut deciding = true;
        while self.t < until && any_running {
            let t = self.t + 1;
            if r.trainability {
                let value = objective.value(self.pos[0], self.pos[1]);
                self.score.record(value, t, r.budget, self.running);
            }
            let at = gradient_point(r.optimizer, t, self.pos, &self.state);
            let mut g = if r.batch > 0 {
                objective.dataset().batch_gradient(at, &r.draws, t, r.batch)
            } else {
                objective.gradient(at[0], at[1])
            };
            if r.perturb {
                g = perturb(g, r.hyper, &r.draws, t);
            }
            let scheduled;
            let hyper = if r.schedule == Schedule::Constant {
                r.hyper
            } else {
                scheduled = r.schedule.at(r.hyper, t);
                &scheduled
            };
            let mut next = self.pos;
            // The rule steps the state in place; its words from before are kept for the lanes
            // that turn out not to move.
            self.state.keep(used, &mut kept);
            let checksum = if r.optimizer == Optimizer::Lbfgs {
                let mut state = self.state;
                let checksum = self.lbfgs_step(r.objective, hyper, g, &mut next, &mut state);
                self.state = state;
                checksum
            } else {
                step(r.optimizer, hyper, t, &mut next, g, &mut self.state)
            };
            // Lookahead's pull after the rule's step, out of line: inlined, or in a loop of its
            // own, it cost an unwrapped Adam's W1 2–7% of its instructions.
            if r.lookahead {
                self.pull_toward_slow(r.hyper, t, &mut next);
            }
            self.t = t;
            self.taken = if all_running {
                T::ints(t as i32)
            } else {
                T::ints_select(self.running, t as i32, self.taken)
            };
            let diverging = self.running & checks.diverged(next, checksum);
            let fresh_divergence = diverging.any();
            self.diverged = self.diverged | diverging;
            let moving = self.running & !diverging;
            if all_running && !fresh_divergence {
                // The common case: every lane stepped; nothing to blend.
                self.pos = next;
            } else {
                self.pos = [
                    T::select(moving, next[0], self.pos[0]),
                    T::select(moving, next[1], self.pos[1]),
                ];
                self.state.restore(moving, &kept);
            }
            if r.lookahead {
                self.keep_slow(moving);
            }
            // Only lanes that have not converged yet need the test. A lane stops when it
            // diverges or, under early stopping, when it first meets the criterion; otherwise
            // the running lanes stay as they were (a running lane is never one that early
            // stopping has already decided).
            let mut stopped = fresh_divergence;
            if deciding {
                let undecided = moving & !T::ints_ge0(self.steps_to_converge);
                deciding = undecided.any();
                if deciding {
                    let fresh = undecided & checks.converged(objective, self.pos);
                    self.steps_to_converge =
                        T::ints_select(fresh, t as i32, self.steps_to_converge);
                    stopped = stopped || (r.early_stop && fresh.any());
                }
            }
            if stopped {
                self.running = moving & !(early & T::ints_ge0(self.steps_to_converge));
                all_running = self.running.all();
                any_running = self.running.any();
            }
        }
    }

    /// L-BFGS's step for every running lane, one lane at a time: it evaluates the objective
    /// itself, as often as its own branches say (`lbfgs::step`), and keeps its step pairs in
    /// `history`. Out of line, so the other rules' step loop stays as it was.
    #[inline(never)]
    fn lbfgs_step(
        &mut self,
        objective: &Objective,
        h: &Hyper<T>,
        g: [T; 2],
        next: &mut [T; 2],
        state: &mut State<T>,
    ) -> T {
        let words = self.history.len() / T::LANES;
        let closure =
            |p: [T::Scalar; 2]| (objective.value(p[0], p[1]), objective.gradient(p[0], p[1]));
        // Each lane's iterate and state after its step.
        let mut stepped = Vec::with_capacity(T::LANES);
        let mut states = Vec::with_capacity(T::LANES);
        for l in 0..T::LANES {
            let mut pos = [next[0].lane(l), next[1].lane(l)];
            let mut own = State {
                words: std::array::from_fn(|i| state.words[i].lane(l)),
            };
            if self.running.lane(l) {
                let first = (
                    objective.value(pos[0], pos[1]),
                    [g[0].lane(l), g[1].lane(l)],
                );
                lbfgs::step(
                    LbfgsState::view_mut(&mut own),
                    &mut self.history[l * words..(l + 1) * words],
                    &Settings::of(h, l),
                    &mut pos,
                    first,
                    &closure,
                );
            }
            stepped.push(pos);
            states.push(own);
        }
        *next = [T::from_fn(|l| stepped[l][0]), T::from_fn(|l| stepped[l][1])];
        state.words = std::array::from_fn(|i| T::from_fn(|l| states[l].words[i]));
        LbfgsState::view(state).checksum()
    }

    /// Lookahead's part of step `t` on the iterate `next` the rule just gave: the slow weights
    /// it leaves wait in `slow_next` until [`Instance::keep_slow`] keeps the moving lanes'.
    #[inline(never)]
    fn pull_toward_slow(&mut self, h: &Hyper<T>, t: u32, next: &mut [T; 2]) {
        self.slow_next = self.slow;
        lookahead(h, t, next, &mut self.slow_next);
    }

    /// The slow weights `pull_toward_slow` left, in the lanes that stepped.
    #[inline(never)]
    fn keep_slow(&mut self, moving: T::Mask) {
        self.slow = [
            T::select(moving, self.slow_next[0], self.slow[0]),
            T::select(moving, self.slow_next[1], self.slow[1]),
        ];
    }

    /// The objective's evaluations lane `l` made ([`evaluations`]): the steps it took, or
    /// L-BFGS's own count.
    pub fn evaluations(&self, optimizer: Optimizer, l: usize) -> i32 {
        let own = State {
            words: std::array::from_fn(|i| self.state.words[i].lane(l)),
        };
        let taken = T::ints_lane(self.taken, l) as u32;
        evaluations(optimizer, taken, &own).min(i32::MAX as u64) as i32
    }

    /// How lane `l` ended (or stands).
    pub fn status(&self, l: usize) -> Status {
        if self.diverged.lane(l) {
            Status::Diverged
        } else if T::ints_lane(self.steps_to_converge, l) >= 0 {
            Status::Converged
        } else {
            Status::NotConverged
        }
    }
}
