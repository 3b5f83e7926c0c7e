//! The back of the pipeline, for every input that is a valid spec: every renderer, the code
//! generator (and its skeleton for a spec with errors), the interpreter (every event, expiry
//! and resolution once from every start, with all guards holding and then none), the test
//! paths, the trace coverage (of a trace read from the input's last bytes, drawn on the DOT),
//! the XState and SCXML exports (and the import of the SCXML back), the built-in SVG layout, and the semantic diff (of the spec
//! with itself, or, when the input holds a line `#8<`, of the text before it with the text
//! after it). Nothing may panic. Seeded with the valid specs, so most mutations stay valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use machine_core::SourceFile;

fuzz_target!(|data: &[u8]| {
    diff(data);
    let source = SourceFile::from_bytes("fuzz.yaml", data.to_vec());
    let compiled = machine_core::compile(&source);
    if let Some(model) = &compiled.model {
        let _ = machine_render::dot::render(model);
        let _ = machine_render::mermaid::render(model);
        let _ = machine_render::markdown::render(model, 2);
        let _ = machine_render::svg::render(model);
        let _ = machine_export::xstate::render(model);
        let _ = machine_export::xstate::gaps(model);
        // The SCXML export, and the import of it back into a spec.
        let scxml = machine_export::scxml::render(model);
        let _ = machine_export::import::scxml(&SourceFile::new("fuzz.scxml", scxml));
        let _ = machine_web::typescript::render(model);
        let page = machine_web::page::Page {
            model,
            svg: "",
            layout: "",
        };
        let _ = machine_web::page::render(&page);
        // The tokens, as the macro emits them; formatting them (prettyplease) is its own
        // crate's business and would halve the executions.
        let _ = machine_codegen::module_body(model, &machine_codegen::Options::new(machine_cli::figures));
        interpret(model);
        let paths = machine_core::paths::paths(model);
        let _ = machine_core::words::paths_text(model, &paths);
        cover(model, data);
    } else {
        let _ = machine_codegen::error_body(
            &source,
            &compiled,
            &machine_codegen::Options::new(machine_cli::figures),
            proc_macro2::Span::call_site(),
        );
    }
});

/// Diffs the two halves of the input around a `#8<` line (or the input with itself).
fn diff(data: &[u8]) {
    use machine_diff::{Version, diff, render};
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
    let timers = model.timers.len();
    let inputs: Vec<Input> = model
        .event_ids()
        .map(Input::Event)
        .chain((0..=timers).map(|i| Input::Expire(machine_core::model::TimerId::from_index(i))))
        .chain(model.state_ids().map(Input::ResumeTo))
        .collect();
    for start in &model.starts {
        for holds in [true, false] {
            let mut config = Config::start(model, start);
            for &input in &inputs {
                if let Ok((next, taken)) = step(model, config.clone(), input, &mut |_| holds) {
                    let _ = machine_core::semantics::actions(model, &taken);
                    config = next;
                }
            }
        }
    }
}

/// Replays a trace made of the input's last 64 bytes, two per observation: the state seen, and
/// the event (or the expired timeout, or nothing) that brought the object there. Most such
/// observations are ones the spec cannot explain, which is the point: they must be reported,
/// not panicked on.
fn cover(model: &machine_core::Model, data: &[u8]) {
    use machine_cli::trace::{Observation, coverage, text};
    let tail = &data[data.len().saturating_sub(64)..];
    let events: Vec<&str> = model.events.iter().map(|e| e.name.spec.as_str()).collect();
    let trace: Vec<Observation> = tail
        .chunks_exact(2)
        .enumerate()
        .map(|(line, pair)| {
            let state = &model.states[usize::from(pair[0]) % model.states.len()];
            let (event, timeout) = match pair[1] % 4 {
                0 => (None, None),
                1 => (None, Some(usize::from(pair[1] / 4))),
                _ => (events.get(usize::from(pair[1] / 4) % events.len().max(1)), None),
            };
            Observation {
                line: line + 1,
                object: String::from(if pair[0] & 0x80 == 0 { "a" } else { "b" }),
                state: state.name.spec.clone(),
                event: event.map(|e| (*e).to_owned()),
                timeout,
            }
        })
        .collect();
    let covered = coverage(model, &trace);
    let _ = text(model, &covered);
    let _ = machine_render::dot::render_coverage(model, &covered.drawn());
}
