//! A colour bar's ticks: where they go and what they say, so that no two read alike.
//!
//! plotters' own ticks are evenly spaced in the bar's coordinate; rounded to whole steps, or
//! read back from log10, a range such as 1–3 steps labelled "1 1 2 2 3". These sit at round
//! numbers (1, 2, 5 × 10^k) of the value itself, whole numbers where the value counts steps.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use std::ops::Range;

/// At most this many ticks (plotters drew six).
const MOST: usize = 6;

/// A bar's axis: plotters' own f64 axis with [`bar_ticks`] for its key points (plotters'
/// `with_key_points` gives an axis its mesh cannot label), and their labels.
#[derive(Clone)]
pub struct BarAxis {
    axis: RangedCoordf64,
    ticks: Vec<(f64, String)>,
}

impl BarAxis {
    /// The axis of a bar over `range` (see [`bar_ticks`] for `log` and `whole`).
    pub fn new(range: Range<f64>, log: bool, whole: bool) -> BarAxis {
        BarAxis {
            ticks: bar_ticks(range.start, range.end, log, whole),
            axis: range.into(),
        }
    }

    /// The label of the tick at `at` (the mesh asks only for the key points it was given).
    pub fn label(&self, at: f64) -> String {
        let tick = self.ticks.iter().find(|t| t.0 == at);
        tick.map(|t| t.1.clone()).unwrap_or_default()
    }
}

impl Ranged for BarAxis {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.axis.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, _: Hint) -> Vec<f64> {
        self.ticks.iter().map(|t| t.0).collect()
    }

    fn range(&self) -> Range<f64> {
        self.axis.range()
    }
}

/// The ticks of a bar over `lo..hi` in its coordinate (log10 of the value on a `log` bar):
/// each its coordinate and its label, in order, at least two where the range holds two
/// distinct labels; none where the range is empty or not finite. `whole`: the values are
/// counts (steps), labelled as integers.
pub fn bar_ticks(lo: f64, hi: f64, log: bool, whole: bool) -> Vec<(f64, String)> {
    let value = |t: f64| if log { 10f64.powf(t) } else { t };
    if !(lo < hi && value(lo).is_finite() && value(hi).is_finite()) {
        return Vec::new();
    }
    let values = if log {
        log_ticks(value(lo), value(hi), whole)
    } else {
        linear_ticks(lo, hi, whole)
    };
    let digits = decimals(&values, whole);
    let mut ticks: Vec<(f64, String)> = values
        .into_iter()
        .map(|v| {
            let at = if log { v.log10() } else { v };
            (at, label(v, log, whole, digits))
        })
        .collect();
    ticks.dedup_by(|b, a| a.1 == b.1);
    ticks
}

/// Round values from `lo` to `hi`, spaced by the finest of 1, 2 or 5 × 10^k (at least 1 for
/// counts) that gives at most [`MOST`].
fn linear_ticks(lo: f64, hi: f64, whole: bool) -> Vec<f64> {
    let span = hi - lo;
    let raw = if span > 0.0 && span.is_finite() {
        span / MOST as f64
    } else {
        1.0
    };
    let power = 10f64.powf(raw.log10().floor());
    let steps = (0..).flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * power * 10f64.powi(k)));
    let ticks = |step: f64| {
        let first = (lo / step - 1e-9).ceil() as i64;
        let last = (hi / step + 1e-9).floor() as i64;
        (first..=last).map(move |i| i as f64 * step)
    };
    let step = steps
        .filter(|&step| !whole || step >= 1.0)
        .find(|&step| ticks(step).count() <= MOST)
        .expect("a step wide enough");
    ticks(step).collect()
}

/// Round values from `lo` to `hi` (both > 0) for a log bar: 1-2-5 or 1-3 within each decade
/// when it spans few, every decade (or every few) when it spans many, evenly spaced values
/// when it spans too little for three of those.
fn log_ticks(lo: f64, hi: f64, whole: bool) -> Vec<f64> {
    let (a, b) = (lo.log10(), hi.log10());
    let in_range = |v: &f64| (a - 1e-9..=b + 1e-9).contains(&v.log10());
    let decades = (a.floor() as i32)..=(b.ceil() as i32);
    // Every `every`-th decade: at most MOST of them.
    let every = ((b - a) / (MOST - 1) as f64).ceil().max(1.0) as i32;
    // The finest marks that fit.
    for mantissas in [&[1.0, 2.0, 5.0][..], &[1.0, 3.0], &[1.0]] {
        let ticks: Vec<f64> = decades
            .clone()
            .filter(|e| mantissas.len() > 1 || e.rem_euclid(every) == 0)
            .flat_map(|e| mantissas.iter().map(move |m| m * 10f64.powi(e)))
            .filter(in_range)
            .filter(|v| !whole || *v >= 1.0)
            .collect();
        // Decades alone may be two ticks; finer marks need three to be worth their clutter.
        let enough = if mantissas.len() == 1 { 2 } else { 3 };
        if (enough..=MOST).contains(&ticks.len()) {
            return ticks;
        }
    }
    linear_ticks(lo, hi, whole)
        .into_iter()
        .filter(|v| *v > 0.0)
        .collect()
}

