//! The back of the pipeline, for every input that is a valid spec: every renderer, the code
//! generator (and its skeleton for a spec with errors) and the interpreter (every event,
//! expiry and resolution once from every start, with all guards holding and then none).
//! Nothing may panic. Seeded with the valid specs, so most mutations stay valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use machine_core::SourceFile;

fuzz_target!(|data: &[u8]| {
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
    } else {
        let _ = machine_codegen::error_body(
            &source,
            &compiled,
            &machine_codegen::Options::default(),
            proc_macro2::Span::call_site(),
        );
    }
});

fn interpret(model: &machine_core::Model) {
    use machine_core::semantics::{Config, Input, step};
    let timeouts = model
        .states
        .iter()
        .map(|s| s.timeouts.len())
        .max()
        .unwrap_or(0);
    let inputs: Vec<Input> = model
        .event_ids()
        .map(Input::Event)
        .chain((0..=timeouts).map(Input::Expire))
        .chain(model.state_ids().map(Input::ResumeTo))
        .collect();
    for start in &model.starts {
        for holds in [true, false] {
            let mut config = Config::start(start);
            for &input in &inputs {
                if let Ok((next, _)) = step(model, config, input, &mut |_| holds) {
                    config = next;
                }
            }
        }
    }
}
