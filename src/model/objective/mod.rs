//! The 2-D test functions: the catalogue (names, formulas, usual domains, start points, capture
//! radii and minimum seeds — one [`ObjectiveInfo`] entry each), their maths ([`maths`]) and their
//! known minima ([`minima`]).
//!
//! Adding an objective: its variant in [`ObjectiveKind`], its entry in [`ObjectiveKind::info`],
//! its arms of `value` and `gradient` in [`maths`], and its `<name>_value` / `<name>_gradient`
//! in `shaders/objectives.wgsl`. A missing arm or entry is a compile error; a missing WGSL
//! function fails the shader validation test of every pair.

pub mod data;
pub mod formula;
pub mod maths;
pub mod minima;

use data::{Dataset, Model};
use std::sync::Arc;

pub use minima::Minimum;

crate::model::open_catalogue_enum! {
    /// Which test function. The names are the ones users type; a formula in x and y
    /// ([`FormulaObjective`]) is named by its text.
    pub enum ObjectiveKind {
        Ackley = "ackley",
        Rosenbrock = "rosenbrock",
        Rastrigin = "rastrigin",
        Himmelblau = "himmelblau",
        Beale = "beale",
        Booth = "booth",
        GoldsteinPrice = "goldstein_price",
        StyblinskiTang = "styblinski_tang",
        SixHumpCamel = "six_hump_camel",
        Matyas = "matyas",
        Levi13 = "levi13",
        Quadratic = "quadratic",
        FitQuadratic = "fit_quadratic",
        FitLine = "fit_line",
        FitTanh = "fit_tanh",
    }
    open Formula(&'static FormulaObjective);
    field = "objective (--fn)";
}

pub use formula::FormulaObjective;

impl ObjectiveKind {
    /// A built-in objective by name, or else `name` read as a formula over the default domain
    /// ([−5, 5]²) with its minima found by Newton's method.
    pub fn from_name(name: &str) -> crate::error::Result<Self> {
        Self::resolve(name, None, None)
    }

    /// A built-in objective by name, or else `name` read as a formula over `domain` (default
    /// [−5, 5]²) with the `minima` given, or else found. A domain or minima given to a built-in
    /// objective is an error.
    pub fn resolve(
        name: &str,
        domain: Option<[[f64; 2]; 2]>,
        minima: Option<&[[f64; 2]]>,
    ) -> crate::error::Result<Self> {
        match Self::builtin(name.trim()) {
            Some(kind) => {
                if domain.is_some() || minima.is_some() {
                    return Err(crate::Error::input(format!(
                        "--domain and --minima are for formula objectives; {} has its own (optgrid list)",
                        kind.name()
                    )));
                }
                Ok(kind)
            }
            None => Ok(ObjectiveKind::Formula(formula::intern(
                name, domain, minima,
            )?)),
        }
    }

    /// The formula objective, for `Formula` kinds.
    pub fn formula_objective(self) -> Option<&'static FormulaObjective> {
        match self {
            ObjectiveKind::Formula(f) => Some(f),
            _ => None,
        }
    }

    /// A name fit for paths and WGSL identifiers: the name of a built-in, `formula` for a formula
    /// (its WGSL functions are `formula_value` and `formula_gradient`).
    pub fn slug(self) -> &'static str {
        match self {
            ObjectiveKind::Formula(_) => "formula",
            k => k.name(),
        }
    }
}

impl serde::Serialize for ObjectiveKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for ObjectiveKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        ObjectiveKind::from_name(&name).map_err(serde::de::Error::custom)
    }
}

