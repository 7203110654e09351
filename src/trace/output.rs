//! What `optgrid trace` writes: paths.png, loss.png, stepsize.png, race.gif, trajectories.csv
//! and summary.json.

use crate::error::{Error, Result};
use crate::model::instance::Status;
use crate::model::objective::{Minimum, Objective};
use crate::output::plot::{blit, fail, legend, render, FONT};
use crate::output::{write_atomic, write_png};
use crate::trace::Trajectory;
use image::codecs::gif::{GifEncoder, Repeat};
use image::{Delay, Frame, RgbImage, RgbaImage};
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

/// What a race is drawn from.
pub struct Race<'a> {
    pub title: String,
    pub objective: &'a Objective,
    pub minima: &'a [Minimum],
    pub global_value: f64,
    pub view: [[f64; 2]; 2],
    pub trajectories: &'a [Trajectory],
}

/// The colour of the k-th optimizer's path.
fn path_colour(k: usize) -> RGBColor {
    let c = colorous::TABLEAU10[k % 10];
    RGBColor(c.r, c.g, c.b)
}

/// Per-optimizer results, for summary.json and the terminal.
#[derive(Debug, Clone, Serialize)]
pub struct RaceResult {
    pub optimizer: String,
    pub status: Status,
    /// First step within tolerance, or null.
    pub steps_to_converge: Option<i32>,
    pub steps_taken: u32,
    /// The objective's evaluations over those steps: one a step, or L-BFGS's own count.
    pub evaluations: u64,
    pub final_x: f64,
    pub final_y: f64,
    pub final_loss: f64,
    pub average_step_length: f64,
}

pub fn results(trajectories: &[Trajectory]) -> Vec<RaceResult> {
    trajectories
        .iter()
        .map(|t| {
            let last = t.last();
            RaceResult {
                optimizer: t.label.clone(),
                status: t.status,
                steps_to_converge: (t.steps_to_converge >= 0).then_some(t.steps_to_converge),
                steps_taken: last.step,
                evaluations: last.evaluations,
                final_x: last.x,
                final_y: last.y,
                final_loss: last.loss,
                average_step_length: t.average_step_length(),
            }
        })
        .collect()
}

/// The table printed at the end of a trace.
pub fn results_table(results: &[RaceResult]) -> String {
    let mut s = format!(
        "{:<10} {:<14} {:>9} {:>24} {:>12} {:>11}\n",
        "optimizer", "status", "converged", "final point", "final loss", "mean step"
    );
    for r in results {
        let status = match r.status {
            Status::Converged => "converged",
            Status::NotConverged => "not converged",
            Status::Diverged => "diverged",
        };
        let _ = writeln!(
            s,
            "{:<10} {:<14} {:>9} {:>24} {:>12.4e} {:>11.3e}",
            r.optimizer,
            status,
            r.steps_to_converge
                .map(|t| format!("step {t}"))
                .unwrap_or_else(|| "-".into()),
            format!("({:.5}, {:.5})", r.final_x, r.final_y),
            r.final_loss,
            r.average_step_length
        );
    }
    s
}

/// trajectories.csv: one row per recorded iterate (with the objective's evaluations so far); with `{name}_x,{name}_y` for each point a
/// raced rule keeps beside its iterate (ASGD's `ax`, Schedule-Free's `y`), empty in other
/// rows.
pub fn csv(trajectories: &[Trajectory]) -> String {
    let names = companion_names(trajectories);
    let mut s = String::from("step,optimizer,x,y,loss,grad_norm,evaluations");
    for name in &names {
        let _ = write!(s, ",{name}_x,{name}_y");
    }
    s += "\n";
    for t in trajectories {
        for p in &t.points {
            // `{:?}` prints the shortest text that parses back to the same f64.
            let _ = write!(
                s,
                "{},{},{:?},{:?},{:?},{:?},{}",
                p.step, t.label, p.x, p.y, p.loss, p.grad_norm, p.evaluations
            );
            for name in &names {
                match p.companion {
                    Some((n, [cx, cy])) if n == *name => {
                        let _ = write!(s, ",{cx:?},{cy:?}");
                    }
                    _ => s += ",,",
                }
            }
            s += "\n";
        }
    }
    s
}

