//! The skeleton of a spec with errors: the model of every name that could be read and no
//! transitions, so the emitted API has the same types, variants and methods as a correct spec
//! would give, and code using it compiles (only the spec's own errors are shown).
//!
//! The names come from `machine-core`'s own lowering ([`machine_core::lower_best_effort`]);
//! this module only drops what cannot be emitted: names that are not identifiers (of states,
//! events, guards, actions, named durations, incidents and starts), repeated Rust names and
//! wire names, and the references between parts of the model (transitions, timeouts, timers
//! that span states), keeping the states' entry and exit actions that are left.

use std::collections::BTreeSet;

use machine_core::SourceFile;
use machine_core::model::{ActionId, EventId, Fault, Model, Name, Start, State, StateId};

/// The skeleton model of `source`, or `None` when the file is not even a spec (YAML syntax or
/// shape errors): then nothing about its names is known.
pub fn model(source: &SourceFile) -> Option<Model> {
    machine_core::lower_best_effort(source).map(skeleton)
}

fn skeleton(mut model: Model) -> Model {
    let state_map = usable(model.states.iter().map(|s| s.name.rust.as_str()));
    let event_map = usable(model.events.iter().map(|e| e.name.rust.as_str()));
    let mut states = keep(std::mem::take(&mut model.states), &state_map);
    for state in &mut states {
        state.timeouts.clear();
        state.waivers.clear();
        state.is_fault = false;
        // A broken parallel state may lack its regions: the skeleton only keeps names, and
        // the emitters of one active state carry them whatever the tree.
        state.parallel = false;
    }
    if states.is_empty() {
        states.push(State {
            name: Name {
                spec: "Unknown".into(),
                rust: "Unknown".into(),
                span: machine_core::Span::START,
            },
            wire: "Unknown".into(),
            wire_aliases: Vec::new(),
            doc: String::new(),
            is_final: false,
            is_fault: false,
            parallel: false,
            parent: None,
            initial: None,
            timeouts: Vec::new(),
            waivers: Vec::new(),
            entry: Vec::new(),
            exit: Vec::new(),
        });
    }
    dedup_wires(states.iter_mut().map(|s| &mut s.wire));
    let mut events = keep(std::mem::take(&mut model.events), &event_map);
    dedup_wires(events.iter_mut().map(|e| &mut e.wire));
    // A guard is a method and a `Guard` variant: one variant per guard is enough for both.
    let guard_map = usable(model.guards.iter().map(|g| g.variant.as_str()));
    let guards = keep(std::mem::take(&mut model.guards), &guard_map);
    // An action is a method of `Actions`; states keep their entry and exit lists, mapped to
    // the actions kept.
    let action_map = usable(model.actions.iter().map(|a| a.name.rust.as_str()));
    let actions = keep(std::mem::take(&mut model.actions), &action_map);
    for state in &mut states {
        for list in [&mut state.entry, &mut state.exit] {
            *list = list
                .iter()
                .filter_map(|a| action_map[a.index()].map(ActionId::from_index))
                .collect();
        }
    }
    // A named duration is a method of `Durations` and a `NamedDuration` variant.
    let duration_map = usable(model.durations.iter().map(|d| d.variant.as_str()));
    let durations = keep(std::mem::take(&mut model.durations), &duration_map);
    let incident_map = usable(model.incidents.iter().map(|i| i.name.rust.as_str()));
    let mut incidents = keep(std::mem::take(&mut model.incidents), &incident_map);
    for incident in &mut incidents {
        incident.states.clear();
        incident.transition = None;
    }

    let state = |id: StateId| state_map[id.index()].map(StateId::from_index);
    let event = |id: EventId| event_map[id.index()].map(EventId::from_index);
    let mut seen_starts = BTreeSet::new();
    let mut starts: Vec<Start> = model
        .starts
        .iter()
        .filter(|s| {
            s.name
                .as_ref()
                .is_none_or(|n| !n.rust.is_empty() && seen_starts.insert(n.rust.clone()))
        })
        .map(|s| Start {
            name: s.name.clone(),
            state: state(s.state).unwrap_or(StateId(0)),
        })
        .collect();
    if starts.is_empty() {
        starts.push(Start {
            name: None,
            state: StateId(0),
        });
    }
    let fault = model.fault.as_ref().and_then(|f| {
        Some(Fault {
            state: state(f.state)?,
            enter: event(f.enter)?,
            resume: event(f.resume)?,
            sources: Vec::new(),
            resume_to: Vec::new(),
        })
    });
    if let Some(fault) = &fault {
        states[fault.state.index()].is_fault = true;
    }
    // The skeleton is flat: its states keep their names, not their places in the tree.
    for state in &mut states {
        state.parent = None;
        state.initial = None;
    }

    model.states = states;
    model.events = events;
    model.guards = guards;
    model.actions = actions;
    model.durations = durations;
    // Timers refer to states, events and durations: the states' timeouts were cleared above.
    model.timers.clear();
    model.incidents = incidents;
    model.starts = starts;
    model.fault = fault;
    model.transitions.clear();
    model.indexed()
}

/// For each Rust name, its index among the usable ones: a valid identifier (not empty), not
/// seen before.
fn usable<'a>(names: impl Iterator<Item = &'a str>) -> Vec<Option<usize>> {
    let mut seen = BTreeSet::new();
    let mut next = 0;
    names
        .map(|rust| {
            (!rust.is_empty() && seen.insert(rust)).then(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// The items whose entry in `map` is `Some`, in order.
fn keep<T>(items: Vec<T>, map: &[Option<usize>]) -> Vec<T> {
    items
        .into_iter()
        .zip(map)
        .filter_map(|(item, kept)| kept.map(|_| item))
        .collect()
}

/// Gives repeated wire names a unique stand-in, so the emitted lookup tables stay consistent.
fn dedup_wires<'a>(wires: impl Iterator<Item = &'a mut String>) {
    let mut seen = BTreeSet::new();
    for (i, wire) in wires.enumerate() {
        if !seen.insert(wire.clone()) {
            *wire = format!("{wire}#{i}");
            seen.insert(wire.clone());
        }
    }
}
