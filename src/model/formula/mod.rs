//! Objectives typed as formulas in x and y (`--fn "(1-x)^2 + 100*(y-x^2)^2"`): parsed
//! ([`parse`]), built into a graph of shared subexpressions and differentiated symbolically
//! ([`graph`]), then run as one flat program — the same nodes in the same order — by the CPU
//! engine over SIMD lanes ([`Formula::value`], [`Formula::gradient`]) and emitted as WGSL for
//! the GPU ([`Formula::wgsl`]). The Hessian, exact too, is for Newton's method in f64.

pub mod graph;
pub mod parse;

use crate::error::Result;
use crate::model::num::Num;
use graph::{Binary, Graph, Id, Node, Unary};
use std::fmt::Write as _;
use std::mem::MaybeUninit;

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
    value_code: Code,
    gradient_code: Code,
    hessian_code: Code,
}

/// A program as the CPU runs it: each instruction writes its register from registers written
/// before it. Constants ride inside the instructions that use them (no register, no store), and
/// a division by a power of two is the multiplication by its reciprocal, which rounds the same
/// real number to the same bits and leaves the divider free.
#[derive(Debug, Clone)]
struct Code {
    instructions: Vec<Instruction>,
    /// The register file's size.
    registers: usize,
    outputs: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
enum Instruction {
    /// A constant, where something other than a binary operation reads it (an output, a select).
    Const {
        to: u32,
        value: f64,
    },
    X {
        to: u32,
    },
    Y {
        to: u32,
    },
    Unary {
        op: Unary,
        to: u32,
        a: u32,
    },
    Binary {
        op: Binary,
        to: u32,
        a: u32,
        b: u32,
    },
    /// `a op k`.
    BinaryConst {
        op: Binary,
        to: u32,
        a: u32,
        k: f64,
    },
    /// `k op b`, for the operations that do not commute.
    ConstBinary {
        op: Binary,
        to: u32,
        k: f64,
        b: u32,
    },
    IfLess {
        to: u32,
        a: u32,
        b: u32,
        then: u32,
        otherwise: u32,
    },
    /// sin 2πa and cos 2πa from one `sin_cos_turns`, where the program needs both, as the
    /// built-ins compute them.
    SinCos {
        arg: u32,
        sin: u32,
        cos: u32,
    },
}

/// ±2^e with both it and its reciprocal normal in f32: then `a / k` and `a · (1/k)` are the
/// same real number, rounded to the same bits in either precision.
fn reciprocal_is_exact(k: f64) -> bool {
    let e = k.abs().log2();
    e.fract() == 0.0 && e.abs() <= 126.0
}

impl Code {
    fn compile(graph: &Graph, program: &[Id], outputs: &[Id]) -> Code {
        // Register = position in the program; constants read only by binary operations get none.
        let mut register = vec![u32::MAX; graph.nodes().len()];
        for (i, &id) in program.iter().enumerate() {
            register[id as usize] = i as u32;
        }
        let r = |id: Id| {
            let at = register[id as usize];
            assert!(at != u32::MAX, "an operand precedes its use");
            at
        };
        let mut read_as_register = vec![false; graph.nodes().len()];
        for &id in outputs {
            read_as_register[id as usize] = true;
        }
        for &id in program {
            match graph.node(id) {
                Node::Unary(_, a) => read_as_register[a as usize] = true,
                Node::Binary(_, a, b)
                    if graph.value_of(a).is_some() && graph.value_of(b).is_some() =>
                {
                    read_as_register[a as usize] = true;
                    read_as_register[b as usize] = true;
                }
                Node::Binary(..) | Node::Const(_) | Node::X | Node::Y => {}
                Node::IfLess(a, b, t, e) => {
                    for o in [a, b, t, e] {
                        read_as_register[o as usize] = true;
                    }
                }
            }
        }
        // Where the program computes `op(a)`, if it does: the graph's own index, not a scan.
        let position = |op: Unary, a: Id| {
            graph
                .find(Node::Unary(op, a))
                .map(|id| register[id as usize])
                .filter(|&at| at != u32::MAX)
                .map(|at| at as usize)
        };
        let mut instructions: Vec<Instruction> = Vec::with_capacity(program.len());
        for (i, &id) in program.iter().enumerate() {
            let to = i as u32;
            let made = match graph.node(id) {
                Node::Const(bits) if read_as_register[id as usize] => Instruction::Const {
                    to,
                    value: f64::from_bits(bits),
                },
                Node::Const(_) => continue,
                Node::X => Instruction::X { to },
                Node::Y => Instruction::Y { to },
                Node::Unary(op @ (Unary::SinTurns | Unary::CosTurns), a) => {
                    match (position(Unary::SinTurns, a), position(Unary::CosTurns, a)) {
                        // The pair is made where its first member is; the second is skipped.
                        (Some(sin), Some(cos)) if sin.min(cos) == i => Instruction::SinCos {
                            arg: r(a),
                            sin: sin as u32,
                            cos: cos as u32,
                        },
                        (Some(_), Some(_)) => continue,
                        _ => Instruction::Unary { op, to, a: r(a) },
                    }
                }
                Node::Unary(op, a) => Instruction::Unary { op, to, a: r(a) },
                Node::Binary(op, a, b) => match (graph.value_of(a), graph.value_of(b)) {
                    (None, Some(k)) if op == Binary::Div && reciprocal_is_exact(k) => {
                        Instruction::BinaryConst {
                            op: Binary::Mul,
                            to,
                            a: r(a),
                            k: 1.0 / k,
                        }
                    }
                    (None, Some(k)) => Instruction::BinaryConst { op, to, a: r(a), k },
                    // Addition and multiplication commute bit for bit.
                    (Some(k), None) if matches!(op, Binary::Add | Binary::Mul) => {
                        Instruction::BinaryConst { op, to, a: r(b), k }
                    }
                    (Some(k), None) => Instruction::ConstBinary { op, to, k, b: r(b) },
                    _ => Instruction::Binary {
                        op,
                        to,
                        a: r(a),
                        b: r(b),
                    },
                },
                Node::IfLess(a, b, t, e) => Instruction::IfLess {
                    to,
                    a: r(a),
                    b: r(b),
                    then: r(t),
                    otherwise: r(e),
                },
            };
            instructions.push(made);
        }
        let code = Code {
            instructions,
            registers: program.len(),
            outputs: outputs.iter().map(|&o| r(o)).collect(),
        };
        code.check();
        code
    }

