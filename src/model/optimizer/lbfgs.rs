//! L-BFGS as `torch.optim.LBFGS` (torch 2.15) runs it on one 2-element parameter: one optgrid
//! step is one `optimizer.step(closure)` — up to `max_iter` inner iterations, each along the
//! two-loop quasi-Newton direction from the last `history_size` step pairs, with a fixed step
//! of `lr` or (`strong_wolfe`) torch's strong-Wolfe line search with cubic interpolation. Every
//! comparison, and the order of every operation, is torch's; `func_evals` counts the
//! objective's evaluations as torch's state does.
//!
//! Unlike every other rule, a step evaluates the objective itself, several times, with
//! branches that differ per instance, so it runs one instance at a time in scalar arithmetic:
//! `Instance` hands each running lane here. The step pairs live outside the rule's state
//! (`Instance::history`, [`history_words`] an instance); on the GPU they are the `history` binding.
//!
//! WGSL twin: `shaders/optimizers/lbfgs.wgsl`, same operations in the same order.

use super::state::LbfgsState;
use crate::model::hyper::Hyper;
use crate::model::num::{Num, Real};

/// Words one remembered step pair takes: s (2), y (2), ρ = 1/(y·s) and the two-loop's α.
pub const PAIR_WORDS: usize = 6;

/// torch's `_strong_wolfe` defaults: sufficient decrease, curvature, most evaluations.
pub const C1: f64 = 1e-4;
pub const C2: f64 = 0.9;
pub const MAX_LS: u32 = 25;

/// The objective's value and gradient at a point: torch's `closure()`.
pub type Closure<'a, F> = &'a dyn Fn([F; 2]) -> (F, [F; 2]);

/// Words of history per instance for `history_size` pairs.
pub fn history_words(history_size: usize) -> usize {
    history_size * PAIR_WORDS
}

/// The run's history size (a count, the same in every lane).
pub fn history_size<T: Num>(h: &Hyper<T>) -> usize {
    h.history_size.lane(0).to_f64_exact() as usize
}

/// One instance's hyperparameters, from lane `l`.
#[derive(Debug, Clone, Copy)]
pub struct Settings<F> {
    pub lr: F,
    pub max_iter: u32,
    pub max_eval: u32,
    pub tolerance_grad: F,
    pub tolerance_change: F,
    pub history_size: usize,
    pub strong_wolfe: bool,
}

impl<F: Real> Settings<F> {
    pub fn of<T: Num<Scalar = F>>(h: &Hyper<T>, l: usize) -> Self {
        Settings {
            // A coupled rule: lr_x is its one rate (lr's, scheduled).
            lr: h.lr_x.lane(l),
            max_iter: h.max_iter.lane(l).to_f64_exact() as u32,
            max_eval: h.lbfgs_max_eval.lane(l).to_f64_exact() as u32,
            tolerance_grad: h.tolerance_grad.lane(l),
            tolerance_change: h.tolerance_change.lane(l),
            history_size: history_size(h),
            strong_wolfe: h.strong_wolfe,
        }
    }
}

fn abs<F: Real>(x: F) -> F {
    num_traits::Float::abs(x)
}

fn dot<F: Real>(a: [F; 2], b: [F; 2]) -> F {
    a[0] * b[0] + a[1] * b[1]
}

/// `‖v‖∞`, as torch's `v.abs().max()`.
fn max_abs<F: Real>(v: [F; 2]) -> F {
    let (a, b) = (abs(v[0]), abs(v[1]));
    if b > a {
        b
    } else {
        a
    }
}

/// `p + α·v`, as torch's `p.add_(v, alpha=α)`.
fn add<F: Real>(p: [F; 2], v: [F; 2], alpha: F) -> [F; 2] {
    [p[0] + alpha * v[0], p[1] + alpha * v[1]]
}

