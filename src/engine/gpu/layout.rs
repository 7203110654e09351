//! Host-side twins of the structs the sweep kernel reads and writes (`shaders/sweep.wgsl`).
//! Field order, types and padding must match the WGSL declarations exactly; the sizes are
//! checked at compile time below.

use bytemuck::{Pod, Zeroable};

/// Twin of `struct Sweep` (a uniform).
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
pub struct SweepUniform {
    pub slots: [[f32; 4]; 4],
    pub bound: [f32; 4],
    pub tol: f32,
    pub min_value: f32,
    pub width: u32,
    pub tile_offset: u32,
    pub tile_count: u32,
    pub until: u32,
    pub init: u32,
    pub x_slot: u32,
    pub y_slot: u32,
    /// WGSL rounds the struct's size up to its 16-byte alignment.
    pub _pad: [u32; 3],
}

/// Twin of `struct Record`: what is read back per instance.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable, PartialEq)]
pub struct GpuRecord {
    pub x: f32,
    pub y: f32,
    pub steps: i32,
    pub status: u32,
    pub t: u32,
}

/// Twin of `struct InstanceState`: optimizer state kept on the GPU between dispatches.
#[repr(C)]
#[derive(Debug, Clone, Copy, Pod, Zeroable)]
pub struct GpuState {
    pub m: [f32; 2],
    pub v: [f32; 2],
    pub w: [f32; 2],
    pub p: [f32; 3],
    pub _pad: f32,
}

const _: () = assert!(std::mem::size_of::<SweepUniform>() == 128);
const _: () = assert!(std::mem::size_of::<GpuRecord>() == 20);
const _: () = assert!(std::mem::size_of::<GpuState>() == 40);
