//! A formula as a graph of shared subexpressions: every node is made once (hash-consed), so
//! `exp(-x^2)` in a value and in its derivative is one node; constructors simplify as they go
//! (constants folded, `a + 0`, `a · 1`, `a · 0`, `−−a`, `a − a`), and [`Graph::derivative`]
//! differentiates symbolically, reusing the nodes it finds.

use super::parse::Ast;
use std::collections::HashMap;

/// A node's index in its [`Graph`]. Children always have smaller indices than their parents,
/// so index order is an evaluation order.
pub type Id = u32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unary {
    Neg,
    /// sin 2πa, cos 2πa, tan 2πa: the engine's sine takes turns, so `sin(a)` is built as
    /// `SinTurns(a · 1/2π)` and `sin(2*pi*x)` folds to `SinTurns(x)`, as the built-ins compute it.
    SinTurns,
    CosTurns,
    TanTurns,
    Exp,
    Log,
    Sqrt,
    Abs,
    Tanh,
    Atan,
    Sinh,
    Cosh,
    /// −1, 0 or 1 (abs's derivative).
    Sign,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Binary {
    Add,
    Sub,
    Mul,
    Div,
    /// `b < a ? b : a`, as the engine's `Num::min`.
    Min,
    /// `a < b ? b : a`.
    Max,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    /// A constant, by its f64 bits (so nodes hash).
    Const(u64),
    X,
    Y,
    Unary(Unary, Id),
    Binary(Binary, Id, Id),
    /// `a < b ? then : else` (min's and max's derivatives).
    IfLess(Id, Id, Id, Id),
}

/// 1 / 2π: a radian argument in turns.
const INV_TWO_PI: f64 = 0.5 / std::f64::consts::PI;

/// Integer powers up to this magnitude expand to multiplications; others are exp(b·log a).
const MAX_INTEGER_POWER: f64 = 64.0;

#[derive(Debug, Clone, Default)]
pub struct Graph {
    nodes: Vec<Node>,
    index: HashMap<Node, Id>,
    derivatives: HashMap<(Id, usize), Id>,
}

impl Graph {
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn node(&self, id: Id) -> Node {
        self.nodes[id as usize]
    }

    /// The node's id, if the graph has made it.
    pub fn find(&self, node: Node) -> Option<Id> {
        self.index.get(&node).copied()
    }

    fn add(&mut self, node: Node) -> Id {
        if let Some(&id) = self.index.get(&node) {
            return id;
        }
        let id = self.nodes.len() as Id;
        self.nodes.push(node);
        self.index.insert(node, id);
        id
    }

    pub fn constant(&mut self, v: f64) -> Id {
        // One zero: −0 and 0 are the same constant here.
        let v = if v == 0.0 { 0.0 } else { v };
        self.add(Node::Const(v.to_bits()))
    }

    pub fn value_of(&self, id: Id) -> Option<f64> {
        match self.node(id) {
            Node::Const(bits) => Some(f64::from_bits(bits)),
            _ => None,
        }
    }

    fn is(&self, id: Id, v: f64) -> bool {
        self.value_of(id) == Some(v)
    }

    pub fn x(&mut self) -> Id {
        self.add(Node::X)
    }

    pub fn y(&mut self) -> Id {
        self.add(Node::Y)
    }

    pub fn unary(&mut self, op: Unary, a: Id) -> Id {
        if let Some(v) = self.value_of(a) {
            let folded = unary_f64(op, v);
            if folded.is_finite() {
                return self.constant(folded);
            }
        }
        match (op, self.node(a)) {
            (Unary::Neg, Node::Unary(Unary::Neg, inner)) => inner,
            _ => self.add(Node::Unary(op, a)),
        }
    }

    pub fn binary(&mut self, op: Binary, a: Id, b: Id) -> Id {
        if let (Some(u), Some(v)) = (self.value_of(a), self.value_of(b)) {
            let folded = binary_f64(op, u, v);
            if folded.is_finite() {
                return self.constant(folded);
            }
        }
        use Binary::*;
        match op {
            Add if self.is(a, 0.0) => return b,
            // a + a is 2·a (exact either way, and reads better in the derived gradient).
            Add if a == b => {
                let two = self.constant(2.0);
                return self.binary(Mul, two, a);
            }
            Add | Sub if self.is(b, 0.0) => return a,
            Sub if self.is(a, 0.0) => return self.unary(Unary::Neg, b),
            Sub if a == b => return self.constant(0.0),
            Mul if self.is(a, 0.0) || self.is(b, 0.0) => return self.constant(0.0),
            Mul if self.is(a, 1.0) => return b,
            Mul | Div if self.is(b, 1.0) => return a,
            Mul if self.is(a, -1.0) => return self.unary(Unary::Neg, b),
            Mul | Div if self.is(b, -1.0) => return self.unary(Unary::Neg, a),
            Div if self.is(a, 0.0) => return self.constant(0.0),
            // (k·z)/k is z exactly when k is a power of two (d(x²)/2 = (2x)/2).
            Div if self
                .value_of(b)
                .is_some_and(|k| k.abs().log2().fract() == 0.0)
                && matches!(self.node(a), Node::Binary(Mul, p, q)
                    if self.value_of(p) == self.value_of(b) || self.value_of(q) == self.value_of(b)) =>
            {
                if let Node::Binary(Mul, p, q) = self.node(a) {
                    return if self.value_of(p) == self.value_of(b) {
                        q
                    } else {
                        p
                    };
                }
            }
            Min | Max if a == b => return a,
            _ => {}
        }
        // A constant times a constant times something: the constants multiplied once (so
        // `sin(2*pi*x)`'s turns are exactly x).
        if op == Mul {
            let (k, other) = match (self.value_of(a), self.value_of(b)) {
                (Some(k), None) => (Some(k), b),
                (None, Some(k)) => (Some(k), a),
                _ => (None, a),
            };
            if let (Some(k), Node::Binary(Mul, p, q)) = (k, self.node(other)) {
                let inner = match (self.value_of(p), self.value_of(q)) {
                    (Some(j), None) => Some((j, q)),
                    (None, Some(j)) => Some((j, p)),
                    _ => None,
                };
                if let Some((j, z)) = inner {
                    let product = self.constant(k * j);
                    return self.binary(Mul, product, z);
                }
            }
        }
        // Commutative operations in one order, so `a·b` and `b·a` are one node.
        let (a, b) = match op {
            Add | Mul if a > b => (b, a),
            _ => (a, b),
        };
        self.add(Node::Binary(op, a, b))
    }

    fn if_less(&mut self, a: Id, b: Id, then: Id, otherwise: Id) -> Id {
        if then == otherwise {
            return then;
        }
        self.add(Node::IfLess(a, b, then, otherwise))
    }

    /// `a^b`: integer constant powers as products (by squaring, so x⁴ is (x·x)·(x·x)), other
    /// powers as exp(b·log a), defined for a > 0.
    pub fn power(&mut self, a: Id, b: Id) -> Id {
        match self.value_of(b) {
            Some(n) if n.fract() == 0.0 && n.abs() <= MAX_INTEGER_POWER => {
                let positive = self.integer_power(a, n.abs() as u32);
                if n < 0.0 {
                    let one = self.constant(1.0);
                    self.binary(Binary::Div, one, positive)
                } else {
                    positive
                }
            }
            _ => {
                let log = self.unary(Unary::Log, a);
                let product = self.binary(Binary::Mul, b, log);
                self.unary(Unary::Exp, product)
            }
        }
    }

    fn integer_power(&mut self, a: Id, n: u32) -> Id {
        match n {
            0 => self.constant(1.0),
            1 => a,
            _ => {
                let half = self.integer_power(a, n / 2);
                let square = self.binary(Binary::Mul, half, half);
                if n % 2 == 1 {
                    self.binary(Binary::Mul, square, a)
                } else {
                    square
                }
            }
        }
    }

    /// Builds a syntax tree into the graph.
    pub fn build(&mut self, ast: &Ast) -> Id {
        match ast {
            Ast::Number(v) => self.constant(*v),
            Ast::X => self.x(),
            Ast::Y => self.y(),
            Ast::Neg(a) => {
                let a = self.build(a);
                self.unary(Unary::Neg, a)
            }
            Ast::Binary(op, a, b) => {
                let (a, b) = (self.build(a), self.build(b));
                match op {
                    '+' => self.binary(Binary::Add, a, b),
                    '-' => self.binary(Binary::Sub, a, b),
                    '*' => self.binary(Binary::Mul, a, b),
                    '/' => self.binary(Binary::Div, a, b),
                    '^' => self.power(a, b),
                    _ => unreachable!("the parser makes only + - * / ^"),
                }
            }
            Ast::Call(name, args) => {
                let args: Vec<Id> = args.iter().map(|a| self.build(a)).collect();
                let turns = |g: &mut Graph, op: Unary| {
                    let inv = g.constant(INV_TWO_PI);
                    let t = g.binary(Binary::Mul, args[0], inv);
                    g.unary(op, t)
                };
                let op = match *name {
                    "min" => return self.binary(Binary::Min, args[0], args[1]),
                    "max" => return self.binary(Binary::Max, args[0], args[1]),
                    "sin" => return turns(self, Unary::SinTurns),
                    "cos" => return turns(self, Unary::CosTurns),
                    "tan" => return turns(self, Unary::TanTurns),
                    "exp" => Unary::Exp,
                    "log" => Unary::Log,
                    "sqrt" => Unary::Sqrt,
                    "abs" => Unary::Abs,
                    "tanh" => Unary::Tanh,
                    "atan" => Unary::Atan,
                    "sinh" => Unary::Sinh,
                    "cosh" => Unary::Cosh,
                    _ => unreachable!("the parser knows only these functions"),
                };
                self.unary(op, args[0])
            }
        }
    }

    /// ∂ node / ∂ variable (0: x, 1: y), as a node of this graph.
    pub fn derivative(&mut self, id: Id, variable: usize) -> Id {
        if let Some(&d) = self.derivatives.get(&(id, variable)) {
            return d;
        }
        use Binary::*;
        let d = match self.node(id) {
            Node::Const(_) => self.constant(0.0),
            Node::X => self.constant(if variable == 0 { 1.0 } else { 0.0 }),
            Node::Y => self.constant(if variable == 1 { 1.0 } else { 0.0 }),
            Node::Unary(op, a) => {
                let da = self.derivative(a, variable);
                if self.is(da, 0.0) {
                    return self.remember(id, variable, da);
                }
                let outer = match op {
                    Unary::Neg => {
                        let d = self.unary(Unary::Neg, da);
                        return self.remember(id, variable, d);
                    }
                    Unary::SinTurns => {
                        let c = self.unary(Unary::CosTurns, a);
                        let tau = self.constant(std::f64::consts::TAU);
                        self.binary(Mul, tau, c)
                    }
                    Unary::CosTurns => {
                        let s = self.unary(Unary::SinTurns, a);
                        let tau = self.constant(-std::f64::consts::TAU);
                        self.binary(Mul, tau, s)
                    }
                    Unary::TanTurns => {
                        let c = self.unary(Unary::CosTurns, a);
                        let cc = self.binary(Mul, c, c);
                        let tau = self.constant(std::f64::consts::TAU);
                        self.binary(Div, tau, cc)
                    }
                    Unary::Exp => id,
                    Unary::Log => {
                        let d = self.binary(Div, da, a);
                        return self.remember(id, variable, d);
                    }
                    Unary::Sqrt => {
                        let two = self.constant(2.0);
                        let twice = self.binary(Mul, two, id);
                        let d = self.binary(Div, da, twice);
                        return self.remember(id, variable, d);
                    }
                    Unary::Abs => self.unary(Unary::Sign, a),
                    Unary::Tanh => {
                        let one = self.constant(1.0);
                        let tt = self.binary(Mul, id, id);
                        self.binary(Sub, one, tt)
                    }
                    Unary::Atan => {
                        let one = self.constant(1.0);
                        let aa = self.binary(Mul, a, a);
                        let denominator = self.binary(Add, one, aa);
                        let d = self.binary(Div, da, denominator);
                        return self.remember(id, variable, d);
                    }
                    Unary::Sinh => self.unary(Unary::Cosh, a),
                    Unary::Cosh => self.unary(Unary::Sinh, a),
                    Unary::Sign => self.constant(0.0),
                };
                self.binary(Mul, outer, da)
            }
            Node::Binary(op, a, b) => {
                let da = self.derivative(a, variable);
                let db = self.derivative(b, variable);
                match op {
                    Add => self.binary(Add, da, db),
                    Sub => self.binary(Sub, da, db),
                    Mul => {
                        let left = self.binary(Mul, da, b);
                        let right = self.binary(Mul, a, db);
                        self.binary(Add, left, right)
                    }
                    // (a/b)' = (a' − (a/b)·b') / b: reuses the quotient itself.
                    Div => {
                        let q = self.binary(Mul, id, db);
                        let top = self.binary(Sub, da, q);
                        self.binary(Div, top, b)
                    }
                    Min => self.if_less(b, a, db, da),
                    Max => self.if_less(a, b, db, da),
                }
            }
            Node::IfLess(a, b, then, otherwise) => {
                let dt = self.derivative(then, variable);
                let de = self.derivative(otherwise, variable);
                self.if_less(a, b, dt, de)
            }
        };
        self.remember(id, variable, d)
    }

    fn remember(&mut self, id: Id, variable: usize, d: Id) -> Id {
        self.derivatives.insert((id, variable), d);
        d
    }
}

/// A unary operation on f64, as constants are folded (and as the f64 twin evaluates it).
fn unary_f64(op: Unary, v: f64) -> f64 {
    match op {
        Unary::Neg => -v,
        Unary::SinTurns => (std::f64::consts::TAU * v).sin(),
        Unary::CosTurns => (std::f64::consts::TAU * v).cos(),
        Unary::TanTurns => (std::f64::consts::TAU * v).tan(),
        Unary::Exp => v.exp(),
        Unary::Log => v.ln(),
        Unary::Sqrt => v.sqrt(),
        Unary::Abs => v.abs(),
        Unary::Tanh => v.tanh(),
        Unary::Atan => v.atan(),
        Unary::Sinh => v.sinh(),
        Unary::Cosh => v.cosh(),
        Unary::Sign => {
            if v > 0.0 {
                1.0
            } else if v < 0.0 {
                -1.0
            } else {
                0.0
            }
        }
    }
}

fn binary_f64(op: Binary, a: f64, b: f64) -> f64 {
    match op {
        Binary::Add => a + b,
        Binary::Sub => a - b,
        Binary::Mul => a * b,
        Binary::Div => a / b,
        Binary::Min => {
            if b < a {
                b
            } else {
                a
            }
        }
        Binary::Max => {
            if a < b {
                b
            } else {
                a
            }
        }
    }
}
