//! Objectives typed as formulas in x and y (`--fn "(1-x)^2 + 100*(y-x^2)^2"`): parsed
//! ([`parse`]), built into a graph of shared subexpressions and differentiated symbolically
//! ([`graph`]), then run as one flat program — the same nodes in the same order — by the CPU
//! engine over SIMD lanes ([`Formula::value`], [`Formula::gradient`]) and emitted as WGSL for
//! the GPU ([`Formula::wgsl`]). The Hessian, exact too, is for Newton's method in f64.

mod code;
pub mod graph;
pub mod parse;

use crate::error::Result;
use crate::model::num::Num;
use code::Code;
use graph::{Binary, Graph, Id, Node, Unary};
use std::fmt::Write as _;

/// The most nodes a formula and its first and second derivatives may have together.
const MAX_NODES: usize = 20_000;

/// A formula objective: its text, and the programs of its value, gradient and Hessian.
#[derive(Debug, Clone)]
pub struct Formula {
    pub text: String,
    graph: Graph,
    value: Id,
    gradient: [Id; 2],
    /// The nodes each output needs, in evaluation order.
    value_program: Vec<Id>,
    gradient_program: Vec<Id>,
    /// The same, compiled: operands renumbered into a dense register file.
    value_code: Code<1>,
    gradient_code: Code<2>,
    hessian_code: Code<4>,
}

impl Formula {
    /// Parses and differentiates `text`; `objectives` (the built-in names) are suggested when
    /// the text looks like a misspelt one.
    pub fn parse(text: &str, objectives: &[&str]) -> Result<Formula> {
        let ast = parse::parse(text, objectives)?;
        let mut graph = Graph::default();
        let value = graph.build(&ast);
        let gradient = [graph.derivative(value, 0), graph.derivative(value, 1)];
        let hessian = [
            [
                graph.derivative(gradient[0], 0),
                graph.derivative(gradient[0], 1),
            ],
            [
                graph.derivative(gradient[1], 0),
                graph.derivative(gradient[1], 1),
            ],
        ];
        if graph.nodes().len() > MAX_NODES {
            return Err(crate::Error::input(format!(
                "formula (--fn) is too large: it and its derivatives make {} operations, allowed at most {MAX_NODES}",
                graph.nodes().len()
            )));
        }
        let value_program = program(&graph, &[value]);
        let gradient_program = program(&graph, &gradient);
        let hessian_program = program(&graph, hessian.as_flattened());
        let value_code = Code::compile(&graph, &value_program, &[value]);
        let gradient_code = Code::compile(&graph, &gradient_program, &gradient);
        let [[xx, xy], [yx, yy]] = hessian;
        let hessian_code = Code::compile(&graph, &hessian_program, &[xx, xy, yx, yy]);
        Ok(Formula {
            text: text.trim().to_string(),
            value_code,
            gradient_code,
            hessian_code,
            graph,
            value,
            gradient,
            value_program,
            gradient_program,
        })
    }

    /// f(x, y).
    #[inline(always)]
    pub fn value<T: Num>(&self, x: T, y: T) -> T {
        let [v] = self.value_code.run(x, y);
        v
    }

    /// ∇f(x, y), exact.
    #[inline(always)]
    pub fn gradient<T: Num>(&self, x: T, y: T) -> [T; 2] {
        self.gradient_code.run(x, y)
    }

