//! Update rules against oracles written straight from REFERENCE.md (torch.optim's formulas, with
//! `powf` bias corrections instead of the engine's running products), for a fixed gradient
//! sequence; plus a few steps worked out by hand, and the f32 path against the f64 path.

use optgrid::model::hyper::{slot, Hyper, SLOT_COUNT};
use optgrid::model::num::Real;
use optgrid::model::optimizer::{step, Optimizer, State, COORDINATE_LRS};

const START: [f64; 2] = [1.0, -2.0];
const GRADS: [[f64; 2]; 10] = [
    [0.5, -1.0],
    [0.3, 0.2],
    [-0.4, 0.8],
    [1.0, 1.0],
    [0.1, -0.3],
    [-0.7, 0.05],
    [0.2, 0.9],
    [0.6, -0.6],
    [-0.25, 0.4],
    [0.05, -0.15],
];

/// Hyperparameters: the optimizer's defaults with the given overrides; `lr_x` and `lr_y` not
/// given follow `lr`, as a plan makes them.
fn hyper(opt: Optimizer, overrides: &[(&str, f64)]) -> Hyper<f64> {
    let mut slots = [0.0; SLOT_COUNT];
    for h in opt.hypers() {
        slots[h.slot] = h.default;
    }
    for (name, v) in overrides {
        let spec = COORDINATE_LRS.iter().find(|c| c.name == *name).copied();
        slots[spec.unwrap_or_else(|| opt.hyper(name).unwrap()).slot] = *v;
    }
    for c in COORDINATE_LRS {
        if !overrides.iter().any(|(name, _)| *name == c.name) {
            slots[c.slot] = slots[slot::LR];
        }
    }
    Hyper::from_slots(&slots)
}

/// The engine's iterates θ1..θn for the fixed gradient sequence.
fn engine_path<F: Real>(opt: Optimizer, h64: &Hyper<f64>) -> Vec<[f64; 2]> {
    let c = |v: f64| F::lit(v);
    let h: Hyper<F> = h64.rounded();
    let mut pos = START.map(c);
    let mut s = State::new(opt, &h);
    GRADS
        .iter()
        .enumerate()
        .map(|(k, g)| {
            step(opt, &h, k as u32 + 1, &mut pos, g.map(c), &mut s);
            pos.map(|v| v.to_f64_exact())
        })
        .collect()
}

/// Runs a per-coordinate oracle `f(t, θ, g, state) -> θ'` over the sequence.
fn oracle_path<S: Default + Clone>(
    mut f: impl FnMut(u32, f64, f64, &mut S) -> f64,
) -> Vec<[f64; 2]> {
    let mut pos = START;
    let mut states = [S::default(), S::default()];
    GRADS
        .iter()
        .enumerate()
        .map(|(k, g)| {
            for i in 0..2 {
                pos[i] = f(k as u32 + 1, pos[i], g[i], &mut states[i]);
            }
            pos
        })
        .collect()
}

fn assert_paths(name: &str, got: &[[f64; 2]], want: &[[f64; 2]], rel: f64) {
    for (t, (a, b)) in got.iter().zip(want).enumerate() {
        for i in 0..2 {
            assert!(
                (a[i] - b[i]).abs() <= rel * (1.0 + b[i].abs()),
                "{name}: step {} coordinate {i}: engine {} vs oracle {}",
                t + 1,
                a[i],
                b[i]
            );
        }
    }
}

fn check(opt: Optimizer, overrides: &[(&str, f64)], oracle: Vec<[f64; 2]>) {
    let h = hyper(opt, overrides);
    let name = format!("{} {:?}", opt.name(), overrides);
    assert_paths(&name, &engine_path::<f64>(opt, &h), &oracle, 1e-12);
    // The f32 path follows the f64 one to f32 accuracy.
    assert_paths(
        &format!("{name} (f32)"),
        &engine_path::<f32>(opt, &h),
        &oracle,
        2e-5,
    );
}

#[derive(Default, Clone)]
struct S3 {
    a: f64,
    b: f64,
    c: f64,
}

#[test]
fn sgd_with_weight_decay() {
    let (lr, wd) = (0.1, 0.05);
    check(
        Optimizer::Sgd,
        &[("lr", lr), ("weight_decay", wd)],
        oracle_path::<S3>(|_, p, g, _| p - lr * (g + wd * p)),
    );
}

#[test]
fn sgd_first_step_by_hand() {
    let got = engine_path::<f64>(Optimizer::Sgd, &hyper(Optimizer::Sgd, &[("lr", 0.1)]));
    assert_eq!(got[0], [1.0 - 0.05, -2.0 + 0.1]);
}

