// The survey answering form, live: an item shows only while its `relevant`
// holds (hidden, its inputs are disabled and so not sent), answers are
// checked against `required` and `constraint` as they are given, with the
// instrument's messages, and a multiple choice stops at its maximum. The
// expressions are those of `domain::survey::expression`, read by the same
// grammar and evaluated with the same coercions (a conformance test runs
// one corpus through both). The server checks everything again: the form
// works the same without this file.

var MAX_CHARS = 1000;
var MAX_DEPTH = 32;
// Rust's `char::is_whitespace` (Unicode White_Space), not JavaScript's \s.
var SPACE = "\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006" +
  "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

function isSpace(c) {
  return SPACE.indexOf(c) >= 0;
}

function trim(text) {
  var chars = Array.from(text);
  var a = 0;
  var b = chars.length;
  while (a < b && isSpace(chars[a])) a++;
  while (b > a && isSpace(chars[b - 1])) b--;
  return chars.slice(a, b).join("");
}

function words(text) {
  var out = [];
  var word = "";
  Array.from(text).forEach(function (c) {
    if (isSpace(c)) {
      if (word) out.push(word);
      word = "";
    } else {
      word += c;
    }
  });
  if (word) out.push(word);
  return out;
}

function fail(at, id) {
  var e = new Error(id);
  e.offset = at;
  throw e;
}

function isName(name) {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) && name.length <= 64;
}

var SYMBOLS = ["!=", "<=", ">=", "<", ">", "=", "+", "-", "*"];

function tokenize(source) {
  var s = Array.from(source);
  var tokens = [];
  var i = 0;
  while (i < s.length) {
    var c = s[i];
    var start = i;
    var t;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === "(" || c === ")" || c === ",") {
      t = { t: c };
      i++;
    } else if (c === "$") {
      var close = s.indexOf("}", i + 2);
      if (s[i + 1] !== "{" || close < 0) fail(i, "reference");
      var name = s.slice(i + 2, close).join("");
      if (!isName(name)) fail(i, "reference");
      t = { t: "item", v: name };
      i = close + 1;
    } else if (c === "'" || c === '"') {
      var end = s.indexOf(c, i + 1);
      if (end < 0) fail(i, "unclosed-text");
      t = { t: "text", v: s.slice(i + 1, end).join("") };
      i = end + 1;
    } else if (c >= "0" && c <= "9") {
      while (i < s.length && /[0-9.]/.test(s[i])) i++;
      var digits = s.slice(start, i).join("");
      if (!/^\d+(\.\d*)?$/.test(digits)) fail(start, "number");
      t = { t: "num", v: Number(digits) };
    } else if (c === ".") {
      t = { t: "dot" };
      i++;
    } else if (/[A-Za-z]/.test(c)) {
      while (i < s.length && /[A-Za-z0-9-]/.test(s[i])) i++;
      t = { t: "word", v: s.slice(start, i).join("") };
    } else {
      var two = c + (s[i + 1] || "");
      var symbol = SYMBOLS.filter(function (x) {
        return x === two || x === c;
      })[0];
      if (!symbol) fail(i, "character");
      t = { t: "sym", v: symbol };
      i += symbol.length;
    }
    t.at = start;
    tokens.push(t);
  }
  return { tokens: tokens, end: s.length };
}

var COMPARE = { "=": 1, "!=": 1, "<": 1, "<=": 1, ">": 1, ">=": 1 };
var ARITY = { "true": 0, "false": 0, not: 1, "count-selected": 1, "string-length": 1, selected: 2 };

