//! The box-counting dimension of a label map's boundary: where two neighbouring pixels carry
//! different labels (basins, statuses), how many boxes of side 2^k the boundary touches, and the
//! slope of log N(s) against log 1/s. A smooth boundary gives 1, a fractal one more (the
//! fractal-trainability paper measures 1.17 to 1.98 in neural networks' learning-rate maps).
//!
//! Rows arrive in order, a block at a time ([`BoxCounter::push_labels`]), so a map written
//! block by block gets the same number as one held whole; memory is two rows of labels and one
//! bit per box of the current band at each scale.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A boundary's measured dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoundaryDimension {
    /// The label map measured (`basin`, `status`, `trainability`).
    pub of: Cow<'static, str>,
    /// The least-squares slope of log N(s) against log(1/s) over the fitted box sides.
    pub dimension: f64,
    /// The fit's coefficient of determination: near 1 when the counts follow one power law.
    pub r_squared: f64,
    /// The smallest and largest box side (pixels) of the fit.
    pub fit_sides: [u32; 2],
    /// The median of the slopes between neighbouring sides in the fit (the paper's estimate).
    pub median_local_slope: f64,
    /// Boundary pixels: those whose label differs from the right or upper neighbour's.
    pub boundary_pixels: u64,
    /// Every box side (1, 2, 4, ...) with the boxes the boundary touches.
    pub boxes: Vec<[u64; 2]>,
}

/// Box counts at one side 2^level: the boxes of the current band of rows touched so far.
#[derive(Debug, Clone)]
struct Level {
    touched: Vec<u64>,
    band: usize,
    count: u64,
}

/// Counts the boxes a boundary touches at every power-of-two side, row by row.
#[derive(Debug, Clone)]
pub struct BoxCounter {
    of: &'static str,
    width: usize,
    levels: Vec<Level>,
    /// The last row of labels pushed, not yet counted: its boundary needs the row above.
    pending: Option<Vec<i32>>,
    row: usize,
    boundary_pixels: u64,
}

impl BoxCounter {
    /// A counter for a `width` × `height` map of the labels named `of`; box sides run from one
    /// pixel to the largest power of two within the map's shorter side.
    pub fn new(of: &'static str, width: usize, height: usize) -> BoxCounter {
        let side = width.min(height).max(1);
        let levels = (0..=side.ilog2())
            .map(|k| Level {
                touched: vec![0; (width >> k) / 64 + 2],
                band: 0,
                count: 0,
            })
            .collect();
        BoxCounter {
            of,
            width,
            levels,
            pending: None,
            row: 0,
            boundary_pixels: 0,
        }
    }

    /// The next rows of labels, `width` each, in order (the row above follows a row).
    pub fn push_labels(&mut self, labels: &[i32]) {
        for row in labels.chunks_exact(self.width) {
            if let Some(below) = self.pending.take() {
                let mask = boundary_row(&below, Some(row));
                self.push_mask(&mask);
            }
            self.pending = Some(row.to_vec());
        }
    }

    /// One row of boundary pixels, given directly (a drawn shape, or [`boundary_row`]'s).
    pub fn push_mask(&mut self, mask: &[bool]) {
        let r = self.row;
        self.row += 1;
        for (k, level) in self.levels.iter_mut().enumerate() {
            let band = r >> k;
            if band != level.band {
                level.count += level
                    .touched
                    .iter()
                    .map(|w| u64::from(w.count_ones()))
                    .sum::<u64>();
                level.touched.iter_mut().for_each(|w| *w = 0);
                level.band = band;
            }
        }
        for (c, _) in mask.iter().enumerate().filter(|(_, b)| **b) {
            self.boundary_pixels += 1;
            for (k, level) in self.levels.iter_mut().enumerate() {
                let b = c >> k;
                level.touched[b / 64] |= 1 << (b % 64);
            }
        }
    }

    /// The dimension, once every row is in; `None` when there is no boundary or the map is too
    /// small to fit over at least three sides.
    pub fn finish(mut self) -> Option<BoundaryDimension> {
        if let Some(top) = self.pending.take() {
            let mask = boundary_row(&top, None);
            self.push_mask(&mask);
        }
        let boxes: Vec<[u64; 2]> = self
            .levels
            .iter()
            .enumerate()
            .map(|(k, l)| {
                let last: u64 = l.touched.iter().map(|w| u64::from(w.count_ones())).sum();
                [1u64 << k, l.count + last]
            })
            .collect();
        fit(self.of, &boxes, self.boundary_pixels)
    }
}