#[test]
fn heavy_ball_momentum_with_dampening() {
    let (lr, mu, tau, wd) = (0.1, 0.8, 0.25, 0.01);
    check(
        Optimizer::Momentum,
        &[
            ("lr", lr),
            ("momentum", mu),
            ("dampening", tau),
            ("weight_decay", wd),
        ],
        oracle_path::<S3>(|t, p, g, s| {
            let g = g + wd * p;
            s.a = if t == 1 {
                g
            } else {
                mu * s.a + (1.0 - tau) * g
            };
            p - lr * s.a
        }),
    );
}

#[test]
fn nesterov() {
    let (lr, mu) = (0.1, 0.7);
    check(
        Optimizer::Nesterov,
        &[("lr", lr), ("momentum", mu)],
        oracle_path::<S3>(|t, p, g, s| {
            s.a = if t == 1 { g } else { mu * s.a + g };
            p - lr * (g + mu * s.a)
        }),
    );
}

#[test]
fn adagrad_with_lr_decay_and_initial_accumulator() {
    let (lr, decay, acc0, eps) = (0.5, 0.1, 0.3, 1e-10);
    check(
        Optimizer::Adagrad,
        &[
            ("lr", lr),
            ("lr_decay", decay),
            ("initial_accumulator_value", acc0),
        ],
        oracle_path::<S3>(|t, p, g, s| {
            if t == 1 {
                s.a = acc0;
            }
            s.a += g * g;
            p - lr / (1.0 + (t - 1) as f64 * decay) * g / (s.a.sqrt() + eps)
        }),
    );
}

#[test]
fn rmsprop_plain() {
    let (lr, alpha, eps) = (0.01, 0.99, 1e-8);
    check(
        Optimizer::Rmsprop,
        &[],
        oracle_path::<S3>(|_, p, g, s| {
            s.a = alpha * s.a + (1.0 - alpha) * g * g;
            p - lr * g / (s.a.sqrt() + eps)
        }),
    );
}

#[test]
fn rmsprop_centered_with_momentum() {
    let (lr, alpha, eps, mu) = (0.05, 0.9, 1e-8, 0.6);
    check(
        Optimizer::Rmsprop,
        &[
            ("lr", lr),
            ("alpha", alpha),
            ("momentum", mu),
            ("centered", 1.0),
        ],
        oracle_path::<S3>(|_, p, g, s| {
            s.a = alpha * s.a + (1.0 - alpha) * g * g;
            s.b = alpha * s.b + (1.0 - alpha) * g;
            let d = (s.a - s.b * s.b).sqrt() + eps;
            s.c = mu * s.c + g / d;
            p - lr * s.c
        }),
    );
}

fn adam_oracle(
    lr: f64,
    b1: f64,
    b2: f64,
    eps: f64,
    l2: f64,
    decoupled: f64,
    amsgrad: bool,
) -> Vec<[f64; 2]> {
    oracle_path::<S3>(move |t, p, g, s| {
        let p = p * (1.0 - lr * decoupled);
        let g = g + l2 * p;
        s.a = b1 * s.a + (1.0 - b1) * g;
        s.b = b2 * s.b + (1.0 - b2) * g * g;
        s.c = s.c.max(s.b);
        let v = if amsgrad { s.c } else { s.b };
        let t = t as i32;
        p - lr * (s.a / (1.0 - b1.powi(t))) / ((v / (1.0 - b2.powi(t))).sqrt() + eps)
    })
}

#[test]
fn adam_with_l2_decay() {
    check(
        Optimizer::Adam,
        &[("lr", 0.1), ("weight_decay", 0.02)],
        adam_oracle(0.1, 0.9, 0.999, 1e-8, 0.02, 0.0, false),
    );
}

#[test]
fn adam_first_step_by_hand() {
    // m̂ = g and v̂ = g², so the first step is lr·g/(|g| + eps).
    let got = engine_path::<f64>(Optimizer::Adam, &hyper(Optimizer::Adam, &[("lr", 0.1)]));
    assert!((got[0][0] - (1.0 - 0.1 * 0.5 / (0.5 + 1e-8))).abs() < 1e-15);
    assert!((got[0][1] - (-2.0 + 0.1 * 1.0 / (1.0 + 1e-8))).abs() < 1e-15);
}

