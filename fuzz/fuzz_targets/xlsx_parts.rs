#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| chibo_fuzz::targets::xlsx_parts(data));
