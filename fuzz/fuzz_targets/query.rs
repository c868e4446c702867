#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| chibo_fuzz::targets::query(data));
