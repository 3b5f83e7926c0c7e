//! Any bytes through the front of the pipeline: load, lower and check (and, for a spec with
//! errors, the best-effort lowering the macro's skeleton uses). Nothing may panic, and every
//! finding must point inside the file. Fast, so it runs millions of inputs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use machine_core::SourceFile;

fuzz_target!(|data: &[u8]| {
    let source = SourceFile::from_bytes("fuzz.yaml", data.to_vec());
    let compiled = machine_core::compile(&source);
    for d in &compiled.diagnostics {
        assert!(
            d.span.end <= source.text().len(),
            "span past the end: {d:?}"
        );
        assert!(d.span.line >= 1 && d.span.column >= 1, "no position: {d:?}");
        let _ = d.display(&source).to_string();
    }
    if compiled.model.is_none() {
        let _ = machine_core::lower_best_effort(&source);
    }
});
