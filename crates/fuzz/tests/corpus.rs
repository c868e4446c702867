//! The short fuzz run of the test suite: every target on every committed
//! corpus input and on seeded mutations of each. A panic fails the test
//! with the target's name; `cargo fuzz` runs the same targets for long.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic is how a test fails"
)]

use std::path::PathBuf;

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

/// Mutations per corpus input: about 4,000 inputs per target in all, or
/// `CHIBO_FUZZ_PER_SEED` each for a longer run.
fn per_seed(seeds: usize) -> usize {
    std::env::var("CHIBO_FUZZ_PER_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or((4_000 / seeds.max(1)).max(4))
}

#[test]
fn every_target_survives_its_corpus_and_mutations_of_it() {
    for (name, target) in chibo_fuzz::TARGETS {
        let seeds = corpus(name);
        assert!(!seeds.is_empty(), "{name} has a corpus");
        let per_seed = per_seed(seeds.len());
        let runs = chibo_fuzz::mutate::run(target, &seeds, per_seed, 0x5EED_0001);
        assert!(
            runs >= seeds.len() * (per_seed + 1),
            "{name} ran every input"
        );
    }
}
