//! The memory the sweep kernel shares with the host, declared once: each struct below is a Rust
//! `#[repr(C)]` type *and* the WGSL declaration the composer emits ([`wgsl`]); the bind group
//! layout and the shader's `@binding` lines both come from [`BINDINGS`]; the per-instance
//! optimizer state is laid out from its rule's field list. `tests/shaders.rs` checks with naga that
//! every WGSL struct has its Rust twin's size and field offsets.

use crate::model::hyper::SLOT_NAMES;
use crate::model::hyper::SLOT_VEC4S;
use crate::model::instance::Status;
use crate::model::num::Real;
use crate::model::optimizer::state::{words, Field};
use crate::model::optimizer::{Start, Update};

use crate::model::trainability::Trainability;
use crate::model::twin::const_u32;
use crate::records::Outcome;
use crate::spec::plan::Plan;
use crate::spec::sweep::Precision;
use bytemuck::{Pod, Zeroable};

/// Declares a struct shared with the kernel: the Rust type, with each field's WGSL type beside
/// it, and `WGSL` (its declaration) and `FIELDS` (name and byte offset of each field, for the
/// layout test). Trailing padding (`pad`) is Rust-only: WGSL rounds a struct's size up by itself.
macro_rules! gpu_struct {
    (
        $(#[$meta:meta])*
        pub struct $R:ident as $W:literal {
            $($(#[$fmeta:meta])* $f:ident: $t:ty => $wt:literal,)*
        }
        $(pad $pad:ty;)?
    ) => {
        $(#[$meta])*
        #[repr(C)]
        #[derive(Debug, Clone, Copy, Pod, Zeroable, PartialEq)]
        pub struct $R {
            $($(#[$fmeta])* pub $f: $t,)*
            $(
                /// Rounds the size up to the WGSL struct's alignment.
                pub _pad: $pad,
            )?
        }

        impl $R {
            /// The WGSL declaration.
            pub const WGSL: &'static str = concat!(
                "struct ", $W, " {\n",
                $("    ", stringify!($f), ": ", $wt, ",\n",)*
                "}\n"
            );
            /// The WGSL struct's name.
            pub const WGSL_NAME: &'static str = $W;
            /// Each field's name and byte offset.
            pub const FIELDS: &'static [(&'static str, usize)] =
                &[$((stringify!($f), std::mem::offset_of!($R, $f)),)*];
        }
    };
}

gpu_struct! {
    /// The sweep's uniform: the slot table and the limits, plus which tile and how far a
    /// dispatch runs.
    pub struct SweepUniform as "Sweep" {
        /// The slot table before the axes apply (`x0`, `y0` = the start point).
        slots: [[f32; 4]; SLOT_VEC4S] => "array<vec4<f32>, SLOT_VEC4S>",
        /// Per slot, what sets it: `BASE_SOURCE` the base value, `COLUMN_SOURCE` + j field j of
        /// the column's entry in `axis`, `ROW_SOURCE` + j field j of the row's
        /// (`Plan::drives`).
        slot_source: [[u32; 4]; SLOT_VEC4S] => "array<vec4<u32>, SLOT_VEC4S>",
        /// Divergence box: x_lo, x_hi, y_lo, y_hi.
        bound: [f32; 4] => "vec4<f32>",
        tol: f32 => "f32",
        min_value: f32 => "f32",
        width: u32 => "u32",
        /// First instance of this tile (an index into the plan), and how many it has.
        tile_offset: u32 => "u32",
        tile_count: u32 => "u32",
        /// Run each instance until its step counter reaches this.
        until: u32 => "u32",
        /// 1 on a tile's first dispatch: set every instance to its start point first.
        init: u32 => "u32",
        /// Fields per column and per row entry, and where the rows' entries start in `axis`.
        x_stride: u32 => "u32",
        y_stride: u32 => "u32",
        y_offset: u32 => "u32",
        /// The random generator's key: the seed's low and high words.
        seed_lo: u32 => "u32",
        seed_hi: u32 => "u32",
        /// A data objective's examples: how many, and where they start in `axis`.
        examples: u32 => "u32",
        data_offset: u32 => "u32",
        /// The whole run's budget of steps (the trainability score's last losses).
        budget: u32 => "u32",
    }
    pad [u32; 1];
}

gpu_struct! {
    /// What is read back per instance.
    pub struct GpuRecord as "Record" {
        x: f32 => "f32",
        y: f32 => "f32",
        /// First step at which the criterion held, −1 if never.
        steps: i32 => "i32",
        status: u32 => "u32",
        /// Steps taken.
        t: u32 => "u32",
    }
}

gpu_struct! {
    /// The f64 kernel's uniform: [`SweepUniform`] as `compose_in` widens it, every float in
    /// f64 (the slot table's vec4<f64>s are 32-byte aligned, which an even `SLOT_VEC4S` keeps
    /// at the offsets Rust gives them).
    pub struct SweepUniform64 as "Sweep" {
        slots: [[f64; 4]; SLOT_VEC4S] => "array<vec4<f64>, SLOT_VEC4S>",
        slot_source: [[u32; 4]; SLOT_VEC4S] => "array<vec4<u32>, SLOT_VEC4S>",
        bound: [f64; 4] => "vec4<f64>",
        tol: f64 => "f64",
        min_value: f64 => "f64",
        width: u32 => "u32",
        tile_offset: u32 => "u32",
        tile_count: u32 => "u32",
        until: u32 => "u32",
        init: u32 => "u32",
        x_stride: u32 => "u32",
        y_stride: u32 => "u32",
        y_offset: u32 => "u32",
        seed_lo: u32 => "u32",
        seed_hi: u32 => "u32",
        examples: u32 => "u32",
        data_offset: u32 => "u32",
        budget: u32 => "u32",
    }
    pad [u32; 7];
}

gpu_struct! {
    /// What the f64 kernel reads back per instance: [`GpuRecord`] widened.
    pub struct GpuRecord64 as "Record" {
        x: f64 => "f64",
        y: f64 => "f64",
        steps: i32 => "i32",
        status: u32 => "u32",
        t: u32 => "u32",
    }
    pad [u32; 1];
}

impl SweepUniform64 {
    /// The f64 uniform of `plan` with the tile fields of `u` (the f32 uniform the engine
    /// keeps): the same slot sources and counters, the floats at full precision.
    pub fn widened(u: &SweepUniform, plan: &Plan) -> SweepUniform64 {
        let mut w: SweepUniform64 = bytemuck::Zeroable::zeroed();
        for (k, v) in plan.base.iter().enumerate() {
            w.slots[k / 4][k % 4] = *v;
        }
        w.slot_source = u.slot_source;
        w.bound = [
            plan.bound[0][0],
            plan.bound[0][1],
            plan.bound[1][0],
            plan.bound[1][1],
        ];
        let checks = plan.checks::<f64>();
        (w.tol, w.min_value) = (checks.tol, checks.min_value);
        (w.width, w.tile_offset, w.tile_count, w.until, w.init) =
            (u.width, u.tile_offset, u.tile_count, u.until, u.init);
        (w.x_stride, w.y_stride, w.y_offset) = (u.x_stride, u.y_stride, u.y_offset);
        (w.seed_lo, w.seed_hi, w.examples, w.data_offset, w.budget) =
            (u.seed_lo, u.seed_hi, u.examples, u.data_offset, u.budget);
        w
    }
}

impl SweepUniform {
    /// The uniform of a plan: its slot table and limits (the tile fields are set per dispatch).
    pub fn for_plan(plan: &Plan) -> SweepUniform {
        let mut u: SweepUniform = bytemuck::Zeroable::zeroed();
        for (k, v) in plan.base.iter().enumerate() {
            u.slots[k / 4][k % 4] = *v as f32;
        }
        u.bound = [
            plan.bound[0][0] as f32,
            plan.bound[0][1] as f32,
            plan.bound[1][0] as f32,
            plan.bound[1][1] as f32,
        ];
        let checks = plan.checks::<f32>();
        u.tol = checks.tol;
        u.min_value = checks.min_value;
        u.width = plan.width() as u32;
        u.budget = plan.steps;
        for (base, drive) in [COLUMN_SOURCE, ROW_SOURCE].iter().zip(&plan.drives) {
            for (j, &k) in drive.slots.iter().enumerate() {
                u.slot_source[k / 4][k % 4] = base + j as u32;
            }
        }
        // lr_x and lr_y not given read lr, wherever it comes from.
        for &k in &plan.lr_followers {
            let lr = crate::model::hyper::slot::LR;
            u.slot_source[k / 4][k % 4] = u.slot_source[lr / 4][lr % 4];
        }
        u.x_stride = plan.drives[0].stride() as u32;
        u.y_stride = plan.drives[1].stride() as u32;
        u.y_offset = plan.drives[0].values.len() as u32;
        [u.seed_lo, u.seed_hi] = crate::model::random::key(plan.seed);
        if let Some(d) = &plan.objective.data {
            u.examples = d.len() as u32;
            u.data_offset = (plan.drives[0].values.len() + plan.drives[1].values.len()) as u32;
        }
        u
    }
}

impl SweepUniform {
    /// Slot `k` of the instance in column `col`, row `row`, read as the kernel's `slot_value`
    /// reads it from this uniform and the `axis` table: its mirror, for the tests that hold it
    /// to [`Plan::slots`].
    pub fn slot_value(&self, axis: &[f32], k: usize, col: usize, row: usize) -> f32 {
        let source = self.slot_source[k / 4][k % 4];
        if source == BASE_SOURCE {
            self.slots[k / 4][k % 4]
        } else if source < ROW_SOURCE {
            axis[col * self.x_stride as usize + (source - COLUMN_SOURCE) as usize]
        } else {
            axis[self.y_offset as usize
                + row * self.y_stride as usize
                + (source - ROW_SOURCE) as usize]
        }
    }
}

/// `slot_source` of a slot the axes leave at its base value, of one set by field j of the
/// column's entry (`COLUMN_SOURCE + j`), and of one set by field j of the row's
/// (`ROW_SOURCE + j`).
const BASE_SOURCE: u32 = 0;
const COLUMN_SOURCE: u32 = 1;
const ROW_SOURCE: u32 = 0x1_0000;

/// The `axis` binding's contents: each column's entry (the x axis value, or several slots' for a
/// table), then each row's, then a data objective's examples as (u, v, label) triples — all
/// rounded to f32 as the CPU engine rounds them.
pub fn axis_table<F: Real>(plan: &Plan) -> Vec<F> {
    let mut table: Vec<F> = plan
        .drives
        .iter()
        .flat_map(|d| &d.values)
        .map(|&v| F::lit(v))
        .collect();
    if let Some(d) = &plan.objective.data {
        for e in 0..d.len() {
            table.extend([F::lit(d.u[e]), F::lit(d.v[e]), F::lit(d.label[e])]);
        }
    }
    table
}

/// An instance's outcome as the engines report it, from what the kernel read back in its
/// precision: the loss evaluated in that precision, as the kernel would, and the trainability
/// score finished from its sums where the plan asks for it.
#[allow(clippy::too_many_arguments)]
fn outcome_of<F: Real>(
    plan: &Plan,
    [x, y]: [F; 2],
    steps: i32,
    status: u32,
    t: u32,
    sums: Option<[F; 4]>,
) -> Outcome {
    let loss = plan.objective.value(x, y);
    let status = Status::from_code(status);
    let trainability = match sums {
        Some([initial, sum, sum_inverse, tail]) => Trainability {
            initial,
            sum,
            sum_inverse,
            tail,
        }
        .score(t, plan.steps, status == Status::Diverged, loss)
        .to_f64_exact(),
        None => f64::NAN,
    };
    Outcome {
        x: x.to_f64_exact(),
        y: y.to_f64_exact(),
        loss: loss.to_f64_exact(),
        steps,
        status,
        // One a step; the engine reads L-BFGS's own count from its state.
        evaluations: t.min(i32::MAX as u32) as i32,
        trainability,
    }
}

impl GpuRecord {
    /// The instance's outcome (see [`outcome_of`]).
    pub fn outcome(&self, plan: &Plan, sums: Option<[f32; 4]>) -> Outcome {
        outcome_of(
            plan,
            [self.x, self.y],
            self.steps,
            self.status,
            self.t,
            sums,
        )
    }
}

impl GpuRecord64 {
    /// The instance's outcome (see [`outcome_of`]).
    pub fn outcome(&self, plan: &Plan, sums: Option<[f64; 4]>) -> Outcome {
        outcome_of(
            plan,
            [self.x, self.y],
            self.steps,
            self.status,
            self.t,
            sums,
        )
    }
}

/// Words of optimizer state per instance of `opt` in the `states` buffer (WGSL
/// `InstanceState`): its rule's fields (its [`Field`] list), padded to an even count so each
/// instance starts 8-byte aligned, and at least 2 (a WGSL array has a length).
pub fn state_words(update: impl Into<Update>) -> usize {
    words(&update.into().state()).max(1).next_multiple_of(2)
}

/// What one instance of a tile takes in each buffer, in a kernel's precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    pub uniform: u64,
    pub record: u64,
    pub state: u64,
    /// The trainability sums: a vec4 of the precision.
    pub scores: u64,
    /// L-BFGS's step pairs (0 for every other rule).
    pub history: u64,
    /// The states' readback copy: L-BFGS's, whose state holds its evaluation count (0 for
    /// every other rule, which evaluates once a step).
    pub state_readback: u64,
}

impl Sizes {
    /// The sizes of a kernel of `update` in `precision`.
    pub fn of(precision: Precision, update: impl Into<Update>) -> Sizes {
        use std::mem::size_of;
        let words = state_words(update) as u64;
        match precision {
            Precision::F32 => Sizes {
                uniform: size_of::<SweepUniform>() as u64,
                record: size_of::<GpuRecord>() as u64,
                state: 4 * words,
                scores: 16,
                history: 0,
                state_readback: 0,
            },
            Precision::F64 => Sizes {
                uniform: size_of::<SweepUniform64>() as u64,
                record: size_of::<GpuRecord64>() as u64,
                state: 8 * words,
                scores: 32,
                history: 0,
                state_readback: 0,
            },
        }
    }

    /// The sizes of `plan`'s kernel in `precision`, with the history its rule keeps.
    pub fn for_plan(precision: Precision, plan: &Plan) -> Sizes {
        let word = match precision {
            Precision::F32 => 4,
            Precision::F64 => 8,
        };
        let sizes = Sizes::of(precision, plan.update());
        let lbfgs = plan.optimizer == crate::model::optimizer::Optimizer::Lbfgs;
        Sizes {
            history: word * plan.history_words() as u64,
            state_readback: if lbfgs { sizes.state } else { 0 },
            ..sizes
        }
    }

    /// Bytes of GPU memory per instance of a tile: record, state, trainability sums, history
    /// and the readback copies of the record, the sums and (L-BFGS's) the state.
    pub fn per_instance(&self) -> u64 {
        2 * (self.record + self.scores) + self.state + self.history + self.state_readback
    }

    /// The largest per-instance item of one buffer (what the binding limits are measured in):
    /// L-BFGS's history shrinks its tiles.
    pub fn largest_item(&self) -> u64 {
        self.state
            .max(self.record)
            .max(self.scores)
            .max(self.history)
    }
}

/// How the kernel sees a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Uniform,
    Read,
    ReadWrite,
}

/// One binding of group 0.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The WGSL variable's name.
    pub name: &'static str,
    pub access: Access,
    /// The WGSL type.
    pub ty: &'static str,
    pub doc: &'static str,
}

