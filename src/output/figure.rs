//! `figure.png` and `sheet.png`: the maps with axes in real units, colour bars, a basin legend,
//! contours of the objective and markers at its minima, and a title — drawn with plotters and an
//! embedded DejaVu font, so they need no system fonts.
//!
//! A figure is a grid: one row per map (a single sweep has one row, a contact sheet one per
//! panel), three cells per row (basins, steps, loss). Colour scales are shared by all rows.

use crate::error::Result;
use crate::model::hyper::{fmt_short, Range};
use crate::output::maps::{self, ColourScale, RankScale};
use crate::output::plot::{blit, fail, register_font, FONT};
use crate::output::summary::Summary;
use crate::output::ticks::BarAxis;
use crate::records::{Records, Stats};
use crate::spec::plan::Plan;
use crate::spec::sweep::{Scale, SweepSpec};
use image::RgbImage;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

/// One map of a figure: a finished sweep.
pub struct Row<'a> {
    /// Shown above the row (empty for a single sweep).
    pub label: String,
    pub spec: &'a SweepSpec,
    pub plan: &'a Plan,
    /// The map's records, or a downsampled preview of them (figures show no more).
    pub records: &'a Records,
    /// The whole map's statistics: the legend's shares.
    pub stats: &'a Stats,
}

const CELL_W: u32 = 530;
const SIDE_W: u32 = 150;
const ROW_H: u32 = 430;
const TITLE_H: u32 = 56;

/// The title of a sweep: objective, optimizer, every hyperparameter that differs from its default.
pub fn title(spec: &SweepSpec) -> String {
    titled(
        &format!("{} on {}", spec.optimizer.name(), spec.objective.name()),
        &changed(spec, |_| true),
    )
}

/// The settings of `spec` that differ from their defaults, as `name=value`, among the
/// quantities `keep` accepts (`schedule` first when it is not constant).
pub fn changed(spec: &SweepSpec, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut changed = Vec::new();
    if spec.schedule != crate::model::schedule::Schedule::Constant && keep("schedule") {
        changed.push(format!("schedule={}", spec.schedule.name()));
    }
    for h in &spec.quantities() {
        if let Some(v) = spec.params.get(h.name) {
            let vs = v.values();
            // lookahead_k given is the wrapper itself, whatever its value.
            let wraps = h.slot == crate::model::hyper::slot::LOOKAHEAD_K;
            if vs.len() == 1 && (vs[0] != h.default || wraps) && keep(h.name) {
                changed.push(if h.range == Range::Flag {
                    format!("{}={}", h.name, vs[0] != 0.0)
                } else {
                    // Rounded as a leaderboard rounds: a tuned value's 17 digits say nothing.
                    format!("{}={}", h.name, fmt_short(vs[0]))
                });
            }
        }
    }
    changed
}

/// `head (a, b, c)`, or `head` when nothing changed.
pub fn titled(head: &str, changed: &[String]) -> String {
    if changed.is_empty() {
        head.to_string()
    } else {
        format!("{head} ({})", changed.join(", "))
    }
}

/// The boundary dimension a sweep measured (`--dimension`), as a figure says it.
fn dimension_text(stats: &Stats) -> Option<String> {
    match stats.boundary_dimension.as_ref()? {
        Some(d) => Some(format!(
            "{} boundary dimension {:.3} (R² {:.4}, boxes {}–{} px)",
            d.of, d.dimension, d.r_squared, d.fit_sides[0], d.fit_sides[1]
        )),
        None => Some("no boundary to measure".into()),
    }
}

/// The subtitle: the sweep's shape and criterion.
fn subtitle(spec: &SweepSpec) -> String {
    let fixed_start = spec.x.quantity != "x0" && spec.y.quantity != "x0"
        || spec.x.quantity != "y0" && spec.y.quantity != "y0";
    let start = if fixed_start {
        format!(", start ({}, {})", spec.start[0], spec.start[1])
    } else {
        String::new()
    };
    format!(
        "{} × {} instances, {} steps{}, converged = {} ≤ {}{}",
        spec.res[0],
        spec.res[1],
        spec.steps,
        if spec.early_stop {
            ""
        } else {
            " (no early stop)"
        },
        match spec.criterion {
            crate::model::criterion::CriterionKind::Distance => "distance to a global minimum",
            crate::model::criterion::CriterionKind::Loss => "f − f*",
            crate::model::criterion::CriterionKind::Gradient => "‖∇f‖",
        },
        spec.tol,
        start
    )
}

/// Axis coordinate of a value: log10 on log axes, so plotters can draw a linear axis.
fn coord(scale: Scale, v: f64) -> f64 {
    match scale {
        Scale::Linear => v,
        Scale::Log => v.log10(),
    }
}

