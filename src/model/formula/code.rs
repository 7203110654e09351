//! A formula's program as the CPU engine runs it: the graph's nodes in evaluation order,
//! compiled into flat instructions over a dense register file and interpreted over SIMD lanes,
//! inlined into the engine's step loop.
//!
//! Its shape:
//! - one flat list of operations, so each instruction costs one indirect jump (a match on the
//!   kind, then on the operation, took two);
//! - constants ride inside the instructions that use them (no register, no store);
//! - x and y sit in registers 0 and 1 before the first instruction, not copied by one;
//! - rewrites that give the same bits drop instructions: a negation folds into the constant it
//!   multiplies or divides, or into the sum it feeds (`a + -b` is `a - b`), and a division by a
//!   power of two is the multiplication by its reciprocal;
//! - an operation whose result only one other reads does that other's work too, while the
//!   result is still in registers: a multiplication by a constant as its *scale*, then up to
//!   two binary operations with a register as its *tails* (Rosenbrock's gradient: nine
//!   instructions become four). The roundings are the same, in the same order.
//!
//! Each instruction stores its 64-lane result and the next loads it, and each costs a dispatch:
//! so fewer, fuller instructions are what bring a formula near its built-in twin (BENCHMARKS.md,
//! 2026-12-03, seventh session).

use super::graph::{Binary, Graph, Id, Node, Unary};
use crate::model::num::Num;
use std::mem::MaybeUninit;

/// A compiled program: each instruction writes its register from registers written before it.
#[derive(Debug, Clone)]
pub(super) struct Code<const K: usize> {
    instructions: Vec<Instruction>,
    /// The register file's size (x and y included).
    registers: usize,
    /// Where its `K` results are: registers [`OUTPUTS`], [`OUTPUTS`] + 1, … once compiled
    /// ([`Code::place_outputs`]).
    outputs: [u32; K],
}

/// `to = op(args, k)`: unary operations and those with a constant read `args[0]`, binary ones
/// `args[0..2]`, `IfLess` all four; `SinCos` writes its cosine to `args[1]`. A scaled binary
/// operation multiplies its result by `scale` ([`Code::fuse_scales`]), then its tails follow
/// ([`Code::fuse_tails`]), before it writes `to`.
#[derive(Debug, Clone, Copy)]
struct Instruction {
    op: Op,
    to: u32,
    args: [u32; 4],
    k: f64,
    scale: f64,
    /// Up to [`TAILS`] more operations on the result before it is written, in turn.
    tails: [Then; TAILS],
}

/// The most operations an instruction does after its own ([`Code::fuse_tails`]).
const TAILS: usize = 2;

/// One operation after an instruction's own: `tail` with register `c`, its result multiplied
/// by `scale` where that is not 1.
#[derive(Debug, Clone, Copy)]
struct Then {
    tail: Tail,
    c: u32,
    scale: f64,
}

impl Then {
    const NONE: Then = Then {
        tail: Tail::None,
        c: 0,
        scale: 1.0,
    };
}

/// What an instruction does with its result `v` and register `c` before it writes it (see
/// [`Code::fuse_tails`]): the operation that read `v` alone, done while `v` is in registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    None,
    /// `v + c`, `v - c`, `c - v`, `v · c`, `v / c`, `c / v`.
    Add,
    Sub,
    SubFrom,
    Mul,
    Div,
    DivInto,
}

impl Tail {
    /// The tail that computes `op` with `v` on the `left` (or right) and `c` on the other side.
    fn of(op: Binary, left: bool) -> Option<Tail> {
        Some(match (op, left) {
            // Addition and multiplication commute bit for bit.
            (Binary::Add, _) => Tail::Add,
            (Binary::Mul, _) => Tail::Mul,
            (Binary::Sub, true) => Tail::Sub,
            (Binary::Sub, false) => Tail::SubFrom,
            (Binary::Div, true) => Tail::Div,
            (Binary::Div, false) => Tail::DivInto,
            (Binary::Min | Binary::Max, _) => return None,
        })
    }

    /// `v` with the tail done, `c` its register's value.
    #[inline(always)]
    fn apply<T: Num>(self, v: T, c: T) -> T {
        match self {
            Tail::None => v,
            Tail::Add => v + c,
            Tail::Sub => v - c,
            Tail::SubFrom => c - v,
            Tail::Mul => v * c,
            Tail::Div => v / c,
            Tail::DivInto => c / v,
        }
    }
}

