// The sweep kernel: one invocation is one optimizer instance. Each dispatch advances every
// instance of a tile until its step counter reaches `sweep.until` (or it stops), with the whole
// instance in registers inside the loop; memory is touched only at the start and end.
//
// Rust twins: the per-instance loop is `Instance::advance` (src/model/instance.rs);
// `is_converged` and `is_diverged` are `Checks` in src/model/criterion.rs.
//
// Generated and composed in by the engine (src/engine/gpu/shader.rs), not written here: the
// `STATUS_*`, `CRITERION_*`, `STREAM_*`, `MODEL_*`, `SCHEDULE_*` and random constants
// (src/model/twin.rs); the `SLOT_*` constants, `struct Hyper` and `load_hyper` (from
// src/model/hyper.rs); `struct Sweep`, `struct Record`, the slot sources `BASE_SOURCE`,
// `COLUMN_SOURCE`, `ROW_SOURCE`, the bindings `sweep`, `axis`, `records`, `states`,
// `running_count`, and `OptState` with `load_state`, `store_state` and `state_checksum` (from
// src/engine/gpu/layout.rs); and, for each (objective, optimizer) pair, objective_value,
// objective_gradient, optimizer_step, wrapper_step, start_state and the global minimizers. random.wgsl (the
// generator, gradient noise and sparsity), data.wgsl (the data objectives, with the BATCH
// constant) and schedules.wgsl (`scheduled`, with its SCHEDULE constant) are composed in before
// this file.
// Pipeline constants:
override WORKGROUP_SIZE: u32 = 64u;
// One of the CRITERION_* codes (CriterionKind::index).
override CRITERION: u32 = CRITERION_DISTANCE;
override EARLY_STOP: bool = true;
// Gradient noise or sparsity anywhere in the sweep (perturb_gradient, random.wgsl). Off, the
// kernel draws nothing.
override STOCHASTIC: bool = false;
// Record each step's loss for the trainability score (in `scores`). Rust twin:
// src/model/trainability.rs.
override TRAINABILITY: bool = false;

var<workgroup> workgroup_active: atomic<u32>;

// The instance this invocation advances, within the tile: where a rule that keeps storage of
// its own finds it (L-BFGS's `history`).
var<private> instance_local: u32;

// One slot of the instance in column `col`, row `row`: set by the column's or the row's entry
// of the `axis` table (an axis value, or a field of a table's entry), else the base value.
// Rust twin: Plan::slots.

fn slot_value(k: u32, col: u32, row: u32) -> f32 {
    let source = sweep.slot_source[k / 4u][k % 4u];
    if (source == BASE_SOURCE) {
        return sweep.slots[k / 4u][k % 4u];
    }
    if (source < ROW_SOURCE) {
        return axis[col * sweep.x_stride + source - COLUMN_SOURCE];
    }
    return axis[sweep.y_offset + row * sweep.y_stride + source - ROW_SOURCE];
}

// fastmath.wgsl's test (its f64 twin in fastmath64.wgsl).
fn is_finite(v: f32) -> bool {
    return fm_is_finite(v);
}

// The tests' constants, read from the uniform once per dispatch so the step loop does not
// reload them every step.
struct Limits {
    // Divergence box: x_lo, x_hi, y_lo, y_hi.
    bound: vec4<f32>,
    tol: f32,
    min_value: f32,
}

fn load_limits() -> Limits {
    return Limits(sweep.bound, sweep.tol, sweep.min_value);
}

// MINIMIZER_COUNT and global_minimizer(k) are generated per objective (constants, or a data
// objective's override constants, so this loop unrolls and its operands stay in registers).
fn is_converged(p: vec2<f32>, lim: Limits) -> bool {
    switch CRITERION {
        case CRITERION_LOSS: {
            return objective_value(p) - lim.min_value <= lim.tol;
        }
        case CRITERION_GRADIENT: {
            let g = objective_gradient(p);
            return g.x * g.x + g.y * g.y <= lim.tol * lim.tol;
        }
        case CRITERION_DISTANCE, default: {
            let tol2 = lim.tol * lim.tol;
            var hit = false;
            for (var k = 0u; k < MINIMIZER_COUNT; k++) {
                let m = global_minimizer(k);
                let dx = p.x - m.x;
                let dy = p.y - m.y;
                hit = hit || (dx * dx + dy * dy <= tol2);
            }
            return hit;
        }
    }
}