    /// What makes `run` sound: every register an instruction reads, and every output, was
    /// written by an instruction before it; every register is inside the file.
    fn check(&self) {
        let mut written = vec![false; self.registers];
        for ins in &self.instructions {
            let (reads, writes): (&[u32], &[u32]) = match ins {
                Instruction::Const { to, .. } | Instruction::X { to } | Instruction::Y { to } => {
                    (&[], std::slice::from_ref(to))
                }
                Instruction::Unary { to, a, .. } | Instruction::BinaryConst { to, a, .. } => {
                    (std::slice::from_ref(a), std::slice::from_ref(to))
                }
                Instruction::ConstBinary { to, b, .. } => {
                    (std::slice::from_ref(b), std::slice::from_ref(to))
                }
                Instruction::Binary { to, a, b, .. } => (&[*a, *b][..], std::slice::from_ref(to)),
                Instruction::IfLess {
                    to,
                    a,
                    b,
                    then,
                    otherwise,
                } => (&[*a, *b, *then, *otherwise][..], std::slice::from_ref(to)),
                Instruction::SinCos { arg, sin, cos } => {
                    (std::slice::from_ref(arg), &[*sin, *cos][..])
                }
            };
            assert!(
                reads.iter().all(|&o| written[o as usize]),
                "a register is read before it is written"
            );
            writes.iter().for_each(|&to| written[to as usize] = true);
        }
        assert!(self.outputs.iter().all(|&o| written[o as usize]));
    }

