// The sweep kernel: one invocation is one optimizer instance. Each dispatch advances every
// instance of a tile until its step counter reaches `sweep.until` (or it stops), with the whole
// instance in registers inside the loop; memory is touched only at the start and end.
//
// Rust twins: the per-instance loop is `Instance::advance` (src/instance.rs); `Sweep`, `Record`
// and `InstanceState` are `SweepUniform`, `GpuRecord` and `GpuState` in
// src/engine/gpu/layout.rs; `Hyper` and the SLOT_* numbers are src/hyper.rs; `is_converged` and
// `is_diverged` are `Checks` in src/criterion.rs.

// Composed in by the engine for each (objective, optimizer) pair: objective_value,
// objective_gradient, optimizer_step. Pipeline constants:
override WORKGROUP_SIZE: u32 = 64u;
// 0 distance, 1 loss, 2 gradient (CriterionKind::index).
override CRITERION: u32 = 0u;
override EARLY_STOP: bool = true;

const SLOT_X0: u32 = 0u;
const SLOT_Y0: u32 = 1u;
const SLOT_LR: u32 = 2u;
const SLOT_BETA1: u32 = 3u;
const SLOT_BETA2: u32 = 4u;
const SLOT_EPS: u32 = 5u;
const SLOT_WEIGHT_DECAY: u32 = 6u;
const SLOT_MOMENTUM: u32 = 7u;
const SLOT_DAMPENING: u32 = 8u;
const SLOT_ALPHA: u32 = 9u;
const SLOT_RHO: u32 = 10u;
const SLOT_LR_DECAY: u32 = 11u;
const SLOT_MOMENTUM_DECAY: u32 = 12u;
const SLOT_INITIAL_ACCUMULATOR_VALUE: u32 = 13u;
const SLOT_CENTERED: u32 = 14u;
const SLOT_AMSGRAD: u32 = 15u;

const STATUS_NOT_CONVERGED: u32 = 0u;
const STATUS_CONVERGED: u32 = 1u;
const STATUS_DIVERGED: u32 = 2u;

struct Sweep {
    // The slot table before the axes apply (x0, y0 = start point).
    slots: array<vec4<f32>, 4>,
    // Divergence box: x_lo, x_hi, y_lo, y_hi.
    bound: vec4<f32>,
    tol: f32,
    min_value: f32,
    width: u32,
    // First instance of this tile, and how many it has.
    tile_offset: u32,
    tile_count: u32,
    // Run each instance until its step counter reaches this.
    until: u32,
    // 1 on a tile's first dispatch: set every instance to its start point first.
    init: u32,
    x_slot: u32,
    y_slot: u32,
}

// What is read back: 20 bytes per instance.
struct Record {
    x: f32,
    y: f32,
    // First step at which the criterion held, -1 if never.
    steps: i32,
    status: u32,
    // Steps taken.
    t: u32,
}

// Optimizer state kept between dispatches (OptState flattened; 40 bytes).
struct InstanceState {
    m: vec2<f32>,
    v: vec2<f32>,
    w: vec2<f32>,
    p0: f32,
    p1: f32,
    p2: f32,
    _pad: f32,
}

struct Hyper {
    lr: f32,
    beta1: f32,
    beta2: f32,
    eps: f32,
    weight_decay: f32,
    momentum: f32,
    dampening: f32,
    alpha: f32,
    rho: f32,
    lr_decay: f32,
    momentum_decay: f32,
    initial_accumulator_value: f32,
    centered: bool,
    amsgrad: bool,
    nadam_decay: f32,
}

@group(0) @binding(0) var<uniform> sweep: Sweep;
// x axis values (width of them) followed by y axis values (one per row).
@group(0) @binding(1) var<storage, read> axis: array<f32>;
@group(0) @binding(2) var<storage, read_write> records: array<Record>;
@group(0) @binding(3) var<storage, read_write> states: array<InstanceState>;
// [0]: instances of this dispatch still running afterwards.
@group(0) @binding(4) var<storage, read_write> running_count: array<atomic<u32>>;

var<workgroup> workgroup_active: atomic<u32>;

