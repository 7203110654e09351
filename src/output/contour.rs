//! Contour lines of a function over a rectangle (marching squares), for the figures' overlays.

/// Line segments where `f` crosses each of `levels`, sampled on an `n` × `n` grid over
/// `[x0, x1] × [y0, y1]`.
pub fn segments(
    f: impl Fn(f64, f64) -> f64,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    n: usize,
    levels: &[f64],
) -> Vec<[(f64, f64); 2]> {
    let grid: Vec<(f64, f64, f64)> = (0..n * n)
        .map(|k| {
            let x = x0 + (x1 - x0) * (k % n) as f64 / (n - 1) as f64;
            let y = y0 + (y1 - y0) * (k / n) as f64 / (n - 1) as f64;
            (x, y, f(x, y))
        })
        .collect();
    let g = |i: usize, j: usize| grid[j * n + i];
    let mut out = Vec::new();
    for &level in levels {
        for j in 0..n - 1 {
            for i in 0..n - 1 {
                let corners = [g(i, j), g(i + 1, j), g(i + 1, j + 1), g(i, j + 1)];
                let mut points = Vec::with_capacity(4);
                for e in 0..4 {
                    let (a, b) = (corners[e], corners[(e + 1) % 4]);
                    if (a.2 < level) != (b.2 < level) {
                        let t = (level - a.2) / (b.2 - a.2);
                        points.push((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)));
                    }
                }
                // Two crossings: one segment; four (a saddle cell): two.
                for pair in points.chunks_exact(2) {
                    out.push([pair[0], pair[1]]);
                }
            }
        }
    }
    out
}

/// `count` levels evenly spaced between the 5th and 95th percentiles of `f` over the rectangle.
pub fn levels(
    f: impl Fn(f64, f64) -> f64,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    count: usize,
) -> Vec<f64> {
    const N: usize = 64;
    let mut vs: Vec<f64> = (0..N * N)
        .map(|k| {
            let x = x0 + (x1 - x0) * (k % N) as f64 / (N - 1) as f64;
            let y = y0 + (y1 - y0) * (k / N) as f64 / (N - 1) as f64;
            f(x, y)
        })
        .filter(|v| v.is_finite())
        .collect();
    if vs.is_empty() {
        return Vec::new();
    }
    vs.sort_by(|a, b| a.total_cmp(b));
    let (lo, hi) = (vs[vs.len() / 20], vs[vs.len() * 19 / 20]);
    (1..=count)
        .map(|k| lo + (hi - lo) * k as f64 / (count + 1) as f64)
        .collect()
}
