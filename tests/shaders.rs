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
