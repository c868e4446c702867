//! The expressions of a survey's `relevant` and `constraint` columns: the
//! subset of XLSForm's XPath that chibo evaluates, on the server here and in
//! the browser by a script that follows the same grammar.
//!
//! Grammar (lowest precedence first):
//! ```text
//! or      := and ("or" and)*
//! and     := compare ("and" compare)*
//! compare := sum (("=" | "!=" | "<" | "<=" | ">" | ">=") sum)?
//! sum     := product (("+" | "-") product)*
//! product := unary (("*" | "div" | "mod") unary)*
//! unary   := "-" unary | primary
//! primary := number | 'text' | "text" | ${name} | "." | function "(" args ")" | "(" or ")"
//! function:= not | selected | count-selected | string-length | true | false
//! ```
//! Values follow XPath 1.0: an unanswered item is the empty text; comparing
//! a number with a text that is not a number is false; a text is true when
//! not empty, a number when neither zero nor NaN.

use std::fmt;

use crate::Message;

/// The longest expression read: a form's logic is a line, not a program,
/// and a bound keeps a forged file from costing time.
pub const MAX_EXPRESSION_CHARS: usize = 1_000;
/// How deep parentheses and operators may nest.
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Text(String),
    /// `${name}`: the answer to an item.
    Item(String),
    /// `.`: the answer being checked, in a constraint.
    Current,
    Not(Box<Expr>),
    Negate(Box<Expr>),
    Binary(Box<Expr>, Op, Box<Expr>),
    Selected(Box<Expr>, Box<Expr>),
    CountSelected(Box<Expr>),
    StringLength(Box<Expr>),
    Bool(bool),
}

/// Stored and exchanged as its canonical text.
impl serde::Serialize for Expr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source())
    }
}

impl<'de> serde::Deserialize<'de> for Expr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Expr::parse(&text).map_err(|e| serde::de::Error::custom(e.message.id))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::Or => "or",
            Op::And => "and",
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "div",
            Op::Mod => "mod",
        }
    }
}

/// A value while evaluating.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Value {
    pub fn truthy(&self) -> bool {
        match self {
            Value::Text(text) => !text.is_empty(),
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            Value::Bool(b) => *b,
        }
    }

    fn number(&self) -> f64 {
        match self {
            Value::Text(text) => text.trim().parse().unwrap_or(f64::NAN),
            Value::Number(n) => *n,
            Value::Bool(b) => f64::from(u8::from(*b)),
        }
    }

    /// The value as text, numbers written as the canonical form writes them.
    pub fn text(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => b.to_string(),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Where an expression fails to read: a message and the character offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub message: Message,
    pub offset: usize,
}

impl ExprError {
    fn at(offset: usize, id: &'static str) -> Self {
        ExprError {
            message: Message::new(id).arg("position", offset + 1),
            offset,
        }
    }
}

/// The answers an expression reads. `None` is an item not answered (or not
/// shown), which reads as the empty text.
pub trait Answers {
    fn answer(&self, name: &str) -> Option<Value>;
}

impl Expr {
    /// Reads an expression; an empty one is refused by the caller, which
    /// treats a blank cell as "no condition".
    pub fn parse(source: &str) -> Result<Expr, ExprError> {
        if source.chars().count() > MAX_EXPRESSION_CHARS {
            return Err(ExprError {
                message: Message::new("survey-expr-too-long").arg("max", MAX_EXPRESSION_CHARS),
                offset: 0,
            });
        }
        let tokens = tokenize(source)?;
        let mut parser = Parser {
            tokens,
            at: 0,
            depth: 0,
            end: source.chars().count(),
        };
        let expr = parser.or()?;
        match parser.peek() {
            None => Ok(expr),
            Some((_, offset)) => Err(ExprError::at(offset, "survey-expr-unexpected")),
        }
    }

    /// The text an XLSForm cell holds: the canonical form without the outer
    /// parentheses.
    pub fn source(&self) -> String {
        match self {
            Expr::Binary(left, op, right) => format!("{left} {} {right}", op.symbol()),
            other => other.to_string(),
        }
    }

    /// The names of the items the expression reads, in order of appearance.
    pub fn items(&self) -> Vec<&str> {
        let mut names = Vec::new();
        self.visit(&mut |expr| {
            if let Expr::Item(name) = expr {
                names.push(name.as_str());
            }
        });
        names
    }

