//! Formula text → syntax tree, with errors that point at the offending character.
//!
//! Grammar (loosest first): `sum := product (('+' | '-') product)*`,
//! `product := unary (('*' | '/') unary)*`, `unary := ('-' | '+') unary | power`,
//! `power := atom ('^' unary)?` (right-associative, so `-x^2` is `-(x²)` and `2^-1` is ½),
//! `atom := number | name | name '(' sum (',' sum)* ')' | '(' sum ')'`.

use crate::error::{Error, Result};

/// The longest formula accepted, in characters.
const MAX_LEN: usize = 2000;
/// The deepest nesting accepted (parentheses, calls, unary signs, powers): deeper is an error,
/// never a stack overflow.
const MAX_DEPTH: usize = 64;

/// The functions a formula may call, with their arities.
pub const FUNCTIONS: [(&str, usize); 13] = [
    ("sin", 1),
    ("cos", 1),
    ("tan", 1),
    ("exp", 1),
    ("log", 1),
    ("sqrt", 1),
    ("abs", 1),
    ("tanh", 1),
    ("atan", 1),
    ("sinh", 1),
    ("cosh", 1),
    ("min", 2),
    ("max", 2),
];

/// The names a formula may use besides functions.
const VARIABLES: [&str; 4] = ["x", "y", "pi", "e"];

/// A parsed formula, before simplification.
#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    Number(f64),
    X,
    Y,
    Neg(Box<Ast>),
    Binary(char, Box<Ast>, Box<Ast>),
    Call(&'static str, Vec<Ast>),
}

/// Parses `text`; `objectives` are the built-in objectives' names, suggested when the whole
/// text looks like a misspelt one.
pub fn parse(text: &str, objectives: &[&str]) -> Result<Ast> {
    let fail = |at: usize, what: String| Err(error(text, at, &what));
    if text.trim().is_empty() {
        return Err(Error::input(
            "empty formula (--fn): give a built-in objective's name or a formula in x and y, e.g. \"(1-x)^2 + 100*(y-x^2)^2\"",
        ));
    }
    if text.chars().count() > MAX_LEN {
        return Err(Error::input(format!(
            "formula (--fn) is {} characters long: allowed at most {MAX_LEN}",
            text.chars().count()
        )));
    }
    let tokens = match tokenize(text) {
        Ok(t) => t,
        Err((at, what)) => return fail(at, what),
    };
    let mut p = Parser {
        tokens,
        next: 0,
        depth: 0,
    };
    let ast = match p.sum() {
        Ok(ast) => ast,
        Err((at, what)) => {
            // A lone unknown word is most likely a misspelt objective.
            if let [Token {
                kind: Kind::Name(word),
                ..
            }] = &p.tokens[..]
            {
                let near = nearest(word, objectives)
                    .map(|n| format!(" (did you mean '{n}'?)"))
                    .unwrap_or_default();
                return Err(Error::input(format!(
                    "invalid objective (--fn) '{word}'{near}: allowed one of {}, or a formula in x and y such as \"(1-x)^2 + 100*(y-x^2)^2\"",
                    objectives.join(", ")
                )));
            }
            return fail(at, what);
        }
    };
    if let Some(t) = p.tokens.get(p.next) {
        let what = match t.kind {
            Kind::Close => "a ')' without its '('".to_string(),
            _ => format!(
                "expected an operator (+ - * / ^) before {}",
                describe(&t.kind)
            ),
        };
        return fail(t.at, what);
    }
    Ok(ast)
}

/// One line: what is wrong, where (1-based column), and the text around it with a caret.
fn error(text: &str, at: usize, what: &str) -> Error {
    let chars: Vec<char> = text.chars().collect();
    let lo = at.saturating_sub(24);
    let hi = (at + 24).min(chars.len());
    let before: String = chars[lo..at.min(chars.len())].iter().collect();
    let after: String = chars[at.min(chars.len())..hi].iter().collect();
    let open = if lo > 0 { "…" } else { "" };
    let close = if hi < chars.len() { "…" } else { "" };
    Error::input(format!(
        "invalid formula (--fn) at column {}: {what}: {open}{before}‸{after}{close}",
        at + 1
    ))
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Number(f64),
    Name(String),
    Op(char),
    Open,
    Close,
    Comma,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    /// Character index of its first character.
    at: usize,
}

fn describe(k: &Kind) -> String {
    match k {
        Kind::Number(v) => format!("the number {v}"),
        Kind::Name(n) => format!("'{n}'"),
        Kind::Op(c) => format!("'{c}'"),
        Kind::Open => "'('".into(),
        Kind::Close => "')'".into(),
        Kind::Comma => "','".into(),
    }
}

type Failure = (usize, String);