/// Where Newton's method starts looking for an objective's minima.
#[derive(Debug, Clone, Copy)]
pub enum Seeds {
    /// These points.
    Points(&'static [[f64; 2]]),
    /// Every integer point (i, j) with |i|, |j| ≤ r (Ackley's and Rastrigin's lattices).
    Lattice(i32),
    /// An n × n grid over the domain, from which Newton may go anywhere (minima that depend on
    /// data).
    Grid(u32),
}

/// One objective's catalogue entry.
#[derive(Debug, Clone, Copy)]
pub struct ObjectiveInfo {
    /// The formula, for `optgrid list` and figure titles.
    pub formula: &'static str,
    /// The usual domain: `[[x_lo, x_hi], [y_lo, y_hi]]`.
    pub domain: [[f64; 2]; 2],
    /// A start point for hyperparameter maps when the user gives none: a classic, non-trivial one.
    pub default_start: [f64; 2],
    /// How close a final iterate must be to a known minimum to be labelled with its basin:
    /// below half the smallest distance between two minima of the objective.
    pub capture_radius: f64,
    /// Approximate minima; [`Objective::minima`] polishes them with Newton's method.
    pub seeds: Seeds,
    /// What the literature gives for its minima, which the tests hold [`Objective::minima`]
    /// to; `None` where there is nothing to look up (the fitted objectives, formulas).
    pub literature: Option<Literature>,
    /// A convex quadratic: f32 engines agree on final positions to a relative 1e-4, not only
    /// on labels (the GPU parity test asserts it).
    pub well_conditioned: bool,
}

/// An objective's minima as the literature tabulates them.
#[derive(Debug, Clone, Copy)]
pub struct Literature {
    /// f at the global minima.
    pub min_value: f64,
    /// The global minimizers, to the digits the literature gives.
    pub global: &'static [[f64; 2]],
    /// Minima in all on the usual domain, local ones included.
    pub minima: usize,
}

const fn known(min_value: f64, global: &'static [[f64; 2]], minima: usize) -> Option<Literature> {
    Some(Literature {
        min_value,
        global,
        minima,
    })
}

const FIVE: [[f64; 2]; 2] = [[-5.0, 5.0], [-5.0, 5.0]];
const TEN: [[f64; 2]; 2] = [[-10.0, 10.0], [-10.0, 10.0]];

impl ObjectiveKind {
    /// The catalogue entry: everything about the objective except its maths.
    pub const fn info(self) -> ObjectiveInfo {
        use ObjectiveKind as K;
        match self {
            K::Ackley => ObjectiveInfo {
                formula: "-20 exp(-0.2 sqrt((x²+y²)/2)) - exp((cos 2πx + cos 2πy)/2) + e + 20",
                domain: FIVE,
                default_start: [2.3, -3.1],
                capture_radius: 0.25,
                seeds: Seeds::Lattice(5),
                literature: known(0.0, &[[0.0, 0.0]], 121),
                well_conditioned: false,
            },
            K::Rosenbrock => ObjectiveInfo {
                formula: "(1-x)² + 100 (y-x²)²",
                domain: [[-2.0, 2.0], [-1.0, 3.0]],
                default_start: [-1.5, 1.5],
                capture_radius: 0.25,
                seeds: Seeds::Points(&[[1.0, 1.0]]),
                literature: known(0.0, &[[1.0, 1.0]], 1),
                well_conditioned: false,
            },
            K::Rastrigin => ObjectiveInfo {
                formula: "20 + x² - 10 cos 2πx + y² - 10 cos 2πy",
                domain: [[-5.12, 5.12], [-5.12, 5.12]],
                default_start: [2.2, -3.3],
                capture_radius: 0.25,
                seeds: Seeds::Lattice(5),
                literature: known(0.0, &[[0.0, 0.0]], 121),
                well_conditioned: false,
            },
            K::Himmelblau => ObjectiveInfo {
                formula: "(x²+y-11)² + (x+y²-7)²",
                domain: FIVE,
                default_start: [0.0, 0.0],
                capture_radius: 0.5,
                seeds: Seeds::Points(&[
                    [3.0, 2.0],
                    [-2.805118, 3.131312],
                    [-3.779310, -3.283186],
                    [3.584428, -1.848126],
                ]),
                literature: known(
                    0.0,
                    &[
                        [3.0, 2.0],
                        [-2.805118, 3.131312],
                        [-3.779310, -3.283186],
                        [3.584428, -1.848126],
                    ],
                    4,
                ),
                well_conditioned: false,
            },
            K::Beale => ObjectiveInfo {
                formula: "(1.5-x+xy)² + (2.25-x+xy²)² + (2.625-x+xy³)²",
                domain: [[-4.5, 4.5], [-4.5, 4.5]],
                default_start: [1.0, 1.5],
                capture_radius: 0.25,
                seeds: Seeds::Points(&[[3.0, 0.5]]),
                literature: known(0.0, &[[3.0, 0.5]], 1),
                well_conditioned: false,
            },
            K::Booth => ObjectiveInfo {
                formula: "(x+2y-7)² + (2x+y-5)²",
                domain: TEN,
                default_start: [-8.0, 8.0],
                capture_radius: 0.5,
                seeds: Seeds::Points(&[[1.0, 3.0]]),
                literature: known(0.0, &[[1.0, 3.0]], 1),
                well_conditioned: true,
            },
            K::GoldsteinPrice => ObjectiveInfo {
                formula:
                    "[1+(x+y+1)²(19-14x+3x²-14y+6xy+3y²)]·[30+(2x-3y)²(18-32x+12x²+48y-36xy+27y²)]",
                domain: [[-2.0, 2.0], [-2.0, 2.0]],
                default_start: [-1.5, 1.5],
                capture_radius: 0.1,
                seeds: Seeds::Points(&[[0.0, -1.0], [-0.6, -0.4], [1.8, 0.2], [1.2, 0.8]]),
                literature: known(3.0, &[[0.0, -1.0]], 4),
                well_conditioned: false,
            },
            K::StyblinskiTang => ObjectiveInfo {
                formula: "(x⁴-16x²+5x + y⁴-16y²+5y)/2",
                domain: FIVE,
                default_start: [0.5, 0.5],
                capture_radius: 0.5,
                seeds: Seeds::Points(&[
                    [-2.903534, -2.903534],
                    [2.746803, -2.903534],
                    [-2.903534, 2.746803],
                    [2.746803, 2.746803],
                ]),
                literature: known(-78.33233, &[[-2.903534, -2.903534]], 4),
                well_conditioned: false,
            },
            K::SixHumpCamel => ObjectiveInfo {
                formula: "(4-2.1x²+x⁴/3)x² + xy + (-4+4y²)y²",
                domain: [[-3.0, 3.0], [-2.0, 2.0]],
                default_start: [-1.5, -1.5],
                capture_radius: 0.1,
                seeds: Seeds::Points(&[
                    [0.0898, -0.7126],
                    [-0.0898, 0.7126],
                    [-1.7036, 0.7961],
                    [1.7036, -0.7961],
                    [1.6071, 0.5687],
                    [-1.6071, -0.5687],
                ]),
                literature: known(-1.031628, &[[0.0898, -0.7126], [-0.0898, 0.7126]], 6),
                well_conditioned: false,
            },
            K::Matyas => ObjectiveInfo {
                formula: "0.26(x²+y²) - 0.48xy",
                domain: TEN,
                default_start: [8.0, -6.0],
                capture_radius: 0.5,
                seeds: Seeds::Points(&[[0.0, 0.0]]),
                literature: known(0.0, &[[0.0, 0.0]], 1),
                well_conditioned: true,
            },
            K::Levi13 => ObjectiveInfo {
                formula: "sin²3πx + (x-1)²(1+sin²3πy) + (y-1)²(1+sin²2πy)",
                domain: TEN,
                default_start: [-4.0, 6.0],
                capture_radius: 0.25,
                seeds: Seeds::Points(&[[1.0, 1.0]]),
                literature: known(0.0, &[[1.0, 1.0]], 1),
                well_conditioned: false,
            },
            K::Quadratic => ObjectiveInfo {
                formula: "(a x² + b y²)/2",
                domain: FIVE,
                default_start: [-4.0, 3.0],
                capture_radius: 0.5,
                seeds: Seeds::Points(&[[0.0, 0.0]]),
                literature: known(0.0, &[[0.0, 0.0]], 1),
                well_conditioned: true,
            },
            K::FitQuadratic => ObjectiveInfo {
                formula: "mean over the data of (θ1 u² + θ2 v² - label)², labels 3u² + 9v² + noise",
                domain: [[-2.0, 8.0], [4.0, 14.0]],
                default_start: [-1.0, 5.0],
                capture_radius: 0.5,
                seeds: Seeds::Grid(1),
                literature: None,
                well_conditioned: false,
            },
            K::FitLine => ObjectiveInfo {
                formula: "mean over the data of (θ1 u + θ2 - label)², labels 2u + 1 + noise",
                domain: [[-3.0, 7.0], [-4.0, 6.0]],
                default_start: [-2.0, -3.0],
                capture_radius: 0.5,
                seeds: Seeds::Grid(1),
                literature: None,
                well_conditioned: false,
            },
            K::Formula(f) => ObjectiveInfo {
                formula: f.text,
                domain: f.domain,
                default_start: f.default_start,
                capture_radius: f.capture_radius,
                seeds: Seeds::Points(f.minima),
                literature: None,
                well_conditioned: false,
            },
            K::FitTanh => ObjectiveInfo {
                formula:
                    "mean over the data of (θ2 tanh(θ1 u) - label)², labels 2 tanh(1.5u) + noise",
                domain: [[-4.0, 4.0], [-4.0, 4.0]],
                default_start: [0.5, -3.5],
                capture_radius: 1.0,
                seeds: Seeds::Grid(9),
                literature: None,
                well_conditioned: false,
            },
        }
    }

