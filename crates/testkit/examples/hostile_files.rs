//! Writes the hostile spreadsheets at full size into a folder, for
//! `benchmarks/hostile.sh`: `cargo run --release -p chibo-testkit --example
//! hostile_files -- DIR`. Prints one line per file: name, size, expected
//! message.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a developer's tool that stops at its first failure"
)]

use chibo_testkit::hostile::{Size, catalogue};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: hostile_files DIR");
    std::fs::create_dir_all(&dir).expect("create the folder");
    for file in catalogue(Size::Full) {
        let path = std::path::Path::new(&dir).join(file.name);
        std::fs::write(&path, &file.bytes).expect("write a hostile file");
        println!("{} {} {}", file.name, file.bytes.len(), file.refused_with);
    }
}