#[test]
fn adam_amsgrad_flag_and_amsgrad_optimizer() {
    let want = adam_oracle(0.1, 0.5, 0.9, 1e-8, 0.0, 0.0, true);
    check(
        Optimizer::Adam,
        &[
            ("lr", 0.1),
            ("beta1", 0.5),
            ("beta2", 0.9),
            ("amsgrad", 1.0),
        ],
        want.clone(),
    );
    check(
        Optimizer::Amsgrad,
        &[("lr", 0.1), ("beta1", 0.5), ("beta2", 0.9)],
        want.clone(),
    );
    // amsgrad must matter for this sequence, or the test proves nothing.
    let plain = adam_oracle(0.1, 0.5, 0.9, 1e-8, 0.0, 0.0, false);
    assert!(plain
        .iter()
        .zip(&want)
        .any(|(a, b)| (a[0] - b[0]).abs() > 1e-6));
}

#[test]
fn adamw_decoupled_decay() {
    check(
        Optimizer::Adamw,
        &[("lr", 0.1), ("weight_decay", 0.3)],
        adam_oracle(0.1, 0.9, 0.999, 1e-8, 0.0, 0.3, false),
    );
}

#[test]
fn nadam_mu_product() {
    let (lr, b1, b2, eps, psi) = (0.05, 0.9, 0.999, 1e-8, 0.004);
    let mut products = vec![];
    let want = oracle_path::<S3>(|t, p, g, s| {
        let mu = |t: u32| b1 * (1.0 - 0.5 * 0.96f64.powf(t as f64 * psi));
        // Π = μ1·…·μt, recomputed from scratch as the formula reads.
        let prod: f64 = (1..=t).map(mu).product();
        let prod_next = prod * mu(t + 1);
        products.push(prod);
        s.a = b1 * s.a + (1.0 - b1) * g;
        s.b = b2 * s.b + (1.0 - b2) * g * g;
        let d = (s.b / (1.0 - b2.powi(t as i32))).sqrt() + eps;
        p - lr * (1.0 - mu(t)) / (1.0 - prod) * g / d - lr * mu(t + 1) / (1.0 - prod_next) * s.a / d
    });
    check(Optimizer::Nadam, &[("lr", lr)], want);
    // Π shrinks step by step: μ1 ≈ 0.45.
    assert!(products[0] > 0.44 && products[0] < 0.46 && *products.last().unwrap() < 1e-3);
}

#[test]
fn radam_both_branches() {
    let (lr, b1, b2, eps) = (0.1, 0.9, 0.999, 1e-8);
    let rho_inf = 2.0 / (1.0 - b2) - 1.0;
    let mut rectified = vec![];
    let want = oracle_path::<S3>(|t, p, g, s| {
        s.a = b1 * s.a + (1.0 - b1) * g;
        s.b = b2 * s.b + (1.0 - b2) * g * g;
        let bt = b2.powi(t as i32);
        let m_hat = s.a / (1.0 - b1.powi(t as i32));
        let rho_t = rho_inf - 2.0 * t as f64 * bt / (1.0 - bt);
        rectified.push(rho_t > 5.0);
        if rho_t > 5.0 {
            let r = ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf
                / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t))
                .sqrt();
            let l = (1.0 - bt).sqrt() / (s.b.sqrt() + eps);
            p - lr * m_hat * r * l
        } else {
            p - lr * m_hat
        }
    });
    check(Optimizer::Radam, &[("lr", lr)], want);
    assert!(
        rectified.contains(&false) && rectified.contains(&true),
        "the sequence must reach both branches"
    );
}

#[test]
fn adamax() {
    let (lr, b1, b2, eps) = (0.02, 0.9, 0.999, 1e-8);
    check(
        Optimizer::Adamax,
        &[("lr", lr)],
        oracle_path::<S3>(|t, p, g, s| {
            s.a = b1 * s.a + (1.0 - b1) * g;
            s.b = (b2 * s.b).max(g.abs() + eps);
            p - lr * s.a / ((1.0 - b1.powi(t as i32)) * s.b)
        }),
    );
}

#[test]
fn adadelta() {
    let (lr, rho, eps) = (1.0, 0.9, 1e-6);
    check(
        Optimizer::Adadelta,
        &[],
        oracle_path::<S3>(|_, p, g, s| {
            s.a = rho * s.a + (1.0 - rho) * g * g;
            let delta = (s.b + eps).sqrt() / (s.a + eps).sqrt() * g;
            s.b = rho * s.b + (1.0 - rho) * delta * delta;
            p - lr * delta
        }),
    );
}

