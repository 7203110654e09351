//! Objectives against exact oracles: analytic gradients vs central finite differences, and the
//! known minima of the literature.

mod common;
use common::Rng;
use optgrid::model::objective::{Objective, ObjectiveKind};

#[test]
fn every_gradient_matches_central_differences_in_f64() {
    let mut rng = Rng::new(7);
    for kind in ObjectiveKind::ALL {
        let o = Objective::new(kind);
        let d = kind.domain();
        for _ in 0..400 {
            let (x, y) = (rng.uniform(d[0][0], d[0][1]), rng.uniform(d[1][0], d[1][1]));
            let g = o.gradient(x, y);
            let h = 1e-6 * (1.0 + x.abs().max(y.abs()));
            let fd = [
                (o.value(x + h, y) - o.value(x - h, y)) / (2.0 * h),
                (o.value(x, y + h) - o.value(x, y - h)) / (2.0 * h),
            ];
            let scale = 1.0 + o.value(x, y).abs() + g[0].abs() + g[1].abs();
            for i in 0..2 {
                assert!(
                    (g[i] - fd[i]).abs() <= 1e-6 * scale,
                    "{}: ∂f/∂{} at ({x}, {y}): analytic {} vs finite difference {}",
                    kind.name(),
                    ["x", "y"][i],
                    g[i],
                    fd[i]
                );
            }
        }
    }
}

#[test]
fn f32_gradients_follow_f64_ones() {
    let mut rng = Rng::new(11);
    for kind in ObjectiveKind::ALL {
        let o = Objective::new(kind);
        let d = kind.domain();
        for _ in 0..200 {
            let (x, y) = (
                rng.uniform(d[0][0], d[0][1]) as f32,
                rng.uniform(d[1][0], d[1][1]) as f32,
            );
            let g64 = o.gradient(f64::from(x), f64::from(y));
            let g32 = o.gradient(x, y);
            let scale = 1.0 + g64[0].abs() + g64[1].abs();
            for i in 0..2 {
                // sin(6πx) of levi13 loses digits as |x| grows; 1e-3 covers it.
                assert!(
                    (f64::from(g32[i]) - g64[i]).abs() <= 1e-3 * scale,
                    "{}",
                    kind.name()
                );
            }
        }
    }
}

#[test]
fn global_minima_match_the_literature() {
    type Known = (ObjectiveKind, f64, &'static [(f64, f64)]);
    let expect: &[Known] = &[
        (ObjectiveKind::Ackley, 0.0, &[(0.0, 0.0)]),
        (ObjectiveKind::Rosenbrock, 0.0, &[(1.0, 1.0)]),
        (ObjectiveKind::Rastrigin, 0.0, &[(0.0, 0.0)]),
        (
            ObjectiveKind::Himmelblau,
            0.0,
            &[
                (3.0, 2.0),
                (-2.805118, 3.131312),
                (-3.779310, -3.283186),
                (3.584428, -1.848126),
            ],
        ),
        (ObjectiveKind::Beale, 0.0, &[(3.0, 0.5)]),
        (ObjectiveKind::Booth, 0.0, &[(1.0, 3.0)]),
        (ObjectiveKind::GoldsteinPrice, 3.0, &[(0.0, -1.0)]),
        (
            ObjectiveKind::StyblinskiTang,
            -78.33233,
            &[(-2.903534, -2.903534)],
        ),
        (
            ObjectiveKind::SixHumpCamel,
            -1.031628,
            &[(0.0898, -0.7126), (-0.0898, 0.7126)],
        ),
        (ObjectiveKind::Matyas, 0.0, &[(0.0, 0.0)]),
        (ObjectiveKind::Levi13, 0.0, &[(1.0, 1.0)]),
        (ObjectiveKind::Quadratic, 0.0, &[(0.0, 0.0)]),
    ];
    for (kind, value, points) in expect {
        let o = Objective::new(*kind);
        let globals: Vec<_> = o.minima().into_iter().filter(|m| m.global).collect();
        assert_eq!(
            globals.len(),
            points.len(),
            "{}: number of global minima",
            kind.name()
        );
        for (x, y) in *points {
            let m = globals
                .iter()
                .find(|m| (m.x - x).hypot(m.y - y) < 1e-3)
                .unwrap_or_else(|| panic!("{}: no global minimum near ({x}, {y})", kind.name()));
            assert!(
                (m.value - value).abs() < 1e-5,
                "{}: f* = {}",
                kind.name(),
                m.value
            );
        }
    }
}

#[test]
fn lattice_objectives_know_their_local_minima() {
    for kind in [ObjectiveKind::Ackley, ObjectiveKind::Rastrigin] {
        let minima = Objective::new(kind).minima();
        assert_eq!(
            minima.len(),
            121,
            "{}: one minimum near each integer point of [-5, 5]²",
            kind.name()
        );
        assert_eq!(minima.iter().filter(|m| m.global).count(), 1);
    }
    let counts = [
        (ObjectiveKind::StyblinskiTang, 4),
        (ObjectiveKind::SixHumpCamel, 6),
        (ObjectiveKind::GoldsteinPrice, 4),
    ];
    for (kind, n) in counts {
        assert_eq!(Objective::new(kind).minima().len(), n, "{}", kind.name());
    }
}

#[test]
fn every_known_minimum_is_a_stationary_point_and_capture_radii_do_not_overlap() {
    for kind in ObjectiveKind::ALL {
        let o = Objective::new(kind);
        let minima = o.minima();
        for m in &minima {
            let g = o.gradient(m.x, m.y);
            assert!(
                g[0].hypot(g[1]) < 1e-6,
                "{}: gradient at ({}, {})",
                kind.name(),
                m.x,
                m.y
            );
        }
        for (i, a) in minima.iter().enumerate() {
            for b in &minima[i + 1..] {
                assert!(
                    (a.x - b.x).hypot(a.y - b.y) > 2.0 * kind.capture_radius(),
                    "{}: capture radius overlaps",
                    kind.name()
                );
            }
        }
    }
}
