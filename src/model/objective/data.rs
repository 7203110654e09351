//! Objectives fitted to data: the two coordinates are the parameters θ = (θ1, θ2) of a model
//! fitted by mean squared error to a dataset of examples (u, v, label), generated from a teacher
//! with seeded noise or read from a CSV file. The full-data loss and its exact minimizers serve
//! the maps and the criterion; with `batch` B > 0 each step's gradient is the mean over B
//! examples drawn uniformly with replacement from the random generator (stream `Batch`), the
//! same draws on both backends.
//!
//! WGSL twin: `shaders/data.wgsl` (the dataset rides in the `axis` buffer after the axis values).

use super::ObjectiveKind;
use crate::error::{Error, Result};
use crate::model::num::{Num, Real};
use crate::model::random::{self, block, index, normals, Stream};
use crate::model::stochastic::Draws;
use std::any::Any;
use std::path::{Path, PathBuf};

/// The models, one per data objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// θ1·u² + θ2·v²
    Quadratic,
    /// θ1·u + θ2
    Line,
    /// θ2·tanh(θ1·u): a two-weight network, not convex.
    Tanh,
}

impl Model {
    pub const ALL: [Model; 3] = [Model::Quadratic, Model::Line, Model::Tanh];

    /// Its name in the shader (`MODEL_QUADRATIC`).
    pub fn name(self) -> &'static str {
        match self {
            Model::Quadratic => "quadratic",
            Model::Line => "line",
            Model::Tanh => "tanh",
        }
    }

    pub fn of(kind: ObjectiveKind) -> Option<Model> {
        match kind {
            ObjectiveKind::FitQuadratic => Some(Model::Quadratic),
            ObjectiveKind::FitLine => Some(Model::Line),
            ObjectiveKind::FitTanh => Some(Model::Tanh),
            _ => None,
        }
    }

    /// The index of the shader's `FIT_MODEL` constant.
    pub fn index(self) -> u32 {
        self as u32
    }

    /// The teacher the generated labels come from, and the inputs' range [−r, r].
    fn teacher(self) -> ([f64; 2], f64) {
        match self {
            Model::Quadratic => ([3.0, 9.0], 1.0),
            Model::Line => ([2.0, 1.0], 1.0),
            Model::Tanh => ([1.5, 2.0], 2.0),
        }
    }

    /// Whether the model reads the second input v.
    fn uses_v(self) -> bool {
        self == Model::Quadratic
    }

    /// One example's residual r = model − label and the model's gradient in θ.
    #[inline(always)]
    pub fn term<T: Num>(self, th: [T; 2], u: T, v: T, label: T) -> (T, [T; 2]) {
        match self {
            Model::Quadratic => {
                let (uu, vv) = (u * u, v * v);
                (th[0] * uu + th[1] * vv - label, [uu, vv])
            }
            Model::Line => (th[0] * u + th[1] - label, [u, T::c(1.0)]),
            Model::Tanh => {
                let a = (th[0] * u).tanh();
                let da = T::c(1.0) - a * a;
                (th[1] * a - label, [th[1] * u * da, a])
            }
        }
    }
}

/// How a dataset is made.
#[derive(Debug, Clone, PartialEq)]
pub enum DataSource {
    /// `examples` inputs drawn uniformly, labels from the teacher plus N(0, noise²), all from
    /// the generator keyed by `seed`.
    Generated {
        examples: u32,
        noise: f64,
        seed: u64,
    },
    File(PathBuf),
}

/// Largest dataset: every step of every instance reads all of it (full batch), and the GPU
/// keeps it beside the axis values.
pub const MAX_EXAMPLES: usize = 100_000;

/// The examples a data objective is fitted to.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub model: Model,
    pub u: Vec<f64>,
    pub v: Vec<f64>,
    pub label: Vec<f64>,
    /// `u`, `v` and `label` rounded to f32 once (what `Real::lit` gives), so the f32 step loop
    /// reads them as they are, without a conversion per use.
    rounded: [Vec<f32>; 3],
}

impl Dataset {
    pub fn new(model: Model, source: &DataSource) -> Result<Dataset> {
        match source {
            DataSource::Generated {
                examples,
                noise,
                seed,
            } => Ok(Dataset::generate(model, *examples, *noise, *seed)),
            DataSource::File(path) => Dataset::read(model, path).map(Dataset::rounded),
        }
    }