fn tokenize(text: &str) -> std::result::Result<Vec<Token>, Failure> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let at = i;
        let kind = if c.is_whitespace() {
            i += 1;
            continue;
        } else if c.is_ascii_digit() || c == '.' {
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            // An exponent: e or E, an optional sign, digits.
            if j < chars.len() && (chars[j] == 'e' || chars[j] == 'E') {
                let mut k = j + 1;
                if k < chars.len() && (chars[k] == '+' || chars[k] == '-') {
                    k += 1;
                }
                if k < chars.len() && chars[k].is_ascii_digit() {
                    while k < chars.len() && chars[k].is_ascii_digit() {
                        k += 1;
                    }
                    j = k;
                }
            }
            let word: String = chars[i..j].iter().collect();
            i = j;
            match word.parse::<f64>() {
                Ok(v) if v.is_finite() => Kind::Number(v),
                _ => return Err((at, format!("'{word}' is not a finite number"))),
            }
        } else if c.is_alphabetic() || c == '_' {
            let mut j = i;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            i = j;
            Kind::Name(word)
        } else {
            i += 1;
            match c {
                '+' | '-' | '*' | '/' | '^' => Kind::Op(c),
                '(' => Kind::Open,
                ')' => Kind::Close,
                ',' => Kind::Comma,
                _ => {
                    return Err((
                        at,
                        format!(
                            "unexpected character '{c}' (allowed: numbers, names, + - * / ^ ( ) ,)"
                        ),
                    ))
                }
            }
        };
        tokens.push(Token { kind, at });
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Kind> {
        self.tokens.get(self.next).map(|t| &t.kind)
    }

    /// Where the next token starts (the end of the text when there is none).
    fn here(&self) -> usize {
        match self.tokens.get(self.next) {
            Some(t) => t.at,
            None => self.tokens.last().map_or(0, |t| {
                t.at + match &t.kind {
                    Kind::Name(n) => n.chars().count(),
                    _ => 1,
                }
            }),
        }
    }

    fn deeper(&mut self) -> std::result::Result<(), Failure> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((self.here(), format!("nested more than {MAX_DEPTH} deep")));
        }
        Ok(())
    }

    fn sum(&mut self) -> std::result::Result<Ast, Failure> {
        self.deeper()?;
        let mut left = self.product()?;
        while let Some(Kind::Op(op @ ('+' | '-'))) = self.peek().cloned() {
            self.next += 1;
            let right = self.product()?;
            left = Ast::Binary(op, Box::new(left), Box::new(right));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn product(&mut self) -> std::result::Result<Ast, Failure> {
        let mut left = self.unary()?;
        while let Some(Kind::Op(op @ ('*' | '/'))) = self.peek().cloned() {
            self.next += 1;
            let right = self.unary()?;
            left = Ast::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> std::result::Result<Ast, Failure> {
        self.deeper()?;
        let ast = match self.peek() {
            Some(Kind::Op('-')) => {
                self.next += 1;
                Ast::Neg(Box::new(self.unary()?))
            }
            Some(Kind::Op('+')) => {
                self.next += 1;
                self.unary()?
            }
            _ => self.power()?,
        };
        self.depth -= 1;
        Ok(ast)
    }

    fn power(&mut self) -> std::result::Result<Ast, Failure> {
        let base = self.atom()?;
        if let Some(Kind::Op('^')) = self.peek() {
            self.next += 1;
            let exponent = self.unary()?;
            return Ok(Ast::Binary('^', Box::new(base), Box::new(exponent)));
        }
        Ok(base)
    }

    fn atom(&mut self) -> std::result::Result<Ast, Failure> {
        let at = self.here();
        let Some(kind) = self.peek().cloned() else {
            return Err((
                at,
                "the formula ends where a number, name or '(' was expected".into(),
            ));
        };
        self.next += 1;
        match kind {
            Kind::Number(v) => Ok(Ast::Number(v)),
            Kind::Open => {
                let inner = self.sum()?;
                match self.peek() {
                    Some(Kind::Close) => {
                        self.next += 1;
                        Ok(inner)
                    }
                    _ => Err((at, "this '(' is never closed".into())),
                }
            }
            Kind::Name(name) => self.name(&name, at),
            other => Err((
                at,
                format!(
                    "expected a number, name or '(' but found {}",
                    describe(&other)
                ),
            )),
        }
    }

    fn name(&mut self, name: &str, at: usize) -> std::result::Result<Ast, Failure> {
        if let Some(&(f, arity)) = FUNCTIONS.iter().find(|(f, _)| *f == name) {
            if self.peek() != Some(&Kind::Open) {
                return Err((at, format!("'{f}' is a function: write {f}(...)")));
            }
            self.next += 1;
            self.deeper()?;
            let mut args = vec![self.sum()?];
            while self.peek() == Some(&Kind::Comma) {
                self.next += 1;
                args.push(self.sum()?);
            }
            if self.peek() != Some(&Kind::Close) {
                return Err((at, format!("this call of '{f}' is never closed")));
            }
            self.next += 1;
            self.depth -= 1;
            if args.len() != arity {
                return Err((
                    at,
                    format!(
                        "'{f}' takes {arity} argument{}, given {}",
                        if arity == 1 { "" } else { "s" },
                        args.len()
                    ),
                ));
            }
            return Ok(Ast::Call(f, args));
        }
        match name {
            "x" => Ok(Ast::X),
            "y" => Ok(Ast::Y),
            "pi" => Ok(Ast::Number(std::f64::consts::PI)),
            "e" => Ok(Ast::Number(std::f64::consts::E)),
            _ => {
                let known: Vec<&str> = VARIABLES
                    .iter()
                    .copied()
                    .chain(FUNCTIONS.iter().map(|(f, _)| *f))
                    .collect();
                let hint = nearest(name, &known)
                    .map(|n| format!(" (did you mean '{n}'?)"))
                    .unwrap_or_default();
                Err((
                    at,
                    format!(
                        "unknown name '{name}'{hint}; allowed x, y, pi, e and the functions {}",
                        FUNCTIONS.map(|(f, _)| f).join(", ")
                    ),
                ))
            }
        }
    }
}

/// The candidate closest to `word` in edit distance, if close enough to be a misspelling.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut diag = row[0];
        row[0] = i;
        for j in 1..=b.len() {
            let up = row[j];
            row[j] = (row[j] + 1)
                .min(row[j - 1] + 1)
                .min(diag + usize::from(a[i - 1] != b[j - 1]));
            diag = up;
        }
    }
    row[b.len()]
}
