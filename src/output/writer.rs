//! A map's files written while it is computed: records arrive block by block, in row order, and
//! leave at once — into `result.npz` at their place in the file, into the statistics, into the
//! figure's preview — so a map of any size needs memory for about two blocks.
//!
//! The full-resolution PNGs need the colour scales, known only once every block is in: they are
//! drawn afterwards from the columns already in `result.npz` ([`super::map_pngs`]). A map held
//! whole in memory goes through the same writer, a block at a time ([`MapWriter::push_all`]),
//! so both give the same files.

use super::npz::NpzFile;
use super::preview::Preview;
use super::summary::{spec_toml, OutputSeconds, Summary};
use super::{write_atomic, write_png, Outputs};
use crate::error::{Error, Result};
use crate::records::{Records, Tally};
use crate::spec::plan::Plan;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Where a block of records goes: `result.npz`, the statistics and the preview. Owned by the
/// writer's thread.
struct Sink {
    npz: Option<NpzFile>,
    tally: Tally,
    preview: Preview,
    rows_done: usize,
    width: usize,
    seconds: OutputSeconds,
}

impl Sink {
    fn take(&mut self, block: &Records) -> Result<()> {
        debug_assert_eq!(block.first, self.rows_done * self.width);
        debug_assert_eq!(block.len() % self.width, 0);
        let t = Instant::now();
        self.tally.add(block);
        self.preview.add(block, self.rows_done);
        self.seconds.stats += t.elapsed().as_secs_f64();
        let t = Instant::now();
        if let Some(npz) = &mut self.npz {
            npz.push(block)?;
        }
        self.seconds.npz += t.elapsed().as_secs_f64();
        self.rows_done += block.len() / self.width;
        Ok(())
    }
}

/// A map's files, written as its records arrive. Blocks are taken on a thread of the writer's
/// own, so the engine computes the next block while this one is written; at most one block
/// waits, so memory holds about two.
pub struct MapWriter<'a> {
    dir: PathBuf,
    plan: &'a Plan,
    outputs: Outputs,
    send: Option<std::sync::mpsc::SyncSender<Records>>,
    worker: Option<std::thread::JoinHandle<Result<Sink>>>,
    /// Seconds the caller waited in [`MapWriter::push`] for the writer's thread.
    waited: f64,
}

impl<'a> MapWriter<'a> {
    /// Starts writing `plan`'s map into `dir` (which must exist).
    pub fn create(dir: &Path, plan: &'a Plan, outputs: Outputs) -> Result<MapWriter<'a>> {
        let npz = if outputs.npz || outputs.maps {
            Some(NpzFile::create(
                &dir.join("result.npz"),
                plan,
                plan.height(),
            )?)
        } else {
            None
        };
        let mut sink = Sink {
            npz,
            tally: Tally::for_plan(plan),
            preview: Preview::new(plan.width(), plan.height()),
            rows_done: 0,
            width: plan.width(),
            seconds: OutputSeconds::default(),
        };
        let (send, receive) = std::sync::mpsc::sync_channel::<Records>(0);
        let worker = std::thread::Builder::new()
            .name("optgrid-writer".into())
            .spawn(move || {
                for block in receive {
                    sink.take(&block)?;
                }
                Ok(sink)
            })
            .map_err(|e| Error::resource(format!("cannot start the writer thread: {e}")))?;
        Ok(MapWriter {
            dir: dir.to_path_buf(),
            plan,
            outputs,
            send: Some(send),
            worker: Some(worker),
            waited: 0.0,
        })
    }

    /// Takes the next whole rows of the map, labelled; returns once the previous block is
    /// written.
    pub fn push(&mut self, block: Records) -> Result<()> {
        let t = Instant::now();
        let sent = self.send.as_ref().expect("open").send(block);
        self.waited += t.elapsed().as_secs_f64();
        if sent.is_err() {
            // The writer stopped on an error: that error.
            return self.join().map(|_| ());
        }
        Ok(())
    }

    /// Takes a whole map held in memory, a copy of one block at a time (never of the map).
    pub fn push_all(&mut self, r: &Records) -> Result<()> {
        for block in r.blocks() {
            self.push(r.part(block))?;
        }
        Ok(())
    }

    /// Waits for the writer's thread to write every block sent.
    fn join(&mut self) -> Result<Sink> {
        self.send = None;
        match self.worker.take().expect("joined once").join() {
            Ok(result) => result,
            Err(_) => Err(Error::internal("the writer thread panicked")),
        }
    }

    /// Writes the maps, the figure, `result.npz`, `spec.toml` and `summary.json`, the summary
    /// made by `summarize` from the map's statistics; returns it and the figure's preview.
    pub fn finish(
        mut self,
        summarize: impl FnOnce(&Tally) -> Summary,
    ) -> Result<(Summary, Records)> {
        let started = Instant::now();
        let mut sink = self.join()?;
        if sink.rows_done != self.plan.height() {
            return Err(Error::internal(format!(
                "{} of {} rows written",
                sink.rows_done,
                self.plan.height()
            )));
        }
        let mut summary = summarize(&sink.tally);
        let mut seconds = sink.seconds;
        let mut files = Vec::new();
        if self.outputs.figure {
            files.push("figure.png");
        }
        let layout = match &mut sink.npz {
            Some(npz) => {
                let t = Instant::now();
                let (layout, _) = npz.finish()?;
                seconds.npz += t.elapsed().as_secs_f64();
                Some(layout)
            }
            None => None,
        };
        if self.outputs.maps {
            let npz = sink.npz.as_ref().expect("maps read the columns");
            let layout = layout.as_ref().expect("finished");
            for (name, took) in
                super::map_pngs::write_maps(&self.dir, self.plan, npz, layout, &summary)?
            {
                match name {
                    "basins.png" => seconds.basins_png = took,
                    "steps.png" => seconds.steps_png = took,
                    "loss.png" => seconds.loss_png = took,
                    _ => seconds.trainability_png = Some(took),
                }
                files.push(name);
            }
        }
        let preview = sink.preview.records;
        if self.outputs.figure {
            let t = Instant::now();
            let img = super::figure::of_map(self.plan, &preview, &summary)?;
            write_png(&self.dir.join("figure.png"), &img)?;
            seconds.figure = t.elapsed().as_secs_f64();
        }
        if let Some(npz) = sink.npz.take() {
            if self.outputs.npz {
                npz.commit()?;
                files.push("result.npz");
            }
        }
        files.extend(["summary.json", "spec.toml"]);
        seconds.total = self.waited + started.elapsed().as_secs_f64();
        summary.files = files.into_iter().map(String::from).collect();
        summary.output_seconds = Some(seconds);
        write_atomic(
            &self.dir.join("spec.toml"),
            spec_toml(&summary.spec)?.as_bytes(),
        )?;
        let json = serde_json::to_vec_pretty(&summary)
            .map_err(|e| Error::internal(format!("cannot encode summary.json: {e}")))?;
        write_atomic(&self.dir.join("summary.json"), &json)?;
        Ok((summary, preview))
    }
}

impl Drop for MapWriter<'_> {
    /// A writer given up (an error elsewhere) waits for its thread, which drops the unfinished
    /// `result.npz`: nothing is left behind when the process then exits.
    fn drop(&mut self) {
        if self.worker.is_some() {
            let _ = self.join();
        }
    }
}