    /// Runs the program on the stack (heap past 96 registers) and returns output `K`s. Inlined
    /// always, so it compiles into the CPU engine's vector loop with the rest of a step.
    #[inline(always)]
    fn run<T: Num, const K: usize>(&self, x: T, y: T) -> [T; K] {
        const STACK: usize = 96;
        let n = self.registers;
        if n <= STACK {
            let mut r = [MaybeUninit::<T>::uninit(); STACK];
            self.run_into(x, y, &mut r[..n]);
            // SAFETY: `check` proved every output written by the program `run_into` ran.
            std::array::from_fn(|k| unsafe { r[self.outputs[k] as usize].assume_init() })
        } else {
            let mut r = vec![MaybeUninit::<T>::uninit(); n];
            self.run_into(x, y, &mut r);
            // SAFETY: as above.
            std::array::from_fn(|k| unsafe { r[self.outputs[k] as usize].assume_init() })
        }
    }

    /// `r` has `self.registers` registers.
    #[inline(always)]
    fn run_into<T: Num>(&self, x: T, y: T, r: &mut [MaybeUninit<T>]) {
        debug_assert_eq!(r.len(), self.registers);
        // SAFETY (get and set): `check` proved every register index inside the file and every
        // register read written by an instruction before it, and the instructions run in order.
        let get =
            |r: &[MaybeUninit<T>], o: u32| unsafe { r.get_unchecked(o as usize).assume_init() };
        let set = |r: &mut [MaybeUninit<T>], to: u32, v: T| unsafe {
            *r.get_unchecked_mut(to as usize) = MaybeUninit::new(v);
        };
        for &ins in &self.instructions {
            match ins {
                Instruction::Const { to, value } => set(r, to, T::c(value)),
                Instruction::X { to } => set(r, to, x),
                Instruction::Y { to } => set(r, to, y),
                Instruction::Unary { op, to, a } => set(r, to, unary(op, get(r, a))),
                Instruction::Binary { op, to, a, b } => {
                    set(r, to, binary(op, get(r, a), get(r, b)))
                }
                Instruction::BinaryConst { op, to, a, k } => {
                    set(r, to, binary(op, get(r, a), T::c(k)))
                }
                Instruction::ConstBinary { op, to, k, b } => {
                    set(r, to, binary(op, T::c(k), get(r, b)))
                }
                Instruction::IfLess {
                    to,
                    a,
                    b,
                    then,
                    otherwise,
                } => set(
                    r,
                    to,
                    T::select(get(r, a).lt(get(r, b)), get(r, then), get(r, otherwise)),
                ),
                Instruction::SinCos { arg, sin, cos } => {
                    let (s, c) = get(r, arg).sin_cos_turns();
                    set(r, sin, s);
                    set(r, cos, c);
                }
            }
        }
    }
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
        let hessian_code = Code::compile(&graph, &hessian_program, hessian.as_flattened());
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

#[inline(always)]
fn binary<T: Num>(op: Binary, a: T, b: T) -> T {
    match op {
        Binary::Add => a + b,
        Binary::Sub => a - b,
        Binary::Mul => a * b,
        Binary::Div => a / b,
        Binary::Min => T::select(b.lt(a), b, a),
        Binary::Max => T::select(a.lt(b), b, a),
    }
}

#[inline(always)]
fn unary<T: Num>(op: Unary, a: T) -> T {
    match op {
        Unary::Neg => -a,
        Unary::SinTurns => a.sin_cos_turns().0,
        Unary::CosTurns => a.sin_cos_turns().1,
        Unary::TanTurns => {
            let (s, c) = a.sin_cos_turns();
            s / c
        }
        Unary::Exp => a.exp(),
        // ln of a positive number; NaN below zero and −∞ at zero, as the maths says.
        Unary::Log => T::select(
            a.gt(T::c(0.0)),
            a.ln(),
            T::select(a.lt(T::c(0.0)), T::c(f64::NAN), T::c(f64::NEG_INFINITY)),
        ),
        Unary::Sqrt => a.sqrt(),
        Unary::Abs => a.abs(),
        Unary::Tanh => a.tanh(),
        Unary::Atan => a.atan(),
        Unary::Sinh => (a.exp() - (-a).exp()) * T::c(0.5),
        Unary::Cosh => (a.exp() + (-a).exp()) * T::c(0.5),
        Unary::Sign => a.sign(),
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
