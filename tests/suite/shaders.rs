//! Every composed shader module parses, validates and translates to every shading language with
//! naga — no GPU needed, so a broken shader fails `cargo test` on any machine.

use optgrid::engine::gpu::shader::compose;
use optgrid::model::objective::ObjectiveKind;
use optgrid::model::optimizer::{Optimizer, Update};

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
    use optgrid::engine::gpu::layout::{state_words, GpuRecord, Sizes, SweepUniform};
    use optgrid::spec::sweep::Precision;
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
    ] {
        let (wgsl_fields, wgsl_size) = wgsl_struct(&module, name);
        assert_eq!(wgsl_fields, fields, "{name}'s fields");
        assert_eq!(wgsl_size, size, "{name}'s size");
    }
    // Each rule's kernel carries its own state and nothing else: OptState has exactly the
    // rule's fields, and the storage form (InstanceState) is the size the buffers are made for,
    // which holds them all.
    for opt in Optimizer::ALL {
        let module = parse(&compose(ObjectiveKind::Booth, opt));
        let (fields, _) = wgsl_struct(&module, "OptState");
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        let own: Vec<&str> = opt.info().state.iter().map(|f| f.name).collect();
        if own.is_empty() {
            assert_eq!(names, ["none"], "{}", opt.name());
        } else {
            assert_eq!(names, own, "{}", opt.name());
        }
        let (storage, size) = wgsl_struct(&module, "InstanceState");
        assert_eq!(storage, [("words".to_string(), 0)]);
        assert_eq!(
            size as u64,
            Sizes::of(Precision::F32, opt).state,
            "{}",
            opt.name()
        );
        let words = optgrid::model::optimizer::state::words(opt.info().state);
        assert!(state_words(opt) >= words && state_words(opt) <= words.max(1) + 1);
    }
    // Adam's kernel holds no other rule's fields, nor Lookahead's.
    let source = compose(ObjectiveKind::Ackley, Optimizer::Adam);
    assert!(!source.contains("momentum_buffer") && !source.contains("acc_delta"));
    assert!(!source.contains("slow_params") && !source.contains("lookahead_step"));
    // A wrapped kernel's state is its rule's fields, then the slow weights, which start at the
    // start point; SGD's then holds the slow weights alone.
    for (opt, own) in [
        (
            Optimizer::Adam,
            vec!["exp_avg", "exp_avg_sq", "max_exp_avg_sq"],
        ),
        (Optimizer::Sgd, vec![]),
    ] {
        let update = Update {
            optimizer: opt,
            lookahead: true,
        };
        let source = compose(ObjectiveKind::Booth, update);
        let (fields, _) = wgsl_struct(&parse(&source), "OptState");
        let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
        let rule: Vec<&str> = opt.info().state.iter().map(|f| f.name).collect();
        assert!(rule.starts_with(&own));
        assert_eq!(
            names,
            [rule, vec!["slow_params"]].concat(),
            "{}",
            update.label()
        );
        assert!(source.contains("s.slow_params = vec2<f32>(start);"));
        let words = optgrid::model::optimizer::state::words(opt.info().state);
        assert_eq!(
            Sizes::of(Precision::F32, update).state,
            4 * (words + 2).next_multiple_of(2) as u64
        );
    }
    // Hyper has a field for every hyperparameter slot.
    let (fields, _) = wgsl_struct(&module, "Hyper");
    for name in &optgrid::model::hyper::SLOT_NAMES[2..] {
        assert!(fields.iter().any(|(n, _)| n == name), "Hyper lacks {name}");
    }
}

