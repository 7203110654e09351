// Rust twin: src/model/optimizer/lbfgs.rs (`step`, `strong_wolfe`, `cubic_interpolate`); its
// state: `LbfgsState` (state.rs). torch.optim.LBFGS: one step is one optimizer.step(), up to
// max_iter inner iterations, each evaluating the objective itself. The step pairs of instance
// `instance_local` lie in the `history` binding: history_size pairs of LBFGS_PAIR_WORDS words
// (s, y, ρ = 1/(y·s), the two-loop's α), a ring whose oldest pair is at `history_head`.
// One learning rate (lr_x = lr_y = lr): its dot products couple the coordinates.

struct LbfgsPoint {
    f: f32,
    g: vec2<f32>,
}

// torch's closure(): the loss and gradient at p.
fn lbfgs_closure(p: vec2<f32>) -> LbfgsPoint {
    return LbfgsPoint(objective_value(p), objective_gradient(p));
}

// torch's v.abs().max().
fn lbfgs_max_abs(v: vec2<f32>) -> f32 {
    let a = abs(v.x);
    let b = abs(v.y);
    return select(a, b, b > a);
}

fn lbfgs_dot(a: vec2<f32>, b: vec2<f32>) -> f32 {
    return a.x * b.x + a.y * b.y;
}

// torch's _cubic_interpolate within [lo, hi].
fn lbfgs_cubic(x1: f32, f1: f32, g1: f32, x2: f32, f2: f32, g2: f32, lo: f32, hi: f32) -> f32 {
    let d1 = g1 + g2 - 3.0 * (f1 - f2) / (x1 - x2);
    let d2_square = d1 * d1 - g1 * g2;
    if (d2_square >= 0.0) {
        let d2 = sqrt(d2_square);
        var min_pos: f32;
        if (x1 <= x2) {
            min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2.0 * d2));
        } else {
            min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2.0 * d2));
        }
        let above = select(min_pos, lo, lo > min_pos);
        return select(above, hi, hi < above);
    }
    return (lo + hi) / 2.0;
}

// One end of the line search's bracket.
struct LbfgsEnd {
    t: f32,
    f: f32,
    g: vec2<f32>,
    gtd: f32,
}

struct LbfgsFound {
    t: f32,
    f: f32,
    g: vec2<f32>,
    evals: u32,
}

// torch's _strong_wolfe from x along d, first trying step t_in.
fn lbfgs_strong_wolfe(x: vec2<f32>, t_in: f32, d: vec2<f32>, f: f32, g: vec2<f32>, gtd: f32, tolerance_change: f32) -> LbfgsFound {
    var t = t_in;
    let d_norm = lbfgs_max_abs(d);
    var now = lbfgs_closure(x + t * d);
    var evals = 1u;
    var gtd_new = lbfgs_dot(now.g, d);
    var prev = LbfgsEnd(0.0, f, g, gtd);
    var ls_iter = 0u;
    var b: array<LbfgsEnd, 2>;
    while (ls_iter < LBFGS_MAX_LS) {
        let end = LbfgsEnd(t, now.f, now.g, gtd_new);
        if (now.f > f + LBFGS_C1 * t * gtd || (ls_iter > 1u && now.f >= prev.f)) {
            b = array<LbfgsEnd, 2>(prev, end);
            break;
        }
        if (abs(gtd_new) <= -LBFGS_C2 * gtd) {
            return LbfgsFound(t, now.f, now.g, evals);
        }
        if (gtd_new >= 0.0) {
            b = array<LbfgsEnd, 2>(prev, end);
            break;
        }
        let min_step = t + 0.01 * (t - prev.t);
        let max_step = t * 10.0;
        let tmp = t;
        t = lbfgs_cubic(prev.t, prev.f, prev.gtd, t, now.f, gtd_new, min_step, max_step);
        prev = LbfgsEnd(tmp, now.f, now.g, gtd_new);
        now = lbfgs_closure(x + t * d);
        evals += 1u;
        gtd_new = lbfgs_dot(now.g, d);
        ls_iter += 1u;
    }
    if (ls_iter == LBFGS_MAX_LS) {
        // torch's [0, t], without slopes: the zoom below cannot run.
        b = array<LbfgsEnd, 2>(LbfgsEnd(0.0, f, g, 0.0), LbfgsEnd(t, now.f, now.g, 0.0));
    }
    var insuf_progress = false;
    var low = select(1u, 0u, b[0].f <= b[1].f);
    var high = 1u - low;
    while (ls_iter < LBFGS_MAX_LS) {
        if (abs(b[1].t - b[0].t) * d_norm < tolerance_change) {
            break;
        }
        let ordered = b[0].t <= b[1].t;
        t = lbfgs_cubic(b[0].t, b[0].f, b[0].gtd, b[1].t, b[1].f, b[1].gtd,
            select(b[1].t, b[0].t, ordered), select(b[0].t, b[1].t, ordered));
        let upper = b[1].t > b[0].t;
        let b_max = select(b[0].t, b[1].t, upper);
        let b_min = select(b[1].t, b[0].t, upper);
        let eps = 0.1 * (b_max - b_min);
        let to_max = b_max - t;
        let to_min = t - b_min;
        if (select(to_max, to_min, to_min < to_max) < eps) {
            if (insuf_progress || t >= b_max || t <= b_min) {
                t = select(b_min + eps, b_max - eps, abs(t - b_max) < abs(t - b_min));
                insuf_progress = false;
            } else {
                insuf_progress = true;
            }
        } else {
            insuf_progress = false;
        }
        now = lbfgs_closure(x + t * d);
        evals += 1u;
        gtd_new = lbfgs_dot(now.g, d);
        ls_iter += 1u;
        let end = LbfgsEnd(t, now.f, now.g, gtd_new);
        if (now.f > f + LBFGS_C1 * t * gtd || now.f >= b[low].f) {
            b[high] = end;
            low = select(1u, 0u, b[0].f <= b[1].f);
            high = 1u - low;
        } else {
            if (abs(gtd_new) <= -LBFGS_C2 * gtd) {
                return LbfgsFound(t, now.f, now.g, evals);
            } else if (gtd_new * (b[high].t - b[low].t) >= 0.0) {
                b[high] = b[low];
            }
            b[low] = end;
        }
    }
    return LbfgsFound(b[low].t, b[low].f, b[low].g, evals);
}

