//! Fuzz target: `wayline_host::fuzzing::bundle` must only ever refuse, never panic or hang.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    wayline_host::fuzzing::bundle(data);
});