/// Binding numbers (indices into [`BINDINGS`]).
pub const SWEEP: usize = 0;
pub const AXIS: usize = 1;
pub const RECORDS: usize = 2;
pub const STATES: usize = 3;
pub const RUNNING_COUNT: usize = 4;
pub const SCORES: usize = 5;
pub const HISTORY: usize = 6;

/// Every binding of the sweep kernel, in binding order.
pub const BINDINGS: [Binding; 7] = [
    Binding {
        name: "sweep",
        access: Access::Uniform,
        ty: "Sweep",
        doc: "the sweep's uniform",
    },
    Binding {
        name: "axis",
        access: Access::Read,
        ty: "array<f32>",
        doc: "each column's entry (its x axis value), each row's, then a data objective's examples (u, v, label)",
    },
    Binding {
        name: "records",
        access: Access::ReadWrite,
        ty: "array<Record>",
        doc: "one record per instance of the tile",
    },
    Binding {
        name: "states",
        access: Access::ReadWrite,
        ty: "array<InstanceState>",
        doc: "one optimizer state per instance of the tile",
    },
    Binding {
        name: "running_count",
        access: Access::ReadWrite,
        ty: "array<atomic<u32>>",
        doc: "[0]: instances of this dispatch still running afterwards",
    },
    Binding {
        name: "scores",
        access: Access::ReadWrite,
        ty: "array<vec4<f32>>",
        doc: "per instance of the tile, the trainability score's sums (initial loss, Σn, Σ1/n, tail Σn); one unused entry unless TRAINABILITY",
    },
    Binding {
        name: "history",
        access: Access::ReadWrite,
        ty: "array<f32>",
        doc: "per instance of the tile, L-BFGS's step pairs (history_size × LBFGS_PAIR_WORDS words); one unused word for every other rule",
    },
];