/// The names of the points the raced rules keep beside their iterates, each once, in order.
pub fn companion_names(trajectories: &[Trajectory]) -> Vec<&'static str> {
    let mut names = Vec::new();
    for p in trajectories.iter().flat_map(|t| &t.points) {
        if let Some((name, _)) = p.companion {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// Background of paths.png: banded log10(f − f*), light so paths stand out.
fn background(race: &Race, w: u32, h: u32) -> RgbImage {
    let [[x0, x1], [y0, y1]] = race.view;
    let g = |x: f64, y: f64| {
        (race.objective.value(x, y) - race.global_value)
            .max(1e-12)
            .log10()
    };
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let values: Vec<f64> = (0..w * h)
        .map(|k| {
            let x = x0 + (x1 - x0) * ((k % w) as f64 + 0.5) / w as f64;
            let y = y1 - (y1 - y0) * ((k / w) as f64 + 0.5) / h as f64;
            let v = g(x, y);
            if v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
            v
        })
        .collect();
    const BANDS: f64 = 14.0;
    RgbImage::from_fn(w, h, |i, j| {
        let v = values[(j * w + i) as usize];
        let u = if hi > lo {
            ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
        } else {
            0.5
        };
        let band = (u * BANDS).floor().min(BANDS - 1.0) / (BANDS - 1.0);
        let c = colorous::YELLOW_GREEN_BLUE.eval_continuous(0.05 + 0.55 * (1.0 - band));
        image::Rgb([c.r, c.g, c.b])
    })
}

/// Draws the paths chart into `area`, each path cut at `upto` steps (None: whole).
fn draw_paths(
    race: &Race,
    area: &DrawingArea<BitMapBackend, Shift>,
    bg: &mut Option<RgbImage>,
    upto: Option<u32>,
) -> Result<()> {
    let [[x0, x1], [y0, y1]] = race.view;
    area.fill(&WHITE).map_err(fail)?;
    let mut chart = ChartBuilder::on(area)
        .caption(&race.title, (FONT, 20))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("x")
        .y_desc("y")
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 15))
        .draw()
        .map_err(fail)?;
    let plot = chart.plotting_area();
    let (pw, ph) = plot.dim_in_pixel();
    let bg = bg.get_or_insert_with(|| background(race, pw, ph));
    blit(&chart, (x0, y1), bg)?;
    let plot = chart.plotting_area();
    let g = |x: f64, y: f64| {
        (race.objective.value(x, y) - race.global_value)
            .max(1e-12)
            .log10()
    };
    let levels = crate::output::contour::levels(g, (x0, x1), (y0, y1), 12);
    for s in crate::output::contour::segments(g, (x0, x1), (y0, y1), 150, &levels) {
        plot.draw(&PathElement::new(
            s.to_vec(),
            RGBColor(40, 60, 90).mix(0.35).stroke_width(1),
        ))
        .map_err(fail)?;
    }
    for m in race.minima {
        if m.x >= x0 && m.x <= x1 && m.y >= y0 && m.y <= y1 {
            let size = if m.global { 6 } else { 3 };
            plot.draw(&Cross::new((m.x, m.y), size, BLACK.stroke_width(2)))
                .map_err(fail)?;
        }
    }
    for (k, t) in race.trajectories.iter().enumerate() {
        let colour = path_colour(k);
        let pts: Vec<(f64, f64)> = t
            .points
            .iter()
            .take_while(|p| upto.is_none_or(|u| p.step <= u))
            .map(|p| (p.x, p.y))
            .collect();
        chart
            .draw_series(LineSeries::new(pts.iter().copied(), colour.stroke_width(2)))
            .map_err(fail)?
            .label(&t.label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3))
            });
        if let Some(&end) = pts.last() {
            chart
                .draw_series([
                    Circle::new(end, 5, colour.filled()),
                    Circle::new(end, 5, BLACK.stroke_width(1)),
                ])
                .map_err(fail)?;
        }
    }
    if let Some(first) = race.trajectories.first() {
        let s = (first.points[0].x, first.points[0].y);
        chart
            .draw_series([
                Circle::new(s, 6, WHITE.filled()),
                Circle::new(s, 6, BLACK.stroke_width(2)),
            ])
            .map_err(fail)?;
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight, 14)
}

/// Size of paths.png, and of each race.gif frame.
pub const PATHS_SIZE: (u32, u32) = (900, 720);
pub const FRAME_SIZE: (u32, u32) = (640, 512);
pub const CURVES_SIZE: (u32, u32) = (900, 520);

/// One line of a curve chart: label, colour, points.
type Curve = (String, RGBColor, Vec<(f64, f64)>);

/// A curve chart over steps with a log10 y axis: one series per (label, colour, points).
fn curves(title: &str, y_desc: &str, series: &[Curve]) -> Result<RgbImage> {
    let (w, h) = CURVES_SIZE;
    render(w, h, |root| {
        root.fill(&WHITE).map_err(fail)?;
        let all = series.iter().flat_map(|s| s.2.iter());
        let (mut xmax, mut ylo, mut yhi) = (1.0f64, f64::INFINITY, f64::NEG_INFINITY);
        for &(x, y) in all {
            xmax = xmax.max(x);
            ylo = ylo.min(y);
            yhi = yhi.max(y);
        }
        if ylo > yhi {
            (ylo, yhi) = (0.0, 1.0);
        }
        if yhi - ylo < 1e-6 {
            (ylo, yhi) = (ylo - 0.5, yhi + 0.5);
        }
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(0.0..xmax, ylo..yhi)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .x_desc("step")
            .y_desc(y_desc)
            .x_label_formatter(&|v: &f64| format!("{}", v.round()))
            .y_label_formatter(&|v: &f64| {
                if (v - v.round()).abs() < 1e-9 {
                    format!("1e{}", v.round())
                } else {
                    format!("{:.1e}", 10f64.powf(*v))
                }
            })
            .light_line_style(RGBColor(235, 235, 235))
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 15))
            .draw()
            .map_err(fail)?;
        for (label, colour, pts) in series {
            let c = *colour;
            chart
                .draw_series(LineSeries::new(pts.iter().copied(), c.stroke_width(2)))
                .map_err(fail)?
                .label(label)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(3))
                });
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight, 13)
    })
}