    /// The default dataset of a model: 100 examples, label noise 0.1, seed 0.
    pub fn default_for(model: Model) -> Dataset {
        Dataset::generate(model, 100, 0.1, 0)
    }

    /// An empty dataset of `model`.
    fn empty(model: Model) -> Dataset {
        Dataset {
            model,
            u: Vec::new(),
            v: Vec::new(),
            label: Vec::new(),
            rounded: Default::default(),
        }
    }

    /// The dataset with its f32 columns filled in from the f64 ones.
    fn rounded(mut self) -> Dataset {
        let round = |c: &[f64]| c.iter().map(|&x| <f32 as Real>::lit(x)).collect();
        self.rounded = [round(&self.u), round(&self.v), round(&self.label)];
        self
    }

    /// `u`, `v` and `label` in precision `F`: the f64 columns, or the f32 ones rounded once.
    #[inline(always)]
    fn columns<F: Real>(&self) -> [&[F]; 3] {
        // A `Vec`, not a slice: `Any` needs a sized type to compare.
        #[allow(clippy::ptr_arg)]
        fn as_f<F: Real, G: Real>(c: &Vec<G>) -> Option<&[F]> {
            (c as &dyn Any).downcast_ref::<Vec<F>>().map(Vec::as_slice)
        }
        let [u, v, label] = &self.rounded;
        match (as_f(&self.u), as_f(&self.v), as_f(&self.label)) {
            (Some(u), Some(v), Some(label)) => [u, v, label],
            _ => [u, v, label].map(|c| as_f(c).expect("F is f32 or f64")),
        }
    }

    fn generate(model: Model, examples: u32, noise: f64, seed: u64) -> Dataset {
        let (teacher, r) = model.teacher();
        let mut d = Dataset::empty(model);
        for e in 0..examples {
            let w = block(random::key(seed), e, 0, Stream::Data, 0);
            let u = r * (2.0 * <f64 as Num>::unit(w[0]) - 1.0);
            let v = if model.uses_v() {
                r * (2.0 * <f64 as Num>::unit(w[1]) - 1.0)
            } else {
                0.0
            };
            let (clean, _) = model.term(teacher, u, v, 0.0);
            d.u.push(u);
            d.v.push(v);
            d.label.push(clean + noise * normals::<f64>(w[2], w[3])[0]);
        }
        d.rounded()
    }

