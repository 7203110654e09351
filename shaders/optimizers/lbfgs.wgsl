// Rust twin: src/model/optimizer/lbfgs.rs (`step`, `strong_wolfe`, `cubic_interpolate`); its
// state: `LbfgsState` (state.rs). torch.optim.LBFGS: one step is one optimizer.step(), up to
// max_iter inner iterations, each evaluating the objective itself. The step pairs of instance
// `instance_local` lie in the `history` binding: history_size pairs of LBFGS_PAIR_WORDS words
// (s, y, ρ = 1/(y·s), the two-loop's α), a ring whose oldest pair is at `history_head`.
// One learning rate (lr_x = lr_y = lr): its dot products couple the coordinates.

// torch's closure(): the loss and gradient at a point.
struct LbfgsPoint {
    f: f32,
    g: vec2<f32>,
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

// What the loop of lbfgs_step evaluates next: the start point, the fixed step's end, a point of
// the line search's bracketing phase or of its zoom.
const LBFGS_START: u32 = 0u;
const LBFGS_FIXED: u32 = 1u;
const LBFGS_BRACKET: u32 = 2u;
const LBFGS_ZOOM: u32 = 3u;

// torch's step, written around one call of the closure: each pass of the loop evaluates the
// objective once, at `at`, and `mode` says which of torch's evaluations that is; the pass then
// runs torch's code up to its next evaluation. Written with one call site because Chrome's
// SwiftShader compiles every call site of the objective on its own: torch's six (the first, the
// fixed step's, _strong_wolfe's three) took it minutes per kernel. The Rust twin keeps torch's
// shape; the operations, their order and the evaluations are the same.
fn lbfgs_step(step: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    var pos = pos_in;
    let capacity = u32(h.history_size);
    let base = instance_local * capacity * LBFGS_PAIR_WORDS;
    let max_iter = u32(h.max_iter);
    let max_eval = u32(h.lbfgs_max_eval);
    var d = s.d;
    var t = s.t;
    var n_iter = 0u;
    var loss: f32 = 0.0;
    var flat_grad = vec2<f32>(0.0);
    var current_evals = 0u;
    // The inner iteration's loss and directional derivative where it starts.
    var prev_loss: f32 = 0.0;
    var gtd: f32 = 0.0;
    // The line search's: ‖d‖∞, its iterations and evaluations, the last point of the
    // bracketing phase, the bracket and which end is low, and the zoom's progress flag.
    var d_norm: f32 = 0.0;
    var ls_iter = 0u;
    var ls_evals = 0u;
    var prev = LbfgsEnd(0.0, 0.0, vec2<f32>(0.0), 0.0);
    var b = array<LbfgsEnd, 2>(prev, prev);
    var low = 0u;
    var high = 1u;
    var insuf_progress = false;

    var mode = LBFGS_START;
    var at = pos;
    loop {
        // The one evaluation: torch's closure() at `at`.
        let now = LbfgsPoint(objective_value(at), objective_gradient(at));
        // Where this pass goes after the evaluation: into the zoom's next trial, to the end of
        // the line search (its point `found`), to the end of an inner iteration, to the next.
        var zoom = false;
        var searched = false;
        var found = LbfgsEnd(0.0, 0.0, vec2<f32>(0.0), 0.0);
        var ended = false;
        var opened = false;
        var opt_cond = false;
        if (mode == LBFGS_START) {
            loss = now.f;
            flat_grad = now.g;
            current_evals = 1u;
            s.func_evals += 1.0;
            if (lbfgs_max_abs(flat_grad) <= h.tolerance_grad) {
                break;
            }
            opened = true;
        } else if (mode == LBFGS_FIXED) {
            loss = now.f;
            flat_grad = now.g;
            opt_cond = lbfgs_max_abs(flat_grad) <= h.tolerance_grad;
            ls_evals = 1u;
            ended = true;
        } else if (mode == LBFGS_BRACKET) {
            // _strong_wolfe's first loop, one pass: t has just been tried.
            ls_evals += 1u;
            let gtd_new = lbfgs_dot(now.g, d);
            let end = LbfgsEnd(t, now.f, now.g, gtd_new);
            if (ls_iter == LBFGS_MAX_LS) {
                // torch's [0, t], without slopes: the zoom below cannot run.
                b = array<LbfgsEnd, 2>(LbfgsEnd(0.0, loss, flat_grad, 0.0), LbfgsEnd(t, now.f, now.g, 0.0));
                zoom = true;
            } else if (now.f > loss + LBFGS_C1 * t * gtd || (ls_iter > 1u && now.f >= prev.f)) {
                b = array<LbfgsEnd, 2>(prev, end);
                zoom = true;
            } else if (abs(gtd_new) <= -LBFGS_C2 * gtd) {
                found = end;
                searched = true;
            } else if (gtd_new >= 0.0) {
                b = array<LbfgsEnd, 2>(prev, end);
                zoom = true;
            } else {
                let min_step = t + 0.01 * (t - prev.t);
                let max_step = t * 10.0;
                let tmp = t;
                t = lbfgs_cubic(prev.t, prev.f, prev.gtd, t, now.f, gtd_new, min_step, max_step);
                prev = LbfgsEnd(tmp, now.f, now.g, gtd_new);
                ls_iter += 1u;
                at = pos + t * d;
            }
            if (zoom) {
                insuf_progress = false;
                low = select(1u, 0u, b[0].f <= b[1].f);
                high = 1u - low;
            }
        } else {
            // _strong_wolfe's zoom, the rest of one pass after its trial t.
            ls_evals += 1u;
            let gtd_new = lbfgs_dot(now.g, d);
            ls_iter += 1u;
            let end = LbfgsEnd(t, now.f, now.g, gtd_new);
            zoom = true;
            if (now.f > loss + LBFGS_C1 * t * gtd || now.f >= b[low].f) {
                b[high] = end;
                low = select(1u, 0u, b[0].f <= b[1].f);
                high = 1u - low;
            } else {
                if (abs(gtd_new) <= -LBFGS_C2 * gtd) {
                    found = end;
                    searched = true;
                    zoom = false;
                } else if (gtd_new * (b[high].t - b[low].t) >= 0.0) {
                    b[high] = b[low];
                }
                if (zoom) {
                    b[low] = end;
                }
            }
        }
        if (zoom) {
            // The zoom's next trial, or its end at the low end of the bracket.
            // torch breaks when the bracket is narrower than tolerance_change (not when NaN).
            if (ls_iter < LBFGS_MAX_LS && !(abs(b[1].t - b[0].t) * d_norm < h.tolerance_change)) {
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
                at = pos + t * d;
                mode = LBFGS_ZOOM;
            } else {
                found = b[low];
                searched = true;
            }
        }
        if (searched) {
            loss = found.f;
            flat_grad = found.g;
            t = found.t;
            pos = pos + t * d;
            opt_cond = lbfgs_max_abs(flat_grad) <= h.tolerance_grad;
            ended = true;
        }
        if (ended) {
            // The end of an inner iteration: torch's tests whether to stop.
            current_evals += ls_evals;
            s.func_evals += f32(ls_evals);
            if (n_iter == max_iter || current_evals >= max_eval || opt_cond
                || lbfgs_max_abs(d * t) <= h.tolerance_change || abs(loss - prev_loss) < h.tolerance_change) {
                break;
            }
            opened = true;
        }
        if (opened) {
            // The next inner iteration, up to its first evaluation.
            if (n_iter >= max_iter) {
                break;
            }
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
                    let pair = base + slot * LBFGS_PAIR_WORDS;
                    history[pair] = stp.x;
                    history[pair + 1u] = stp.y;
                    history[pair + 2u] = y.x;
                    history[pair + 3u] = y.y;
                    history[pair + 4u] = 1.0 / ys;
                    s.h_diag = ys / lbfgs_dot(y, y);
                    s.history_len = f32(len);
                    s.history_head = f32(head);
                }
                // The two-loop recursion, newest pair first, then oldest first.
                var q = -flat_grad;
                for (var i = len; i > 0u; i--) {
                    let pair = base + ((head + i - 1u) % capacity) * LBFGS_PAIR_WORDS;
                    let al = lbfgs_dot(vec2<f32>(history[pair], history[pair + 1u]), q) * history[pair + 4u];
                    history[pair + 5u] = al;
                    q = q + (-al) * vec2<f32>(history[pair + 2u], history[pair + 3u]);
                }
                var r = q * s.h_diag;
                for (var i = 0u; i < len; i++) {
                    let pair = base + ((head + i) % capacity) * LBFGS_PAIR_WORDS;
                    let be = lbfgs_dot(vec2<f32>(history[pair + 2u], history[pair + 3u]), r) * history[pair + 4u];
                    r = r + (history[pair + 5u] - be) * vec2<f32>(history[pair], history[pair + 1u]);
                }
                d = r;
            }
            s.prev_flat_grad = flat_grad;
            prev_loss = loss;
            if (s.n_iter == 1.0) {
                let inverse = 1.0 / (abs(flat_grad.x) + abs(flat_grad.y));
                t = select(1.0, inverse, inverse < 1.0) * h.lr_x;
            } else {
                t = h.lr_x;
            }
            gtd = lbfgs_dot(flat_grad, d);
            if (gtd > -h.tolerance_change) {
                break;
            }
            ls_evals = 0u;
            if (h.strong_wolfe) {
                // _strong_wolfe from pos along d, first trying t; `loss`, `flat_grad` and `gtd`
                // are its f, g and gtd until it ends.
                d_norm = lbfgs_max_abs(d);
                ls_iter = 0u;
                prev = LbfgsEnd(0.0, loss, flat_grad, gtd);
                at = pos + t * d;
                mode = LBFGS_BRACKET;
            } else {
                pos = pos + t * d;
                if (n_iter == max_iter) {
                    // torch evaluates nothing after the last fixed step.
                    break;
                }
                at = pos;
                mode = LBFGS_FIXED;
            }
        }
    }
    s.d = d;
    s.t = t;
    return Stepped(pos, s);
}
