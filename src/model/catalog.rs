//! The catalogue a user chooses from — every objective and optimizer with what is needed to
//! call them — as data ([`entries`]: the viewer's `/api/catalog`) and as the text
//! `optgrid list` prints ([`describe`]), one from the other.

use crate::model::criterion::CriterionKind;
use crate::model::hyper::{fmt_value, Bound, HyperSpec, Scale};
use crate::model::objective::{Minimum, Objective, ObjectiveKind};
use crate::model::optimizer::{wrapper, Optimizer, COORDINATE_LRS, LOOKAHEAD};
use crate::model::schedule::Schedule;
use crate::model::stochastic::{BATCH, GRADIENT_QUANTITIES};
use serde::Serialize;
use std::fmt::Write;

#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    pub objectives: Vec<ObjectiveEntry>,
    pub optimizers: Vec<OptimizerEntry>,
    /// Each coordinate's own learning rate, which every optimizer takes (`default` null: lr).
    pub coordinates: Vec<HyperEntry>,
    /// Quantities every optimizer takes: the gradient's noise and sparsity.
    pub gradient: Vec<HyperEntry>,
    /// What any optimizer can be wrapped in (Lookahead), each turned on by its first
    /// parameter.
    pub wrappers: Vec<WrapperEntry>,
    /// Quantities only the data objectives take: the minibatch size.
    pub data: Vec<HyperEntry>,
    pub schedules: Vec<ScheduleEntry>,
    pub criteria: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScheduleEntry {
    pub name: &'static str,
    pub about: &'static str,
    /// Its parameters, with defaults for a budget of [`DEFAULTS_FOR_STEPS`] steps (`t_max` and
    /// `total_steps` default to the budget, `warmup_steps` to a tenth of it).
    pub params: Vec<HyperEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WrapperEntry {
    pub name: &'static str,
    pub about: &'static str,
    /// Its parameters; giving the first wraps the run.
    pub params: Vec<HyperEntry>,
}

/// The budget the catalogue's schedule defaults are given for.
pub const DEFAULTS_FOR_STEPS: u32 = 1000;

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveEntry {
    pub name: &'static str,
    pub formula: &'static str,
    /// `[[x_lo, x_hi], [y_lo, y_hi]]`.
    pub domain: [[f64; 2]; 2],
    pub default_start: [f64; 2],
    /// Fitted to data (`fit_*`): takes `batch`, `examples`, `data_noise`, `data_seed`, `data`.
    pub data: bool,
    pub global_min_value: f64,
    /// Every known minimum, global ones first.
    pub minima: Vec<Minimum>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptimizerEntry {
    pub name: &'static str,
    pub about: &'static str,
    pub hypers: Vec<HyperEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HyperEntry {
    pub name: &'static str,
    pub default: f64,
    /// The allowed values, as `optgrid list` says them.
    pub range: String,
    /// `positive`, `non_negative`, `unit_half_open`, `unit_open`, `unit_open_closed`, `unit_closed`, `above_one`, `flag` or `count` (`Range::kind`).
    pub kind: &'static str,
    /// The viewer's slider over it (the quantity table's), `None` for flags.
    pub slider: Option<Slider>,
}

/// A slider's range: `hi` `None` is the step budget (step-count parameters).
#[derive(Debug, Clone, Serialize)]
pub struct Slider {
    pub lo: f64,
    pub hi: Option<f64>,
    pub log: bool,
}

impl HyperEntry {
    fn of(h: &HyperSpec) -> HyperEntry {
        HyperEntry {
            name: h.name,
            default: h.default,
            range: h.range.to_string(),
            kind: h.range.kind(),
            slider: h.explore().map(|e| {
                let (lo, hi) = e.slider.resolve(h, 0);
                Slider {
                    lo,
                    hi: (e.slider.hi != Bound::Budget).then_some(hi),
                    log: e.slider.scale == Scale::Log,
                }
            }),
        }
    }
}

/// One objective's entry (a formula's too: the viewer asks for one it is typed).
pub fn objective_entry(kind: ObjectiveKind) -> ObjectiveEntry {
    let o = Objective::new(kind);
    ObjectiveEntry {
        name: kind.name(),
        formula: kind.formula(),
        domain: kind.domain(),
        default_start: kind.default_start(),
        data: kind.model().is_some(),
        global_min_value: o.global_value(),
        minima: o.minima(),
    }
}

/// Every objective, optimizer, gradient quantity, schedule and criterion.
pub fn entries() -> Catalog {
    Catalog {
        objectives: ObjectiveKind::ALL.map(objective_entry).to_vec(),
        optimizers: Optimizer::ALL
            .iter()
            .map(|&opt| OptimizerEntry {
                name: opt.name(),
                about: opt.about(),
                hypers: opt.hypers().iter().map(HyperEntry::of).collect(),
            })
            .collect(),
        coordinates: COORDINATE_LRS.iter().map(HyperEntry::of).collect(),
        gradient: GRADIENT_QUANTITIES.iter().map(HyperEntry::of).collect(),
        wrappers: vec![WrapperEntry {
            name: "lookahead",
            about: wrapper::ABOUT,
            params: LOOKAHEAD.iter().map(HyperEntry::of).collect(),
        }],
        data: vec![HyperEntry::of(&BATCH)],
        schedules: Schedule::ALL
            .iter()
            .map(|&s| ScheduleEntry {
                name: s.name(),
                about: s.about(),
                params: s
                    .params(DEFAULTS_FOR_STEPS)
                    .iter()
                    .map(HyperEntry::of)
                    .collect(),
            })
            .collect(),
        criteria: CriterionKind::ALL.iter().map(|c| c.name()).collect(),
    }
}

/// The text `optgrid list` prints.
pub fn describe() -> String {
    let catalog = entries();
    let mut s = String::new();
    let _ = writeln!(s, "Objectives (--fn):");
    for o in &catalog.objectives {
        let d = o.domain;
        let globals: Vec<String> = o
            .minima
            .iter()
            .filter(|m| m.global)
            .map(|m| format!("({:.6}, {:.6})", m.x, m.y))
            .collect();
        let _ = writeln!(s, "  {:<16} f = {}", o.name, o.formula);
        let _ = writeln!(
            s,
            "  {:<16} domain x ∈ [{}, {}], y ∈ [{}, {}]; global minimum {} at {}; {} known minima in all",
            "",
            d[0][0],
            d[0][1],
            d[1][0],
            d[1][1],
            fmt_value(o.global_min_value),
            globals.join(", "),
            o.minima.len()
        );
    }
    let _ = writeln!(
        s,
        "  or any formula in x and y, e.g. --fn \"(1-x)^2 + 100*(y-x^2)^2\", its gradient derived exactly:\n  \
         numbers, x, y, pi, e, + - * / ^ (integer powers are products; others need a positive base)\n  \
         and {}.\n  \
         --domain X0:X1,Y0:Y1 [default -5:5,-5:5]; --minima X,Y;X,Y [default: found by Newton's\n  \
         method from a grid of starts over the domain].",
        crate::model::formula::parse::FUNCTIONS.map(|(f, _)| f).join(" ")
    );
    let _ = writeln!(
        s,
        "\nOptimizers (--opt), hyperparameters with torch.optim's defaults:"
    );
    // The name column is as wide as the longest name, so every row reads "NAME  about".
    let w = catalog
        .optimizers
        .iter()
        .map(|o| o.name.len())
        .max()
        .unwrap_or(0);
    for opt in &catalog.optimizers {
        let _ = writeln!(s, "  {:<w$}  {}", opt.name, opt.about);
        for h in &opt.hypers {
            let default = if h.kind == "flag" {
                (if h.default != 0.0 { "true" } else { "false" }).to_string()
            } else {
                fmt_value(h.default)
            };
            let _ = writeln!(
                s,
                "  {:<w$}    {:<26} default {:<8} {}",
                "", h.name, default, h.range
            );
        }
    }
    let _ = writeln!(
        s,
        "\nEvery optimizer's per-coordinate learning rates (--param NAME=V, or an axis: two torch parameter groups, x and y; default lr):"
    );
    for h in &catalog.coordinates {
        let _ = writeln!(
            s,
            "  {:<10}   {:<26} default lr       {}",
            "", h.name, h.range
        );
    }
    let _ = writeln!(
        s,
        "\nEvery optimizer's gradient (--param NAME=V; --seed S picks the draws):"
    );
    let quantity = |s: &mut String, h: &HyperEntry| {
        let _ = writeln!(
            s,
            "  {:<10}   {:<26} default {:<8} {}",
            "",
            h.name,
            fmt_value(h.default),
            h.range
        );
    };
    for h in &catalog.gradient {
        quantity(&mut s, h);
    }
    for w in &catalog.wrappers {
        let _ = writeln!(
            s,
            "\nEvery optimizer's wrapper {} (--param {}=K wraps the run; not Schedule-Free): {}",
            w.name, w.params[0].name, w.about
        );
        for h in &w.params {
            quantity(&mut s, h);
        }
    }
    let _ = writeln!(
        s,
        "\nThe data objectives' (fit_*) minibatches (--batch B; their data: --examples N, --data-noise S, --data-seed K, or --data FILE.csv):"
    );
    for h in &catalog.data {
        quantity(&mut s, h);
    }
    let _ = writeln!(
        s,
        "\nLearning-rate schedules (--schedule), lr at step t = lr x factor(t - 1); parameters by --param (defaults for --steps {DEFAULTS_FOR_STEPS}: t_max and total_steps default to the budget, warmup_steps to a tenth):"
    );
    for sc in &catalog.schedules {
        let _ = writeln!(s, "  {:<14} {}", sc.name, sc.about);
        for h in &sc.params {
            quantity(&mut s, h);
        }
    }
    let _ = writeln!(
        s,
        "\nAxes (--x, --y): x0, y0, or any numeric quantity above that the sweep takes (the optimizer's hyperparameters, lr_x and lr_y, noise, sparsity, lookahead_alpha, the schedule's parameters), as QUANTITY=LO:HI[:log]."
    );
    s
}