/// Where a binary operation's constant is, if it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `a op b`.
    Registers,
    /// `a op k`.
    ConstRight,
    /// `k op a`.
    ConstLeft,
}

/// Declares [`Op`], one flat list of every (operation, form), with the maps from the graph's
/// operations into it and the one match that runs it.
macro_rules! flat_ops {
    (binary { $($bin:ident: $regs:ident $right:ident $left:ident,
                 scaled $sregs:ident $sright:ident $sleft:ident);* }
     unary { $($un:ident),* }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Op {
            /// `to = k`, where something other than a binary operation reads the constant.
            Const,
            /// `to = a`: an output that is x, y or another output ([`Code::place_outputs`]).
            Copy,
            /// `to = a < b ? c : d`.
            IfLess,
            /// `to = sin 2πa`, `b = cos 2πa`, from one `sin_cos_turns` (as the built-ins do).
            SinCos,
            $($regs, $right, $left,)*
            $($sregs, $sright, $sleft,)*
            $($un,)*
        }

        impl Op {
            fn binary(op: Binary, form: Form) -> Op {
                match (op, form) {
                    $((Binary::$bin, Form::Registers) => Op::$regs,
                      (Binary::$bin, Form::ConstRight) => Op::$right,
                      (Binary::$bin, Form::ConstLeft) => Op::$left,)*
                }
            }

            fn unary(op: Unary) -> Op {
                match op {
                    $(Unary::$un => Op::$un,)*
                }
            }

            /// The binary operation and its form, if this is one, scaled or not.
            fn as_binary(self) -> Option<(Binary, Form)> {
                match self {
                    $(Op::$regs | Op::$sregs => Some((Binary::$bin, Form::Registers)),
                      Op::$right | Op::$sright => Some((Binary::$bin, Form::ConstRight)),
                      Op::$left | Op::$sleft => Some((Binary::$bin, Form::ConstLeft)),)*
                    _ => None,
                }
            }

            /// The same binary operation with its result scaled, if this is an unscaled one.
            fn scaled(self) -> Option<Op> {
                match self {
                    $(Op::$regs => Some(Op::$sregs),
                      Op::$right => Some(Op::$sright),
                      Op::$left => Some(Op::$sleft),)*
                    _ => None,
                }
            }
        }

        /// One instruction on lanes `T`: a single match over the flat list.
        #[inline(always)]
        fn execute<T: Num>(ins: &Instruction, r: &mut [MaybeUninit<T>]) {
            // SAFETY (get and set): `Code::check` proved every register index inside the file
            // and every register read written by an instruction before it, and the
            // instructions run in order.
            let get = |r: &[MaybeUninit<T>], o: u32| unsafe {
                r.get_unchecked(o as usize).assume_init()
            };
            let set = |r: &mut [MaybeUninit<T>], to: u32, v: T| unsafe {
                *r.get_unchecked_mut(to as usize) = MaybeUninit::new(v);
            };
            let [a, b, c, d] = ins.args;
            let k = ins.k;
            let v = match ins.op {
                Op::Const => T::c(k),
                Op::Copy => get(r, a),
                Op::IfLess => T::select(get(r, a).lt(get(r, b)), get(r, c), get(r, d)),
                Op::SinCos => {
                    let (s, c) = get(r, a).sin_cos_turns();
                    set(r, b, c);
                    s
                }
                $(Op::$regs => binary(Binary::$bin, get(r, a), get(r, b)),
                  Op::$right => binary(Binary::$bin, get(r, a), T::c(k)),
                  Op::$left => binary(Binary::$bin, T::c(k), get(r, a)),)*
                $(Op::$sregs => binary(Binary::$bin, get(r, a), get(r, b)) * T::c(ins.scale),
                  Op::$sright => binary(Binary::$bin, get(r, a), T::c(k)) * T::c(ins.scale),
                  Op::$sleft => binary(Binary::$bin, T::c(k), get(r, a)) * T::c(ins.scale),)*
                $(Op::$un => unary(Unary::$un, get(r, a)),)*
            };
            // One match per tail, in turn (one closure for both, or one match on the pair, made
            // LLVM keep the value in memory: typed formulas ran 15% slower).
            let [first, second] = &ins.tails;
            let v = match first.tail {
                Tail::None => v,
                tail if first.scale == 1.0 => tail.apply(v, get(r, first.c)),
                tail => tail.apply(v, get(r, first.c)) * T::c(first.scale),
            };
            let v = match second.tail {
                Tail::None => v,
                tail if second.scale == 1.0 => tail.apply(v, get(r, second.c)),
                tail => tail.apply(v, get(r, second.c)) * T::c(second.scale),
            };
            set(r, ins.to, v);
        }
    };
}

