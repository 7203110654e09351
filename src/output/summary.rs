//! `summary.json` and `spec.toml`: everything a script needs to know about a finished sweep and
//! how to repeat it, and the paragraph the CLI prints after one.

use super::maps::ColourScale;
use crate::engine::RunInfo;
use crate::model::objective::Minimum;
use crate::records::Stats;
use crate::spec::sweep::SweepSpec;
use serde::Serialize;
use std::path::Path;

/// `summary.json`: everything a script needs to know about a finished sweep.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub optgrid_version: &'static str,
    /// The complete spec: feed it back (as a config) to repeat the run.
    pub spec: SweepSpec,
    pub run: RunInfo,
    pub width: usize,
    pub height: usize,
    /// Sweep wall time: upload, compute and readback (shader compilation excluded).
    pub wall_seconds: f64,
    /// Steps executed, summed over instances.
    pub instance_steps: u64,
    pub instance_steps_per_second: f64,
    pub stats: Stats,
    /// The known minima of the objective; `basin` in `result.npz` indexes this list. For a
    /// formula: found by Newton's method (or given), none if none was found on the domain.
    pub minima: Vec<Minimum>,
    /// A formula objective's exact gradient `[∂f/∂x, ∂f/∂y]` as derived, for reading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gradient: Option<[String; 2]>,
    pub capture_radius: f64,
    pub global_min_value: f64,
    /// The value ranges the continuous maps' colours span.
    pub colour_scales: ColourScales,
    pub files: Vec<String>,
    /// Where the time after the engine went, per output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_seconds: Option<OutputSeconds>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColourScales {
    /// steps.png: converged step counts (log10 when `log`).
    pub steps: ColourScale,
    /// loss.png: f − f*, log10.
    pub loss: ColourScale,
    /// trainability.png, when the sweep scores trainability: the scores' quantiles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trainability: Option<super::maps::RankScale>,
}

/// Seconds spent on each output of a sweep, after the engine (`summary.json`'s
/// `output_seconds`).
#[derive(Debug, Clone, Copy, Default, Serialize, serde::Deserialize, PartialEq)]
pub struct OutputSeconds {
    /// Counting statistics and sampling the preview.
    pub stats: f64,
    pub npz: f64,
    pub basins_png: f64,
    pub steps_png: f64,
    pub loss_png: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trainability_png: Option<f64>,
    pub figure: f64,
    /// The wall time the writer added to the run: waiting for it while the engine had the next
    /// block ready, then finishing. Blocks are written while the engine computes the next one
    /// and the PNGs overlap, so this is less than the sum.
    pub total: f64,
}

/// `spec.toml`: the complete spec, as a config that repeats the run.
pub fn spec_toml(spec: &SweepSpec) -> crate::Result<String> {
    let toml = toml::to_string(spec)
        .map_err(|e| crate::Error::internal(format!("cannot encode spec.toml: {e}")))?;
    Ok(format!(
        "# The complete spec of this run: `optgrid sweep --config spec.toml` repeats it.\n{toml}"
    ))
}

/// The paragraph printed after a sweep: where the files are, what happened, how fast.
pub fn closing_paragraph(s: &Summary, dir: &Path) -> String {
    let st = &s.stats;
    let pct = |f: f64| format!("{:.1}%", 100.0 * f);
    let median = st
        .steps_percentiles
        .p50
        .map(|m| format!(", median {m} steps to converge"))
        .unwrap_or_default();
    // L-BFGS's steps hide its evaluations: up to max_iter and its line search's in one.
    let median = match st.evaluations.percentiles.p50 {
        Some(e) if s.spec.optimizer == crate::model::optimizer::Optimizer::Lbfgs => {
            format!("{median} ({e} evaluations of the objective)")
        }
        _ => median,
    };
    format!(
        "{} on {}, {} backend ({}, {}): {}, {}×{} instances × {} steps in {:.2} s ({:.3e} instance-steps/s).\n\
         Converged {}{}, not converged {}, diverged {}.\n\
         Wrote {} to {}",
        s.spec.optimizer.name(),
        s.spec.objective.name(),
        s.run.backend,
        s.run.device,
        s.run.precision,
        s.spec.x.quantity.clone() + " × " + &s.spec.y.quantity,
        s.width,
        s.height,
        s.spec.steps,
        s.wall_seconds,
        s.instance_steps_per_second,
        pct(st.converged_fraction),
        median,
        pct(st.not_converged as f64 / st.instances.max(1) as f64),
        pct(st.diverged_fraction),
        files_list(&s.files),
        dir.display()
    )
}

/// `a, b and c`.
fn files_list(files: &[String]) -> String {
    match files {
        [] => "nothing".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