// One slot of an instance: its axis value if an axis drives the slot, else the base value.
fn slot_value(k: u32, vx: f32, vy: f32) -> f32 {
    let base = sweep.slots[k / 4u][k % 4u];
    return select(select(base, vx, sweep.x_slot == k), vy, sweep.y_slot == k);
}

fn load_hyper(vx: f32, vy: f32) -> Hyper {
    let momentum_decay = slot_value(SLOT_MOMENTUM_DECAY, vx, vy);
    return Hyper(
        slot_value(SLOT_LR, vx, vy),
        slot_value(SLOT_BETA1, vx, vy),
        slot_value(SLOT_BETA2, vx, vy),
        slot_value(SLOT_EPS, vx, vy),
        slot_value(SLOT_WEIGHT_DECAY, vx, vy),
        slot_value(SLOT_MOMENTUM, vx, vy),
        slot_value(SLOT_DAMPENING, vx, vy),
        slot_value(SLOT_ALPHA, vx, vy),
        slot_value(SLOT_RHO, vx, vy),
        slot_value(SLOT_LR_DECAY, vx, vy),
        momentum_decay,
        slot_value(SLOT_INITIAL_ACCUMULATOR_VALUE, vx, vy),
        slot_value(SLOT_CENTERED, vx, vy) != 0.0,
        slot_value(SLOT_AMSGRAD, vx, vy) != 0.0,
        pow(0.96, momentum_decay),
    );
}

// WGSL has no isnan/isinf that survives fast-math; test the exponent bits instead.
fn is_finite(v: f32) -> bool {
    return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
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

// GLOBAL_MINIMIZERS and MINIMIZER_COUNT are generated per objective (constants, so this loop
// unrolls and its operands stay in registers).
fn is_converged(p: vec2<f32>, lim: Limits) -> bool {
    switch CRITERION {
        case 1u: {
            return objective_value(p) - lim.min_value <= lim.tol;
        }
        case 2u: {
            let g = objective_gradient(p);
            return g.x * g.x + g.y * g.y <= lim.tol * lim.tol;
        }
        default: {
            let tol2 = lim.tol * lim.tol;
            var hit = false;
            for (var k = 0u; k < MINIMIZER_COUNT; k++) {
                let m = GLOBAL_MINIMIZERS[k];
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
    let checksum = s.m.x + s.m.y + s.v.x + s.v.y + s.w.x + s.w.y;
    return !is_finite(checksum + p.x + p.y)
        || p.x < lim.bound.x || p.x > lim.bound.y
        || p.y < lim.bound.z || p.y > lim.bound.w;
}

// Advances instance `local` of the tile; returns whether it is still running afterwards.
fn advance(local: u32) -> bool {
    let i = sweep.tile_offset + local;
    let col = i % sweep.width;
    let row = i / sweep.width;
    let vx = axis[col];
    let vy = axis[sweep.width + row];
    let h = load_hyper(vx, vy);
    let lim = load_limits();
    let until = sweep.until;

    var rec: Record;
    var s: OptState;
    if (sweep.init == 1u) {
        let start = vec2<f32>(slot_value(SLOT_X0, vx, vy), slot_value(SLOT_Y0, vx, vy));
        let acc = select(0.0, h.initial_accumulator_value, IS_ADAGRAD);
        s = OptState(vec2<f32>(acc), vec2<f32>(0.0), vec2<f32>(0.0), vec3<f32>(1.0));
        rec = Record(start.x, start.y, select(-1i, 0i, is_converged(start, lim)), STATUS_NOT_CONVERGED, 0u);
    } else {
        rec = records[local];
        let st = states[local];
        s = OptState(st.m, st.v, st.w, vec3<f32>(st.p0, st.p1, st.p2));
    }

    var pos = vec2<f32>(rec.x, rec.y);
    var t = rec.t;
    var steps = rec.steps;
    var diverged = rec.status == STATUS_DIVERGED;
    var stopped = diverged || (EARLY_STOP && steps >= 0);
    while (!stopped && t < until) {
        let g = objective_gradient(pos);
        t = t + 1u;
        let next = optimizer_step(t, pos, g, s, h);
        s = next.s;
        if (is_diverged(next.pos, s, lim)) {
            diverged = true;
            stopped = true;
            break;
        }
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
    states[local] = InstanceState(s.m, s.v, s.w, s.p.x, s.p.y, s.p.z, 0.0);
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