    /// The model of a data objective (`fit_*`), `None` for a formula of x and y.
    pub fn model(self) -> Option<Model> {
        Model::of(self)
    }

    /// The formula, for `optgrid list` and figure titles.
    pub fn formula(self) -> &'static str {
        self.info().formula
    }

    /// The usual domain: `[[x_lo, x_hi], [y_lo, y_hi]]`.
    pub fn domain(self) -> [[f64; 2]; 2] {
        self.info().domain
    }

    /// A start point for hyperparameter maps when the user gives none.
    pub fn default_start(self) -> [f64; 2] {
        self.info().default_start
    }

    /// How close a final iterate must be to a known minimum to be labelled with its basin.
    pub fn capture_radius(self) -> f64 {
        self.info().capture_radius
    }

    /// Approximate minima (seeds); [`Objective::minima`] polishes them with Newton's method.
    pub fn minimum_seeds(self) -> Vec<[f64; 2]> {
        match self.info().seeds {
            Seeds::Points(p) => p.to_vec(),
            Seeds::Lattice(r) => (-r..=r)
                .flat_map(|j| (-r..=r).map(move |i| [i as f64, j as f64]))
                .collect(),
            Seeds::Grid(n) => {
                let [[x0, x1], [y0, y1]] = self.domain();
                let at =
                    |lo: f64, hi: f64, k: u32| lo + (hi - lo) * (f64::from(k) + 0.5) / f64::from(n);
                (0..n)
                    .flat_map(|j| (0..n).map(move |i| [at(x0, x1, i), at(y0, y1, j)]))
                    .collect()
            }
        }
    }
}