#[test]
fn lion_with_weight_decay() {
    let (lr, b1, b2, wd) = (0.01, 0.9, 0.99, 0.1);
    check(
        Optimizer::Lion,
        &[("lr", lr), ("weight_decay", wd)],
        oracle_path::<S3>(|_, p, g, s| {
            let c = b1 * s.a + (1.0 - b1) * g;
            let sign = if c > 0.0 {
                1.0
            } else if c < 0.0 {
                -1.0
            } else {
                0.0
            };
            s.a = b2 * s.a + (1.0 - b2) * g;
            p - lr * (sign + wd * p)
        }),
    );
}

/// torch.optim.Rprop, single-tensor: `sign = (g·prev).sign()` mapped to etaplus, etaminus or
/// 1; `step_size.mul_(sign).clamp_(min, max)`; g zeroed where sign was etaminus; then
/// `param.addcmul_(g.sign(), step_size, value=-1)` and `prev = g`. A tight max bound so the
/// clamp acts too.
#[test]
fn rprop_with_step_size_bounds() {
    let (lr, eta_minus, eta_plus, lo, hi) = (0.05, 0.4, 1.5, 1e-3, 0.08);
    check(
        Optimizer::Rprop,
        &[
            ("lr", lr),
            ("eta_minus", eta_minus),
            ("eta_plus", eta_plus),
            ("step_size_min", lo),
            ("step_size_max", hi),
        ],
        oracle_path::<S3>(|t, p, g, s| {
            if t == 1 {
                s.b = lr;
            }
            let product = g * s.a;
            let factor = if product > 0.0 {
                eta_plus
            } else if product < 0.0 {
                eta_minus
            } else {
                1.0
            };
            s.b = (s.b * factor).clamp(lo, hi);
            let g = if factor == eta_minus { 0.0 } else { g };
            s.a = g;
            let sign = if g > 0.0 {
                1.0
            } else if g < 0.0 {
                -1.0
            } else {
                0.0
            };
            p - sign * s.b
        }),
    );
}

#[test]
fn lion_first_step_by_hand_and_zero_gradient_does_not_move() {
    let h = hyper(Optimizer::Lion, &[("lr", 0.01)]);
    let got = engine_path::<f64>(Optimizer::Lion, &h);
    assert_eq!(got[0], [1.0 - 0.01, -2.0 + 0.01]);
    let mut pos = [1.0, 1.0];
    let mut s = State::new(Optimizer::Lion, &h);
    step(Optimizer::Lion, &h, 1, &mut pos, [0.0, 0.0], &mut s);
    assert_eq!(pos, [1.0, 1.0], "sign(0) is 0, as in torch and WGSL");
}

/// The test above that holds each optimizer to its oracle: an exhaustive match, so a new
/// optimizer does not compile here until it has one.
fn oracle_test(opt: Optimizer) -> fn() {
    match opt {
        Optimizer::Sgd => sgd_with_weight_decay,
        Optimizer::Momentum => heavy_ball_momentum_with_dampening,
        Optimizer::Nesterov => nesterov,
        Optimizer::Adagrad => adagrad_with_lr_decay_and_initial_accumulator,
        Optimizer::Rmsprop => rmsprop_centered_with_momentum,
        Optimizer::Adam => adam_with_l2_decay,
        Optimizer::Adamw => adamw_decoupled_decay,
        Optimizer::Amsgrad => adam_amsgrad_flag_and_amsgrad_optimizer,
        Optimizer::Nadam => nadam_mu_product,
        Optimizer::Radam => radam_both_branches,
        Optimizer::Adamax => adamax,
        Optimizer::Adadelta => adadelta,
        Optimizer::Lion => lion_with_weight_decay,
        Optimizer::Rprop => rprop_with_step_size_bounds,
        // The rest follow their reference implementations' own trajectories (references.rs).
        Optimizer::Asgd => crate::references::asgd_follows_torch,
        Optimizer::Adabelief => crate::references::adabelief_follows_pytorch_optimizer,
        Optimizer::Adan => crate::references::adan_follows_pytorch_optimizer,
        Optimizer::Lamb => crate::references::lamb_follows_pytorch_optimizer,
        Optimizer::Ademamix => crate::references::ademamix_follows_pytorch_optimizer,
        Optimizer::Laprop => crate::references::laprop_follows_pytorch_optimizer,
        Optimizer::Mars => crate::references::mars_follows_pytorch_optimizer,
        Optimizer::Adafactor => crate::references::adafactor_follows_torch,
        Optimizer::Prodigy => crate::references::prodigy_follows_prodigyopt,
        Optimizer::DadaptAdam => crate::references::dadapt_adam_follows_pytorch_optimizer,
        Optimizer::SchedulefreeAdamw => crate::references::schedulefree_adamw_follows_schedulefree,
        Optimizer::SchedulefreeSgd => crate::references::schedulefree_sgd_follows_schedulefree,
        Optimizer::Muon => crate::references::muon_follows_torch,
        Optimizer::Lbfgs => crate::references::lbfgs_follows_torch,
    }
}

