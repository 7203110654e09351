//! What every plotted image shares: the embedded font, rendering into an image buffer, map
//! backgrounds blitted under axes, and the series legend's style.

use crate::error::{Error, Result};
use image::RgbImage;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

/// The font family every figure uses (DejaVu Sans, embedded: no system fonts needed).
pub const FONT: &str = "sans-serif";

/// A chart over two f64 axes on an in-memory bitmap.
pub type Chart<'a, 'b> =
    ChartContext<'a, BitMapBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Registers the embedded font once per process.
pub fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// A drawing error, as one line.
pub fn fail<E: std::fmt::Debug>(e: E) -> Error {
    Error::internal(format!("cannot draw the image: {e:?}"))
}

/// Renders `draw` into a `w` × `h` image.
pub fn render(
    w: u32,
    h: u32,
    draw: impl FnOnce(&DrawingArea<BitMapBackend, Shift>) -> Result<()>,
) -> Result<RgbImage> {
    register_font();
    let mut buf = vec![255u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        draw(&root)?;
        root.present().map_err(fail)?;
    }
    RgbImage::from_raw(w, h, buf).ok_or_else(|| fail("buffer size"))
}

/// Fills a chart's plotting area with `image` (resampled, nearest, to its pixels); `top_left`
/// is the data coordinate of the area's top-left corner.
pub fn blit(chart: &Chart, top_left: (f64, f64), image: &RgbImage) -> Result<()> {
    let plot = chart.plotting_area();
    let (pw, ph) = plot.dim_in_pixel();
    let (pw, ph) = (pw.max(1), ph.max(1));
    let buf = if image.dimensions() == (pw, ph) {
        image.clone()
    } else {
        image::imageops::resize(image, pw, ph, image::imageops::FilterType::Nearest)
    };
    let elem = BitMapElement::<_>::with_owned_buffer(top_left, (pw, ph), buf.into_raw())
        .ok_or_else(|| fail("bitmap size"))?;
    plot.draw(&elem).map_err(fail)
}

/// The series legend, in one style for every chart.
pub fn legend<'a, 'b: 'a>(
    chart: &mut Chart<'a, 'b>,
    position: SeriesLabelPosition,
    size: u32,
) -> Result<()> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font((FONT, size))
        .draw()
        .map_err(fail)
}
