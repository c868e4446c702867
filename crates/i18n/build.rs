// The Fluent files are compiled in: rebuild when any of them changes.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