/// The steps at which race.gif has a frame: every `every` steps, and the last.
fn frame_steps(race: &Race, every: u32) -> Vec<u32> {
    let longest = race
        .trajectories
        .iter()
        .map(|t| t.last().step)
        .max()
        .unwrap_or(0);
    let every = every.max(1);
    let mut steps: Vec<u32> = (1..=longest.div_ceil(every))
        .map(|k| (k * every).min(longest))
        .collect();
    if steps.is_empty() {
        steps.push(0);
    }
    steps
}

/// `paths.png`: every path over the objective's contours.
pub fn paths_image(race: &Race) -> Result<RgbImage> {
    let (w, h) = PATHS_SIZE;
    render(w, h, |a| draw_paths(race, a, &mut None, None))
}

/// `loss.png`: f − f* against step, log scale.
pub fn loss_image(race: &Race) -> Result<RgbImage> {
    let floor = 1e-16;
    let loss: Vec<_> = race
        .trajectories
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let pts = t.points.iter().map(|p| {
                (
                    f64::from(p.step),
                    (p.loss - race.global_value).max(floor).log10(),
                )
            });
            (t.label.clone(), path_colour(k), pts.collect())
        })
        .collect();
    curves("f − f* against step", "f − f* (log)", &loss)
}

/// `stepsize.png`: each optimizer's effective step size per coordinate against step.
pub fn stepsize_image(race: &Race) -> Result<RgbImage> {
    let mut sizes = Vec::new();
    for (k, t) in race.trajectories.iter().enumerate() {
        for (axis, fade) in [("x", 1.0), ("y", 0.5)] {
            let i = usize::from(axis == "y");
            let c = path_colour(k);
            let c = RGBColor(
                (f64::from(c.0) * fade + 255.0 * (1.0 - fade)) as u8,
                (f64::from(c.1) * fade + 255.0 * (1.0 - fade)) as u8,
                (f64::from(c.2) * fade + 255.0 * (1.0 - fade)) as u8,
            );
            let pts = t
                .points
                .iter()
                .filter(|p| p.step >= 1 && p.step_size[i] > 0.0 && p.step_size[i].is_finite())
                .map(|p| (f64::from(p.step), p.step_size[i].log10()));
            sizes.push((format!("{} ({axis})", t.label), c, pts.collect()));
        }
    }
    curves(
        "effective step size per coordinate (learning rate ÷ adaptive denominator)",
        "step size (log)",
        &sizes,
    )
}

/// `race.gif`: the paths drawn up to every `frame_every`-th step, looping.
pub fn gif(race: &Race, frame_every: u32) -> Result<Vec<u8>> {
    let (fw, fh) = FRAME_SIZE;
    let mut gif = Vec::new();
    {
        let mut encoder = GifEncoder::new_with_speed(&mut gif, 20);
        encoder.set_repeat(Repeat::Infinite).map_err(fail)?;
        let mut frame_bg = None;
        for step in frame_steps(race, frame_every) {
            let img = render(fw, fh, |a| draw_paths(race, a, &mut frame_bg, Some(step)))?;
            let rgba = RgbaImage::from_fn(fw, fh, |x, y| {
                let p = img.get_pixel(x, y).0;
                image::Rgba([p[0], p[1], p[2], 255])
            });
            encoder
                .encode_frame(Frame::from_parts(
                    rgba,
                    0,
                    0,
                    Delay::from_numer_denom_ms(60, 1),
                ))
                .map_err(fail)?;
        }
    }
    Ok(gif)
}

/// Writes every output of a race into `dir`.
pub fn write(race: &Race, frame_every: u32, dir: &Path, summary: &impl Serialize) -> Result<()> {
    crate::output::prepare_dir(dir)?;
    write_png(&dir.join("paths.png"), &paths_image(race)?)?;
    write_png(&dir.join("loss.png"), &loss_image(race)?)?;
    write_png(&dir.join("stepsize.png"), &stepsize_image(race)?)?;
    write_atomic(&dir.join("race.gif"), &gif(race, frame_every)?)?;
    write_atomic(
        &dir.join("trajectories.csv"),
        csv(race.trajectories).as_bytes(),
    )?;
    let json = serde_json::to_vec_pretty(summary)
        .map_err(|e| Error::internal(format!("cannot encode summary.json: {e}")))?;
    write_atomic(&dir.join("summary.json"), &json)
}
