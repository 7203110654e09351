//! Every composed shader module parses and validates with naga — no GPU needed, so a broken
//! shader fails `cargo test` on any machine.

use optgrid::engine::gpu::shader::compose;
use optgrid::model::objective::ObjectiveKind;
use optgrid::model::optimizer::Optimizer;

#[test]
fn every_objective_optimizer_pair_validates() {
    let mut failures = Vec::new();
    for objective in ObjectiveKind::ALL {
        for optimizer in Optimizer::ALL {
            let source = compose(objective, optimizer);
            let result = naga::front::wgsl::parse_str(&source)
                .map_err(|e| e.emit_to_string(&source))
                .and_then(|module| {
                    naga::valid::Validator::new(
                        naga::valid::ValidationFlags::all(),
                        naga::valid::Capabilities::empty(),
                    )
                    .validate(&module)
                    .map(|_| ())
                    .map_err(|e| format!("{e:?}"))
                });
            if let Err(e) = result {
                failures.push(format!("{} × {}: {e}", objective.name(), optimizer.name()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_broken_shader_is_caught() {
    // The check above must be able to fail.
    let source =
        compose(ObjectiveKind::Booth, Optimizer::Sgd).replace("fn sgd_step", "fn sgd_step_renamed");
    assert!(naga::front::wgsl::parse_str(&source)
        .ok()
        .and_then(|m| naga::valid::Validator::new(
            naga::valid::ValidationFlags::all(),
            naga::valid::Capabilities::empty()
        )
        .validate(&m)
        .ok())
        .is_none());
}

fn parse(source: &str) -> naga::Module {
    naga::front::wgsl::parse_str(source)
        .map_err(|e| e.emit_to_string(source))
        .unwrap()
}

/// A WGSL struct's members (name, byte offset) and size, as naga lays it out.
fn wgsl_struct(module: &naga::Module, name: &str) -> (Vec<(String, usize)>, usize) {
    let (_, ty) = module
        .types
        .iter()
        .find(|(_, t)| t.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no struct {name} in the composed module"));
    match &ty.inner {
        naga::TypeInner::Struct { members, span } => (
            members
                .iter()
                .map(|m| (m.name.clone().unwrap(), m.offset as usize))
                .collect(),
            *span as usize,
        ),
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

/// Every struct the host shares with the kernel has its WGSL twin's field offsets and size.
#[test]
fn host_structs_match_their_wgsl_twins() {
    use optgrid::engine::gpu::layout::{GpuRecord, GpuState, SweepUniform, STATE_WORDS};
    let module = parse(&compose(ObjectiveKind::Ackley, Optimizer::Adam));
    let owned = |f: &[(&str, usize)]| -> Vec<(String, usize)> {
        f.iter().map(|(n, o)| (n.to_string(), *o)).collect()
    };
    for (name, fields, size) in [
        (
            SweepUniform::WGSL_NAME,
            owned(SweepUniform::FIELDS),
            std::mem::size_of::<SweepUniform>(),
        ),
        (
            GpuRecord::WGSL_NAME,
            owned(GpuRecord::FIELDS),
            std::mem::size_of::<GpuRecord>(),
        ),
        (
            "InstanceState",
            owned(&[("words", 0)]),
            std::mem::size_of::<GpuState>(),
        ),
    ] {
        let (wgsl_fields, wgsl_size) = wgsl_struct(&module, name);
        assert_eq!(wgsl_fields, fields, "{name}'s fields");
        assert_eq!(wgsl_size, size, "{name}'s size");
    }
    // The update rules' state has State::LAYOUT's fields, and the storage form holds them all.
    let (fields, _) = wgsl_struct(&module, "OptState");
    let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
    let layout: Vec<&str> = optgrid::model::optimizer::State::<f32>::LAYOUT
        .iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, layout);
    const { assert!(STATE_WORDS >= optgrid::model::optimizer::State::<f32>::WORDS) };
    // Hyper has a field for every hyperparameter slot.
    let (fields, _) = wgsl_struct(&module, "Hyper");
    for name in &optgrid::model::hyper::SLOT_NAMES[2..] {
        assert!(fields.iter().any(|(n, _)| n == name), "Hyper lacks {name}");
    }
}

/// The bindings the shader declares are the ones the bind group layout is built from.
#[test]
fn shader_bindings_match_the_bind_group_layout() {
    use optgrid::engine::gpu::layout::{layout_entries, BINDINGS};
    let module = parse(&compose(ObjectiveKind::Booth, Optimizer::Momentum));
    let mut declared: Vec<(u32, String)> = module
        .global_variables
        .iter()
        .filter_map(|(_, g)| Some((g.binding.as_ref()?.binding, g.name.clone()?)))
        .collect();
    declared.sort();
    let expected: Vec<(u32, String)> = BINDINGS
        .iter()
        .enumerate()
        .map(|(k, b)| (k as u32, b.name.to_string()))
        .collect();
    assert_eq!(declared, expected);
    assert_eq!(layout_entries().len(), BINDINGS.len());
}

/// The slot table has no cap: with room for 40 quantities (ten vec4s) the kernel still
/// validates, and the uniform grows by 16 bytes per vec4 of each of its two per-slot arrays
/// (the base values and what sets each slot).
#[test]
fn the_slot_table_grows_past_32_quantities() {
    use optgrid::model::hyper::SLOT_VEC4S;
    let source = compose(ObjectiveKind::Rosenbrock, Optimizer::Nadam);
    let old = format!("const SLOT_VEC4S: u32 = {SLOT_VEC4S}u;");
    assert!(source.contains(&old));
    let grown = source.replace(&old, "const SLOT_VEC4S: u32 = 10u;");
    let module = parse(&grown);
    naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::empty(),
    )
    .validate(&module)
    .expect("a 40-slot kernel validates");
    let (_, size) = wgsl_struct(&module, "Sweep");
    let (_, base) = wgsl_struct(&parse(&source), "Sweep");
    assert_eq!(size, base + 2 * 16 * (10 - SLOT_VEC4S));
}