    /// Whether it reads `.`, the answer being checked.
    pub fn reads_current(&self) -> bool {
        let mut found = false;
        self.visit(&mut |expr| found |= matches!(expr, Expr::Current));
        found
    }

    fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Not(inner)
            | Expr::Negate(inner)
            | Expr::CountSelected(inner)
            | Expr::StringLength(inner) => inner.visit(f),
            Expr::Binary(left, _, right) | Expr::Selected(left, right) => {
                left.visit(f);
                right.visit(f);
            }
            Expr::Number(_) | Expr::Text(_) | Expr::Item(_) | Expr::Current | Expr::Bool(_) => {}
        }
    }

    /// The value of the expression; `current` is the answer `.` stands for.
    pub fn eval(&self, answers: &dyn Answers, current: &Value) -> Value {
        match self {
            Expr::Number(n) => Value::Number(*n),
            Expr::Text(text) => Value::Text(text.clone()),
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Item(name) => answers
                .answer(name)
                .unwrap_or_else(|| Value::Text(String::new())),
            Expr::Current => current.clone(),
            Expr::Not(inner) => Value::Bool(!inner.eval(answers, current).truthy()),
            Expr::Negate(inner) => Value::Number(-inner.eval(answers, current).number()),
            Expr::Selected(list, choice) => {
                let list = list.eval(answers, current).text();
                let choice = choice.eval(answers, current).text();
                Value::Bool(list.split_whitespace().any(|value| value == choice.trim()))
            }
            Expr::CountSelected(list) => Value::Number(
                list.eval(answers, current)
                    .text()
                    .split_whitespace()
                    .count() as f64,
            ),
            Expr::StringLength(text) => {
                Value::Number(text.eval(answers, current).text().chars().count() as f64)
            }
            Expr::Binary(left, op, right) => {
                let left_value = left.eval(answers, current);
                match op {
                    Op::Or => {
                        Value::Bool(left_value.truthy() || right.eval(answers, current).truthy())
                    }
                    Op::And => {
                        Value::Bool(left_value.truthy() && right.eval(answers, current).truthy())
                    }
                    _ => binary(left_value, *op, right.eval(answers, current)),
                }
            }
        }
    }

    /// Whether the expression holds.
    pub fn holds(&self, answers: &dyn Answers, current: &Value) -> bool {
        self.eval(answers, current).truthy()
    }
}

fn binary(left: Value, op: Op, right: Value) -> Value {
    match op {
        Op::Eq | Op::Ne => {
            let equal = match (&left, &right) {
                (Value::Bool(_), _) | (_, Value::Bool(_)) => left.truthy() == right.truthy(),
                (Value::Number(_), _) | (_, Value::Number(_)) => left.number() == right.number(),
                _ => left.text() == right.text(),
            };
            Value::Bool(if op == Op::Eq { equal } else { !equal })
        }
        Op::Lt | Op::Le | Op::Gt | Op::Ge => {
            let (a, b) = (left.number(), right.number());
            Value::Bool(match op {
                Op::Lt => a < b,
                Op::Le => a <= b,
                Op::Gt => a > b,
                _ => a >= b,
            })
        }
        Op::Add => Value::Number(left.number() + right.number()),
        Op::Sub => Value::Number(left.number() - right.number()),
        Op::Mul => Value::Number(left.number() * right.number()),
        Op::Div => Value::Number(left.number() / right.number()),
        Op::Mod => Value::Number(left.number() % right.number()),
        Op::Or | Op::And => Value::Bool(false),
    }
}

