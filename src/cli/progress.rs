//! The progress bar on stderr: steps done, instance-steps per second, time left.

use crate::engine::Progress;
use crate::spec::sweep::SweepSpec;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::IsTerminal;

/// A progress bar over the sweep's instance-step budget. Hidden with `quiet`, or when stderr is
/// not a terminal.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new(spec: &SweepSpec, quiet: bool) -> Bar {
        Bar::with_total(
            u64::from(spec.res[0]) * u64::from(spec.res[1]) * u64::from(spec.steps),
            quiet,
        )
    }

    /// A bar for `total` instance-steps at most.
    pub fn with_total(total: u64, quiet: bool) -> Bar {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        if quiet || !std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        bar.set_style(
            ProgressStyle::with_template(
                "{bar:40.cyan/blue} {percent:>3}%  {human_pos}/{human_len} instance-steps  {rate}  ETA {eta}",
            )
            .expect("valid template")
            .with_key("rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.2e} instance-steps/s", s.per_sec());
            }),
        );
        Bar { bar }
    }

    /// Clears the bar (early-stopped instances leave the budget short of full).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn advance(&self, instance_steps: u64) {
        self.bar.inc(instance_steps);
    }

    /// Turns the bar into a spinner naming the stage, with the time the stage has taken.
    fn stage(&self, what: &str) {
        self.bar.set_style(
            ProgressStyle::with_template("{spinner:.cyan} {msg} ({elapsed})")
                .expect("valid template"),
        );
        self.bar.set_message(what.to_string());
        self.bar.reset_elapsed();
        self.bar
            .enable_steady_tick(std::time::Duration::from_millis(120));
    }
}
