//! Formulas against the built-in objectives' own maths, simplification, errors. Random formulas
//! (central differences, SIMD lanes, the GPU, naga) are in `tests/formulas.rs`.

use super::Formula;
use crate::model::objective::{Objective, ObjectiveKind};

fn formula(text: &str) -> Formula {
    Formula::parse(text, &[]).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn error(text: &str) -> String {
    let names: Vec<&str> = ObjectiveKind::ALL.iter().map(|k| k.name()).collect();
    Formula::parse(text, &names).unwrap_err().to_string()
}

/// The built-ins written as formulas, as a user would type them.
const AS_FORMULAS: [(ObjectiveKind, &str); 6] = [
    (ObjectiveKind::Rosenbrock, "(1-x)^2 + 100*(y-x^2)^2"),
    (ObjectiveKind::Himmelblau, "(x^2+y-11)^2 + (x+y^2-7)^2"),
    (
        ObjectiveKind::Ackley,
        "-20*exp(-0.2*sqrt((x^2+y^2)/2)) - exp((cos(2*pi*x)+cos(2*pi*y))/2) + e + 20",
    ),
    (
        ObjectiveKind::Rastrigin,
        "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
    ),
    (
        ObjectiveKind::Beale,
        "(1.5-x+x*y)^2 + (2.25-x+x*y^2)^2 + (2.625-x+x*y^3)^2",
    ),
    (
        ObjectiveKind::SixHumpCamel,
        "(4-2.1*x^2+x^4/3)*x^2 + x*y + (-4+4*y^2)*y^2",
    ),
];

pub fn builtins_as_formulas_agree_with_the_builtins_in_f64() {
    for (kind, text) in AS_FORMULAS {
        let f = formula(text);
        let o = Objective::new(kind);
        let [[x0, x1], [y0, y1]] = kind.domain();
        for i in 0..=20 {
            for j in 0..=20 {
                let x = x0 + (x1 - x0) * f64::from(i) / 20.0 + 1e-3;
                let y = y0 + (y1 - y0) * f64::from(j) / 20.0 - 1e-3;
                let (v, w) = (f.value(x, y), o.value(x, y));
                assert!(
                    (v - w).abs() <= 1e-12 * w.abs().max(1.0),
                    "{text} at ({x}, {y}): {v} vs {w}"
                );
                let (g, h) = (f.gradient(x, y), o.gradient(x, y));
                for k in 0..2 {
                    assert!(
                        (g[k] - h[k]).abs() <= 1e-9 * h[k].abs().max(1.0),
                        "{text} ∂{k} at ({x}, {y}): {} vs {}",
                        g[k],
                        h[k]
                    );
                }
            }
        }
    }
}

pub fn simplification_and_sharing() {
    assert_eq!(formula("x*1 + 0*y - 0").operations(), [0, 0]);
    // x^4 is two multiplications; its gradient reuses them.
    assert_eq!(formula("x^4").operations()[0], 2);
    // exp(-x^2): the derivative reuses the exp node rather than computing it again.
    let f = formula("exp(-x^2)");
    let wgsl = f.wgsl();
    assert_eq!(wgsl.matches("fm_exp").count(), 2, "{wgsl}");
    assert_eq!(formula("x - x").value(3.0_f64, 1.0), 0.0);
    assert_eq!(formula("2^-1").value(0.0_f64, 0.0), 0.5);
    assert_eq!(formula("-x^2").value(3.0_f64, 0.0), -9.0);
    assert_eq!(formula("2^3^2").value(0.0_f64, 0.0), 512.0);
    assert!(formula("x^0.5").value(-1.0_f64, 0.0).is_nan());
    assert!(formula("log(x)").value(-1.0_f32, 0.0).is_nan());
    assert_eq!(formula("log(x)").value(0.0_f32, 0.0), f32::NEG_INFINITY);
    assert_eq!(
        formula("max(x, y) + min(x, y)").gradient(1.0_f64, 2.0),
        [1.0, 1.0]
    );
    assert_eq!(formula("abs(x)").gradient(-2.0_f64, 0.0), [-1.0, 0.0]);
    assert_eq!(
        formula("x*y").gradient_text(),
        ["y".to_string(), "x".to_string()]
    );
}

pub fn f32_atan_is_within_three_ulps_of_libm() {
    let mut worst = 0_i64;
    for i in -200_000..=200_000 {
        let x = i as f32 * 1e-4 * (1.0 + (i as f32).abs() * 1e-4);
        let ours = crate::model::fastmath::atan(x);
        let exact = (x as f64).atan() as f32;
        worst = worst.max((ours.to_bits() as i64 - exact.to_bits() as i64).abs());
    }
    // Cephes documents atanf's error as about 2·10⁻⁷ relative: up to three ulps at the ends of
    // the binades.
    assert!(worst <= 3, "atan is {worst} ulps off");
}

pub fn errors_are_one_line_with_the_place() {
    for (text, expected) in [
        ("", "empty formula"),
        ("   ", "empty formula"),
        ("rosenbrok", "did you mean 'rosenbrock'?"),
        ("x + sinn(y)", "unknown name 'sinn' (did you mean 'sin'?)"),
        ("x + z", "at column 5: unknown name 'z'"),
        ("sin(x, y)", "'sin' takes 1 argument, given 2"),
        ("max(x)", "'max' takes 2 arguments, given 1"),
        ("(x + y", "this '(' is never closed"),
        ("x + y)", "a ')' without its '('"),
        ("x y", "expected an operator"),
        ("2x", "expected an operator"),
        ("x +", "the formula ends where"),
        ("x $ y", "unexpected character '$'"),
        ("sin x", "'sin' is a function"),
        ("1e999 * x", "not a finite number"),
    ] {
        let e = error(text);
        assert!(e.contains(expected), "{text:?}: {e}");
        assert!(!e.contains('\n'), "{text:?}: {e}");
        if !text.trim().is_empty() && expected != "did you mean 'rosenbrock'?" {
            assert!(e.contains('‸') && e.contains("column"), "{text:?}: {e}");
        }
    }
    let deep = format!("{}x{}", "(".repeat(200), ")".repeat(200));
    assert!(error(&deep).contains("nested more than 64 deep"));
    let long = "x+".repeat(1500) + "x";
    assert!(error(&long).contains("allowed at most 2000"));
    let minus = "-".repeat(500) + "x";
    assert!(error(&minus).contains("nested"));
}

/// Every node of `program` evaluated as the graph states it, one after another: constants as
/// registers, divisions as divisions, each sine and cosine on its own.
fn graph_says<T: crate::model::num::Num>(
    f: &Formula,
    program: &[super::Id],
    out: super::Id,
    x: T,
    y: T,
) -> T {
    use super::graph::Node;
    let mut v: std::collections::HashMap<super::Id, T> = Default::default();
    for &id in program {
        let got = match f.graph.node(id) {
            Node::Const(bits) => T::c(f64::from_bits(bits)),
            Node::X => x,
            Node::Y => y,
            Node::Unary(op, a) => super::code::unary(op, v[&a]),
            Node::Binary(op, a, b) => super::code::binary(op, v[&a], v[&b]),
            Node::IfLess(a, b, t, e) => T::select(v[&a].lt(v[&b]), v[&t], v[&e]),
        };
        v.insert(id, got);
    }
    v[&out]
}

pub fn the_compiled_programs_compute_what_the_graph_says_bit_for_bit() {
    let texts = [
        AS_FORMULAS[2].1,
        AS_FORMULAS[0].1,
        // Divisions by powers of two and by others, constants on either side of each
        // operation, min/max/abs with their selects, a constant gradient, 1/0.
        "x/4 + y/0.5 - 3/x + 2^-3/y + x/3 - 7 - y + min(x, 1) + max(2, y) + abs(x - 0.25)",
        "x + 2*y + 1/(x - x)",
        "sin(x)*cos(x) + cos(3*y)/1024 + x/2^127",
        // Negations folded into what they feed and what feeds them.
        "-(x*3) + (-y)*5 - (-x)/3 + 2/(-y) + (-(x/7)) - (-(y*x)) + (-x + 4) + (x - -(y^2))",
        // Scales and tails of every kind, with the result on either side: (a op b)·k, then
        // + - · / with a register, one and two deep.
        // Results that are x or y, or one register twice: each copied to its own place.
        "x*y",
        "x + y",
        "(x*y)*3 + (x - y*y)*7 - 5/(x*y + 2)*y + y/(x*x + 1)*2 + (x + y)*(x - y)/(y*y + 3) \
         - min(x, y)*4 + (x/(y*y + 1) - y)*(x + 1)",
    ];
    for text in texts {
        let f = formula(text);
        for i in 0..400 {
            let (x, y) = (-3.0 + 0.0173 * i as f64, 2.5 - 0.0131 * i as f64);
            let [gx, gy] = f.gradient(x as f32, y as f32);
            let [hx, hy] = f.gradient(x, y);
            for (k, (g, h)) in [(gx, hx), (gy, hy)].into_iter().enumerate() {
                let out = f.gradient[k];
                let want32 = graph_says(&f, &f.gradient_program, out, x as f32, y as f32);
                let want64 = graph_says(&f, &f.gradient_program, out, x, y);
                assert_eq!(
                    g.to_bits(),
                    want32.to_bits(),
                    "{text}: ∂{k} at ({x}, {y}) in f32"
                );
                assert_eq!(
                    h.to_bits(),
                    want64.to_bits(),
                    "{text}: ∂{k} at ({x}, {y}) in f64"
                );
            }
            let want = graph_says(&f, &f.value_program, f.value, x as f32, y as f32);
            assert_eq!(
                f.value(x as f32, y as f32).to_bits(),
                want.to_bits(),
                "{text} at ({x}, {y})"
            );
        }
    }
}

/// Rosenbrock's gradient, −2(1−x)·… as the graph builds it, costs its nine operations after
/// the two negations fold into the constants they multiply (x and y cost none), in four
/// instructions once scales and tails take in what only one instruction reads; Ackley's 29
/// in 14.
pub fn negations_fold_into_constants() {
    let f = formula(AS_FORMULAS[0].1);
    assert_eq!(AS_FORMULAS[0].0, ObjectiveKind::Rosenbrock);
    assert_eq!(f.gradient_code.len(), 4, "{:#?}", f.gradient_code);
    let f = formula(AS_FORMULAS[2].1);
    assert_eq!(AS_FORMULAS[2].0, ObjectiveKind::Ackley);
    assert_eq!(f.gradient_code.len(), 14, "{:#?}", f.gradient_code);
}

/// The tests above, for `crate::unit_tests`.
pub const ALL: crate::UnitTests = &[
    (
        "builtins_as_formulas_agree_with_the_builtins_in_f64",
        builtins_as_formulas_agree_with_the_builtins_in_f64,
    ),
    ("simplification_and_sharing", simplification_and_sharing),
    (
        "f32_atan_is_within_three_ulps_of_libm",
        f32_atan_is_within_three_ulps_of_libm,
    ),
    (
        "errors_are_one_line_with_the_place",
        errors_are_one_line_with_the_place,
    ),
    (
        "negations_fold_into_constants",
        negations_fold_into_constants,
    ),
    (
        "the_compiled_programs_compute_what_the_graph_says_bit_for_bit",
        the_compiled_programs_compute_what_the_graph_says_bit_for_bit,
    ),
];