/// One `optimizer.step(closure)` from `pos`, whose loss and gradient the caller has just
/// evaluated (`first`: the closure's first call, counted here). `history` is this instance's
/// ring of `history_size` pairs.
pub fn step<F: Real>(
    s: &mut LbfgsState<F>,
    history: &mut [F],
    set: &Settings<F>,
    pos: &mut [F; 2],
    first: (F, [F; 2]),
    closure: Closure<F>,
) {
    let zero = F::zero();
    let one = F::one();
    let (mut loss, mut flat_grad) = first;
    let mut current_evals = 1u32;
    s.func_evals[0] = s.func_evals[0] + one;
    if max_abs(flat_grad) <= set.tolerance_grad {
        return;
    }
    let capacity = set.history_size;
    let mut d = s.d;
    let mut t = s.t[0];
    let mut n_iter = 0u32;
    while n_iter < set.max_iter {
        n_iter += 1;
        s.n_iter[0] = s.n_iter[0] + one;
        if s.n_iter[0] == one {
            d = [-flat_grad[0], -flat_grad[1]];
            s.history_len[0] = zero;
            s.history_head[0] = zero;
            s.h_diag[0] = one;
        } else {
            let y = [
                flat_grad[0] - s.prev_flat_grad[0],
                flat_grad[1] - s.prev_flat_grad[1],
            ];
            let step = [d[0] * t, d[1] * t];
            let ys = dot(y, step);
            let mut len = s.history_len[0].to_f64_exact() as usize;
            let mut head = s.history_head[0].to_f64_exact() as usize;
            if ys > F::lit(1e-10) {
                // The oldest pair makes way once the ring is full.
                let slot = if len == capacity {
                    let oldest = head;
                    head = (head + 1) % capacity;
                    oldest
                } else {
                    len += 1;
                    (head + len - 1) % capacity
                };
                let pair = &mut history[slot * PAIR_WORDS..(slot + 1) * PAIR_WORDS];
                pair[..4].copy_from_slice(&[step[0], step[1], y[0], y[1]]);
                pair[4] = one / ys;
                s.h_diag[0] = ys / dot(y, y);
                s.history_len[0] = F::lit(len as f64);
                s.history_head[0] = F::lit(head as f64);
            }
            // The two-loop recursion, newest pair first, then oldest first.
            let mut q = [-flat_grad[0], -flat_grad[1]];
            for i in (0..len).rev() {
                let pair = &mut history[((head + i) % capacity) * PAIR_WORDS..][..PAIR_WORDS];
                let al = dot([pair[0], pair[1]], q) * pair[4];
                pair[5] = al;
                q = add(q, [pair[2], pair[3]], -al);
            }
            let mut r = [q[0] * s.h_diag[0], q[1] * s.h_diag[0]];
            for i in 0..len {
                let pair = &history[((head + i) % capacity) * PAIR_WORDS..][..PAIR_WORDS];
                let be = dot([pair[2], pair[3]], r) * pair[4];
                r = add(r, [pair[0], pair[1]], pair[5] - be);
            }
            d = r;
        }
        s.prev_flat_grad = flat_grad;
        let prev_loss = loss;
        t = if s.n_iter[0] == one {
            let inverse = one / (abs(flat_grad[0]) + abs(flat_grad[1]));
            (if inverse < one { inverse } else { one }) * set.lr
        } else {
            set.lr
        };
        let gtd = dot(flat_grad, d);
        if gtd > -set.tolerance_change {
            break;
        }
        let mut ls_func_evals = 0u32;
        let mut opt_cond = false;
        if set.strong_wolfe {
            let found = strong_wolfe(closure, *pos, t, d, loss, flat_grad, gtd, set);
            loss = found.f;
            flat_grad = found.g;
            t = found.t;
            ls_func_evals = found.evals;
            *pos = add(*pos, d, t);
            opt_cond = max_abs(flat_grad) <= set.tolerance_grad;
        } else {
            *pos = add(*pos, d, t);
            if n_iter != set.max_iter {
                (loss, flat_grad) = closure(*pos);
                opt_cond = max_abs(flat_grad) <= set.tolerance_grad;
                ls_func_evals = 1;
            }
        }
        current_evals += ls_func_evals;
        s.func_evals[0] = s.func_evals[0] + F::lit(f64::from(ls_func_evals));
        if n_iter == set.max_iter
            || current_evals >= set.max_eval
            || opt_cond
            || max_abs([d[0] * t, d[1] * t]) <= set.tolerance_change
            || abs(loss - prev_loss) < set.tolerance_change
        {
            break;
        }
    }
    s.d = d;
    s.t[0] = t;
}

/// Where the line search stopped: the step length, the loss and gradient there, and the
/// evaluations it took.
struct Found<F> {
    t: F,
    f: F,
    g: [F; 2],
    evals: u32,
}

/// torch's `_cubic_interpolate`: the minimiser of the cubic through two points with their
/// values and slopes, clamped to `bounds` (the points' own interval when `None`); the
/// interval's middle when the cubic has none.
fn cubic_interpolate<F: Real>(
    (x1, f1, g1): (F, F, F),
    (x2, f2, g2): (F, F, F),
    bounds: Option<(F, F)>,
) -> F {
    let (lo, hi) = bounds.unwrap_or(if x1 <= x2 { (x1, x2) } else { (x2, x1) });
    let d1 = g1 + g2 - F::lit(3.0) * (f1 - f2) / (x1 - x2);
    let d2_square = d1 * d1 - g1 * g2;
    if d2_square >= F::zero() {
        let d2 = num_traits::Float::sqrt(d2_square);
        let two = F::lit(2.0);
        let min_pos = if x1 <= x2 {
            x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + two * d2))
        } else {
            x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + two * d2))
        };
        // Python's min(max(min_pos, lo), hi).
        let above = if lo > min_pos { lo } else { min_pos };
        if hi < above {
            hi
        } else {
            above
        }
    } else {
        (lo + hi) / F::lit(2.0)
    }
}