// Reads an expression into a tree of arrays: [kind, ...parts].
export function parse(source) {
  if (Array.from(source).length > MAX_CHARS) fail(0, "too-long");
  var read = tokenize(source);
  var tokens = read.tokens;
  var at = 0;
  var depth = 0;
  function peek() {
    return tokens[at];
  }
  function offset() {
    return peek() ? peek().at : read.end;
  }
  function is(t, v) {
    var k = peek();
    return !!k && k.t === t && (v === undefined || k.v === v);
  }
  function deeper() {
    if (++depth > MAX_DEPTH) fail(offset(), "too-deep");
  }
  function or() {
    deeper();
    var left = and();
    while (is("word", "or")) {
      at++;
      left = ["bin", "or", left, and()];
    }
    depth--;
    return left;
  }
  function and() {
    var left = compare();
    while (is("word", "and")) {
      at++;
      left = ["bin", "and", left, compare()];
    }
    return left;
  }
  function compare() {
    var left = sum();
    if (!is("sym") || !COMPARE[peek().v]) return left;
    var op = tokens[at++].v;
    return ["bin", op, left, sum()];
  }
  function sum() {
    var left = product();
    while (is("sym", "+") || is("sym", "-")) {
      var op = tokens[at++].v;
      left = ["bin", op, left, product()];
    }
    return left;
  }
  function product() {
    var left = unary();
    while (is("sym", "*") || is("word", "div") || is("word", "mod")) {
      var op = tokens[at++].v;
      left = ["bin", op, left, unary()];
    }
    return left;
  }
  function unary() {
    if (!is("sym", "-")) return primary();
    at++;
    deeper();
    var inner = unary();
    depth--;
    return ["neg", inner];
  }
  function expectClose() {
    var where = offset();
    var k = tokens[at++];
    if (!k || k.t !== ")") fail(where, "close");
  }
  function primary() {
    var where = offset();
    var k = tokens[at++];
    if (!k) fail(where, "incomplete");
    switch (k.t) {
      case "num":
        return ["num", k.v];
      case "text":
        return ["text", k.v];
      case "item":
        return ["item", k.v];
      case "dot":
        return ["cur"];
      case "(":
        var inner = or();
        expectClose();
        return inner;
      case "word":
        return call(k.v, where);
    }
    fail(where, "unexpected");
  }
  function call(name, where) {
    if (!Object.prototype.hasOwnProperty.call(ARITY, name)) fail(where, "function");
    var k = tokens[at++];
    if (!k || k.t !== "(") fail(where, "call");
    var args = [];
    if (!is(")")) {
      args.push(or());
      while (is(",")) {
        at++;
        args.push(or());
      }
    }
    expectClose();
    if (args.length !== ARITY[name]) fail(where, "arguments");
    if (name === "true" || name === "false") return ["bool", name === "true"];
    return { not: ["not"], "count-selected": ["count"], "string-length": ["len"], selected: ["sel"] }[
      name
    ].concat(args);
  }
  var tree = or();
  if (peek()) fail(peek().at, "unexpected");
  return tree;
}

// Values are JavaScript's own: a string is XPath's text, a number its
// number, a boolean its boolean.
export function truthy(v) {
  if (typeof v === "string") return v !== "";
  if (typeof v === "number") return v !== 0 && !isNaN(v);
  return v;
}

// Rust's `str::parse::<f64>` after `trim`.
function number(v) {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  var s = trim(v);
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  var special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (!special) return NaN;
  if (special[2].toLowerCase() === "nan") return NaN;
  return special[1] === "-" ? -Infinity : Infinity;
}

// Rust's `format_number`: integers plainly, otherwise f64's `Display`,
// which never writes an exponent.
export function numberText(n) {
  if (isNaN(n)) return "NaN";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  if (n === 0) return "0";
  var s = String(n);
  var m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  var digits = m[2] + (m[3] || "");
  var exp = Number(m[4]);
  if (exp >= 0) return m[1] + digits + "0".repeat(exp + 1 - digits.length);
  return m[1] + "0." + "0".repeat(-exp - 1) + digits;
}

export function text(v) {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberText(v);
  return String(v);
}

function binary(op, a, b) {
  var x;
  var y;
  if (op === "=" || op === "!=") {
    var equal;
    if (typeof a === "boolean" || typeof b === "boolean") equal = truthy(a) === truthy(b);
    else if (typeof a === "number" || typeof b === "number") equal = number(a) === number(b);
    else equal = a === b;
    return op === "=" ? equal : !equal;
  }
  x = number(a);
  y = number(b);
  switch (op) {
    case "<":
      return x < y;
    case "<=":
      return x <= y;
    case ">":
      return x > y;
    case ">=":
      return x >= y;
    case "+":
      return x + y;
    case "-":
      return x - y;
    case "*":
      return x * y;
    case "div":
      return x / y;
    default:
      return x % y;
  }
}

// The value of a tree; `answers` maps item names to texts (absent: not
// answered or not shown), `current` is what `.` stands for.
export function evaluate(e, answers, current) {
  function ev(e) {
    switch (e[0]) {
      case "num":
      case "text":
      case "bool":
        return e[1];
      case "item":
        return Object.prototype.hasOwnProperty.call(answers, e[1]) ? answers[e[1]] : "";
      case "cur":
        return current;
      case "not":
        return !truthy(ev(e[1]));
      case "neg":
        return -number(ev(e[1]));
      case "sel":
        var choice = trim(text(ev(e[2])));
        return words(text(ev(e[1]))).indexOf(choice) >= 0;
      case "count":
        return words(text(ev(e[1]))).length;
      case "len":
        return Array.from(text(ev(e[1]))).length;
    }
    if (e[1] === "or") return truthy(ev(e[2])) || truthy(ev(e[3]));
    if (e[1] === "and") return truthy(ev(e[2])) && truthy(ev(e[3]));
    return binary(e[1], ev(e[2]), ev(e[3]));
  }
  return ev(e);
}