/// Decimals a linear bar's labels need to tell its values apart.
fn decimals(values: &[f64], whole: bool) -> usize {
    if whole || values.len() < 2 {
        return 0;
    }
    let step = (values[1] - values[0]).abs();
    (-(step.log10() + 1e-9).floor()).max(0.0) as usize
}

fn label(v: f64, log: bool, whole: bool, digits: usize) -> String {
    if whole {
        format!("{}", v.round())
    } else if !log {
        format!("{v:.digits$}")
    } else if (v.log10() - v.log10().round()).abs() < 1e-9 {
        format!("1e{}", v.log10().round())
    } else {
        let mantissa = v / 10f64.powf(v.log10().floor());
        if (mantissa - mantissa.round()).abs() < 1e-9 {
            format!("{v:.0e}")
        } else {
            format!("{v:.1e}")
        }
    }
}

#[cfg(feature = "unit-tests")]
pub mod tests {
    use super::*;

    /// Ranges a bar meets: a few steps, many steps, losses over decades and within one,
    /// linear ranges small and large.
    const RANGES: [(f64, f64); 10] = [
        (1.0, 3.0),
        (1.0, 2.0),
        (0.0, 3.0),
        (4.0, 4.5),
        (1.0, 1000.0),
        (3.0, 450.0),
        (1e-9, 10.0),
        (1e-30, 1e2),
        (0.2, 0.5),
        (-0.0031, 0.0042),
    ];

    pub fn labels_are_distinct_in_range_and_at_least_two() {
        for (lo, hi) in RANGES {
            for log in [false, true] {
                if log && lo <= 0.0 {
                    continue;
                }
                let t = |v: f64| if log { v.log10() } else { v };
                for whole in [false, true] {
                    if whole && hi - lo < 1.0 {
                        continue;
                    }
                    let ticks = bar_ticks(t(lo), t(hi), log, whole);
                    let case = format!("{lo}..{hi} log {log} whole {whole}: {ticks:?}");
                    assert!(ticks.len() >= 2 && ticks.len() <= MOST, "{case}");
                    for w in ticks.windows(2) {
                        assert!(w[0].0 < w[1].0, "in order: {case}");
                        assert_ne!(w[0].1, w[1].1, "distinct: {case}");
                    }
                    for (at, _) in &ticks {
                        assert!(*at >= t(lo) - 1e-9 && *at <= t(hi) + 1e-9, "{case}");
                    }
                }
            }
        }
    }

    /// A range with no extent, or past f64's, has no ticks (and takes no time to say so).
    pub fn degenerate_ranges_have_none() {
        for (lo, hi) in [
            (1.0, 1.0),
            (2.0, 1.0),
            (0.0, f64::INFINITY),
            (f64::NAN, 1.0),
        ] {
            assert!(bar_ticks(lo, hi, false, false).is_empty(), "{lo}..{hi}");
        }
        assert!(bar_ticks(0.0, 400.0, true, false).is_empty(), "1..1e400");
        assert!(!bar_ticks(-300.0, 300.0, true, false).is_empty());
    }

    /// The case that repeated: steps 1–3 on a log bar read 1, 2, 3 (it read 1 1 2 2 3).
    pub fn a_few_steps_read_as_whole_numbers() {
        let labels = |ticks: Vec<(f64, String)>| -> Vec<String> {
            ticks.into_iter().map(|(_, l)| l).collect()
        };
        assert_eq!(
            labels(bar_ticks(0.0, 3f64.log10(), true, true)),
            ["1", "2", "3"]
        );
        assert_eq!(
            labels(bar_ticks(0.0, 3.0, true, true)),
            ["1", "10", "100", "1000"]
        );
        assert_eq!(
            labels(bar_ticks(0.2, 0.5, false, false)),
            ["0.2", "0.3", "0.4", "0.5"]
        );
    }

    /// The tests above, for `crate::unit_tests`.
    pub const ALL: crate::UnitTests = &[
        (
            "labels_are_distinct_in_range_and_at_least_two",
            labels_are_distinct_in_range_and_at_least_two,
        ),
        (
            "a_few_steps_read_as_whole_numbers",
            a_few_steps_read_as_whole_numbers,
        ),
        ("degenerate_ranges_have_none", degenerate_ranges_have_none),
    ];
}
