//! Any bytes as an answers file: either a clear error, or a .docx whose every part is
//! well-formed XML with properties in schema order. Never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match gongwen::render::render_bytes(data, "fuzz.json", &Default::default()) {
        Ok(report) => {
            let problems = gongwen::inspect::soundness(&report.docx).expect("our own output opens");
            assert!(problems.is_empty(), "{problems:?}");
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            assert!(errors.iter().any(|d| d.is_error()), "a failure names at least one error");
            assert!(errors.iter().all(|d| !d.message.is_empty()));
        }
    }
});