// Non-finite state (their sum is non-finite exactly when one is) or outside the bound.
fn is_diverged(p: vec2<f32>, s: OptState, lim: Limits) -> bool {
    return !is_finite(state_checksum(s) + p.x + p.y)
        || p.x < lim.bound.x || p.x > lim.bound.y
        || p.y < lim.bound.z || p.y > lim.bound.w;
}

// The trainability sums (initial loss, Σn, Σ1/n, Σn over the budget's last TRAINABILITY_TAIL
// steps) after step t's loss `value`: Trainability::record.
fn accumulate_trainability(acc: vec4<f32>, value: f32, t: u32) -> vec4<f32> {
    let q = value / acc.x;
    let n = select(TRAINABILITY_CLIP, q, q < TRAINABILITY_CLIP);
    var next = vec4<f32>(acc.x, acc.y + n, acc.z + 1.0 / n, acc.w);
    if (t + TRAINABILITY_TAIL > sweep.budget) {
        next.w = acc.w + n;
    }
    return next;
}

// Advances instance `local` of the tile; returns whether it is still running afterwards.
fn advance(local: u32) -> bool {
    let i = sweep.tile_offset + local;
    instance_local = local;
    let col = i % sweep.width;
    let row = i / sweep.width;
    let h = load_hyper(col, row);
    let lim = load_limits();
    let until = sweep.until;

    var rec: Record;
    var s: OptState;
    var score = vec4<f32>(1.0, 0.0, 0.0, 0.0);
    if (sweep.init == 1u) {
        let start = vec2<f32>(slot_value(SLOT_X0, col, row), slot_value(SLOT_Y0, col, row));
        s = start_state(h, start);
        rec = Record(start.x, start.y, select(-1i, 0i, is_converged(start, lim)), STATUS_NOT_CONVERGED, 0u);
        if (TRAINABILITY) {
            score.x = objective_value(start);
        }
    } else {
        rec = records[local];
        s = load_state(local);
        if (TRAINABILITY) {
            score = scores[local];
        }
    }

    var pos = vec2<f32>(rec.x, rec.y);
    var t = rec.t;
    var steps = rec.steps;
    var diverged = rec.status == STATUS_DIVERGED;
    var stopped = diverged || (EARLY_STOP && steps >= 0);
    while (!stopped && t < until) {
        t = t + 1u;
        if (TRAINABILITY) {
            score = accumulate_trainability(score, objective_value(pos), t);
        }
        // The iterate, or where the rule takes its gradient instead (Schedule-Free's y).
        let at = gradient_point(t, pos, s);
        var g: vec2<f32>;
        if (BATCH > 0u) {
            g = objective_batch_gradient(at, i, t);
        } else {
            g = objective_gradient(at);
        }
        if (STOCHASTIC) {
            g = perturb_gradient(g, h, i, t);
        }
        // The rule's step, then its wrapper's (Lookahead's pull toward the slow weights).
        let next = wrapper_step(t, optimizer_step(t, pos, g, s, scheduled(h, t)), h);
        // A diverging step keeps the last finite iterate and state, as on the CPU.
        if (is_diverged(next.pos, next.s, lim)) {
            diverged = true;
            stopped = true;
            break;
        }
        s = next.s;
        pos = next.pos;
        if (steps < 0 && is_converged(pos, lim)) {
            steps = i32(t);
            stopped = EARLY_STOP;
        }
    }

    var status = STATUS_NOT_CONVERGED;
    if (diverged) {
        status = STATUS_DIVERGED;
    } else if (steps >= 0) {
        status = STATUS_CONVERGED;
    }
    records[local] = Record(pos.x, pos.y, steps, status, t);
    store_state(local, s);
    if (TRAINABILITY) {
        scores[local] = score;
    }
    return !stopped;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
    @builtin(global_invocation_id) gid: vec3<u32>,
    @builtin(num_workgroups) groups: vec3<u32>,
    @builtin(local_invocation_index) lane: u32,
) {
    if (lane == 0u) {
        atomicStore(&workgroup_active, 0u);
    }
    workgroupBarrier();
    let local = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
    if (local < sweep.tile_count) {
        if (advance(local)) {
            atomicAdd(&workgroup_active, 1u);
        }
    }
    workgroupBarrier();
    if (lane == 0u) {
        let n = atomicLoad(&workgroup_active);
        if (n > 0u) {
            atomicAdd(&running_count[0], n);
        }
    }
}
