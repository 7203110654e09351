//! How a GPU run is cut up: tile sizes, workgroup grids and steps per dispatch. Pure arithmetic
//! on the adapter's limits, the options and measured times, so it is tested without a GPU.

use std::time::Duration;

/// Instances in the first tile of a run, before its speed is known.
pub const PROBE_TILE: usize = 1 << 16;
/// Fewest instances in a tile (unless the buffers hold fewer).
const MIN_TILE: usize = 4096;
/// Steps per dispatch the tile size aims at: enough that loading and storing each instance's
/// state once per dispatch costs little next to the steps themselves.
pub const STEPS_PER_DISPATCH: u32 = 64;
/// Steps in a tile's first dispatch; later ones adapt to the measured time.
pub const FIRST_STEPS: u32 = 8;
/// Most steps in one dispatch.
pub const MAX_STEPS: u32 = 1 << 16;

/// The GPU knobs, in one place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GpuOptions {
    /// Threads per workgroup.
    pub workgroup_size: u32,
    /// How long one dispatch should take (well under a driver watchdog); steps per dispatch
    /// adapt to it.
    pub dispatch_target: Duration,
    /// GPU memory for one tile's buffers; tiles are cut to fit it and the adapter's limits.
    pub memory_budget: u64,
    /// Forces tiles of at most this many instances (for tests of tiling).
    pub max_tile_instances: Option<usize>,
}

impl Default for GpuOptions {
    fn default() -> Self {
        GpuOptions {
            workgroup_size: 64,
            dispatch_target: Duration::from_millis(20),
            memory_budget: 1 << 30,
            max_tile_instances: None,
        }
    }
}

/// The adapter limits tiling has to respect.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeviceLimits {
    pub max_storage_buffer_binding_size: u64,
    pub max_buffer_size: u64,
    pub max_compute_workgroups_per_dimension: u32,
}

impl From<&wgpu::Limits> for DeviceLimits {
    fn from(l: &wgpu::Limits) -> Self {
        DeviceLimits {
            max_storage_buffer_binding_size: l.max_storage_buffer_binding_size,
            max_buffer_size: l.max_buffer_size,
            max_compute_workgroups_per_dimension: l.max_compute_workgroups_per_dimension,
        }
    }
}

/// Instances the tile buffers hold for a run of `instances`: the memory budget (at
/// `bytes_per_instance`), the largest buffer and binding (at `largest_item` bytes per instance),
/// the largest 2-D dispatch, and the test override.
pub fn tile_capacity(
    instances: usize,
    limits: &DeviceLimits,
    options: &GpuOptions,
    bytes_per_instance: u64,
    largest_item: u64,
) -> usize {
    let by_budget = options.memory_budget / bytes_per_instance;
    let by_binding = limits.max_storage_buffer_binding_size / largest_item;
    let by_buffer = limits.max_buffer_size / largest_item;
    let by_dispatch = u64::from(limits.max_compute_workgroups_per_dimension).pow(2)
        * u64::from(options.workgroup_size);
    let cap = by_budget
        .min(by_binding)
        .min(by_buffer)
        .min(by_dispatch)
        .max(1) as usize;
    instances
        .min(cap)
        .min(options.max_tile_instances.unwrap_or(usize::MAX))
        .max(1)
}

/// The workgroup grid `(x, y)` that covers `count` instances: x up to the per-dimension limit,
/// then rows of it.
pub fn workgroup_grid(count: usize, workgroup_size: u32, max_per_dimension: u32) -> (u32, u32) {
    let groups = (count as u64).div_ceil(u64::from(workgroup_size)) as u32;
    (
        groups.min(max_per_dimension),
        groups.div_ceil(max_per_dimension),
    )
}

/// Steps for the next dispatch, aimed at the target time from the last one's: at most 4× more
/// or 4× fewer at once, within 1..=[`MAX_STEPS`].
pub fn next_steps(steps: u32, elapsed: Duration, target: Duration) -> u32 {
    let ratio = target.as_secs_f64() / elapsed.as_secs_f64().max(1e-6);
    ((f64::from(steps) * ratio.clamp(0.25, 4.0)) as u32).clamp(1, MAX_STEPS)
}

/// Instances in the next tile, from the last tile's rate (instance-steps per second of
/// dispatch): enough that a dispatch of [`STEPS_PER_DISPATCH`] steps meets the target, within
/// [`MIN_TILE`] (or the capacity, if smaller) and the capacity.
pub fn next_tile_len(rate: f64, target: Duration, capacity: usize) -> usize {
    let wanted = rate * target.as_secs_f64() / f64::from(STEPS_PER_DISPATCH);
    (wanted as usize).clamp(MIN_TILE.min(capacity), capacity)
}

