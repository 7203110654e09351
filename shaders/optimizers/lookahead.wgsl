// Rust twin: `lookahead` in src/model/optimizer/wrapper.rs. Composed only into kernels whose run
// Lookahead wraps: their `OptState` ends with its `slow_params` (the layout appends the
// wrapper's fields to the rule's), which start at the start point.

// After the inner rule's step t: on every k-th step the iterate moves back toward the slow
// weights by 1 − α (torch's lerp), and the slow weights become it.
fn lookahead_step(t: u32, stepped: Stepped, h: Hyper) -> Stepped {
    var out = stepped;
    if (t % max(u32(h.lookahead_k), 1u) == 0u) {
        out.pos = lerp_torch(stepped.pos, stepped.s.slow_params, 1.0 - h.lookahead_alpha);
        out.s.slow_params = out.pos;
    }
    return out;
}
