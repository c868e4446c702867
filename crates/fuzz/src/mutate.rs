//! A small seeded mutator, in the manner of libFuzzer's: flip, set, insert,
//! delete and repeat bytes, splice two inputs, and insert tokens that mean
//! something to the parsers. It needs no compiler support, so the short
//! run works on stable Rust everywhere; coverage guidance is left to
//! `cargo fuzz` in the long run.

/// A xorshift generator: reproducible from its seed, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// Tokens worth inserting: markup, references at and past the edges,
/// Excel escapes, numbers that overflow, form field names.
pub const TOKENS: &[&str] = &[
    "<row r=\"",
    "<c r=\"",
    "\" t=\"s\">",
    "\" t=\"inlineStr\">",
    "<v>",
    "</v>",
    "<is><t>",
    "</t></is>",
    "</c>",
    "</row>",
    "<si><t>",
    "</t></si>",
    "<rPh>",
    "<xf numFmtId=\"14\"/>",
    "<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>",
    "<cellXfs>",
    "XFD1048576",
    "ZZZZZ4294967295",
    "A1048577",
    "4294967296",
    "18446744073709551616",
    "-1",
    "1e308",
    "&amp;",
    "&#x1F600;",
    "&#0;",
    "&bogus;",
    "_x000D_",
    "_xD83D_",
    "\u{202E}",
    "\u{200B}",
    ";",
    ",",
    "\"",
    "\r\n",
    "\u{FEFF}",
    "task.",
    "speaker.",
    ".title",
    "carried.",
    "step.",
    "att.DV000001",
    "=present",
    "&",
    "%00",
    "%FF",
    "1000000000000000",
    "31/02/2024",
    "2025-Q5",
    "01/03/2025-31/05/2025",
    "{",
    "}",
    "[",
    "]",
    "\"max\":",
    "\"min\":",
];

/// One mutation of `input`, with `other` as material for a splice.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = out.len();
        match rng.below(8) {
            0 if len > 0 => {
                let at = rng.below(len);
                out[at] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let at = rng.below(len);
                out[at] = rng.next_u64() as u8;
            }
            2 => {
                let at = rng.below(len + 1);
                out.insert(at, rng.next_u64() as u8);
            }
            3 if len > 0 => {
                let at = rng.below(len);
                let end = (at + 1 + rng.below(16)).min(len);
                out.drain(at..end);
            }
            4 if len > 0 => {
                // Repeat a slice: the cheapest way to a long run or many rows.
                let at = rng.below(len);
                let end = (at + 1 + rng.below(64)).min(len);
                let piece = out[at..end].to_vec();
                let times = 1 + rng.below(64);
                for _ in 0..times {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            5 if !other.is_empty() => {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.below(256)).min(other.len());
                let at = rng.below(len + 1);
                out.splice(at..at, other[from..end].iter().copied());
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let at = rng.below(len + 1);
                out.splice(at..at, token.iter().copied());
            }
        }
    }
    out.truncate(1 << 20);
    out
}

/// Runs `target` on every seed and on `per_seed` mutations of each, and
/// returns how many inputs it ran.
pub fn run(target: crate::Target, seeds: &[Vec<u8>], per_seed: usize, seed: u64) -> usize {
    let mut rng = Rng::new(seed);
    let mut runs = 0;
    for (i, input) in seeds.iter().enumerate() {
        target(input);
        runs += 1;
        let other = &seeds[(i + 1) % seeds.len()];
        let mut current = input.clone();
        for _ in 0..per_seed {
            // Walk away from the seed now and then, back to it otherwise.
            let base = if rng.below(3) == 0 { &current } else { input };
            let next = mutate(&mut rng, base, other);
            target(&next);
            runs += 1;
            current = next;
        }
    }
    runs
}
