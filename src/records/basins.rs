//! Basin labels: which known minimum each final iterate settled near.

use super::Records;
use crate::model::instance::Status;
use crate::model::objective::Minimum;
use crate::spec::plan::Plan;
use rayon::prelude::*;

/// `basin` value of an instance that settled near no known minimum.
pub const BASIN_UNSETTLED: i32 = -1;
/// `basin` value of a diverged instance.
pub const BASIN_DIVERGED: i32 = -2;

impl Records {
    /// Labels every instance with its basin: the known minimum within the capture radius of
    /// its final iterate, or unsettled / diverged.
    pub fn label_basins(&mut self, plan: &Plan) {
        let locator = BasinLocator::new(&plan.minima, plan.capture_radius);
        self.basin = (&self.final_x, &self.final_y, &self.status)
            .into_par_iter()
            .map(|(&x, &y, &status)| match status {
                Status::Diverged => BASIN_DIVERGED,
                _ => locator.label(x, y),
            })
            .collect();
    }
}

/// The index of the known minimum nearest to (x, y) if within `radius`, else unsettled (the
/// later index on a tie). Checks every minimum: the definition [`BasinLocator`] must match.
pub fn basin_label(minima: &[Minimum], radius: f64, x: f64, y: f64) -> i32 {
    nearest_within(minima, 0..minima.len() as u32, radius, x, y)
}

fn nearest_within(
    minima: &[Minimum],
    candidates: impl IntoIterator<Item = u32>,
    radius: f64,
    x: f64,
    y: f64,
) -> i32 {
    let mut best = BASIN_UNSETTLED;
    let mut best_d2 = radius * radius;
    for i in candidates {
        let m = &minima[i as usize];
        let d2 = (x - m.x).powi(2) + (y - m.y).powi(2);
        if d2 <= best_d2 {
            best_d2 = d2;
            best = i as i32;
        }
    }
    best
}

/// [`basin_label`] in constant time: the minima are bucketed into a grid of cells about one
/// capture radius wide, each cell listing (in index order) the minima whose capture disk may
/// reach it, so a point checks only its own cell's few candidates instead of all of them
/// (Ackley and Rastrigin have 121).
pub struct BasinLocator<'a> {
    minima: &'a [Minimum],
    radius: f64,
    origin: [f64; 2],
    cell: f64,
    cols: usize,
    rows: usize,
    /// Cell c's candidates are `candidates[starts[c]..starts[c + 1]]`.
    starts: Vec<u32>,
    candidates: Vec<u32>,
}

impl<'a> BasinLocator<'a> {
    /// Most cells along a side; sparse, far-flung minima get wider cells instead.
    const MAX_SIDE: f64 = 1000.0;

    pub fn new(minima: &'a [Minimum], radius: f64) -> BasinLocator<'a> {
        let radius = if radius.is_finite() {
            radius.max(0.0)
        } else {
            f64::MAX
        };
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for m in minima {
            for (k, v) in [m.x, m.y].into_iter().enumerate() {
                lo[k] = lo[k].min(v);
                hi[k] = hi[k].max(v);
            }
        }
        let usable = !minima.is_empty() && radius < 1e150 && (0..2).all(|k| hi[k] - lo[k] < 1e150);
        if !usable {
            // One infinitely wide cell holding every minimum: the plain scan for every finite
            // point (a non-finite one falls outside: it is unsettled).
            return BasinLocator {
                minima,
                radius,
                origin: [0.0; 2],
                cell: f64::INFINITY,
                cols: 1,
                rows: 1,
                starts: vec![0, minima.len() as u32],
                candidates: (0..minima.len() as u32).collect(),
            };
        }
        // One spare cell on every side, so rounding at a disk's edge cannot miss a candidate.
        let extent = (0..2)
            .map(|k| hi[k] - lo[k] + 2.0 * radius)
            .fold(0.0, f64::max);
        let cell = radius.max(extent / Self::MAX_SIDE).max(1e-300);
        let origin = [lo[0] - radius - cell, lo[1] - radius - cell];
        let count = |k: usize| ((hi[k] - lo[k] + 2.0 * radius) / cell) as usize + 3;
        let (cols, rows) = (count(0), count(1));
        let mut locator = BasinLocator {
            minima,
            radius,
            origin,
            cell,
            cols,
            rows,
            starts: Vec::new(),
            candidates: Vec::new(),
        };
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); cols * rows];
        for (i, m) in minima.iter().enumerate() {
            let [c0, r0] = locator.cell_of(m.x - radius, m.y - radius).unwrap();
            let [c1, r1] = locator.cell_of(m.x + radius, m.y + radius).unwrap();
            for r in r0.saturating_sub(1)..=(r1 + 1).min(rows - 1) {
                for c in c0.saturating_sub(1)..=(c1 + 1).min(cols - 1) {
                    lists[r * cols + c].push(i as u32);
                }
            }
        }
        locator.starts.push(0);
        for list in lists {
            locator.candidates.extend(list);
            locator.starts.push(locator.candidates.len() as u32);
        }
        locator
    }

    /// The grid cell (column, row) holding (x, y), if any.
    fn cell_of(&self, x: f64, y: f64) -> Option<[usize; 2]> {
        let c = ((x - self.origin[0]) / self.cell).floor();
        let r = ((y - self.origin[1]) / self.cell).floor();
        let inside = |v: f64, n: usize| v >= 0.0 && v < n as f64;
        (inside(c, self.cols) && inside(r, self.rows)).then_some([c as usize, r as usize])
    }

    /// Same as [`basin_label`] over all the minima.
    pub fn label(&self, x: f64, y: f64) -> i32 {
        match self.cell_of(x, y) {
            Some([c, r]) => {
                let k = r * self.cols + c;
                let list = &self.candidates[self.starts[k] as usize..self.starts[k + 1] as usize];
                nearest_within(self.minima, list.iter().copied(), self.radius, x, y)
            }
            None => BASIN_UNSETTLED,
        }
    }
}