    /// The Hessian at (x, y), exact, in f64 (for Newton's method).
    pub fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        let [a, b, c, d] = self.hessian_code.run(x, y);
        [[a, b], [c, d]]
    }

    /// Operations in the value's and the gradient's programs (constants and inputs not counted).
    pub fn operations(&self) -> [usize; 2] {
        let count = |p: &[Id]| {
            p.iter()
                .filter(|&&id| !matches!(self.graph.node(id), Node::Const(_) | Node::X | Node::Y))
                .count()
        };
        [count(&self.value_program), count(&self.gradient_program)]
    }

    /// The gradient as text: `[∂f/∂x, ∂f/∂y]`, for the summary.
    pub fn gradient_text(&self) -> [String; 2] {
        self.gradient.map(|g| self.text_of(g))
    }

    /// A node as a formula (shared subexpressions written out), cut off past 4000 characters.
    fn text_of(&self, id: Id) -> String {
        let mut s = String::new();
        write_text(&self.graph, id, 0, &mut s);
        if s.len() > 4000 {
            let cut = (0..=4000)
                .rev()
                .find(|&i| s.is_char_boundary(i))
                .unwrap_or(0);
            s.truncate(cut);
            s.push_str(" …");
        }
        s
    }

    /// WGSL: `formula_value(p) -> f32` and `formula_gradient(p) -> vec2<f32>`, the same
    /// programs as [`Formula::value`] and [`Formula::gradient`] (constants as exact f32 bits;
    /// transcendentals from `fastmath.wgsl`).
    pub fn wgsl(&self) -> String {
        self.wgsl_in(false)
    }

    /// [`Formula::wgsl`] for an f32 kernel, or (`double`) an f64 one: its constants then exact
    /// f64 literals, and its types `f32` (the composer widens the whole module).
    pub fn wgsl_in(&self, double: bool) -> String {
        let mut s = format!("// The formula objective {:?}.\n", self.text);
        let body = |program: &[Id], s: &mut String| {
            for &id in program {
                let t = |i: Id| format!("t{i}");
                let e = match self.graph.node(id) {
                    Node::Const(bits) if double => format!("f32({:?})", f64::from_bits(bits)),
                    Node::Const(bits) => {
                        format!(
                            "bitcast<f32>({:#010x}u)",
                            (f64::from_bits(bits) as f32).to_bits()
                        )
                    }
                    Node::X => "x".into(),
                    Node::Y => "y".into(),
                    Node::Unary(op, a) => unary_wgsl(op, &t(a)),
                    Node::Binary(op, a, b) => {
                        let (a, b) = (t(a), t(b));
                        match op {
                            Binary::Add => format!("{a} + {b}"),
                            Binary::Sub => format!("{a} - {b}"),
                            Binary::Mul => format!("{a} * {b}"),
                            Binary::Div => format!("{a} / {b}"),
                            Binary::Min => format!("select({a}, {b}, {b} < {a})"),
                            Binary::Max => format!("select({a}, {b}, {a} < {b})"),
                        }
                    }
                    Node::IfLess(a, b, then, otherwise) => {
                        format!("select({}, {}, {} < {})", t(otherwise), t(then), t(a), t(b))
                    }
                };
                let _ = writeln!(s, "    let t{id} = {e};");
            }
        };
        s.push_str("fn formula_value(p: vec2<f32>) -> f32 {\n    let x = p.x;\n    let y = p.y;\n");
        body(&self.value_program, &mut s);
        let _ = writeln!(s, "    return t{};\n}}\n", self.value);
        s.push_str("fn formula_gradient(p: vec2<f32>) -> vec2<f32> {\n    let x = p.x;\n    let y = p.y;\n");
        body(&self.gradient_program, &mut s);
        let _ = writeln!(
            s,
            "    return vec2<f32>(t{}, t{});\n}}",
            self.gradient[0], self.gradient[1]
        );
        s
    }
}

fn unary_wgsl(op: Unary, a: &str) -> String {
    match op {
        Unary::Neg => format!("-{a}"),
        Unary::SinTurns => format!("fm_sin_cos_turns({a}).x"),
        Unary::CosTurns => format!("fm_sin_cos_turns({a}).y"),
        Unary::TanTurns => format!("fm_tan_turns({a})"),
        Unary::Exp => format!("fm_exp({a})"),
        Unary::Log => format!("fm_log({a})"),
        Unary::Sqrt => format!("sqrt({a})"),
        Unary::Abs => format!("abs({a})"),
        Unary::Tanh => format!("fm_tanh({a})"),
        Unary::Atan => format!("fm_atan({a})"),
        Unary::Sinh => format!("(fm_exp({a}) - fm_exp(-{a})) * 0.5"),
        Unary::Cosh => format!("(fm_exp({a}) + fm_exp(-{a})) * 0.5"),
        Unary::Sign => format!("sign({a})"),
    }
}