/// A test function with its coefficients (only `quadratic` has any: `a` and `b`) or, for a data
/// objective, its dataset.
///
/// WGSL twin of the coefficients: the `QUAD_A`, `QUAD_B` pipeline constants; of the dataset:
/// the examples after the axis values in the `axis` buffer.
#[derive(Debug, Clone, PartialEq)]
pub struct Objective {
    pub kind: ObjectiveKind,
    /// `[a, b]` of `quadratic`; ignored by the others.
    pub coeffs: [f64; 2],
    /// The examples of a data objective (`fit_*`); `None` for the others.
    pub data: Option<Arc<Dataset>>,
}

/// Default `[a, b]` of `quadratic`: a bowl with condition number 10.
pub const QUADRATIC_DEFAULT: [f64; 2] = [1.0, 10.0];

impl Objective {
    /// The objective with its default coefficients or dataset.
    pub fn new(kind: ObjectiveKind) -> Self {
        Objective {
            kind,
            coeffs: QUADRATIC_DEFAULT,
            data: kind.model().map(|m| Arc::new(Dataset::default_for(m))),
        }
    }

    /// The dataset of a data objective.
    #[inline(always)]
    pub fn dataset(&self) -> &Dataset {
        self.data
            .as_deref()
            .expect("a data objective carries its dataset")
    }
}