    /// A CSV file with a header naming `u,label` or `u,v,label` (any order, other columns
    /// ignored).
    fn read(model: Model, path: &Path) -> Result<Dataset> {
        let field = "data (--data)";
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::resource(format!("cannot read {field} '{shown}': {e}")))?;
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let (_, header) = lines.next().ok_or_else(|| {
            Error::input(format!(
                "{field} '{shown}' is empty: it needs a header (u,v,label or u,label) and rows"
            ))
        })?;
        let names: Vec<&str> = header.split(',').map(str::trim).collect();
        let column = |want: &str| names.iter().position(|n| *n == want);
        let needed: &[&str] = if model.uses_v() {
            &["u", "v", "label"]
        } else {
            &["u", "label"]
        };
        let mut at = Vec::new();
        for n in needed {
            at.push(column(n).ok_or_else(|| {
                Error::input(format!(
                    "{field} '{shown}' has no column '{n}': its header must name {} (it names {})",
                    needed.join(","),
                    names.join(",")
                ))
            })?);
        }
        let mut d = Dataset::empty(model);
        for (k, line) in lines {
            if d.u.len() == MAX_EXAMPLES {
                return Err(Error::input(format!(
                    "{field} '{shown}' has more than {MAX_EXAMPLES} rows, the most a dataset may have"
                )));
            }
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let value = |i: usize| -> Result<f64> {
                let name = needed[i];
                let cell = cells.get(at[i]).copied().unwrap_or("");
                cell.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| {
                        Error::input(format!(
                            "{field} '{shown}' line {}: {name} is '{cell}', not a finite number",
                            k + 1
                        ))
                    })
            };
            d.u.push(value(0)?);
            if model.uses_v() {
                d.v.push(value(1)?);
                d.label.push(value(2)?);
            } else {
                d.v.push(0.0);
                d.label.push(value(1)?);
            }
        }
        if d.u.is_empty() {
            return Err(Error::input(format!(
                "{field} '{shown}' has a header but no rows"
            )));
        }
        Ok(d)
    }

    pub fn len(&self) -> usize {
        self.u.len()
    }

    pub fn is_empty(&self) -> bool {
        self.u.is_empty()
    }

    /// Every example in turn, each value the same in every lane. Inlined with the columns looked
    /// up once: an out-of-line call per example returned its three values through memory and
    /// spilled the sums around it, which made the full-data gradient 2.3–2.9× slower.
    #[inline(always)]
    fn examples<T: Num>(&self) -> impl Iterator<Item = (T, T, T)> + '_ {
        let [u, v, label] = self.columns::<T::Scalar>();
        (0..self.len()).map(move |e| (T::splat(u[e]), T::splat(v[e]), T::splat(label[e])))
    }

    /// The full-data loss: the mean of the squared residuals.
    #[inline(always)]
    pub fn loss<T: Num>(&self, th: [T; 2]) -> T {
        let mut acc = T::c(0.0);
        for (u, v, label) in self.examples::<T>() {
            let (r, _) = self.model.term(th, u, v, label);
            acc = acc + r * r;
        }
        acc / T::c(self.len() as f64)
    }

    /// The full-data gradient: 2 · the mean of residual × the model's gradient.
    #[inline(always)]
    pub fn gradient<T: Num>(&self, th: [T; 2]) -> [T; 2] {
        let mut acc = [T::c(0.0); 2];
        for (u, v, label) in self.examples::<T>() {
            let (r, d) = self.model.term(th, u, v, label);
            acc = [acc[0] + r * d[0], acc[1] + r * d[1]];
        }
        let scale = T::c(2.0) / T::c(self.len() as f64);
        [acc[0] * scale, acc[1] * scale]
    }

    /// The gradient over `batch` examples drawn for instance(s) `draws.index` at step `t`.
    #[inline(always)]
    pub fn batch_gradient<T: Num>(
        &self,
        th: [T; 2],
        draws: &Draws<T::Bits>,
        t: u32,
        batch: u32,
    ) -> [T; 2] {
        let n = self.len() as u32;
        let mut acc = [T::c(0.0); 2];
        let mut words = [draws.index; 4];
        let [u, v, label] = self.columns::<T::Scalar>();
        for b in 0..batch {
            if b % 4 == 0 {
                words = block(draws.key, draws.index, t, Stream::Batch, b / 4);
            }
            let e = index(words[(b % 4) as usize], n);
            // Each lane's own example: a gather.
            // SAFETY: `index(w, n)` is the high word of w·n, below n = the columns' length.
            let pick = |col: &[T::Scalar]| unsafe { T::gather(col, e) };
            let (r, d) = self.model.term(th, pick(u), pick(v), pick(label));
            acc = [acc[0] + r * d[0], acc[1] + r * d[1]];
        }
        let scale = T::c(2.0) / T::c(f64::from(batch));
        [acc[0] * scale, acc[1] * scale]
    }

    /// The exact minimizers of the full-data loss: for the linear models the least-squares
    /// solution of the 2 × 2 normal equations; for `tanh`, Newton's method in f64 from a grid
    /// of starts (its minima come in ± pairs). `None` when the normal equations are singular.
    pub fn minimizers(&self) -> Vec<[f64; 2]> {
        match self.model {
            Model::Quadratic | Model::Line => {
                // Σ d dᵀ θ = Σ d label, with d the model's gradient (independent of θ).
                let (mut a, mut b) = ([[0.0; 2]; 2], [0.0; 2]);
                for e in 0..self.len() {
                    let (_, d) = self.model.term([0.0, 0.0], self.u[e], self.v[e], 0.0);
                    for i in 0..2 {
                        for j in 0..2 {
                            a[i][j] += d[i] * d[j];
                        }
                        b[i] += d[i] * self.label[e];
                    }
                }
                let det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
                if det.abs() <= 1e-12 * (a[0][0] * a[1][1]).abs() {
                    return vec![];
                }
                vec![[
                    (a[1][1] * b[0] - a[0][1] * b[1]) / det,
                    (a[0][0] * b[1] - a[1][0] * b[0]) / det,
                ]]
            }
            Model::Tanh => vec![],
        }
    }
}
