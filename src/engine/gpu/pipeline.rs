//! Compiled pipelines, one per (objective, optimizer and its wrapper, criterion, early stop, schedule,
//! stochastic gradient, trainability, precision, coefficients, workgroup size), compiled on first use and kept for the engine's life.

use super::{layout, shader};
use crate::model::objective::ObjectiveKind;
use crate::model::optimizer::Update;
use crate::spec::plan::Plan;
use crate::spec::sweep::Precision;
use std::collections::HashMap;
use std::time::Instant;

/// Everything that makes one compiled pipeline differ from another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct PipelineKey {
    objective: ObjectiveKind,
    update: Update,
    criterion: u32,
    early_stop: bool,
    schedule: u32,
    stochastic: bool,
    trainability: bool,
    precision: Precision,
    batch: u32,
    fit_min: [u64; 2],
    quadratic: [u64; 2],
    workgroup_size: u32,
}

/// The values of the kernel's `override` constants for a plan: what makes one pipeline of a
/// composed module differ from another.
pub fn override_constants(plan: &Plan, workgroup_size: u32) -> [(&'static str, f64); 11] {
    override_constants_in(plan, workgroup_size, Precision::F32)
}

/// [`override_constants`] of the kernel in `precision`: an f64 kernel takes a data objective's
/// minimizer unrounded.
pub fn override_constants_in(
    plan: &Plan,
    workgroup_size: u32,
    precision: Precision,
) -> [(&'static str, f64); 11] {
    let fit_min = match precision {
        Precision::F32 => plan.fit_minimizer(),
        Precision::F64 => plan.fit_minimizer_exact(),
    };
    [
        ("WORKGROUP_SIZE", f64::from(workgroup_size)),
        ("CRITERION", f64::from(plan.criterion.index())),
        ("EARLY_STOP", if plan.early_stop { 1.0 } else { 0.0 }),
        ("SCHEDULE", f64::from(plan.schedule.index())),
        ("STOCHASTIC", if plan.stochastic { 1.0 } else { 0.0 }),
        ("TRAINABILITY", if plan.trainability { 1.0 } else { 0.0 }),
        ("BATCH", f64::from(plan.batch)),
        ("FIT_MIN_X", fit_min[0]),
        ("FIT_MIN_Y", fit_min[1]),
        ("QUAD_A", plan.objective.coeffs[0]),
        ("QUAD_B", plan.objective.coeffs[1]),
    ]
}

/// The bind group layout (from [`layout::BINDINGS`]) and every pipeline compiled so far.
pub struct Pipelines {
    pub bind_group_layout: wgpu::BindGroupLayout,
    pipeline_layout: wgpu::PipelineLayout,
    compiled: HashMap<PipelineKey, wgpu::ComputePipeline>,
}

impl Pipelines {
    pub fn new(device: &wgpu::Device) -> Pipelines {
        let bind_group_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("sweep"),
            entries: &layout::layout_entries(),
        });
        let pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("sweep"),
            bind_group_layouts: &[Some(&bind_group_layout)],
            immediate_size: 0,
        });
        Pipelines {
            bind_group_layout,
            pipeline_layout,
            compiled: HashMap::new(),
        }
    }

    /// The pipeline for a plan, and the seconds spent compiling it (0 when it was cached).
    pub fn get(
        &mut self,
        device: &wgpu::Device,
        plan: &Plan,
        workgroup_size: u32,
        precision: Precision,
    ) -> (wgpu::ComputePipeline, f64) {
        let key = PipelineKey {
            objective: plan.objective.kind,
            update: plan.update(),
            criterion: plan.criterion.index(),
            early_stop: plan.early_stop,
            schedule: plan.schedule.index(),
            stochastic: plan.stochastic,
            trainability: plan.trainability,
            precision,
            batch: plan.batch,
            fit_min: plan.fit_minimizer_exact().map(f64::to_bits),
            quadratic: plan.objective.coeffs.map(f64::to_bits),
            workgroup_size,
        };
        if let Some(p) = self.compiled.get(&key) {
            return (p.clone(), 0.0);
        }
        let started = Instant::now();
        // (The global minimizers are constants in the composed source: see shader::compose.)
        let source = shader::compose_in(key.objective, key.update, precision);
        let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("sweep"),
            source: wgpu::ShaderSource::Wgsl(source.into()),
        });
        let constants = override_constants_in(plan, workgroup_size, precision);
        let pipeline = device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
            label: Some("sweep"),
            layout: Some(&self.pipeline_layout),
            module: &module,
            entry_point: Some("main"),
            compilation_options: wgpu::PipelineCompilationOptions {
                constants: &constants,
                zero_initialize_workgroup_memory: false,
            },
            cache: None,
        });
        self.compiled.insert(key, pipeline.clone());
        (pipeline, started.elapsed().as_secs_f64())
    }
}
