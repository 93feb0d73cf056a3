//! Any text as a rule file: loading may reject it with diagnostics, but must not panic, hang or
//! run out of memory.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    let _ = actorgraph::rules::rulebook_from_str("fuzz.ron", &source);
});
