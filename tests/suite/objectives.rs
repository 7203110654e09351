//! Objectives against exact oracles: analytic gradients vs central finite differences, and the
//! known minima of the literature.

use crate::common;
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

/// Every objective the literature tabulates (its catalogue entry says what the literature
/// gives) has exactly those global minima, that minimum value, and that many minima in all.
#[test]
fn minima_match_the_literature() {
    let mut checked = 0;
    for kind in ObjectiveKind::ALL {
        let Some(known) = kind.info().literature else {
            continue;
        };
        checked += 1;
        let minima = Objective::new(kind).minima();
        let globals: Vec<_> = minima.iter().filter(|m| m.global).collect();
        assert_eq!(
            globals.len(),
            known.global.len(),
            "{}: number of global minima",
            kind.name()
        );
        for [x, y] in known.global {
            let m = globals
                .iter()
                .find(|m| (m.x - x).hypot(m.y - y) < 1e-3)
                .unwrap_or_else(|| panic!("{}: no global minimum near ({x}, {y})", kind.name()));
            assert!(
                (m.value - known.min_value).abs() < 1e-5,
                "{}: f* = {}",
                kind.name(),
                m.value
            );
        }
        assert_eq!(minima.len(), known.minima, "{}: minima in all", kind.name());
    }
    assert!(checked > 0, "the catalogue tabulates some objectives");
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