impl fmt::Display for Expr {
    /// The canonical text: what an export writes, so that a form read and
    /// written again reads the same.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Number(n) => f.write_str(&format_number(*n)),
            Expr::Text(text) if text.contains('\'') => write!(f, "\"{text}\""),
            Expr::Text(text) => write!(f, "'{text}'"),
            Expr::Item(name) => write!(f, "${{{name}}}"),
            Expr::Current => f.write_str("."),
            Expr::Bool(b) => write!(f, "{b}()"),
            Expr::Not(inner) => write!(f, "not({inner})"),
            Expr::Negate(inner) => write!(f, "-{inner}"),
            Expr::Selected(list, choice) => write!(f, "selected({list}, {choice})"),
            Expr::CountSelected(list) => write!(f, "count-selected({list})"),
            Expr::StringLength(text) => write!(f, "string-length({text})"),
            Expr::Binary(left, op, right) => write!(f, "({left} {} {right})", op.symbol()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Text(String),
    Item(String),
    Dot,
    Word(String),
    Symbol(&'static str),
    Open,
    Close,
    Comma,
}

fn tokenize(source: &str) -> Result<Vec<(Token, usize)>, ExprError> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let token = match c {
            '(' => {
                i += 1;
                Token::Open
            }
            ')' => {
                i += 1;
                Token::Close
            }
            ',' => {
                i += 1;
                Token::Comma
            }
            '$' => {
                if chars.get(i + 1) != Some(&'{') {
                    return Err(ExprError::at(i, "survey-expr-reference"));
                }
                let close = chars[i + 2..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or_else(|| ExprError::at(i, "survey-expr-reference"))?;
                let name: String = chars[i + 2..i + 2 + close].iter().collect();
                if !is_name(&name) {
                    return Err(ExprError::at(i, "survey-expr-reference"));
                }
                i += close + 3;
                Token::Item(name)
            }
            '\'' | '"' => {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&q| q == c)
                    .ok_or_else(|| ExprError::at(i, "survey-expr-unclosed-text"))?;
                let text: String = chars[i + 1..i + 1 + close].iter().collect();
                i += close + 2;
                Token::Text(text)
            }
            '0'..='9' => {
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                Token::Number(
                    text.parse()
                        .map_err(|_| ExprError::at(start, "survey-expr-number"))?,
                )
            }
            '.' => {
                i += 1;
                Token::Dot
            }
            '!' if chars.get(i + 1) == Some(&'=') => {
                i += 2;
                Token::Symbol("!=")
            }
            '<' | '>' => {
                let with_equals = chars.get(i + 1) == Some(&'=');
                i += 1 + usize::from(with_equals);
                Token::Symbol(match (c, with_equals) {
                    ('<', false) => "<",
                    ('<', true) => "<=",
                    ('>', false) => ">",
                    _ => ">=",
                })
            }
            '=' => {
                i += 1;
                Token::Symbol("=")
            }
            '+' => {
                i += 1;
                Token::Symbol("+")
            }
            '-' => {
                i += 1;
                Token::Symbol("-")
            }
            '*' => {
                i += 1;
                Token::Symbol("*")
            }
            c if c.is_ascii_alphabetic() => {
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '-') {
                    i += 1;
                }
                Token::Word(chars[start..i].iter().collect())
            }
            _ => return Err(ExprError::at(i, "survey-expr-character")),
        };
        tokens.push((token, start));
    }
    Ok(tokens)
}

