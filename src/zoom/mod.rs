//! `optgrid zoom`: a sequence of maps zooming geometrically into one point of a sweep's two
//! axes — start points or hyperparameters, log axes in log space — each frame in the
//! precision its pixels need, with the boundary's box-counting dimension measured at every
//! depth. What `output` writes from it: the frames, a GIF (and an MP4 where ffmpeg is), a
//! plot of dimension against depth and `zoom.json`.

pub mod output;
#[cfg(feature = "shard")]
pub mod shard;

use crate::engine::{Engine, Progress};
use crate::error::{Error, Result};
use crate::records::dimension::BoundaryDimension;
use crate::run::Finished;
use crate::spec::axis::{Axis, Scale, ULPS_PER_PIXEL};
use crate::spec::sweep::{precision_for, LabelMap, Precision, SweepSpec};
use serde::{Deserialize, Serialize};

/// Which map each frame shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameMap {
    Basins,
    Steps,
    Loss,
    Trainability,
}

impl FrameMap {
    pub fn from_name(s: &str) -> Result<FrameMap> {
        match s {
            "basins" => Ok(FrameMap::Basins),
            "steps" => Ok(FrameMap::Steps),
            "loss" => Ok(FrameMap::Loss),
            "trainability" => Ok(FrameMap::Trainability),
            _ => Err(Error::invalid(
                "map (--map)",
                s,
                "basins, steps, loss or trainability",
            )),
        }
    }

    /// The map asked for by name, or the sweep's natural one: trainability when it scores
    /// trainability, else basins.
    pub fn chosen(name: Option<&str>, base: &SweepSpec) -> Result<FrameMap> {
        match name {
            Some(m) => FrameMap::from_name(m),
            None if base.trainability => Ok(FrameMap::Trainability),
            None => Ok(FrameMap::Basins),
        }
    }

    /// The label map whose boundary this map shows (what a zoom measures unless `--dimension`
    /// names another).
    pub fn boundary(self) -> LabelMap {
        match self {
            FrameMap::Basins => LabelMap::Basin,
            FrameMap::Steps | FrameMap::Loss => LabelMap::Status,
            FrameMap::Trainability => LabelMap::Trainability,
        }
    }
}

/// A zoom as the user asks for it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ZoomSpec {
    /// The point zoomed into, in the axes' values.
    pub center: [f64; 2],
    /// The x axis's width at the first frame and at the last: in its units, or in decades
    /// for a log axis. The y axis keeps the sweep's aspect.
    pub from: f64,
    pub to: f64,
    pub frames: u32,
    pub map: FrameMap,
    /// One precision for every frame, or (None) each frame's own choice.
    pub precision: Option<Precision>,
}

impl ZoomSpec {
    /// The zoom into `base` a request describes (the CLI's flags, the API's body): `from`
    /// defaults to the base's x width, `map` to its natural one ([`FrameMap::chosen`]), and a
    /// `precision` other than `auto` forces one precision on every frame.
    pub fn over(
        base: &SweepSpec,
        center: [f64; 2],
        from: Option<f64>,
        to: f64,
        frames: u32,
        map: Option<&str>,
        precision: Option<&str>,
    ) -> Result<ZoomSpec> {
        Ok(ZoomSpec {
            center,
            from: from.unwrap_or(span(&base.x)),
            to,
            frames,
            map: FrameMap::chosen(map, base)?,
            precision: forced_precision(precision)?,
        })
    }
}

/// The one precision a request's `precision` forces on every frame: none for `auto` or
/// nothing (each frame its own).
fn forced_precision(text: Option<&str>) -> Result<Option<Precision>> {
    match text {
        None | Some("auto") => Ok(None),
        Some(p) => Precision::from_name(p).map(Some),
    }
}

/// An axis in the space the zoom is geometric in: log10 for a log axis.
fn to_space(axis: &Axis, v: f64) -> f64 {
    match axis.scale {
        Scale::Log => v.log10(),
        Scale::Linear => v,
    }
}

fn from_space(axis: &Axis, v: f64) -> f64 {
    match axis.scale {
        Scale::Log => 10f64.powf(v),
        Scale::Linear => v,
    }
}

/// The axis of `base` narrowed to `width` (in axis space) around `center`.
fn window(base: &Axis, center: f64, width: f64) -> Axis {
    let c = to_space(base, center);
    Axis {
        lo: from_space(base, c - width / 2.0),
        hi: from_space(base, c + width / 2.0),
        ..base.clone()
    }
}

/// An axis's width in the space zooms are geometric in: its units, or decades on a log axis
/// (what `--from` defaults to).
fn span(a: &Axis) -> f64 {
    to_space(a, a.hi) - to_space(a, a.lo)
}

/// A frame's two axes: x `width` wide (axis space) around the centre, y as wide as keeps the
/// sweep's aspect.
fn frame_axes(base: &SweepSpec, center: [f64; 2], width: f64) -> [Axis; 2] {
    let aspect = span(&base.y) / span(&base.x);
    [
        window(&base.x, center[0], width),
        window(&base.y, center[1], width * aspect),
    ]
}

/// One planned frame.
#[derive(Debug, Clone)]
pub struct FramePlan {
    pub spec: SweepSpec,
    /// The x axis's width in axis space.
    pub width: f64,
    /// log10 of the first frame's width over this one's.
    pub depth: f64,
}