#[cfg(feature = "unit-tests")]
pub mod tests {
    use super::*;

    const BIG: DeviceLimits = DeviceLimits {
        max_storage_buffer_binding_size: 1 << 31,
        max_buffer_size: 1 << 40,
        max_compute_workgroups_per_dimension: 65_535,
    };

    pub fn tiles_fit_the_budget_the_buffers_the_dispatch_and_the_override() {
        let o = GpuOptions::default();
        // Small runs are one tile.
        assert_eq!(tile_capacity(1000, &BIG, &o, 80, 40), 1000);
        // The 1 GiB budget at 80 bytes an instance.
        assert_eq!(tile_capacity(1 << 30, &BIG, &o, 80, 40), (1 << 30) / 80);
        // A 128 MiB binding limit at 40 bytes of state an instance.
        let small = DeviceLimits {
            max_storage_buffer_binding_size: 128 << 20,
            ..BIG
        };
        assert_eq!(tile_capacity(1 << 30, &small, &o, 80, 40), (128 << 20) / 40);
        // 16 workgroups per dimension of 64 threads: 16384 instances per dispatch.
        let narrow = DeviceLimits {
            max_compute_workgroups_per_dimension: 16,
            ..BIG
        };
        assert_eq!(tile_capacity(1 << 20, &narrow, &o, 80, 40), 16 * 16 * 64);
        let forced = GpuOptions {
            max_tile_instances: Some(100),
            ..o
        };
        assert_eq!(tile_capacity(3100, &BIG, &forced, 80, 40), 100);
        // Never zero, whatever the budget.
        let starved = GpuOptions {
            memory_budget: 1,
            ..o
        };
        assert_eq!(tile_capacity(10, &BIG, &starved, 80, 40), 1);
    }

    pub fn the_grid_covers_every_instance_within_the_limit() {
        assert_eq!(workgroup_grid(1, 64, 65_535), (1, 1));
        assert_eq!(workgroup_grid(64, 64, 65_535), (1, 1));
        assert_eq!(workgroup_grid(65, 64, 65_535), (2, 1));
        for (count, max) in [
            (600_000, 100),
            (4096, 8),
            (4000, 8),
            (64 * 100, 100),
            (64 * 101, 100),
        ] {
            let (x, y) = workgroup_grid(count, 64, max);
            assert!(x <= max && y <= max);
            let threads = u64::from(x) * u64::from(y) * 64;
            assert!(threads >= count as u64, "{count}: {x}×{y}");
            // No spare row: one row fewer would not cover it.
            assert!(u64::from(x) * u64::from(y - 1) * 64 < count as u64);
        }
    }

    pub fn steps_per_dispatch_move_towards_the_target_at_most_fourfold() {
        let target = Duration::from_millis(20);
        assert_eq!(next_steps(100, Duration::from_millis(10), target), 200);
        assert_eq!(next_steps(100, Duration::from_millis(40), target), 50);
        assert_eq!(next_steps(100, Duration::from_micros(1), target), 400);
        assert_eq!(next_steps(100, Duration::from_secs(10), target), 25);
        assert_eq!(next_steps(1, Duration::from_secs(1), target), 1);
        assert_eq!(next_steps(MAX_STEPS, Duration::ZERO, target), MAX_STEPS);
    }

    pub fn tiles_grow_with_the_measured_rate_within_their_bounds() {
        let target = Duration::from_millis(20);
        // 1e9 instance-steps/s × 20 ms / 64 steps = 312 500 instances.
        assert_eq!(next_tile_len(1e9, target, 1 << 24), 312_500);
        assert_eq!(next_tile_len(1.0, target, 1 << 24), MIN_TILE);
        assert_eq!(next_tile_len(1.0, target, 100), 100);
        assert_eq!(next_tile_len(1e15, target, 1 << 20), 1 << 20);
    }

    /// The tests above, for `crate::unit_tests`.
    pub const ALL: crate::UnitTests = &[
        (
            "tiles_fit_the_budget_the_buffers_the_dispatch_and_the_override",
            tiles_fit_the_budget_the_buffers_the_dispatch_and_the_override,
        ),
        (
            "the_grid_covers_every_instance_within_the_limit",
            the_grid_covers_every_instance_within_the_limit,
        ),
        (
            "steps_per_dispatch_move_towards_the_target_at_most_fourfold",
            steps_per_dispatch_move_towards_the_target_at_most_fourfold,
        ),
        (
            "tiles_grow_with_the_measured_rate_within_their_bounds",
            tiles_grow_with_the_measured_rate_within_their_bounds,
        ),
    ];
}
