//! The constants the WGSL shares with the Rust model, generated from the Rust — never typed a
//! second time into `shaders/`: status codes, criterion codes, the random generator's
//! constants and streams, the data models' and schedules' codes, the update rules' fixed constants. The shader composer puts [`wgsl`] in front of
//! every kernel (`engine::gpu::shader`).

use crate::model::criterion::CriterionKind;
use crate::model::instance::Status;
use crate::model::objective::data::Model;
use crate::model::optimizer::{lbfgs, step};
use crate::model::random::{self, Stream};
use crate::model::schedule::Schedule;

/// `const NAME: u32 = Vu;`
pub fn const_u32(name: &str, v: u32) -> String {
    format!("const {name}: u32 = {v}u;\n")
}

/// `const NAME: f32 = V;`, exact: the shortest decimal that reads back as `v`.
fn const_f32(name: &str, v: f32) -> String {
    format!("const {name}: f32 = {v:?};\n")
}

/// One `PREFIX_NAME` constant per case, the name upper-cased.
fn enum_consts<'a>(prefix: &str, cases: impl IntoIterator<Item = (&'a str, u32)>) -> String {
    cases
        .into_iter()
        .map(|(name, code)| const_u32(&format!("{prefix}_{}", name.to_uppercase()), code))
        .collect()
}

/// Every shared constant, as WGSL.
pub fn wgsl() -> String {
    let mut s = String::from("// ---- generated from the Rust model (src/model/twin.rs) ----\n");
    s += &enum_consts("STATUS", Status::ALL.map(|k| (k.name(), k as u32)));
    s += &enum_consts(
        "CRITERION",
        CriterionKind::ALL.map(|k| (k.name(), k.index())),
    );
    s += &enum_consts("STREAM", Stream::ALL.map(|k| (k.name(), k as u32)));
    s += &enum_consts("MODEL", Model::ALL.map(|k| (k.name(), k.index())));
    s += &enum_consts("SCHEDULE", Schedule::ALL.map(|k| (k.name(), k.index())));
    for (name, v) in random::PHILOX_CONSTANTS {
        s += &const_u32(name, v);
    }
    s += &const_f32("UNIT", crate::model::num::UNIT as f32);
    s += &const_f32("TRAINABILITY_CLIP", crate::model::trainability::CLIP as f32);
    s += &const_u32("TRAINABILITY_TAIL", crate::model::trainability::TAIL);
    s += &const_f32("LAMB_CLAMP", step::LAMB_CLAMP as f32);
    s += &const_f32("SECOND_MOMENT_EPS", step::SECOND_MOMENT_EPS as f32);
    s += &const_u32("LBFGS_PAIR_WORDS", lbfgs::PAIR_WORDS as u32);
    s += &const_f32("LBFGS_C1", lbfgs::C1 as f32);
    s += &const_f32("LBFGS_C2", lbfgs::C2 as f32);
    s += &const_u32("LBFGS_MAX_LS", lbfgs::MAX_LS);
    // Written as their exact f64 value, so the widened f64 kernel holds the same f32 numbers.
    for (name, k) in ["NS_A", "NS_B", "NS_C"].iter().zip(step::NS_COEFFICIENTS) {
        s += &format!("const {name}: f32 = {:?};\n", f64::from(k));
    }
    s
}