/// The bind group layout's entries, from [`BINDINGS`].
pub fn layout_entries() -> Vec<wgpu::BindGroupLayoutEntry> {
    BINDINGS
        .iter()
        .enumerate()
        .map(|(k, b)| wgpu::BindGroupLayoutEntry {
            binding: k as u32,
            visibility: wgpu::ShaderStages::COMPUTE,
            ty: wgpu::BindingType::Buffer {
                ty: match b.access {
                    Access::Uniform => wgpu::BufferBindingType::Uniform,
                    Access::Read => wgpu::BufferBindingType::Storage { read_only: true },
                    Access::ReadWrite => wgpu::BufferBindingType::Storage { read_only: false },
                },
                has_dynamic_offset: false,
                min_binding_size: None,
            },
            count: None,
        })
        .collect()
}

/// The WGSL type of a state field of `n` values.
fn state_type(n: usize) -> String {
    match n {
        1 => "f32".to_string(),
        n => format!("vec{n}<f32>"),
    }
}

/// The WGSL of `update`'s state: `struct OptState` (what its update rule takes, one field per
/// entry of its [`Field`] list, then a wrapper's), `struct InstanceState` (its storage form),
/// `load_state` / `store_state` between the two, `state_checksum` (the divergence test's sum
/// of the checked fields, in the Rust checksum's order) and `start_state(h, start)` (the state
/// before step 1). A rule with no state gets a placeholder field that is never stored.
pub fn state_wgsl(update: Update) -> String {
    let fields = &update.state();
    let n = state_words(update);
    let mut s = String::from("struct OptState {\n");
    if fields.is_empty() {
        s.push_str("    none: f32,\n");
    }
    for f in fields {
        s.push_str(&format!("    {}: {},\n", f.name, state_type(f.len)));
    }
    s.push_str(&format!(
        "}}\n\nstruct InstanceState {{\n    words: array<f32, {n}>,\n}}\n\n"
    ));
    if fields.is_empty() {
        s.push_str(
            "fn load_state(k: u32) -> OptState {\n    return OptState(0.0);\n}\n\n\
             fn store_state(k: u32, s: OptState) {}\n\n\
             fn state_checksum(s: OptState) -> f32 {\n    return 0.0;\n}\n\n\
             fn start_state(h: Hyper, start: vec2<f32>) -> OptState {\n    return OptState(0.0);\n}\n",
        );
        return s;
    }
    let component = |f: &Field, c: usize| match f.len {
        1 => format!("s.{}", f.name),
        _ => format!("s.{}.{}", f.name, ["x", "y", "z", "w"][c]),
    };
    let mut loads = Vec::new();
    let mut stores = vec!["0.0".to_string(); n];
    let mut checked = Vec::new();
    for f in fields {
        let words: Vec<String> = (f.offset..f.offset + f.len)
            .map(|k| format!("w[{k}]"))
            .collect();
        loads.push(match f.len {
            1 => words[0].clone(),
            _ => format!("{}({})", state_type(f.len), words.join(", ")),
        });
        for c in 0..f.len {
            stores[f.offset + c] = component(f, c);
            if f.checked {
                checked.push(component(f, c));
            }
        }
    }
    s.push_str(&format!(
        "fn load_state(k: u32) -> OptState {{\n    let w = states[k].words;\n    return OptState({});\n}}\n",
        loads.join(", ")
    ));
    s.push_str(&format!(
        "\nfn store_state(k: u32, s: OptState) {{\n    states[k] = InstanceState(array<f32, {n}>({}));\n}}\n",
        stores.join(", ")
    ));
    s.push_str(&format!(
        "\nfn state_checksum(s: OptState) -> f32 {{\n    return {};\n}}\n",
        if checked.is_empty() {
            "0.0".to_string()
        } else {
            checked.join(" + ")
        }
    ));
    s.push_str(
        "\nfn start_state(h: Hyper, start: vec2<f32>) -> OptState {\n    var s: OptState;\n",
    );
    for f in fields {
        let value = match f.start {
            Start::Zero => "0.0".to_string(),
            Start::One => "1.0".to_string(),
            Start::Hyper(slot) => format!("h.{}", SLOT_NAMES[slot]),
            Start::Position => "start".to_string(),
        };
        s.push_str(&format!(
            "    s.{} = {}({value});\n",
            f.name,
            state_type(f.len)
        ));
    }
    s.push_str("    return s;\n}\n");
    s
}