/// The plotted range of an axis: its values plus half a pixel either side (each value is a
/// pixel centre).
fn extent(values: &[f64], scale: Scale) -> (f64, f64) {
    let lo = coord(scale, values[0]);
    let hi = coord(scale, *values.last().unwrap());
    let half = if values.len() > 1 {
        0.5 * (hi - lo) / (values.len() - 1) as f64
    } else {
        0.5
    };
    (lo - half, hi + half)
}

fn tick_label(scale: Scale) -> impl Fn(&f64) -> String {
    move |v: &f64| match scale {
        Scale::Linear => {
            let r = (v * 1000.0).round() / 1000.0;
            format!("{r}")
        }
        Scale::Log => {
            let p = 10f64.powf(*v);
            if (v - v.round()).abs() < 1e-9 {
                format!("1e{}", v.round())
            } else {
                format!("{p:.2e}")
            }
        }
    }
}

/// The pixel size of a figure with `rows` rows.
pub fn size(rows: usize) -> (u32, u32) {
    (3 * CELL_W, TITLE_H + ROW_H * rows as u32)
}

/// Draws a figure with one row per map and shared colour scales.
pub fn draw(
    rows: &[Row],
    heading: &str,
    steps: &ColourScale,
    loss: &ColourScale,
    trainability: Option<&RankScale>,
) -> Result<RgbImage> {
    register_font();
    let (width, height) = size(rows.len());
    let mut buf = vec![255u8; (width * height * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let (top, body) = root.split_vertically(TITLE_H);
        top.draw_text(
            heading,
            &(FONT, 26).into_font().style(FontStyle::Bold).color(&BLACK),
            (16, 8),
        )
        .map_err(fail)?;
        if let Some(r) = rows.first() {
            let mut text = subtitle(r.spec);
            // One map: its boundary's dimension here; a sheet's rows say theirs in a caption.
            if let (1, Some(d)) = (rows.len(), dimension_text(r.stats)) {
                text = format!("{text}; {d}");
            }
            top.draw_text(
                &text,
                &(FONT, 16).into_font().color(&RGBColor(80, 80, 80)),
                (16, 36),
            )
            .map_err(fail)?;
        }
        let areas = body.split_evenly((rows.len(), 1));
        for (row, area) in rows.iter().zip(areas) {
            draw_row(row, &area, steps, loss, trainability)?;
        }
        root.present().map_err(fail)?;
    }
    RgbImage::from_raw(width, height, buf).ok_or_else(|| fail("buffer size"))
}

/// `figure.png` of one map: its three maps, annotated, on the summary's colour scales (the
/// trainability map in the third place when the sweep scored it).
pub fn of_map(plan: &Plan, records: &Records, summary: &Summary) -> Result<RgbImage> {
    let row = Row {
        label: String::new(),
        spec: &summary.spec,
        plan,
        records,
        stats: &summary.stats,
    };
    draw(
        &[row],
        &title(&summary.spec),
        &summary.colour_scales.steps,
        &summary.colour_scales.loss,
        summary.colour_scales.trainability.as_ref(),
    )
}

fn draw_row(
    row: &Row,
    area: &DrawingArea<BitMapBackend, Shift>,
    steps: &ColourScale,
    loss: &ColourScale,
    trainability: Option<&RankScale>,
) -> Result<()> {
    let min_value = row.plan.global_value();
    let cells = area.split_evenly((1, 3));
    let label = |s: &str| {
        if row.label.is_empty() {
            s.to_string()
        } else {
            format!("{} — {}", row.label, s)
        }
    };
    let first_caption = match dimension_text(row.stats) {
        Some(d) if !row.label.is_empty() => format!("{} — basin reached; {d}", row.label),
        _ => label("basin reached"),
    };
    let maps = [
        (
            first_caption,
            maps::basin_map(row.records, &row.plan.minima),
        ),
        (
            label("steps to converge"),
            maps::steps_map(row.records, steps),
        ),
        match trainability {
            Some(scale) => (
                label("trainability"),
                maps::trainability_map(row.records, scale),
            ),
            None => (
                label("final f − f*"),
                maps::loss_map(row.records, loss, min_value),
            ),
        },
    ];
    for (i, ((caption, map), cell)) in maps.iter().zip(cells).enumerate() {
        let (chart_area, side) = cell.split_horizontally(CELL_W - SIDE_W);
        draw_map(row, &chart_area, caption, map, i == 0)?;
        match i {
            0 => draw_legend(row, &side)?,
            1 => draw_colour_bar(&side, steps, "steps", &colorous::VIRIDIS, true)?,
            _ if trainability.is_some() => draw_rank_bar(&side)?,
            _ => draw_colour_bar(&side, loss, "f − f*", &colorous::MAGMA, false)?,
        }
    }
    Ok(())
}

fn draw_map(
    row: &Row,
    area: &DrawingArea<BitMapBackend, Shift>,
    caption: &str,
    map: &RgbImage,
    overlay: bool,
) -> Result<()> {
    let (xs, ys) = (&row.plan.axis_values[0], &row.plan.axis_values[1]);
    let (sx, sy) = (row.spec.x.scale, row.spec.y.scale);
    let (x0, x1) = extent(xs, sx);
    let (y0, y1) = extent(ys, sy);
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, 18))
        .margin(8)
        .x_label_area_size(44)
        .y_label_area_size(58)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(fail)?;
    let axis_name = |q: &str, s: Scale| {
        if s == Scale::Log {
            format!("{q} (log)")
        } else {
            q.to_string()
        }
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(axis_name(&row.spec.x.quantity, sx))
        .y_desc(axis_name(&row.spec.y.quantity, sy))
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&tick_label(sx))
        .y_label_formatter(&tick_label(sy))
        .label_style((FONT, 13))
        .axis_desc_style((FONT, 15))
        .draw()
        .map_err(fail)?;
    blit(&chart, (x0, y1), map)?;
    let plot = chart.plotting_area();
    // A frame, so white (diverged) regions read as part of the map, not the page.
    plot.draw(&Rectangle::new(
        [(x0, y0), (x1, y1)],
        RGBColor(60, 60, 60).stroke_width(1),
    ))
    .map_err(fail)?;
    if overlay && row.spec.x.quantity == "x0" && row.spec.y.quantity == "y0" {
        for segment in contours(row, (x0, x1), (y0, y1)) {
            plot.draw(&PathElement::new(
                segment,
                RGBColor(255, 255, 255).mix(0.55).stroke_width(1),
            ))
            .map_err(fail)?;
        }
        for m in &row.plan.minima {
            if m.x < x0 || m.x > x1 || m.y < y0 || m.y > y1 {
                continue;
            }
            if m.global {
                plot.draw(&Circle::new((m.x, m.y), 6, WHITE.filled()))
                    .map_err(fail)?;
                plot.draw(&Cross::new((m.x, m.y), 5, BLACK.stroke_width(2)))
                    .map_err(fail)?;
            } else {
                plot.draw(&Circle::new((m.x, m.y), 2, BLACK.stroke_width(1)))
                    .map_err(fail)?;
            }
        }
    }
    Ok(())
}

