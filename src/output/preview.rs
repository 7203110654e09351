//! A downsampled copy of a map for `figure.png`, sampled from its blocks as they arrive: a
//! figure draws each map in a cell some 380 pixels wide, so a 1024² sample shows all it can.

use crate::records::Records;
use std::ops::Range;

/// The largest preview side.
const PREVIEW_SIDE: usize = 1024;

/// A map's preview, at most [`PREVIEW_SIDE`] a side: column `i` of the preview is column
/// `i·width/pw` of the map (all of it when small), row `j` is row `j·height/ph`.
pub struct Preview {
    pub records: Records,
    width: usize,
    height: usize,
}

impl Preview {
    pub fn new(width: usize, height: usize) -> Preview {
        let (pw, ph) = (width.min(PREVIEW_SIDE), height.min(PREVIEW_SIDE));
        Preview {
            records: Records {
                width: pw,
                height: ph,
                ..Records::default()
            },
            width,
            height,
        }
    }

    /// Samples the preview rows that fall in `block`, whose first row is `row0`.
    pub fn add(&mut self, block: &Records, row0: usize) {
        let (pw, ph) = (self.records.width, self.records.height);
        let rows: Range<usize> = row0..row0 + block.len() / self.width;
        let first = (rows.start * ph).div_ceil(self.height);
        for j in first..ph {
            let src = j * self.height / ph;
            if src >= rows.end {
                break;
            }
            for i in 0..pw {
                let k = (src - row0) * self.width + i * self.width / pw;
                self.records.push_from(block, k);
            }
        }
    }
}