/// The f64 kernel (the f32 one widened) lays its shared structs out as their `…64` twins.
#[test]
fn host_structs_match_their_wgsl_twins_in_f64() {
    use optgrid::engine::gpu::layout::{GpuRecord64, Sizes, SweepUniform64};
    use optgrid::spec::sweep::Precision;
    let source = optgrid::engine::gpu::shader::compose_in(
        ObjectiveKind::FitTanh,
        Optimizer::Nadam,
        Precision::F64,
    );
    let module = parse(&source);
    let owned = |f: &[(&str, usize)]| -> Vec<(String, usize)> {
        f.iter().map(|(n, o)| (n.to_string(), *o)).collect()
    };
    for (name, fields, size) in [
        (
            SweepUniform64::WGSL_NAME,
            owned(SweepUniform64::FIELDS),
            std::mem::size_of::<SweepUniform64>(),
        ),
        (
            GpuRecord64::WGSL_NAME,
            owned(GpuRecord64::FIELDS),
            std::mem::size_of::<GpuRecord64>(),
        ),
        (
            "InstanceState",
            owned(&[("words", 0)]),
            Sizes::of(Precision::F64, Optimizer::Nadam).state as usize,
        ),
    ] {
        let (wgsl_fields, wgsl_size) = wgsl_struct(&module, name);
        assert_eq!(wgsl_fields, fields, "{name}'s fields");
        assert_eq!(wgsl_size, size, "{name}'s size");
    }
    // Nothing of f32 is left in the widened module but in words that merely contain it
    // (fastmath64.wgsl, before it, goes through f32 on purpose: ln's exponent, bfloat16).
    let (_, widened) = source
        .split_once("const MACHINE_EPSILON: f64")
        .expect("the f64 kernel's machine epsilon follows fastmath64.wgsl");
    assert!(
        !widened.contains("<f32>") && !widened.contains(": f32"),
        "f32 left in the f64 kernel"
    );
    // And it validates with 64-bit floats allowed (no other capability needed).
    let mut validator = naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::FLOAT64,
    );
    validator
        .validate(&module)
        .unwrap_or_else(|e| panic!("{}", e.emit_to_string(&source)));
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