// `KAdd` and `KMul` are never made: `compile` puts a constant on the right of the operations
// that commute.
flat_ops! {
    binary {
        Add: Add AddK KAdd, scaled AddS AddKS KAddS;
        Sub: Sub SubK KSub, scaled SubS SubKS KSubS;
        Mul: Mul MulK KMul, scaled MulS MulKS KMulS;
        Div: Div DivK KDiv, scaled DivS DivKS KDivS;
        Min: Min MinK KMin, scaled MinS MinKS KMinS;
        Max: Max MaxK KMax, scaled MaxS MaxKS KMaxS
    }
    unary { Neg, SinTurns, CosTurns, TanTurns, Exp, Log, Sqrt, Abs, Tanh, Atan, Sinh, Cosh, Sign }
}

/// The registers x and y are in when the program starts.
const X: u32 = 0;
const Y: u32 = 1;
/// The register the first result is in when the program ends; the others follow it.
const OUTPUTS: u32 = 2;

/// ±2^e with both it and its reciprocal normal in f32: then `a / k` and `a · (1/k)` are the
/// same real number, rounded to the same bits in either precision.
fn reciprocal_is_exact(k: f64) -> bool {
    let e = k.abs().log2();
    e.fract() == 0.0 && e.abs() <= 126.0
}

impl Instruction {
    fn new(op: Op, to: u32, args: &[u32], k: f64) -> Instruction {
        let mut all = [0; 4];
        all[..args.len()].copy_from_slice(args);
        Instruction {
            op,
            to,
            args: all,
            k,
            scale: 1.0,
            tails: [Then::NONE; TAILS],
        }
    }

    /// The registers it reads.
    fn reads(&self) -> impl Iterator<Item = u32> + '_ {
        let n = match self.op {
            Op::Const => 0,
            Op::IfLess => 4,
            op => match op.as_binary() {
                Some((_, Form::Registers)) => 2,
                _ => 1,
            },
        };
        let tails = self.tails.iter().filter(|t| t.tail != Tail::None);
        self.args[..n].iter().copied().chain(tails.map(|t| t.c))
    }

    /// The registers it writes.
    fn writes(&self) -> [Option<u32>; 2] {
        let second = (self.op == Op::SinCos).then_some(self.args[1]);
        [Some(self.to), second]
    }

    /// The same value with one fewer operation, where `read` is what wrote its operand: a
    /// negation folded into the operation that reads it, or that it reads. Each rewrite gives
    /// the same bits for every non-NaN input (negation and rounding commute; `a - b` is
    /// `a + -b` by definition), and a NaN stays a NaN.
    fn fold_negation(&self, read: impl Fn(u32) -> Option<Instruction>) -> Option<Instruction> {
        let neg_of = |r: u32| read(r).filter(|w| w.op == Op::Neg).map(|w| w.args[0]);
        let made = |op, args: &[u32], k| Some(Instruction::new(op, self.to, args, k));
        let [a, b, ..] = self.args;
        match self.op {
            // (-z)·k = z·(-k), (-z)/k = z/(-k), k/(-z) = (-k)/z, -z + k = k - z.
            Op::MulK | Op::DivK | Op::KDiv => made(self.op, &[neg_of(a)?], -self.k),
            Op::AddK => made(Op::KSub, &[neg_of(a)?], self.k),
            // -(z·k) = z·(-k), -(z/k) = z/(-k), -(k/z) = (-k)/z.
            Op::Neg => {
                let w = read(a).filter(|w| matches!(w.op, Op::MulK | Op::DivK | Op::KDiv))?;
                made(w.op, &[w.args[0]], -w.k)
            }
            // a + (-z) = a - z, (-z) + b = b - z, a - (-z) = a + z.
            Op::Add => match (neg_of(a), neg_of(b)) {
                (_, Some(z)) => made(Op::Sub, &[a, z], 0.0),
                (Some(z), None) => made(Op::Sub, &[b, z], 0.0),
                (None, None) => None,
            },
            Op::Sub => made(Op::Add, &[a, neg_of(b)?], 0.0),
            _ => None,
        }
    }
}

