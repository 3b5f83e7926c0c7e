//! Any bytes through the whole pipeline: load, lower, check, and, when the spec is valid,
//! every renderer and the code generator. Nothing may panic; findings must point inside the
//! file.
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
    if let Some(model) = &compiled.model {
        let _ = machine_core::render::dot::render(model);
        let _ = machine_core::render::mermaid::render(model);
        let _ = machine_core::render::markdown::render(model, 2);
        let _ = machine_codegen::file(model, &machine_codegen::Options::default());
    } else {
        let _ = machine_core::lower_best_effort(&source);
    }
});