/// Contour segments of log10(f − f*) over the basin map's area.
fn contours(row: &Row, xr: (f64, f64), yr: (f64, f64)) -> Vec<[(f64, f64); 2]> {
    let f = &row.plan.objective;
    let min = row.plan.global_value();
    let g = |x: f64, y: f64| (f.value(x, y) - min).max(1e-12).log10();
    let levels = crate::output::contour::levels(g, xr, yr, 9);
    crate::output::contour::segments(g, xr, yr, 160, &levels)
}

fn swatch(
    area: &DrawingArea<BitMapBackend, Shift>,
    y: i32,
    colour: [u8; 3],
    text: &str,
) -> Result<()> {
    let c = RGBColor(colour[0], colour[1], colour[2]);
    area.draw(&Rectangle::new([(4, y), (18, y + 14)], c.filled()))
        .map_err(fail)?;
    area.draw(&Rectangle::new(
        [(4, y), (18, y + 14)],
        RGBColor(120, 120, 120).stroke_width(1),
    ))
    .map_err(fail)?;
    area.draw_text(text, &(FONT, 12).into_font().color(&BLACK), (24, y + 1))
        .map_err(fail)
}

/// The basin legend: each minimum that caught instances (most first), then unsettled, diverged.
fn draw_legend(row: &Row, area: &DrawingArea<BitMapBackend, Shift>) -> Result<()> {
    let st = row.stats;
    let n = st.instances.max(1) as f64;
    let mut counts = vec![0usize; row.plan.minima.len()];
    for b in &st.basins {
        counts[b.index] = b.count;
    }
    let (unsettled, diverged) = (st.unsettled, st.diverged);
    let mut order: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
    // Global minima first, then the rest by share.
    order.sort_by_key(|&i| (!row.plan.minima[i].global, std::cmp::Reverse(counts[i])));
    let globals = maps::global_count(&row.plan.minima);
    const SHOWN: usize = 14;
    let mut y = 44;
    area.draw_text(
        "basins (x, y)",
        &(FONT, 13).into_font().style(FontStyle::Bold).color(&BLACK),
        (4, 24),
    )
    .map_err(fail)?;
    for &i in order.iter().take(SHOWN) {
        let m = &row.plan.minima[i];
        let star = if m.global { " ★" } else { "" };
        let text = format!(
            "({:.2}, {:.2}){star} {:.1}%",
            m.x,
            m.y,
            100.0 * counts[i] as f64 / n
        );
        swatch(area, y, maps::basin_colour(i as i32, globals), &text)?;
        y += 19;
    }
    if order.len() > SHOWN {
        let rest: usize = order[SHOWN..].iter().map(|&i| counts[i]).sum();
        area.draw_text(
            &format!(
                "+{} more: {:.1}%",
                order.len() - SHOWN,
                100.0 * rest as f64 / n
            ),
            &(FONT, 12).into_font().color(&BLACK),
            (24, y + 1),
        )
        .map_err(fail)?;
        y += 19;
    }
    swatch(
        area,
        y,
        maps::UNSETTLED,
        &format!("unsettled {:.1}%", 100.0 * unsettled as f64 / n),
    )?;
    swatch(
        area,
        y + 19,
        maps::DIVERGED,
        &format!("diverged {:.1}%", 100.0 * diverged as f64 / n),
    )?;
    area.draw_text(
        "★ global minimum",
        &(FONT, 11).into_font().color(&RGBColor(90, 90, 90)),
        (4, y + 44),
    )
    .map_err(fail)
}

