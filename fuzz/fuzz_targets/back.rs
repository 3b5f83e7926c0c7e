//! The back of the pipeline, for every input that is a valid spec: every renderer, the code
//! generator (and its skeleton for a spec with errors), the interpreter (every event, expiry
//! and resolution once from every start, with all guards holding and then none), the test
//! paths, and the semantic diff (of the spec with itself, or, when the input holds a line
//! `#8<`, of the text before it with the text after it). Nothing may panic. Seeded with the
//! valid specs, so most mutations stay valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use machine_core::SourceFile;

fuzz_target!(|data: &[u8]| {
    diff(data);
    let source = SourceFile::from_bytes("fuzz.yaml", data.to_vec());
    let compiled = machine_core::compile(&source);
    if let Some(model) = &compiled.model {
        let _ = machine_core::render::dot::render(model);
        let _ = machine_core::render::mermaid::render(model);
        let _ = machine_core::render::markdown::render(model, 2);
        // The tokens, as the macro emits them; formatting them (prettyplease) is its own
        // crate's business and would halve the executions.
        let _ = machine_codegen::module_body(model, &machine_codegen::Options::default());
        interpret(model);
        let paths = machine_core::paths::paths(model);
        let _ = machine_core::paths::text(model, &paths);
    } else {
        let _ = machine_codegen::error_body(
            &source,
            &compiled,
            &machine_codegen::Options::default(),
            proc_macro2::Span::call_site(),
        );
    }
});

/// Diffs the two halves of the input around a `#8<` line (or the input with itself).
fn diff(data: &[u8]) {
    use machine_core::diff::{Version, diff, render};
    let text = String::from_utf8_lossy(data);
    let (old, new) = text.split_once("\n#8<\n").unwrap_or((&text, &text));
    let read = |name: &str, text: &str| Version::read(&SourceFile::new(name, text.to_owned())).ok();
    if let (Some(old), Some(new)) = (read("old.yaml", old), read("new.yaml", new)) {
        let d = diff(&old, &new);
        let _ = render::human(&d, false);
        let _ = render::markdown(&d);
    }
}

fn interpret(model: &machine_core::Model) {
    use machine_core::semantics::{Config, Input, step};
    // One past the last timer, so that an unknown one is tried too.
    let timers = model.timers().count();
    let inputs: Vec<Input> = model
        .event_ids()
        .map(Input::Event)
        .chain((0..=timers).map(|i| Input::Expire(machine_core::model::TimerId::from_index(i))))
        .chain(model.state_ids().map(Input::ResumeTo))
        .collect();
    for start in &model.starts {
        for holds in [true, false] {
            let mut config = Config::start(start);
            for &input in &inputs {
                if let Ok((next, taken)) = step(model, config, input, &mut |_| holds) {
                    let _ = machine_core::semantics::actions(model, &taken);
                    config = next;
                }
            }
        }
    }
}
