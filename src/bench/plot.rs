//! scaling.png: throughput against instances and against steps, one line per backend (log–log).

use crate::bench::ScalePoint;
use crate::error::Result;
use crate::output::plot::{fail, legend, render, FONT};
use image::RgbImage;
use plotters::prelude::*;

const SIZE: (u32, u32) = (1200, 520);

pub fn draw(points: &[ScalePoint]) -> Result<RgbImage> {
    let (w, h) = SIZE;
    render(w, h, |root| {
        let panels = root.split_evenly((1, 2));
        let mut backends: Vec<&str> = points.iter().map(|p| p.backend.as_str()).collect();
        backends.dedup();
        // "gpu: llvmpipe (software)", "cpu: CPU reference, 2 threads": what each line ran on.
        let name = |b: &str| {
            let device = points
                .iter()
                .find(|p| p.backend == b)
                .map_or("", |p| &p.device);
            let short = device.split(" (").next().unwrap_or(device);
            let software = if device.contains("software") {
                " (software)"
            } else {
                ""
            };
            format!("{b}: {short}{software}")
        };
        for (panel, varies) in panels.iter().zip(["instances", "steps"]) {
            let series: Vec<&ScalePoint> = points.iter().filter(|p| p.varies == varies).collect();
            let x = |p: &ScalePoint| {
                if varies == "instances" {
                    (p.instances as f64).log10()
                } else {
                    f64::from(p.steps).log10()
                }
            };
            let y = |p: &ScalePoint| p.instance_steps_per_second.max(1.0).log10();
            let (x0, x1) = series
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                    (a.min(x(p)), b.max(x(p)))
                });
            let (y0, y1) = series
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                    (a.min(y(p)), b.max(y(p)))
                });
            if !x0.is_finite() {
                continue;
            }
            let caption = if varies == "instances" {
                "throughput vs instances (W1, 100 steps)"
            } else {
                "throughput vs steps (W1, 10⁵ instances)"
            };
            let mut chart = ChartBuilder::on(panel)
                .caption(caption, (FONT, 18))
                .margin(14)
                .x_label_area_size(40)
                .y_label_area_size(70)
                .build_cartesian_2d((x0 - 0.1)..(x1 + 0.1), (y0 - 0.3)..(y1 + 0.3))
                .map_err(fail)?;
            chart
                .configure_mesh()
                .x_desc(if varies == "instances" {
                    "instances"
                } else {
                    "steps"
                })
                .y_desc("instance-steps / s")
                .x_label_formatter(&|v| {
                    // Label whole decades only.
                    if (v - v.round()).abs() < 1e-6 {
                        format!("1e{:.0}", v)
                    } else {
                        String::new()
                    }
                })
                .y_label_formatter(&|v| format!("{:.1e}", 10f64.powf(*v)))
                .label_style((FONT, 13))
                .axis_desc_style((FONT, 15))
                .light_line_style(RGBColor(235, 235, 235))
                .draw()
                .map_err(fail)?;
            for (k, b) in backends.iter().enumerate() {
                let c = colorous::TABLEAU10[k % 10];
                let colour = RGBColor(c.r, c.g, c.b);
                let pts: Vec<(f64, f64)> = series
                    .iter()
                    .filter(|p| p.backend == *b)
                    .map(|p| (x(p), y(p)))
                    .collect();
                chart
                    .draw_series(LineSeries::new(pts.clone(), colour.stroke_width(2)))
                    .map_err(fail)?
                    .label(name(b))
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 18, y)], colour.stroke_width(3))
                    });
                chart
                    .draw_series(pts.iter().map(|&p| Circle::new(p, 4, colour.filled())))
                    .map_err(fail)?;
            }
            legend(&mut chart, SeriesLabelPosition::LowerRight, 14)?;
        }
        Ok(())
    })
}