/// One end of the line search's bracket: step length, loss, gradient, slope along d.
#[derive(Clone, Copy)]
struct End<F> {
    t: F,
    f: F,
    g: [F; 2],
    gtd: F,
}

/// torch's `_strong_wolfe` from `x` along `d`, first trying step `t`: a bracketing phase, then
/// a zoom that refines the bracket until a point meets the strong Wolfe conditions.
#[allow(clippy::too_many_arguments)]
fn strong_wolfe<F: Real>(
    closure: Closure<F>,
    x: [F; 2],
    mut t: F,
    d: [F; 2],
    f: F,
    g: [F; 2],
    gtd: F,
    set: &Settings<F>,
) -> Found<F> {
    let (c1, c2) = (F::lit(C1), F::lit(C2));
    let d_norm = max_abs(d);
    let (mut f_new, mut g_new) = closure(add(x, d, t));
    let mut evals = 1u32;
    let mut gtd_new = dot(g_new, d);
    let mut prev = End {
        t: F::zero(),
        f,
        g,
        gtd,
    };
    let mut done = false;
    let mut ls_iter = 0u32;
    // The bracket: [low, high] once two ends are known; `single` when the first phase already
    // met the conditions (a one-point bracket).
    let mut bracket: Option<[End<F>; 2]> = None;
    let mut single: Option<End<F>> = None;
    while ls_iter < MAX_LS {
        let now = End {
            t,
            f: f_new,
            g: g_new,
            gtd: gtd_new,
        };
        if f_new > f + c1 * t * gtd || (ls_iter > 1 && f_new >= prev.f) {
            bracket = Some([prev, now]);
            break;
        }
        if abs(gtd_new) <= -c2 * gtd {
            single = Some(now);
            done = true;
            break;
        }
        if gtd_new >= F::zero() {
            bracket = Some([prev, now]);
            break;
        }
        let min_step = t + F::lit(0.01) * (t - prev.t);
        let max_step = t * F::lit(10.0);
        let tmp = t;
        t = cubic_interpolate(
            (prev.t, prev.f, prev.gtd),
            (t, f_new, gtd_new),
            Some((min_step, max_step)),
        );
        prev = End {
            t: tmp,
            f: f_new,
            g: g_new,
            gtd: gtd_new,
        };
        (f_new, g_new) = closure(add(x, d, t));
        evals += 1;
        gtd_new = dot(g_new, d);
        ls_iter += 1;
    }
    if ls_iter == MAX_LS {
        // torch's bracket [0, t] here carries no slopes: the zoom below cannot run (ls_iter is
        // spent), and the lower-loss end is returned.
        let start = End {
            t: F::zero(),
            f,
            g,
            gtd: F::nan(),
        };
        let end = End {
            t,
            f: f_new,
            g: g_new,
            gtd: F::nan(),
        };
        bracket = Some([start, end]);
    }
    if let Some(end) = single {
        return Found {
            t: end.t,
            f: end.f,
            g: end.g,
            evals,
        };
    }
    let mut b = bracket.expect("the bracketing phase ends with a bracket or a point");
    let mut insuf_progress = false;
    let (mut low, mut high) = if b[0].f <= b[1].f { (0, 1) } else { (1, 0) };
    while !done && ls_iter < MAX_LS {
        if abs(b[1].t - b[0].t) * d_norm < set.tolerance_change {
            break;
        }
        t = cubic_interpolate((b[0].t, b[0].f, b[0].gtd), (b[1].t, b[1].f, b[1].gtd), None);
        let (b_max, b_min) = if b[1].t > b[0].t {
            (b[1].t, b[0].t)
        } else {
            (b[0].t, b[1].t)
        };
        let eps = F::lit(0.1) * (b_max - b_min);
        let to_max = b_max - t;
        let to_min = t - b_min;
        if (if to_min < to_max { to_min } else { to_max }) < eps {
            if insuf_progress || t >= b_max || t <= b_min {
                t = if abs(t - b_max) < abs(t - b_min) {
                    b_max - eps
                } else {
                    b_min + eps
                };
                insuf_progress = false;
            } else {
                insuf_progress = true;
            }
        } else {
            insuf_progress = false;
        }
        (f_new, g_new) = closure(add(x, d, t));
        evals += 1;
        gtd_new = dot(g_new, d);
        ls_iter += 1;
        let now = End {
            t,
            f: f_new,
            g: g_new,
            gtd: gtd_new,
        };
        if f_new > f + c1 * t * gtd || f_new >= b[low].f {
            b[high] = now;
            (low, high) = if b[0].f <= b[1].f { (0, 1) } else { (1, 0) };
        } else {
            if abs(gtd_new) <= -c2 * gtd {
                done = true;
            } else if gtd_new * (b[high].t - b[low].t) >= F::zero() {
                b[high] = b[low];
            }
            b[low] = now;
        }
    }
    Found {
        t: b[low].t,
        f: b[low].f,
        g: b[low].g,
        evals,
    }
}
