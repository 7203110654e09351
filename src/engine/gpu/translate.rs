//! The composed kernel in every shading language a GPU driver takes: naga (the compiler inside
//! wgpu) fixes the override constants and writes SPIR-V, MSL, HLSL or GLSL — what wgpu's Vulkan,
//! Metal, DirectX 12 and OpenGL backends do before they hand a kernel to the driver. `optgrid
//! shader --target` prints it; the tests translate every pipeline to every target, so a kernel
//! that one backend could not take fails here, on any machine.

use crate::error::{Error, Result};
use naga::back::{glsl, hlsl, msl, spv};
use naga::valid::{Capabilities, ModuleInfo, ValidationFlags, Validator};
use naga::{Module, ShaderStage};

/// A shading language the kernel can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The source itself (WebGPU, and what wgpu takes on every backend).
    Wgsl,
    /// SPIR-V 1.0 binary for Vulkan (NVIDIA, AMD, Intel, Mesa's lavapipe).
    Spirv,
    /// Metal Shading Language 2.4 (macOS 12 and later).
    Msl,
    /// HLSL shader model 6.0 (DirectX 12 through DXC).
    Hlsl,
    /// GLSL ES 3.10 (OpenGL ES 3.1 and desktop OpenGL 4.3+, Mesa's llvmpipe).
    Glsl,
}

impl Target {
    pub const ALL: [Target; 5] = [
        Target::Wgsl,
        Target::Spirv,
        Target::Msl,
        Target::Hlsl,
        Target::Glsl,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::Wgsl => "wgsl",
            Target::Spirv => "spirv",
            Target::Msl => "msl",
            Target::Hlsl => "hlsl",
            Target::Glsl => "glsl",
        }
    }

    /// The language and version written, and which backend takes it.
    pub fn language(self) -> &'static str {
        match self {
            Target::Wgsl => "WGSL (WebGPU; wgpu takes it on every backend)",
            Target::Spirv => "SPIR-V 1.0 (Vulkan)",
            Target::Msl => "Metal Shading Language 2.4 (Metal, macOS 12+)",
            Target::Hlsl => "HLSL shader model 6.0 (DirectX 12)",
            Target::Glsl => "GLSL ES 3.10 (OpenGL ES 3.1, OpenGL 4.3+)",
        }
    }

    pub fn from_name(s: &str) -> Result<Target> {
        Target::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| {
                Error::invalid(
                    "shader target (--target)",
                    s,
                    "wgsl, spirv, msl, hlsl or glsl",
                )
            })
    }

    /// Whether the translation is binary (SPIR-V words) rather than text.
    pub fn is_binary(self) -> bool {
        self == Target::Spirv
    }
}

/// A kernel translated: text, or SPIR-V's 32-bit words.
#[derive(Debug, Clone)]
pub enum Translated {
    Text(String),
    Words(Vec<u32>),
}

impl Translated {
    /// The bytes a file of it holds (SPIR-V little-endian, as `spirv-val` reads it).
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Translated::Text(s) => s.into_bytes(),
            Translated::Words(w) => w.iter().flat_map(|x| x.to_le_bytes()).collect(),
        }
    }
}

/// A kernel parsed and validated once, to be written in any language.
pub struct Kernel {
    source: String,
    module: Module,
    info: ModuleInfo,
}

impl Kernel {
    /// Parses and validates WGSL whose entry point is `main`. A failure is optgrid's own fault
    /// (the kernels are generated), so it is internal.
    pub fn parse(source: &str) -> Result<Kernel> {
        let module = naga::front::wgsl::parse_str(source).map_err(|e| {
            Error::internal(format!(
                "the kernel's WGSL does not parse: {}",
                e.emit_to_string(source)
            ))
        })?;
        let info = validate(&module)
            .map_err(|e| Error::internal(format!("the kernel's WGSL does not validate: {e}")))?;
        Ok(Kernel {
            source: source.to_string(),
            module,
            info,
        })
    }