fn lbfgs_step(step: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    var pos = pos_in;
    var loss = objective_value(pos);
    var flat_grad = grad;
    var current_evals = 1u;
    s.func_evals += 1.0;
    if (lbfgs_max_abs(flat_grad) <= h.tolerance_grad) {
        return Stepped(pos, s);
    }
    let capacity = u32(h.history_size);
    let base = instance_local * capacity * LBFGS_PAIR_WORDS;
    let max_iter = u32(h.max_iter);
    let max_eval = u32(h.lbfgs_max_eval);
    var d = s.d;
    var t = s.t;
    var n_iter = 0u;
    while (n_iter < max_iter) {
        n_iter += 1u;
        s.n_iter += 1.0;
        if (s.n_iter == 1.0) {
            d = -flat_grad;
            s.history_len = 0.0;
            s.history_head = 0.0;
            s.h_diag = 1.0;
        } else {
            let y = flat_grad - s.prev_flat_grad;
            let stp = d * t;
            let ys = lbfgs_dot(y, stp);
            var len = u32(s.history_len);
            var head = u32(s.history_head);
            if (ys > 1e-10) {
                // The oldest pair makes way once the ring is full.
                var slot: u32;
                if (len == capacity) {
                    slot = head;
                    head = (head + 1u) % capacity;
                } else {
                    len += 1u;
                    slot = (head + len - 1u) % capacity;
                }
                let at = base + slot * LBFGS_PAIR_WORDS;
                history[at] = stp.x;
                history[at + 1u] = stp.y;
                history[at + 2u] = y.x;
                history[at + 3u] = y.y;
                history[at + 4u] = 1.0 / ys;
                s.h_diag = ys / lbfgs_dot(y, y);
                s.history_len = f32(len);
                s.history_head = f32(head);
            }
            // The two-loop recursion, newest pair first, then oldest first.
            var q = -flat_grad;
            for (var i = len; i > 0u; i--) {
                let at = base + ((head + i - 1u) % capacity) * LBFGS_PAIR_WORDS;
                let al = lbfgs_dot(vec2<f32>(history[at], history[at + 1u]), q) * history[at + 4u];
                history[at + 5u] = al;
                q = q + (-al) * vec2<f32>(history[at + 2u], history[at + 3u]);
            }
            var r = q * s.h_diag;
            for (var i = 0u; i < len; i++) {
                let at = base + ((head + i) % capacity) * LBFGS_PAIR_WORDS;
                let be = lbfgs_dot(vec2<f32>(history[at + 2u], history[at + 3u]), r) * history[at + 4u];
                r = r + (history[at + 5u] - be) * vec2<f32>(history[at], history[at + 1u]);
            }
            d = r;
        }
        s.prev_flat_grad = flat_grad;
        let prev_loss = loss;
        if (s.n_iter == 1.0) {
            let inverse = 1.0 / (abs(flat_grad.x) + abs(flat_grad.y));
            t = select(1.0, inverse, inverse < 1.0) * h.lr_x;
        } else {
            t = h.lr_x;
        }
        let gtd = lbfgs_dot(flat_grad, d);
        if (gtd > -h.tolerance_change) {
            break;
        }
        var ls_func_evals = 0u;
        var opt_cond = false;
        if (h.strong_wolfe) {
            let found = lbfgs_strong_wolfe(pos, t, d, loss, flat_grad, gtd, h.tolerance_change);
            loss = found.f;
            flat_grad = found.g;
            t = found.t;
            ls_func_evals = found.evals;
            pos = pos + t * d;
            opt_cond = lbfgs_max_abs(flat_grad) <= h.tolerance_grad;
        } else {
            pos = pos + t * d;
            if (n_iter != max_iter) {
                loss = objective_value(pos);
                flat_grad = objective_gradient(pos);
                opt_cond = lbfgs_max_abs(flat_grad) <= h.tolerance_grad;
                ls_func_evals = 1u;
            }
        }
        current_evals += ls_func_evals;
        s.func_evals += f32(ls_func_evals);
        if (n_iter == max_iter || current_evals >= max_eval || opt_cond
            || lbfgs_max_abs(d * t) <= h.tolerance_change || abs(loss - prev_loss) < h.tolerance_change) {
            break;
        }
    }
    s.d = d;
    s.t = t;
    return Stepped(pos, s);
}