/// Which pixels of `row` are boundary: a label different from the right neighbour's or, given
/// `above`, from the pixel above. Marking one side of each differing pair keeps a straight
/// boundary one pixel thick, so the smallest boxes do not see a doubled line.
pub fn boundary_row(row: &[i32], above: Option<&[i32]>) -> Vec<bool> {
    (0..row.len())
        .map(|c| {
            let right = c + 1 < row.len() && row[c + 1] != row[c];
            right || above.is_some_and(|a| a[c] != row[c])
        })
        .collect()
}

/// Boxes a side beyond 8 pixels must count to be fitted: fewer are too coarse to see a shape's
/// detail (and a self-similar shape whose ratio is not 2, like Koch's 3, beats against the
/// powers of two there).
const MIN_BOXES: u64 = 64;

/// The sides fitted: from 2 pixels (one pixel sees the raster's staircase, not the shape) up to
/// an eighth of the map's shorter side; past 8 pixels, only while the boundary touches at least
/// [`MIN_BOXES`] boxes. A map under 64 pixels a side has no fit.
fn fit(of: &'static str, boxes: &[[u64; 2]], boundary_pixels: u64) -> Option<BoundaryDimension> {
    let largest = boxes.last()?[0];
    let fitted: Vec<(f64, f64)> = boxes
        .iter()
        .filter(|[side, count]| {
            *side >= 2 && *side * 8 <= largest && *count > 0 && (*side <= 8 || *count >= MIN_BOXES)
        })
        .map(|&[side, count]| (-(side as f64).ln(), (count as f64).ln()))
        .collect();
    if boundary_pixels == 0 || fitted.len() < 3 {
        return None;
    }
    let n = fitted.len() as f64;
    let (mx, my) = fitted
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
    let sxx: f64 = fitted.iter().map(|(x, _)| (x - mx).powi(2)).sum();
    let sxy: f64 = fitted.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let syy: f64 = fitted.iter().map(|(_, y)| (y - my).powi(2)).sum();
    let slope = sxy / sxx;
    let r_squared = if syy > 0.0 {
        sxy * sxy / (sxx * syy)
    } else {
        1.0
    };
    let mut local: Vec<f64> = fitted
        .windows(2)
        .map(|w| (w[1].1 - w[0].1) / (w[1].0 - w[0].0))
        .collect();
    local.sort_by(f64::total_cmp);
    let median = if local.len() % 2 == 1 {
        local[local.len() / 2]
    } else {
        (local[local.len() / 2 - 1] + local[local.len() / 2]) / 2.0
    };
    let side = |(x, _): (f64, f64)| (-x).exp().round() as u32;
    Some(BoundaryDimension {
        of: Cow::Borrowed(of),
        dimension: slope,
        r_squared,
        fit_sides: [side(fitted[0]), side(fitted[fitted.len() - 1])],
        median_local_slope: median,
        boundary_pixels,
        boxes: boxes.to_vec(),
    })
}

#[cfg(feature = "unit-tests")]
pub mod tests {
    use super::*;

    const N: usize = 4096;

    fn of_labels(labels: &[i32]) -> BoundaryDimension {
        let mut counter = BoxCounter::new("test", N, N);
        // In uneven blocks, as a map written block by block arrives.
        for block in labels.chunks(N * 333) {
            counter.push_labels(block);
        }
        counter.finish().expect("a boundary")
    }

    fn of_mask(mask: &[bool]) -> BoundaryDimension {
        let mut counter = BoxCounter::new("test", N, N);
        for row in mask.chunks(N) {
            counter.push_mask(row);
        }
        counter.finish().expect("a boundary")
    }

    fn labels(f: impl Fn(f64, f64) -> bool) -> Vec<i32> {
        (0..N * N)
            .map(|i| i32::from(f((i % N) as f64 + 0.5, (i / N) as f64 + 0.5)))
            .collect()
    }