/// An item's name as XLSForm allows it: a letter or underscore, then
/// letters, digits, `_`, `-` or `.`.
pub fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && name.len() <= 64
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    at: usize,
    depth: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<(&Token, usize)> {
        self.tokens.get(self.at).map(|(t, o)| (t, *o))
    }

    fn offset(&self) -> usize {
        self.peek().map_or(self.end, |(_, o)| o)
    }

    fn next(&mut self) -> Option<(Token, usize)> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn word_is(&self, word: &str) -> bool {
        matches!(self.peek(), Some((Token::Word(w), _)) if w == word)
    }

    fn symbol(&self) -> Option<&'static str> {
        match self.peek() {
            Some((Token::Symbol(s), _)) => Some(s),
            _ => None,
        }
    }

    fn deeper(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError::at(self.offset(), "survey-expr-too-deep"));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        self.deeper()?;
        let mut left = self.and()?;
        while self.word_is("or") {
            self.at += 1;
            let right = self.and()?;
            left = Expr::Binary(Box::new(left), Op::Or, Box::new(right));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.compare()?;
        while self.word_is("and") {
            self.at += 1;
            let right = self.compare()?;
            left = Expr::Binary(Box::new(left), Op::And, Box::new(right));
        }
        Ok(left)
    }

    fn compare(&mut self) -> Result<Expr, ExprError> {
        let left = self.sum()?;
        let op = match self.symbol() {
            Some("=") => Op::Eq,
            Some("!=") => Op::Ne,
            Some("<") => Op::Lt,
            Some("<=") => Op::Le,
            Some(">") => Op::Gt,
            Some(">=") => Op::Ge,
            _ => return Ok(left),
        };
        self.at += 1;
        let right = self.sum()?;
        Ok(Expr::Binary(Box::new(left), op, Box::new(right)))
    }

    fn sum(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.product()?;
        loop {
            let op = match self.symbol() {
                Some("+") => Op::Add,
                Some("-") => Op::Sub,
                _ => return Ok(left),
            };
            self.at += 1;
            let right = self.product()?;
            left = Expr::Binary(Box::new(left), op, Box::new(right));
        }
    }

    fn product(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.unary()?;
        loop {
            let op = if self.symbol() == Some("*") {
                Op::Mul
            } else if self.word_is("div") {
                Op::Div
            } else if self.word_is("mod") {
                Op::Mod
            } else {
                return Ok(left);
            };
            self.at += 1;
            let right = self.unary()?;
            left = Expr::Binary(Box::new(left), op, Box::new(right));
        }
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.symbol() == Some("-") {
            self.at += 1;
            self.deeper()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Negate(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, ExprError> {
        let offset = self.offset();
        match self.next() {
            Some((Token::Number(n), _)) => Ok(Expr::Number(n)),
            Some((Token::Text(text), _)) => Ok(Expr::Text(text)),
            Some((Token::Item(name), _)) => Ok(Expr::Item(name)),
            Some((Token::Dot, _)) => Ok(Expr::Current),
            Some((Token::Open, _)) => {
                let inner = self.or()?;
                self.expect_close()?;
                Ok(inner)
            }
            Some((Token::Word(word), _)) => self.function(&word, offset),
            Some(_) => Err(ExprError::at(offset, "survey-expr-unexpected")),
            None => Err(ExprError::at(offset, "survey-expr-incomplete")),
        }
    }

    fn function(&mut self, name: &str, offset: usize) -> Result<Expr, ExprError> {
        let arity = match name {
            "true" | "false" => 0,
            "not" | "count-selected" | "string-length" => 1,
            "selected" => 2,
            _ => {
                return Err(ExprError {
                    message: Message::new("survey-expr-function")
                        .arg("name", name)
                        .arg("position", offset + 1),
                    offset,
                });
            }
        };
        if !matches!(self.next(), Some((Token::Open, _))) {
            return Err(ExprError::at(offset, "survey-expr-call"));
        }
        let mut args = Vec::new();
        if !matches!(self.peek(), Some((Token::Close, _))) {
            args.push(self.or()?);
            while matches!(self.peek(), Some((Token::Comma, _))) {
                self.at += 1;
                args.push(self.or()?);
            }
        }
        self.expect_close()?;
        if args.len() != arity {
            return Err(ExprError {
                message: Message::new("survey-expr-arguments")
                    .arg("name", name)
                    .arg("count", arity)
                    .arg("position", offset + 1),
                offset,
            });
        }
        let mut args = args.into_iter().map(Box::new);
        let mut arg = || args.next().unwrap_or_else(|| Box::new(Expr::Bool(false)));
        Ok(match name {
            "true" => Expr::Bool(true),
            "false" => Expr::Bool(false),
            "not" => Expr::Not(arg()),
            "count-selected" => Expr::CountSelected(arg()),
            "string-length" => Expr::StringLength(arg()),
            _ => {
                let list = arg();
                Expr::Selected(list, arg())
            }
        })
    }

    fn expect_close(&mut self) -> Result<(), ExprError> {
        let offset = self.offset();
        match self.next() {
            Some((Token::Close, _)) => Ok(()),
            _ => Err(ExprError::at(offset, "survey-expr-close")),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    struct Map(BTreeMap<&'static str, Value>);

    impl Answers for Map {
        fn answer(&self, name: &str) -> Option<Value> {
            self.0.get(name).cloned()
        }
    }

    fn answers() -> Map {
        Map(BTreeMap::from([
            ("q5", Value::Text("2".to_owned())),
            ("q23", Value::Text("thieu_kiem_tra khac".to_owned())),
            ("tuoi", Value::Number(34.0)),
        ]))
    }

    fn holds(source: &str, current: &str) -> bool {
        let expr = Expr::parse(source).unwrap_or(Expr::Bool(false));
        expr.holds(&answers(), &Value::Text(current.to_owned()))
    }

    fn error(source: &str) -> (&'static str, usize) {
        let problem = Expr::parse(source).err().unwrap_or(ExprError {
            message: Message::new("none"),
            offset: 0,
        });
        (problem.message.id, problem.offset)
    }

    #[test]
    fn relevance_reads_earlier_answers() {
        assert!(holds("${q5} = '2'", ""));
        assert!(holds("${q5} = 2", ""), "a number compares with its text");
        assert!(holds("${q5} >= 2 and ${tuoi} < 46", ""));
        assert!(!holds("${q5} != '2' or ${tuoi} > 60", ""));
        assert!(holds("selected(${q23}, 'khac')", ""));
        assert!(!holds("selected(${q23}, 'thieu')", ""), "whole values only");
        assert!(holds("not(selected(${q23}, 'thieu'))", ""));
        assert!(holds("count-selected(${q23}) = 2", ""));
        // An unanswered item is the empty text: equal to '', never a number.
        assert!(holds("${q9} = ''", ""));
        assert!(!holds("${q9} < 3", ""));
        assert!(!holds("${q9} >= 3", ""));
    }

    #[test]
    fn constraints_read_the_current_answer() {
        assert!(holds(". >= 0 and . <= 3", "2"));
        assert!(!holds(". >= 0 and . <= 3", "4"));
        assert!(holds("count-selected(.) <= 3", "a b c"));
        assert!(!holds("count-selected(.) <= 3", "a b c d"));
        // Characters, not bytes: "Chi bộ" is 6 characters and 8 bytes.
        assert!(holds("string-length(.) <= 6", "Chi bộ"));
        assert!(!holds("string-length(.) <= 5", "Chi bộ"));
        assert!(holds(
            "(. + 1) * 2 = 8 and 7 mod 4 = 3 and 9 div 2 = 4.5",
            "3"
        ));
        assert!(holds("-. = -3", "3"));
        assert!(holds("true() and not(false())", ""));
    }

    #[test]
    fn the_written_form_reads_back_the_same() {
        for source in [
            "${q5} = '2' and (${tuoi} < 30 or ${tuoi} > 60)",
            "not(selected(${q23}, \"it's\"))",
            "count-selected(.) <= 3",
            "-${tuoi} + 2.5 * 3 div 1 mod 7",
        ] {
            let Ok(expr) = Expr::parse(source) else {
                panic!("{source} does not read");
            };
            let written = expr.to_string();
            assert_eq!(Expr::parse(&written), Ok(expr), "{written}");
        }
    }

    #[test]
    fn bad_expressions_are_located() {
        assert_eq!(error("${q5} = "), ("survey-expr-incomplete", 8));
        assert_eq!(error("${q5 = 1"), ("survey-expr-reference", 0));
        assert_eq!(error("${} = 1"), ("survey-expr-reference", 0));
        assert_eq!(error("'abc = 1"), ("survey-expr-unclosed-text", 0));
        assert_eq!(error("now() > 1"), ("survey-expr-function", 0));
        assert_eq!(error("selected(${q23})"), ("survey-expr-arguments", 0));
        assert_eq!(error("(1 = 1"), ("survey-expr-close", 6));
        assert_eq!(error("1 = 1 1"), ("survey-expr-unexpected", 6));
        assert_eq!(error("1 # 2"), ("survey-expr-character", 2));
        assert_eq!(error("1.2.3 = 1"), ("survey-expr-number", 0));
        assert_eq!(error(&"(".repeat(40)), ("survey-expr-too-deep", 32));
        assert_eq!(error(&"1".repeat(1_001)), ("survey-expr-too-long", 0));
        assert_eq!(error(&"-".repeat(100)).0, "survey-expr-too-deep");
    }

    #[test]
    fn items_read_are_listed_in_order() {
        let Ok(expr) = Expr::parse("${b} = 1 or selected(${a}, 'x') and . > ${b}") else {
            panic!("does not read");
        };
        assert_eq!(expr.items(), ["b", "a", "b"]);
        assert!(expr.reads_current());
    }
}