impl<const K: usize> Code<K> {
    /// `program`'s nodes (in evaluation order) compiled; `outputs` are the nodes it returns.
    pub(super) fn compile(graph: &Graph, program: &[Id], outputs: &[Id; K]) -> Code<K> {
        // Registers: x and y first, then one per node of the program, in its order; constants
        // read only by binary operations get one but never write it.
        let mut register = vec![u32::MAX; graph.nodes().len()];
        let mut next = 2;
        for &id in program {
            register[id as usize] = match graph.node(id) {
                Node::X => X,
                Node::Y => Y,
                _ => {
                    next += 1;
                    next - 1
                }
            };
        }
        let r = |id: Id| {
            let at = register[id as usize];
            assert!(at != u32::MAX, "an operand precedes its use");
            at
        };
        // Where the program computes `op(a)`, if it does: the graph's own index, not a scan.
        let position = |op: Unary, a: Id| {
            graph
                .find(Node::Unary(op, a))
                .filter(|&id| register[id as usize] != u32::MAX)
        };
        let mut instructions: Vec<Instruction> = Vec::with_capacity(program.len());
        for &id in program {
            let to = register[id as usize];
            let made = match graph.node(id) {
                Node::Const(bits) => Instruction::new(Op::Const, to, &[], f64::from_bits(bits)),
                Node::X | Node::Y => continue,
                Node::Unary(op @ (Unary::SinTurns | Unary::CosTurns), a) => {
                    match (position(Unary::SinTurns, a), position(Unary::CosTurns, a)) {
                        // The pair is made where its first member is; the second is skipped.
                        (Some(sin), Some(cos)) if sin.min(cos) == id => {
                            Instruction::new(Op::SinCos, r(sin), &[r(a), r(cos)], 0.0)
                        }
                        (Some(_), Some(_)) => continue,
                        _ => Instruction::new(Op::unary(op), to, &[r(a)], 0.0),
                    }
                }
                Node::Unary(op, a) => Instruction::new(Op::unary(op), to, &[r(a)], 0.0),
                Node::Binary(op, a, b) => {
                    let made = |op, form, args: &[u32], k| {
                        Instruction::new(Op::binary(op, form), to, args, k)
                    };
                    match (graph.value_of(a), graph.value_of(b)) {
                        (None, Some(k)) if op == Binary::Div && reciprocal_is_exact(k) => {
                            made(Binary::Mul, Form::ConstRight, &[r(a)], 1.0 / k)
                        }
                        (None, Some(k)) => made(op, Form::ConstRight, &[r(a)], k),
                        // Addition and multiplication commute bit for bit.
                        (Some(k), None) if matches!(op, Binary::Add | Binary::Mul) => {
                            made(op, Form::ConstRight, &[r(b)], k)
                        }
                        (Some(k), None) => made(op, Form::ConstLeft, &[r(b)], k),
                        _ => made(op, Form::Registers, &[r(a), r(b)], 0.0),
                    }
                }
                Node::IfLess(a, b, t, e) => {
                    Instruction::new(Op::IfLess, to, &[r(a), r(b), r(t), r(e)], 0.0)
                }
            };
            instructions.push(made);
        }
        let outputs = outputs.map(r);
        let mut code = Code {
            instructions,
            registers: next as usize,
            outputs,
        };
        code.fold_negations();
        code.drop_unread();
        code.fuse_scales();
        code.fuse_tails();
        code.place_outputs();
        code.check();
        code
    }

    /// Each instruction rewritten by [`Instruction::fold_negation`] while one applies.
    fn fold_negations(&mut self) {
        let mut writer: Vec<Option<usize>> = vec![None; self.registers];
        for i in 0..self.instructions.len() {
            loop {
                let read = |r: u32| writer[r as usize].map(|w| self.instructions[w]);
                match self.instructions[i].fold_negation(read) {
                    Some(folded) => self.instructions[i] = folded,
                    None => break,
                }
            }
            for w in self.instructions[i].writes().into_iter().flatten() {
                writer[w as usize] = Some(i);
            }
        }
    }

