// One random generator, twice: Philox4x32-10 keyed by the seed and counted by (instance, step,
// stream, block), integer arithmetic only, so the shader draws the bits the CPU draws.
// Gradient noise and sparsity are drawn from it.
//
// Rust twins: src/model/random.rs (philox, normals) and src/model/stochastic.rs (perturb).

// PHILOX_M0, PHILOX_M1, PHILOX_W0, PHILOX_W1, the STREAM_* codes and UNIT (2^-24: the top 24
// bits of a word times this are a uniform in [0, 1), exact in f32) are generated from the Rust
// (src/model/twin.rs).

// The high and low words of the 64-bit product a·b, from 16-bit halves (WGSL has no u64).
fn mul_hi_lo(a: u32, b: u32) -> vec2<u32> {
    let a_lo = a & 0xffffu;
    let a_hi = a >> 16u;
    let b_lo = b & 0xffffu;
    let b_hi = b >> 16u;
    let lo_lo = a_lo * b_lo;
    let hi_lo = a_hi * b_lo;
    let lo_hi = a_lo * b_hi;
    let carry = ((lo_lo >> 16u) + (hi_lo & 0xffffu) + (lo_hi & 0xffffu)) >> 16u;
    return vec2<u32>(a_hi * b_hi + (hi_lo >> 16u) + (lo_hi >> 16u) + carry, a * b);
}

fn philox(counter: vec4<u32>, key_in: vec2<u32>) -> vec4<u32> {
    var c = counter;
    var k = key_in;
    for (var round = 0u; round < 10u; round++) {
        if (round > 0u) {
            k = k + vec2<u32>(PHILOX_W0, PHILOX_W1);
        }
        let p0 = mul_hi_lo(PHILOX_M0, c.x);
        let p1 = mul_hi_lo(PHILOX_M1, c.z);
        c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
    }
    return c;
}

fn random_block(index: u32, t: u32, stream: u32, block: u32) -> vec4<u32> {
    return philox(vec4<u32>(index, t, stream, block), vec2<u32>(sweep.seed_lo, sweep.seed_hi));
}

fn unit(w: u32) -> f32 {
    return f32(w >> 8u) * UNIT;
}

fn unit_open(w: u32) -> f32 {
    return (f32(w >> 8u) + 1.0) * UNIT;
}

// Two independent standard normals (Box–Muller) from two words.
fn normals(w1: u32, w2: u32) -> vec2<f32> {
    let r = sqrt(-2.0 * fm_ln(unit_open(w1)));
    let sc = fm_sin_cos_turns(unit(w2));
    return vec2<f32>(r * sc.y, r * sc.x);
}

// The gradient instance `index` sees at step t: g + σξ, then each coordinate zeroed where its
// uniform falls below the sparsity p.
fn perturb_gradient(g: vec2<f32>, h: Hyper, index: u32, t: u32) -> vec2<f32> {
    let w = random_block(index, t, STREAM_GRADIENT, 0u);
    let xi = normals(w.x, w.y);
    let noisy = g + h.noise * xi;
    return vec2<f32>(
        select(noisy.x, 0.0, unit(w.z) < h.sparsity),
        select(noisy.y, 0.0, unit(w.w) < h.sparsity),
    );
}