    /// The kernel with its override `constants` fixed, in `target`'s language.
    pub fn translate(&self, constants: &[(&str, f64)], target: Target) -> Result<Translated> {
        let fail = |what: &str, e: String| {
            Error::internal(format!(
                "translating the kernel to {}: {what}: {e}",
                target.name()
            ))
        };
        if target == Target::Wgsl {
            return Ok(Translated::Text(self.source.clone()));
        }
        let mut fixed = naga::back::PipelineConstants::default();
        for (name, value) in constants {
            fixed.insert(name.to_string(), *value);
        }
        let (module, info) = naga::back::pipeline_constants::process_overrides(
            &self.module,
            &self.info,
            Some((ShaderStage::Compute, ENTRY)),
            &fixed,
        )
        .map_err(|e| fail("override constants", e.to_string()))?;
        write(&module, &info, target).map_err(|e| fail("naga's writer", e))
    }
}

/// The WGSL `source` with its override `constants` fixed, in `target`'s language.
pub fn translate(source: &str, constants: &[(&str, f64)], target: Target) -> Result<Translated> {
    Kernel::parse(source)?.translate(constants, target)
}

/// The kernel's only entry point.
const ENTRY: &str = "main";

fn validate(module: &Module) -> std::result::Result<ModuleInfo, String> {
    Validator::new(ValidationFlags::all(), Capabilities::empty())
        .validate(module)
        .map_err(|e| format!("{e:?}"))
}

fn write(
    module: &Module,
    info: &ModuleInfo,
    target: Target,
) -> std::result::Result<Translated, String> {
    let text = |r: std::result::Result<String, String>| r.map(Translated::Text);
    match target {
        Target::Wgsl => unreachable!("WGSL is returned as given"),
        Target::Spirv => {
            let options = spv::Options {
                lang_version: (1, 0),
                flags: spv::WriterFlags::empty(),
                ..spv::Options::default()
            };
            let pipeline = spv::PipelineOptions {
                shader_stage: ShaderStage::Compute,
                entry_point: ENTRY.into(),
            };
            spv::write_vec(module, info, &options, Some(&pipeline))
                .map(Translated::Words)
                .map_err(|e| e.to_string())
        }
        Target::Msl => {
            let options = msl::Options {
                lang_version: (2, 4),
                ..msl::Options::default()
            };
            let pipeline = msl::PipelineOptions {
                entry_point: Some((ShaderStage::Compute, ENTRY.into())),
                ..msl::PipelineOptions::default()
            };
            text(
                msl::write_string(module, info, &options, &pipeline)
                    .map(|(s, _)| s)
                    .map_err(|e| e.to_string()),
            )
        }
        Target::Hlsl => {
            let options = hlsl::Options {
                shader_model: hlsl::ShaderModel::V6_0,
                ..hlsl::Options::default()
            };
            let pipeline = hlsl::PipelineOptions {
                entry_point: Some((ShaderStage::Compute, ENTRY.into())),
            };
            let mut s = String::new();
            let mut writer = hlsl::Writer::new(&mut s, &options, &pipeline);
            writer
                .write(module, info, None)
                .map_err(|e| e.to_string())?;
            text(Ok(s))
        }
        Target::Glsl => {
            let options = glsl::Options {
                version: glsl::Version::new_gles(310),
                ..glsl::Options::default()
            };
            let pipeline = glsl::PipelineOptions {
                shader_stage: ShaderStage::Compute,
                entry_point: ENTRY.into(),
                multiview: None,
            };
            let mut s = String::new();
            glsl::Writer::new(
                &mut s,
                module,
                info,
                &options,
                &pipeline,
                naga::proc::BoundsCheckPolicies::default(),
            )
            .and_then(|mut w| w.write().map(|_| ()))
            .map_err(|e| e.to_string())?;
            text(Ok(s))
        }
    }
}