    /// Instructions whose registers nothing reads any more (the negations folded away, the
    /// constants that only binary operations read) removed.
    fn drop_unread(&mut self) {
        let mut read = vec![false; self.registers];
        for &o in &self.outputs {
            read[o as usize] = true;
        }
        let mut kept = Vec::with_capacity(self.instructions.len());
        for ins in self.instructions.iter().rev() {
            if ins.writes().into_iter().flatten().any(|w| read[w as usize]) {
                for a in ins.reads() {
                    read[a as usize] = true;
                }
                kept.push(*ins);
            }
        }
        kept.reverse();
        self.instructions = kept;
    }

    /// How many instructions read each register, the outputs counted as readers.
    fn readers(&self) -> Vec<u32> {
        let mut readers = vec![0u32; self.registers];
        let reads = self.instructions.iter().flat_map(Instruction::reads);
        for a in reads.chain(self.outputs.iter().copied()) {
            readers[a as usize] += 1;
        }
        readers
    }

    /// The instructions at `fused` (done by others now) removed.
    fn remove(&mut self, fused: &[usize]) {
        let mut i = 0;
        self.instructions.retain(|_| {
            i += 1;
            !fused.contains(&(i - 1))
        });
    }

    /// Each multiplication by a constant whose operand a binary operation wrote for it alone,
    /// done by that operation as its scale: `t = a op b; u = t·k` becomes `u = (a op b)·k`, one
    /// instruction where there were two, with the same roundings in the same order.
    fn fuse_scales(&mut self) {
        self.fuse(|ins, readers, writer, code| {
            let t = ins.args[0];
            if ins.op != Op::MulK || readers[t as usize] != 1 {
                return None;
            }
            let w = writer[t as usize]?;
            let head = &mut code[w];
            head.op = head.op.scaled()?;
            head.scale = ins.k;
            Some(w)
        });
    }

    /// Each binary operation on two registers, one of which an instruction with a free tail
    /// wrote for it alone, done by that instruction as a tail: `t = …; u = t op c` becomes
    /// `u = (…) op c`, with the same roundings in the same order; `c` must be written before
    /// that instruction.
    fn fuse_tails(&mut self) {
        self.fuse(|ins, readers, writer, code| {
            let Some((op, Form::Registers)) = ins.op.as_binary() else {
                return None;
            };
            let [a, b, ..] = ins.args;
            let (w, tail, c) =
                [(a, b, true), (b, a, false)]
                    .into_iter()
                    .find_map(|(t, c, left)| {
                        let w = writer[t as usize]?;
                        let head = &code[w];
                        let alone = readers[t as usize] == 1
                            && head.tails[TAILS - 1].tail == Tail::None
                            && head.writes() == [Some(t), None];
                        // x and y (no writer) are there before everything.
                        let c_before = writer[c as usize].is_none_or(|p| p < w);
                        (alone && c_before).then_some((w, Tail::of(op, left)?, c))
                    })?;
            let free = code[w].tails.iter_mut().find(|t| t.tail == Tail::None);
            *free.expect("a free tail") = Then {
                tail,
                c,
                scale: ins.scale,
            };
            Some(w)
        });
    }

    /// One fusion pass: `absorb` sees each instruction in order, with how many read each
    /// register and which instruction last wrote it, and may make an earlier instruction do its
    /// work; that one then writes its register, and it is removed. Registers are written once,
    /// so the earlier instruction may write it: nothing reads it before.
    fn fuse(
        &mut self,
        absorb: impl Fn(&Instruction, &[u32], &[Option<usize>], &mut [Instruction]) -> Option<usize>,
    ) {
        let readers = self.readers();
        let mut writer: Vec<Option<usize>> = vec![None; self.registers];
        let mut fused = Vec::new();
        for i in 0..self.instructions.len() {
            let ins = self.instructions[i];
            match absorb(&ins, &readers, &writer, &mut self.instructions) {
                Some(w) => {
                    self.instructions[w].to = ins.to;
                    writer[ins.to as usize] = Some(w);
                    fused.push(i);
                }
                None => {
                    for w in ins.writes().into_iter().flatten() {
                        writer[w as usize] = Some(i);
                    }
                }
            }
        }
        self.remove(&fused);
    }