/// Every frame of `zoom` over `base`, checked up front: a window too fine for f64 (or for the
/// precision asked for) is refused before anything runs, naming the deepest `--to` that works.
pub fn frames(base: &SweepSpec, zoom: &ZoomSpec) -> Result<Vec<FramePlan>> {
    if zoom.frames < 2 {
        return Err(Error::invalid(
            "frames (--frames)",
            zoom.frames,
            "at least 2",
        ));
    }
    let positive = |name: &str, v: f64| {
        if v.is_finite() && v > 0.0 {
            Ok(())
        } else {
            Err(Error::invalid(name, v, "a width above 0"))
        }
    };
    positive("from (--from)", zoom.from)?;
    positive("to (--to)", zoom.to)?;
    for (axis, (c, flag)) in [&base.x, &base.y]
        .iter()
        .zip(zoom.center.iter().zip(["--center x", "--center y"]))
    {
        if axis.scale == Scale::Log && *c <= 0.0 {
            return Err(Error::invalid(
                flag,
                c,
                format!("a value above 0 ({} is a log axis)", axis.quantity),
            ));
        }
    }
    let last = f64::from(zoom.frames - 1);
    let mut out = Vec::new();
    for k in 0..zoom.frames {
        let width = zoom.from * (zoom.to / zoom.from).powf(f64::from(k) / last);
        let mut spec = base.clone();
        let axes = frame_axes(base, zoom.center, width);
        let needed = precision_for([&axes[0], &axes[1]], spec.res);
        [spec.x, spec.y] = axes;
        spec.precision = match (zoom.precision, needed) {
            (_, None) | (Some(Precision::F32), Some(Precision::F64)) => {
                let limit = deepest(base, zoom, zoom.precision.unwrap_or(Precision::F64));
                return Err(Error::invalid(
                    "to (--to)",
                    zoom.to,
                    format!(
                        "a width of at least {limit:.3e}: frame {k}'s pixels are closer than {ULPS_PER_PIXEL} units in the last place of {} at {}×{}",
                        zoom.precision.unwrap_or(Precision::F64).name(),
                        spec.res[0],
                        spec.res[1]
                    ),
                ));
            }
            (Some(p), _) => p,
            (None, Some(p)) => p,
        };
        spec.dimension = base.dimension.or(Some(zoom.map.boundary()));
        if zoom.map == FrameMap::Trainability {
            spec.trainability = true;
        }
        out.push(FramePlan {
            spec,
            width,
            depth: (zoom.from / width).log10(),
        });
    }
    Ok(out)
}

/// The least x width (axis space) whose frame `precision` still resolves, by bisection in log.
fn deepest(base: &SweepSpec, zoom: &ZoomSpec, precision: Precision) -> f64 {
    let ok = |w: f64| {
        let [x, y] = frame_axes(base, zoom.center, w);
        matches!(
            (precision_for([&x, &y], base.res), precision),
            (Some(Precision::F32), _) | (Some(Precision::F64), Precision::F64)
        )
    };
    let (mut lo, mut hi) = (zoom.to.ln(), zoom.from.ln());
    for _ in 0..100 {
        let mid = (lo + hi) / 2.0;
        if ok(mid.exp()) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi.exp()
}

/// What one frame measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FrameRecord {
    pub index: u32,
    /// The frame's axes: `[lo, hi]` of x and of y.
    pub x: [f64; 2],
    pub y: [f64; 2],
    /// log10 of the first frame's width over this one's.
    pub depth: f64,
    pub precision: Precision,
    pub backend: String,
    pub boundary_dimension: Option<BoundaryDimension>,
    pub converged_fraction: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trained_fraction: Option<f64>,
    pub wall_seconds: f64,
    pub instance_steps: u64,
}

/// The engines a zoom runs its frames on: one per precision, opened when first needed.
pub struct Engines<'a> {
    /// Opens the engine for a precision (and says, once, where it runs when that is not where
    /// the user asked).
    pub open: Box<dyn FnMut(Precision) -> Result<Box<dyn Engine>> + 'a>,
    opened: [Option<Box<dyn Engine>>; 2],
}

impl<'a> Engines<'a> {
    pub fn new(open: impl FnMut(Precision) -> Result<Box<dyn Engine>> + 'a) -> Engines<'a> {
        Engines {
            open: Box::new(open),
            opened: [None, None],
        }
    }

    fn get(&mut self, p: Precision) -> Result<&mut Box<dyn Engine>> {
        let k = usize::from(p == Precision::F64);
        if self.opened[k].is_none() {
            self.opened[k] = Some((self.open)(p)?);
        }
        Ok(self.opened[k].as_mut().expect("opened"))
    }
}

/// Runs the frames `keep` picks (all of them, or a shard's), in order, handing each finished
/// map to `each` (which writes it) before the next starts, so memory holds one frame.
pub fn run(
    frames: &[FramePlan],
    keep: impl Fn(u32) -> bool,
    engines: &mut Engines,
    progress: &dyn Progress,
    mut each: impl FnMut(u32, &FramePlan, &Finished) -> Result<()>,
) -> Result<Vec<FrameRecord>> {
    let mut out = Vec::new();
    for (k, f) in frames.iter().enumerate() {
        if !keep(k as u32) {
            continue;
        }
        let engine = engines.get(f.spec.precision)?;
        let finished = crate::run::run(&f.spec, engine.as_mut(), progress)?;
        each(k as u32, f, &finished)?;
        let s = &finished.summary;
        out.push(FrameRecord {
            index: k as u32,
            x: [f.spec.x.lo, f.spec.x.hi],
            y: [f.spec.y.lo, f.spec.y.hi],
            depth: f.depth,
            precision: f.spec.precision,
            backend: format!("{}: {}", s.run.backend, s.run.device),
            boundary_dimension: s.stats.boundary_dimension.clone().flatten(),
            converged_fraction: s.stats.converged_fraction,
            trained_fraction: s.stats.trained_fraction,
            wall_seconds: s.wall_seconds,
            instance_steps: s.instance_steps,
        });
    }
    Ok(out)
}