    fn close(d: &BoundaryDimension, expected: f64, what: &str) {
        assert!(
            (d.dimension - expected).abs() <= 0.03,
            "{what}: measured {:.4} (R² {:.5}, sides {:?}, median local {:.4}), expected {expected:.4} ± 0.03; boxes {:?}",
            d.dimension,
            d.r_squared,
            d.fit_sides,
            d.median_local_slope,
            d.boxes
        );
    }

    pub fn a_straight_line_and_a_circle_have_dimension_one() {
        let n = N as f64;
        let line = of_labels(&labels(|x, y| y > 0.37 * x + 0.2 * n));
        close(&line, 1.0, "a straight line");
        assert!(line.r_squared > 0.999);
        let circle = of_labels(&labels(|x, y| {
            (x - 0.5 * n).powi(2) + (y - 0.47 * n).powi(2) < (0.33 * n).powi(2)
        }));
        close(&circle, 1.0, "a circle");
        // A map with no boundary has no dimension.
        let mut counter = BoxCounter::new("test", 64, 64);
        counter.push_labels(&[3; 64 * 64]);
        assert_eq!(counter.finish(), None);
    }

    /// Koch's curve drawn at `depth`: every segment rasterised into the mask.
    fn koch(depth: u32) -> Vec<bool> {
        let mut points = vec![(0.02, 0.3), (0.98, 0.3)];
        for _ in 0..depth {
            let mut next = vec![points[0]];
            for w in points.windows(2) {
                let ((ax, ay), (bx, by)) = (w[0], w[1]);
                let (dx, dy) = ((bx - ax) / 3.0, (by - ay) / 3.0);
                let p = (ax + dx, ay + dy);
                let q = (ax + 2.0 * dx, ay + 2.0 * dy);
                // The peak: the middle third turned by 60°.
                let (c, s) = (0.5, 3f64.sqrt() / 2.0);
                let peak = (p.0 + c * dx - s * dy, p.1 + s * dx + c * dy);
                next.extend([p, peak, q, (bx, by)]);
            }
            points = next;
        }
        let mut mask = vec![false; N * N];
        let n = N as f64;
        for w in points.windows(2) {
            let ((ax, ay), (bx, by)) = (w[0], w[1]);
            let steps = (((bx - ax).abs().max((by - ay).abs())) * n * 2.0)
                .ceil()
                .max(1.0) as usize;
            for i in 0..=steps {
                let t = i as f64 / steps as f64;
                let (x, y) = ((ax + t * (bx - ax)) * n, (ay + t * (by - ay)) * n);
                mask[(y as usize).min(N - 1) * N + (x as usize).min(N - 1)] = true;
            }
        }
        mask
    }

    pub fn the_koch_curve_and_the_sierpinski_triangle_have_their_dimensions() {
        close(&of_mask(&koch(8)), 4f64.ln() / 3f64.ln(), "Koch's curve");
        // Pascal's triangle mod 2: (x & y) == 0.
        let sierpinski: Vec<bool> = (0..N * N).map(|i| (i % N) & (i / N) == 0).collect();
        close(
            &of_mask(&sierpinski),
            3f64.ln() / 2f64.ln(),
            "Sierpinski's triangle",
        );
    }

    pub fn blocks_and_whole_maps_count_the_same() {
        let labels: Vec<i32> = (0..100 * 70)
            .map(|i: i32| (i % 100) * (i / 100) % 7)
            .collect();
        let count = |rows_per_block: usize| {
            let mut c = BoxCounter::new("test", 100, 70);
            for b in labels.chunks(100 * rows_per_block) {
                c.push_labels(b);
            }
            c.finish()
        };
        assert_eq!(count(70), count(1));
        assert_eq!(count(70), count(13));
    }

    /// The tests above, for `crate::unit_tests`.
    pub const ALL: crate::UnitTests = &[
        (
            "a_straight_line_and_a_circle_have_dimension_one",
            a_straight_line_and_a_circle_have_dimension_one,
        ),
        (
            "the_koch_curve_and_the_sierpinski_triangle_have_their_dimensions",
            the_koch_curve_and_the_sierpinski_triangle_have_their_dimensions,
        ),
        (
            "blocks_and_whole_maps_count_the_same",
            blocks_and_whole_maps_count_the_same,
        ),
    ];
}