/// A vertical colour bar with ticks in the scale's units, plus the colours of the special states.
fn draw_colour_bar(
    area: &DrawingArea<BitMapBackend, Shift>,
    scale: &ColourScale,
    name: &str,
    map: &colorous::Gradient,
    steps: bool,
) -> Result<()> {
    let t = |v: f64| if scale.log { v.max(1e-300).log10() } else { v };
    let (lo, hi) = (t(scale.lo), t(scale.hi));
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let axis = BarAxis::new(lo..hi, scale.log, steps);
    let (bar, below) = area.split_vertically(ROW_H - 110);
    let mut chart = ChartBuilder::on(&bar)
        .margin_top(40)
        .margin_bottom(8)
        .margin_right(8)
        .set_label_area_size(LabelAreaPosition::Right, 62)
        .caption(
            if scale.log {
                format!("{name} (log)")
            } else {
                name.to_string()
            },
            (FONT, 13),
        )
        .build_cartesian_2d(0.0..1.0, axis.clone())
        .map_err(fail)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_label_formatter(&|v: &f64| axis.label(*v))
        .label_style((FONT, 12))
        .draw()
        .map_err(fail)?;
    const BANDS: usize = 128;
    chart
        .draw_series((0..BANDS).map(|k| {
            let a = lo + (hi - lo) * k as f64 / BANDS as f64;
            let b = lo + (hi - lo) * (k + 1) as f64 / BANDS as f64;
            let c = map.eval_continuous((k as f64 + 0.5) / BANDS as f64);
            Rectangle::new([(0.0, a), (1.0, b)], RGBColor(c.r, c.g, c.b).filled())
        }))
        .map_err(fail)?;
    if steps {
        swatch(&below, 8, maps::UNSETTLED, "never converged")?;
        swatch(&below, 27, maps::DIVERGED, "diverged")?;
    } else {
        swatch(&below, 8, maps::DIVERGED, "diverged")?;
    }
    Ok(())
}

/// The trainability map's colour bar: ranks, untrained (red, diverged soonest at the bottom)
/// below the boundary, trained (blue, fastest at the top) above.
fn draw_rank_bar(area: &DrawingArea<BitMapBackend, Shift>) -> Result<()> {
    let (bar, _) = area.split_vertically(ROW_H - 110);
    let mut chart = ChartBuilder::on(&bar)
        .margin_top(40)
        .margin_bottom(8)
        .margin_right(8)
        .set_label_area_size(LabelAreaPosition::Right, 62)
        .caption("rank", (FONT, 13))
        .build_cartesian_2d(0.0..1.0, 0.0..1.0)
        .map_err(fail)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_labels(3)
        .y_label_formatter(&|v: &f64| {
            match v {
                v if *v < 0.25 => "diverged",
                v if *v > 0.75 => "trained",
                _ => "boundary",
            }
            .to_string()
        })
        .label_style((FONT, 12))
        .draw()
        .map_err(fail)?;
    const BANDS: usize = 128;
    let ramp = maps::trainability_ramp(BANDS);
    chart
        .draw_series(ramp.iter().enumerate().map(|(k, &[r, g, b])| {
            let (lo, hi) = (k as f64 / BANDS as f64, (k + 1) as f64 / BANDS as f64);
            Rectangle::new([(0.0, lo), (1.0, hi)], RGBColor(r, g, b).filled())
        }))
        .map_err(fail)?;
    Ok(())
}