/// The generated declarations every kernel shares: the structs and the bindings (the state is
/// each rule's own: [`state_wgsl`]).
pub fn wgsl() -> String {
    let mut s = String::from("// ---- generated from src/engine/gpu/layout.rs ----\n");
    s.push_str(SweepUniform::WGSL);
    s.push('\n');
    s.push_str(GpuRecord::WGSL);
    s.push('\n');
    for (k, b) in BINDINGS.iter().enumerate() {
        let space = match b.access {
            Access::Uniform => "uniform",
            Access::Read => "storage, read",
            Access::ReadWrite => "storage, read_write",
        };
        s.push_str(&format!(
            "// {}\n@group(0) @binding({k}) var<{space}> {}: {};\n",
            b.doc, b.name, b.ty
        ));
    }
    s.push('\n');
    for (name, v) in [
        ("BASE_SOURCE", BASE_SOURCE),
        ("COLUMN_SOURCE", COLUMN_SOURCE),
        ("ROW_SOURCE", ROW_SOURCE),
    ] {
        s.push_str(&const_u32(name, v));
    }
    s
}

const _: () = assert!(std::mem::size_of::<SweepUniform>().is_multiple_of(16));
const _: () = assert!(std::mem::size_of::<GpuRecord>() == 20);
const _: () = assert!(std::mem::size_of::<SweepUniform64>().is_multiple_of(32));
const _: () = assert!(std::mem::size_of::<GpuRecord64>() == 32);