    /// The results moved to registers [`OUTPUTS`], [`OUTPUTS`] + 1, …, so `run` reads them at
    /// places fixed when it is compiled (read through a list, LLVM copied them out twice
    /// more). A result that is x, y or another result's register is copied to its own first.
    fn place_outputs(&mut self) {
        let mut taken = vec![false; self.registers];
        taken[X as usize] = true;
        taken[Y as usize] = true;
        for o in &mut self.outputs {
            if taken[*o as usize] {
                let copy = self.registers as u32;
                self.registers += 1;
                taken.push(false);
                self.instructions
                    .push(Instruction::new(Op::Copy, copy, &[*o], 0.0));
                *o = copy;
            }
            taken[*o as usize] = true;
        }
        // A permutation of the registers that sends result k to OUTPUTS + k (x and y stay):
        // each result swaps places with the register there before it. Registers are each
        // written once, so renaming them all renames the program, nothing else.
        let mut name: Vec<u32> = (0..self.registers as u32).collect();
        let mut named: Vec<u32> = name.clone();
        for (k, &o) in self.outputs.iter().enumerate() {
            let home = OUTPUTS + k as u32;
            let there = named[home as usize];
            named.swap(home as usize, name[o as usize] as usize);
            name.swap(o as usize, there as usize);
        }
        let rename = |r: &mut u32| *r = name[*r as usize];
        for ins in &mut self.instructions {
            rename(&mut ins.to);
            ins.args.iter_mut().for_each(rename);
            ins.tails.iter_mut().for_each(|t| rename(&mut t.c));
        }
        self.outputs.iter_mut().for_each(rename);
    }

    /// What makes `run` sound: every register an instruction reads, and every output, was
    /// written before it (x and y are written before the first); every register is inside the
    /// file.
    fn check(&self) {
        let mut written = vec![false; self.registers];
        written[X as usize] = true;
        written[Y as usize] = true;
        for ins in &self.instructions {
            assert!(
                ins.reads().all(|o| written[o as usize]),
                "a register is read before it is written"
            );
            for w in ins.writes().into_iter().flatten() {
                written[w as usize] = true;
            }
        }
        assert!(self.outputs.iter().all(|&o| written[o as usize]));
        assert!((0..K).all(|k| self.outputs[k] == OUTPUTS + k as u32));
    }

    /// Runs the program on the stack (heap past 96 registers) and returns output `K`s. Inlined
    /// always, so it compiles into the CPU engine's vector loop with the rest of a step.
    #[inline(always)]
    pub(super) fn run<T: Num>(&self, x: T, y: T) -> [T; K] {
        const STACK: usize = 96;
        let n = self.registers;
        let mut stack = [MaybeUninit::<T>::uninit(); STACK];
        let mut heap = Vec::new();
        // One register file either way, so the outputs are read once, after the branch (two
        // reads, one on each side, made LLVM copy them three times).
        let r: &mut [MaybeUninit<T>] = if n <= STACK {
            &mut stack[..n]
        } else {
            heap.resize(n, MaybeUninit::<T>::uninit());
            &mut heap
        };
        r[X as usize] = MaybeUninit::new(x);
        r[Y as usize] = MaybeUninit::new(y);
        for ins in &self.instructions {
            execute(ins, r);
        }
        // SAFETY: `check` proved result k in register OUTPUTS + k, inside the file and written
        // by the program; `MaybeUninit<T>` is laid out as `T`. One read of the K registers
        // (`from_fn` built the array in a temporary first, then LLVM copied it again).
        unsafe { r.as_ptr().add(OUTPUTS as usize).cast::<[T; K]>().read() }
    }

    /// Instructions in the program (for tests).
    #[cfg(feature = "unit-tests")]
    pub(super) fn len(&self) -> usize {
        self.instructions.len()
    }
}

#[inline(always)]
pub(super) fn binary<T: Num>(op: Binary, a: T, b: T) -> T {
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
pub(super) fn unary<T: Num>(op: Unary, a: T) -> T {
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