function holds(e, answers, current) {
  return truthy(evaluate(e, answers, current));
}

function each(root, selector, action) {
  Array.prototype.forEach.call(root.querySelectorAll(selector), action);
}

// An item's answer as the server reads it: choices in the list's order
// one space apart, numbers in canonical text, text NFC and trimmed.
function answerOf(item) {
  var el = item.el;
  if (item.kind === "select_one" || item.kind === "select_multiple") {
    var chosen = [];
    each(el, "input:checked", function (box) {
      chosen.push(box.value);
    });
    return chosen.join(" ");
  }
  var field = el.querySelector("input, textarea");
  if (!field) return "";
  var value = trim(field.value.normalize("NFC"));
  if (item.kind === "text" || value === "") return value;
  if (item.kind === "integer") return /^[+-]?\d+$/.test(value) ? String(Number(value)) : null;
  var n = number(value);
  return isFinite(n) ? numberText(n + 0) : null;
}

function compile(source) {
  try {
    return source ? parse(source) : null;
  } catch (e) {
    return null;
  }
}

function wire(form) {
  // Problems the server found stay in view, and follow the answers.
  var submitted = !!form.querySelector("[data-problem]:not([hidden])");
  var items = [];
  each(form, "[data-item]", function (el) {
    items.push({
      el: el,
      name: el.getAttribute("data-item"),
      kind: el.getAttribute("data-kind"),
      required: el.hasAttribute("data-required"),
      relevant: compile(el.getAttribute("data-relevant")),
      constraint: compile(el.getAttribute("data-constraint")),
      max: Number(el.getAttribute("data-max")) || 0,
      touched: false
    });
  });
  var texts = form.querySelector("[data-msg-required]") || form;
  function said(id) {
    return texts.getAttribute("data-msg-" + id) || "";
  }
  // The same order of checks as the server's.
  function problemOf(item, value, answers) {
    if (value === null) return said(item.kind);
    if (value === "") return item.required ? said("required") : "";
    if (item.constraint && !holds(item.constraint, answers, value)) {
      return item.el.getAttribute("data-message") || said("invalid");
    }
    return "";
  }
  function refresh() {
    var answers = {};
    var first = null;
    items.forEach(function (item) {
      var shown = !item.relevant || holds(item.relevant, answers, "");
      item.el.hidden = !shown;
      if (item.el.tagName === "FIELDSET") item.el.disabled = !shown;
      var note = item.el.querySelector("[data-problem]");
      if (!shown || item.kind === "note") {
        if (note) note.hidden = true;
        return;
      }
      var value = answerOf(item);
      var problem = problemOf(item, value, answers);
      if (!problem && value) answers[item.name] = value;
      if (item.max) {
        var full = value && words(value).length >= item.max;
        each(item.el, "input[type=checkbox]", function (box) {
          box.disabled = !box.checked && !!full;
        });
      }
      var visible = !!problem && (submitted || (item.touched && value !== ""));
      if (note) {
        note.textContent = visible ? problem : "";
        note.hidden = !visible;
      }
      if (visible && !first) first = item;
    });
    each(form, "[data-section]", function (section) {
      section.hidden = !section.querySelector("[data-item]:not([hidden])");
    });
    return first;
  }
  function touch(event) {
    var el = event.target.closest("[data-item]");
    items.forEach(function (item) {
      if (item.el === el) item.touched = true;
    });
    refresh();
  }
  form.addEventListener("input", touch);
  form.addEventListener("change", touch);
  form.addEventListener("submit", function (event) {
    submitted = true;
    var first = refresh();
    if (first) {
      event.preventDefault();
      first.el.scrollIntoView({ block: "center" });
      var field = first.el.querySelector("input:not([disabled]), textarea");
      if (field) field.focus({ preventScroll: true });
    }
  });
  refresh();
  form.setAttribute("data-live", "");
}

var survey = typeof document !== "undefined" && document.querySelector("form[data-survey]");
if (survey) wire(survey);