#[cfg(feature = "unit-tests")]
pub mod tests {
    use super::*;
    use crate::model::objective::{Objective, ObjectiveKind};

    /// The grid lookup gives exactly the full scan's label, for every objective's minima, at
    /// points that land in basins, on capture-disk edges, between minima and far outside.
    pub fn basin_locator_agrees_with_the_full_scan() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut uniform = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for kind in ObjectiveKind::ALL {
            let minima = Objective::new(kind).minima();
            let radius = kind.capture_radius();
            let locator = BasinLocator::new(&minima, radius);
            let [[x0, x1], [y0, y1]] = kind.domain();
            let mut settled = 0;
            for k in 0..20_000 {
                let (x, y) = if k % 2 == 0 {
                    // Anywhere in three times the domain.
                    let (wx, wy) = (x1 - x0, y1 - y0);
                    (
                        x0 - wx + 3.0 * wx * uniform(),
                        y0 - wy + 3.0 * wy * uniform(),
                    )
                } else {
                    // Near a minimum, often right on its disk's edge.
                    let m = &minima[k / 2 % minima.len()];
                    let angle = std::f64::consts::TAU * uniform();
                    let r = radius * if k % 3 == 0 { 1.0 } else { 1.2 * uniform() };
                    (m.x + r * angle.cos(), m.y + r * angle.sin())
                };
                let want = basin_label(&minima, radius, x, y);
                assert_eq!(locator.label(x, y), want, "{} at ({x}, {y})", kind.name());
                settled += usize::from(want >= 0);
            }
            assert!(
                settled > 5_000,
                "{}: the points should often land in a basin",
                kind.name()
            );
        }
    }

    pub fn basin_locator_handles_degenerate_minima() {
        let m = |x: f64, y: f64| Minimum {
            x,
            y,
            value: 0.0,
            global: true,
        };
        let none = BasinLocator::new(&[], 0.5);
        assert_eq!(none.label(0.0, 0.0), BASIN_UNSETTLED);
        let one = [m(1.0, 2.0)];
        let zero = BasinLocator::new(&one, 0.0);
        assert_eq!(zero.label(1.0, 2.0), 0);
        assert_eq!(zero.label(1.0, 2.000001), BASIN_UNSETTLED);
        let far = [m(-1e200, 0.0), m(1e200, 0.0)];
        let wide = BasinLocator::new(&far, 1.0);
        assert_eq!(wide.label(1e200, 0.5), 1);
        assert_eq!(wide.label(0.0, 0.0), BASIN_UNSETTLED);
    }

    /// The tests above, for `crate::unit_tests`.
    pub const ALL: crate::UnitTests = &[
        (
            "basin_locator_agrees_with_the_full_scan",
            basin_locator_agrees_with_the_full_scan,
        ),
        (
            "basin_locator_handles_degenerate_minima",
            basin_locator_handles_degenerate_minima,
        ),
    ];
}