/// The nodes `outputs` need, in index (= evaluation) order.
fn program(graph: &Graph, outputs: &[Id]) -> Vec<Id> {
    let mut needed = vec![false; graph.nodes().len()];
    let mut stack: Vec<Id> = outputs.to_vec();
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut needed[id as usize], true) {
            continue;
        }
        match graph.node(id) {
            Node::Const(_) | Node::X | Node::Y => {}
            Node::Unary(_, a) => stack.push(a),
            Node::Binary(_, a, b) => stack.extend([a, b]),
            Node::IfLess(a, b, t, e) => stack.extend([a, b, t, e]),
        }
    }
    (0..graph.nodes().len() as Id)
        .filter(|&id| needed[id as usize])
        .collect()
}

/// A constant for reading: twelve significant digits at most, trailing zeros dropped.
fn short(v: f64) -> String {
    let text = format!("{v}");
    let rounded = format!(
        "{:.*}",
        (11 - v.abs().log10().floor() as i32).clamp(0, 17) as usize,
        v
    );
    let rounded = if rounded.contains('.') {
        rounded
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        rounded
    };
    if rounded.len() < text.len() {
        rounded
    } else {
        text
    }
}

/// Operator precedence for printing: sums 1, products 2, unary minus 3, atoms 4.
fn precedence(graph: &Graph, id: Id) -> u8 {
    match graph.node(id) {
        Node::Binary(Binary::Add | Binary::Sub, ..) => 1,
        Node::Binary(Binary::Mul | Binary::Div, ..) => 2,
        Node::Unary(Unary::Neg, _) => 3,
        Node::Const(bits) if f64::from_bits(bits) < 0.0 => 3,
        _ => 4,
    }
}

fn write_text(graph: &Graph, id: Id, outer: u8, s: &mut String) {
    if s.len() > 4100 {
        return;
    }
    let own = precedence(graph, id);
    let wrap = own < outer;
    if wrap {
        s.push('(');
    }
    match graph.node(id) {
        Node::Const(bits) => s.push_str(&short(f64::from_bits(bits))),
        Node::X => s.push('x'),
        Node::Y => s.push('y'),
        Node::Unary(Unary::Neg, a) => {
            s.push('-');
            write_text(graph, a, 3, s);
        }
        Node::Unary(op @ (Unary::SinTurns | Unary::CosTurns | Unary::TanTurns), a) => {
            let name = match op {
                Unary::SinTurns => "sin",
                Unary::CosTurns => "cos",
                _ => "tan",
            };
            // The argument back in radians: k·z where a is (k/2π)·z, else 2π·a.
            let _ = write!(s, "{name}(");
            let scaled = match graph.node(a) {
                Node::Binary(Binary::Mul, p, q) => match (graph.value_of(p), graph.value_of(q)) {
                    (Some(k), None) => Some((k, q)),
                    (None, Some(k)) => Some((k, p)),
                    _ => None,
                },
                _ => None,
            };
            match scaled {
                Some((k, z)) => {
                    let k = short(k * std::f64::consts::TAU);
                    if k != "1" {
                        let _ = write!(s, "{k}*");
                    }
                    write_text(graph, z, 3, s)
                }
                None => {
                    s.push_str("2*pi*");
                    write_text(graph, a, 3, s);
                }
            }
            s.push(')');
        }
        Node::Unary(op, a) => {
            let _ = write!(s, "{}(", format!("{op:?}").to_lowercase());
            write_text(graph, a, 0, s);
            s.push(')');
        }
        Node::Binary(op @ (Binary::Min | Binary::Max), a, b) => {
            let _ = write!(s, "{}(", format!("{op:?}").to_lowercase());
            write_text(graph, a, 0, s);
            s.push_str(", ");
            write_text(graph, b, 0, s);
            s.push(')');
        }
        Node::Binary(op, a, b) => {
            let (symbol, right) = match op {
                Binary::Add => (" + ", 1),
                Binary::Sub => (" - ", 2),
                Binary::Mul => ("*", 2),
                _ => ("/", 3),
            };
            write_text(graph, a, own, s);
            s.push_str(symbol);
            write_text(graph, b, right, s);
        }
        Node::IfLess(a, b, t, e) => {
            s.push_str("(if ");
            write_text(graph, a, 0, s);
            s.push_str(" < ");
            write_text(graph, b, 0, s);
            s.push_str(" then ");
            write_text(graph, t, 0, s);
            s.push_str(" else ");
            write_text(graph, e, 0, s);
            s.push(')');
        }
    }
    if wrap {
        s.push(')');
    }
}

#[cfg(feature = "unit-tests")]
pub mod tests;
