//! `optgrid list`: every objective and optimizer with what a user needs to call them.

use crate::model::hyper::{fmt_value, Range};
use crate::model::objective::{Objective, ObjectiveKind};
use crate::model::optimizer::Optimizer;
use std::fmt::Write;

/// The text `optgrid list` prints.
pub fn describe() -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Objectives (--fn):");
    for kind in ObjectiveKind::ALL {
        let o = Objective::new(kind);
        let d = kind.domain();
        let minima = o.minima();
        let globals: Vec<String> = minima
            .iter()
            .filter(|m| m.global)
            .map(|m| format!("({:.6}, {:.6})", m.x, m.y))
            .collect();
        let _ = writeln!(s, "  {:<16} f = {}", kind.name(), kind.formula());
        let _ = writeln!(
            s,
            "  {:<16} domain x ∈ [{}, {}], y ∈ [{}, {}]; global minimum {} at {}; {} known minima in all",
            "",
            d[0][0],
            d[0][1],
            d[1][0],
            d[1][1],
            fmt_value(o.global_value()),
            globals.join(", "),
            minima.len()
        );
    }
    let _ = writeln!(
        s,
        "\nOptimizers (--opt), hyperparameters with torch.optim's defaults:"
    );
    for opt in Optimizer::ALL {
        let _ = writeln!(s, "  {:<10} {}", opt.name(), opt.about());
        for h in opt.hypers() {
            let default = if h.range == Range::Flag {
                (if h.default != 0.0 { "true" } else { "false" }).to_string()
            } else {
                fmt_value(h.default)
            };
            let _ = writeln!(
                s,
                "  {:<10}   {:<26} default {:<8} {}",
                "", h.name, default, h.range
            );
        }
    }
    let _ = writeln!(
        s,
        "\nAxes (--x, --y): x0, y0, or any numeric hyperparameter of the chosen optimizer, as QUANTITY=LO:HI[:log]."
    );
    s
}