/// Every instance reads every slot from the uniform and the axis table (`slot_value`) as the
/// CPU engine reads it (`Plan::slots`): each rule, with its start points on the axes, with lr on
/// one, and with a coordinate rate on one. A coupled rule (one lr, no lr_x of its own) once read
/// an lr_x of 0 on the GPU when lr was not on an axis, and stood still.
#[test]
fn every_instance_reads_the_slots_the_cpu_reads() {
    use optgrid::engine::gpu::layout::{axis_table, SweepUniform};
    use optgrid::spec::axis::{Axis, Scale};
    use optgrid::spec::plan::Plan;
    use optgrid::spec::sweep::SweepSpec;
    let axis = |quantity: &str, lo: f64, hi: f64| Axis {
        quantity: quantity.into(),
        lo,
        hi,
        scale: Scale::Linear,
    };
    let mut checked = 0;
    for optimizer in Optimizer::ALL {
        let mut maps = vec![
            (axis("x0", -4.0, 4.0), axis("y0", -4.0, 4.0)),
            (axis("lr", 0.01, 0.1), axis("y0", -4.0, 4.0)),
        ];
        if !optimizer.info().coupled {
            maps.push((axis("x0", -4.0, 4.0), axis("lr_y", 0.01, 0.1)));
        }
        for (x, y) in maps {
            let mut spec = SweepSpec::new(ObjectiveKind::Himmelblau, optimizer);
            if x.quantity != "lr" {
                spec.set("lr", 0.03);
            }
            (spec.x, spec.y, spec.res) = (x, y, [3, 2]);
            let plan = Plan::from_spec(&spec).unwrap();
            let uniform = SweepUniform::for_plan(&plan);
            let table = axis_table::<f32>(&plan);
            for i in 0..plan.instances() {
                let cpu = plan.slots::<f32>(i);
                let (col, row) = (i % plan.width(), i / plan.width());
                for (k, &want) in cpu.iter().enumerate() {
                    let got = uniform.slot_value(&table, k, col, row);
                    assert!(
                        got == want || (got.is_nan() && want.is_nan()),
                        "{} on {} × {}, instance {i}: slot {} is {got} on the GPU, {want} on the CPU",
                        optimizer.name(),
                        spec.x.quantity,
                        spec.y.quantity,
                        optgrid::model::hyper::SLOT_NAMES[k],
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000);
}

/// The slot table has no cap: with room for 96 quantities (24 vec4s) the kernel still
/// validates, and the uniform grows by 16 bytes per vec4 of each of its two per-slot arrays
/// (the base values and what sets each slot).
#[test]
fn the_slot_table_grows_past_its_size() {
    use optgrid::model::hyper::SLOT_VEC4S;
    let source = compose(ObjectiveKind::Rosenbrock, Optimizer::Nadam);
    let old = format!("const SLOT_VEC4S: u32 = {SLOT_VEC4S}u;");
    assert!(source.contains(&old));
    let grown = source.replace(&old, "const SLOT_VEC4S: u32 = 24u;");
    let module = parse(&grown);
    naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::empty(),
    )
    .validate(&module)
    .expect("a 96-slot kernel validates");
    let (_, size) = wgsl_struct(&module, "Sweep");
    let (_, base) = wgsl_struct(&parse(&source), "Sweep");
    const { assert!(SLOT_VEC4S < 24, "grow the test's table past the real one") };
    assert_eq!(size, base + 2 * 16 * (24 - SLOT_VEC4S));
}

/// `spirv-val` from Debian's spirv-tools (scripts/test.sh installs it). Under CI its absence
/// fails the test; elsewhere the SPIR-V is translated but not validated, and the test says so.
fn spirv_val() -> Option<std::path::PathBuf> {
    let found = ["/usr/bin/spirv-val", "/usr/local/bin/spirv-val"]
        .into_iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI: spirv-val missing (scripts/test.sh installs spirv-tools)"
        );
        eprintln!("spirv-val not found: SPIR-V translated but not validated");
    }
    found
}

/// Every composed pipeline — objective × optimizer × criterion × early stop, and a few formulas
/// — in every language wgpu's backends hand to drivers (SPIR-V for Vulkan, MSL for Metal, HLSL
/// for DirectX 12, GLSL for OpenGL), with the override constants fixed as they are when a
/// pipeline is created; the SPIR-V also passes the Khronos validator. A kernel one backend
/// could not take fails here, on any machine, naming the pipeline and the language.
#[test]
fn every_pipeline_translates_to_every_shading_language() {
    use optgrid::engine::gpu::pipeline::override_constants;
    use optgrid::engine::gpu::translate::{Kernel, Target, Translated};
    use optgrid::model::criterion::CriterionKind;
    use optgrid::spec::plan::Plan;
    use optgrid::spec::sweep::SweepSpec;
    use rayon::prelude::*;

    let validator = spirv_val();
    let dir = crate::common::temp_dir("translate");
    let formulas = [
        "(1-x)^2 + 100*(y-x^2)^2",
        "sin(x)*cos(y) + 0.1*(x^2+y^2)",
        "max(abs(x), abs(y)) + exp(-x*y)",
    ];
    let mut objectives: Vec<ObjectiveKind> = ObjectiveKind::ALL.to_vec();
    for f in formulas {
        objectives.push(ObjectiveKind::resolve(f, Some([[-2.0, 2.0], [-2.0, 2.0]]), None).unwrap());
    }
    // Every rule, and Lookahead around one without state and one with.
    let updates: Vec<Update> = Optimizer::ALL
        .map(Update::from)
        .into_iter()
        .chain([Optimizer::Sgd, Optimizer::Adam].map(|optimizer| Update {
            optimizer,
            lookahead: true,
        }))
        .collect();
    let pairs: Vec<(ObjectiveKind, Update)> = objectives
        .iter()
        .flat_map(|&o| updates.iter().map(move |&u| (o, u)))
        .collect();
    // Per pair: its failures (pipeline and target named), and its SPIR-V files to validate.
    type PairResult = (Vec<String>, Vec<(String, std::path::PathBuf)>);
    let results: Vec<PairResult> = pairs
        .par_iter()
        .enumerate()
        .map(|(n, &(objective, optimizer))| {
            let mut failures = Vec::new();
            let mut spirv = Vec::new();
            let mut spec = SweepSpec::new(objective, optimizer.optimizer);
            spec.res = [1, 1];
            if objective.model().is_some() {
                spec.examples = Some(8);
            }
            if optimizer.lookahead {
                spec.set("lookahead_k", 5.0);
            }
            let mut plan = Plan::from_spec(&spec).unwrap();
            let kernel = match Kernel::parse(&compose(objective, optimizer)) {
                Ok(k) => k,
                Err(e) => {
                    let name = format!("{} × {}", objective.name(), optimizer.label());
                    return (vec![format!("{name}: {e}")], spirv);
                }
            };
            for criterion in CriterionKind::ALL {
                for early_stop in [true, false] {
                    plan.criterion = criterion;
                    plan.early_stop = early_stop;
                    let name = format!(
                        "{} × {}, criterion {}, early stop {}",
                        objective.name().replace('\n', " "),
                        optimizer.label(),
                        criterion.name(),
                        if early_stop { "on" } else { "off" }
                    );
                    let constants = override_constants(&plan, 64);
                    for target in Target::ALL {
                        match kernel.translate(&constants, target) {
                            Ok(Translated::Words(words)) => {
                                let path =
                                    dir.join(format!("{n}-{}-{early_stop}.spv", criterion.name()));
                                std::fs::write(&path, Translated::Words(words).into_bytes())
                                    .unwrap();
                                spirv.push((name.clone(), path));
                            }
                            Ok(Translated::Text(text)) => {
                                if !text.contains("main") {
                                    failures.push(format!(
                                        "{name} → {}: no entry point",
                                        target.name()
                                    ));
                                }
                            }
                            Err(e) => failures.push(format!("{name} → {}: {e}", target.name())),
                        }
                    }
                }
            }
            (failures, spirv)
        })
        .collect();
    let mut failures: Vec<String> = results.iter().flat_map(|r| r.0.clone()).collect();
    let spirv: Vec<(String, std::path::PathBuf)> = results.into_iter().flat_map(|r| r.1).collect();
    assert_eq!(
        spirv.len(),
        pairs.len() * 6,
        "one SPIR-V module per pipeline"
    );
    if let Some(validator) = &validator {
        failures.extend(
            spirv
                .par_iter()
                .filter_map(|(name, path)| {
                    let o = std::process::Command::new(validator)
                        .args(["--target-env", "vulkan1.0"])
                        .arg(path)
                        .output()
                        .unwrap();
                    (!o.status.success()).then(|| {
                        format!(
                            "{name} → spirv: spirv-val: {}",
                            String::from_utf8_lossy(&o.stderr).trim()
                        )
                    })
                })
                .collect::<Vec<_>>(),
        );
    }
    println!(
        "{} pipelines × {} languages translated{}",
        pairs.len() * 6,
        Target::ALL.len(),
        if validator.is_some() {
            ", SPIR-V validated by spirv-val"
        } else {
            ""
        }
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The checks above can fail: a kernel the validator refuses names the language it was being
/// translated to, and spirv-val refuses a damaged module.
#[test]
fn a_translation_failure_names_its_target_and_spirv_val_catches_damage() {
    use optgrid::engine::gpu::translate::{translate, Target, Translated};
    let broken =
        compose(ObjectiveKind::Booth, Optimizer::Sgd).replace("fn sgd_step", "fn sgd_step_renamed");
    let e = translate(&broken, &[], Target::Msl)
        .unwrap_err()
        .to_string();
    assert!(e.contains("does not"), "{e}");
    let source = compose(ObjectiveKind::Booth, Optimizer::Sgd);
    let e = translate(&source, &[("NO_SUCH_CONSTANT", 1.0)], Target::Hlsl)
        .unwrap_err()
        .to_string();
    assert!(e.contains("hlsl") && e.contains("override"), "{e}");
    let Some(validator) = spirv_val() else { return };
    let Translated::Words(mut words) = translate(&source, &[], Target::Spirv).unwrap() else {
        panic!("SPIR-V is words")
    };
    // The bound (word 3) below the ids in use makes an invalid module.
    words[3] = 2;
    let path = crate::common::temp_dir("spirv-damage").join("damaged.spv");
    std::fs::write(&path, Translated::Words(words).into_bytes()).unwrap();
    let o = std::process::Command::new(validator)
        .arg(&path)
        .output()
        .unwrap();
    assert!(!o.status.success(), "spirv-val accepted a damaged module");
}
