//! The skeleton of a spec with errors: a [`Model`] with every name that could be read and no
//! transitions, so the emitted API has the same types, variants and methods as a correct spec
//! would give, and code using it compiles (only the spec's own errors are shown).

use std::collections::BTreeSet;

use machine_core::SourceFile;
use machine_core::ast::{Initial, Spec};
use machine_core::ident::{Case, rust_ident};
use machine_core::model::{
    Event, EventId, Fault, Guard, Incident, Model, Name, Start, State, StateId,
};
use machine_core::spanned::{Map, Spanned};

/// The skeleton model of `source`, or `None` when the file is not even a spec (YAML syntax or
/// shape errors): then nothing about its names is known.
pub fn model(source: &SourceFile) -> Option<Model> {
    let spec = machine_core::load::load(source).ok()?;
    Some(from_spec(&spec, source.name()))
}

/// The usable names of a map: valid identifiers, each Rust name once.
fn names<V>(map: &Map<V>, case: Case) -> Vec<(Name, &V)> {
    let mut seen = BTreeSet::new();
    map.iter()
        .filter_map(|(key, value)| {
            let rust = rust_ident(&key.value, case).ok()?;
            seen.insert(rust.clone()).then(|| {
                (
                    Name {
                        spec: key.value.clone(),
                        rust,
                        span: key.span,
                    },
                    value,
                )
            })
        })
        .collect()
}

fn text(doc: Option<&Spanned<String>>) -> String {
    doc.map(|d| d.value.trim().to_owned()).unwrap_or_default()
}

fn id(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

fn from_spec(spec: &Spec, source_name: &str) -> Model {
    let mut states: Vec<State> = names(&spec.states, Case::UpperCamel)
        .into_iter()
        .map(|(name, def)| State {
            wire: def
                .wire
                .as_ref()
                .map_or_else(|| name.spec.clone(), |w| w.value.clone()),
            doc: text(def.doc.as_ref()),
            is_final: def.is_final.as_ref().is_some_and(|f| f.value),
            is_fault: false,
            timeouts: Vec::new(),
            waivers: Vec::new(),
            name,
        })
        .collect();
    dedup_wires(&mut states, |s| &mut s.wire);
    if states.is_empty() {
        states.push(State {
            name: Name {
                spec: "Unknown".into(),
                rust: "Unknown".into(),
                span: machine_core::Span::START,
            },
            wire: "Unknown".into(),
            doc: String::new(),
            is_final: false,
            is_fault: false,
            timeouts: Vec::new(),
            waivers: Vec::new(),
        });
    }
    let mut events: Vec<Event> = names(&spec.events, Case::UpperCamel)
        .into_iter()
        .map(|(name, def)| Event {
            wire: def
                .wire
                .as_ref()
                .map_or_else(|| name.spec.clone(), |w| w.value.clone()),
            doc: text(def.doc.as_ref()),
            name,
        })
        .collect();
    dedup_wires(&mut events, |e| &mut e.wire);
    let guards = names(&spec.guards, Case::Snake)
        .into_iter()
        .map(|(name, def)| Guard {
            name,
            doc: text(def.doc.as_ref()),
        })
        .collect();
    let state = |name: &Spanned<String>| {
        states
            .iter()
            .position(|s| s.name.spec == name.value)
            .map(|i| StateId(id(i)))
    };
    let event = |name: &Spanned<String>| {
        events
            .iter()
            .position(|e| e.name.spec == name.value)
            .map(|i| EventId(id(i)))
    };
    let mut starts: Vec<Start> = match &spec.initial {
        Initial::One(s) => state(s)
            .map(|state| Start { name: None, state })
            .into_iter()
            .collect(),
        Initial::Named(map) => names(map, Case::UpperCamel)
            .into_iter()
            .map(|(name, s)| Start {
                name: Some(name),
                state: state(s).unwrap_or(StateId(0)),
            })
            .collect(),
    };
    if starts.is_empty() {
        starts.push(Start {
            name: None,
            state: StateId(0),
        });
    }
    let fault = spec.fault.as_ref().and_then(|f| {
        let fault_state = state(&f.state)?;
        let enter = event(&f.on)?;
        let resume = event(&f.resume)?;
        Some(Fault {
            state: fault_state,
            enter,
            resume,
            sources: Vec::new(),
            resume_to: Vec::new(),
        })
    });
    if let Some(fault) = &fault {
        states[fault.state.index()].is_fault = true;
    }
    let incidents = names(&spec.incidents, Case::UpperCamel)
        .into_iter()
        .map(|(name, def)| Incident {
            name,
            states: Vec::new(),
            no_state: def.no_state.as_ref().map(|s| s.value.trim().to_owned()),
            event: def.event.value.trim().to_owned(),
            resolution: def.resolution.value.trim().to_owned(),
            transition: None,
        })
        .collect();
    // The fields are public, but a model also holds indexes: start from the smallest valid
    // model and replace everything, then rebuild the indexes for the new states.
    let mut model = machine_core::compile(&SourceFile::new(
        source_name,
        "machine: Skeleton\ninitial: A\nstates: { A: { final: true } }\n",
    ))
    .model
    .expect("the smallest spec is valid");
    model.name = Name {
        spec: spec.machine.value.clone(),
        rust: String::new(),
        span: spec.machine.span,
    };
    model.doc = text(spec.doc.as_ref());
    model.states = states;
    model.events = events;
    model.guards = guards;
    model.starts = starts;
    model.fault = fault;
    model.incidents = incidents;
    model.with_transitions(Vec::new())
}

/// Gives repeated wire names a unique stand-in, so the emitted lookup tables stay consistent.
fn dedup_wires<T>(items: &mut [T], wire: impl Fn(&mut T) -> &mut String) {
    let mut seen = BTreeSet::new();
    for (i, item) in items.iter_mut().enumerate() {
        let w = wire(item);
        if !seen.insert(w.clone()) {
            *w = format!("{w}#{i}");
            seen.insert(w.clone());
        }
    }
}