#[test]
fn every_optimizer_meets_its_oracle() {
    for opt in Optimizer::ALL {
        oracle_test(opt)();
    }
}

/// lr_x and lr_y are two torch parameter groups: every rule updates each coordinate as the same
/// rule with that coordinate's rate alone would, to the bit. (Not the rules whose reference
/// couples the coordinates through a norm: they take one lr.)
#[test]
fn each_coordinate_takes_its_own_learning_rate() {
    for opt in Optimizer::ALL.into_iter().filter(|o| !o.info().coupled) {
        let lr = opt.hyper("lr").unwrap().default;
        let (a, b) = (lr * 3.0, lr / 7.0);
        let both = engine_path::<f64>(opt, &hyper(opt, &[("lr_x", a), ("lr_y", b)]));
        let x_alone = engine_path::<f64>(opt, &hyper(opt, &[("lr", a)]));
        let y_alone = engine_path::<f64>(opt, &hyper(opt, &[("lr", b)]));
        for t in 0..both.len() {
            assert_eq!(
                both[t][0],
                x_alone[t][0],
                "{}: x at step {}",
                opt.name(),
                t + 1
            );
            assert_eq!(
                both[t][1],
                y_alone[t][1],
                "{}: y at step {}",
                opt.name(),
                t + 1
            );
        }
        // And the rates matter: x moves differently from a run at y's rate.
        let x_at_b = engine_path::<f64>(opt, &hyper(opt, &[("lr", b)]));
        assert_ne!(both[0][0], x_at_b[0][0], "{}", opt.name());
    }
}

/// Lookahead's two ends, on every wrappable rule through the whole engine: α = 1 is the inner
/// rule itself, bit for bit (lerp with weight 0 leaves the iterate as it is); k = 1 with α = 0
/// pulls every step back to the slow weights, so no instance leaves its start. In between it
/// changes the run.
#[test]
fn lookahead_at_alpha_one_is_the_rule_and_at_alpha_zero_every_step_stays_put() {
    use optgrid::engine::cpu::CpuEngine;
    use optgrid::engine::Silent;
    use optgrid::model::objective::ObjectiveKind;
    use optgrid::model::optimizer::wrapper::check_wrappable;
    use optgrid::spec::sweep::{Precision, SweepSpec};
    let run = |opt: Optimizer, wrap: &[(&str, f64)]| {
        let mut spec = SweepSpec::new(ObjectiveKind::Himmelblau, opt);
        spec.res = [6, 5];
        spec.steps = 60;
        spec.early_stop = false;
        let lr = opt.hyper("lr").unwrap().default;
        spec.set("lr", lr * 5.0);
        // One inner iteration a step: with its 20, L-BFGS reaches each minimum exactly
        // within a few steps, pulled back or not.
        if opt == Optimizer::Lbfgs {
            spec.set("max_iter", 1.0);
        }
        for (name, v) in wrap {
            spec.set(name, *v);
        }
        let mut engine = CpuEngine::new(Precision::F64);
        optgrid::run::run(&spec, &mut engine, &Silent).unwrap()
    };
    for opt in Optimizer::ALL
        .into_iter()
        .filter(|&o| check_wrappable(o).is_ok())
    {
        let plain = run(opt, &[]);
        let one = run(opt, &[("lookahead_k", 3.0), ("lookahead_alpha", 1.0)]);
        assert!(one.plan.lookahead && !plain.plan.lookahead);
        assert_eq!(one.records.final_x, plain.records.final_x, "{}", opt.name());
        assert_eq!(one.records.final_y, plain.records.final_y, "{}", opt.name());
        let half = run(opt, &[("lookahead_k", 3.0)]);
        assert_ne!(
            half.records.final_x,
            plain.records.final_x,
            "{}",
            opt.name()
        );
        let still = run(opt, &[("lookahead_k", 1.0), ("lookahead_alpha", 0.0)]);
        let starts: Vec<f64> = (0..still.plan.instances())
            .map(|i| still.plan.instance::<f64>(i).0[0])
            .collect();
        assert_eq!(still.records.final_x, starts, "{}", opt.name());
    }
}
