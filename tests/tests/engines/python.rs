//! The replay in python-statemachine's SCXML processor: every test path of a spec (and, for
//! each timeout with a `reset_by` event, a scenario in time), with what the engine must reach,
//! run and schedule after each step, from the interpreter.

use std::path::Path;
use std::process::Command;

use machine_core::model::TimerId;
use machine_core::{Model, paths, semantics};
use machine_export::scxml;
use machine_tests::workspace;
use serde_json::{Value, json};

use super::timed::{self, timed_step};

/// What the SCXML engine must do in one step: the configuration after it, its atomic states
/// in document order (rule S22; `machine.ended` once an `end:` timeout has expired), the
/// actions it runs (rule S12), by name, and for an expiry the instant the timeout falls due,
/// in seconds since the path started (for a wait, the timeouts that expire during it).
type ScxmlReached = (Vec<String>, Vec<String>, Value);

/// The actions one input runs (rule S12): its step's, then those of each automatic step it
/// led to (rules S20 and S21, [`semantics::Step::then`]), in order: SCXML's macrostep.
pub fn input_actions(model: &Model, step: &semantics::Step) -> Vec<machine_core::model::ActionId> {
    std::iter::once(step)
        .chain(&step.then)
        .flat_map(|s| semantics::actions(model, s))
        .collect()
}

/// The configuration an SCXML engine is in with `config`: the ids of its atomic states
/// ([`semantics::Config::atoms`]), in document order.
fn scxml_state(model: &Model, config: &semantics::Config) -> Vec<String> {
    if config.ended {
        vec![scxml::ENDED.to_owned()]
    } else {
        config
            .atoms
            .iter()
            .map(|&a| scxml::state_id(model, a).to_owned())
            .collect()
    }
}

/// Scenarios in time, which test paths (whose steps take no time) cannot show: for each
/// timeout with a `reset_by` event, start in its state (in each atomic state inside a
/// compound one, with the other regions of a parallel state around it at their initial
/// states, rule S23), wait one second less than its
/// duration, send the event, wait as long again, then one more second (every guard holds
/// throughout, as `machine run`'s guards do by default).
/// Without the restart the timeout expires during the second wait; with it, only in the last.
/// Each as the script's steps and what the engine must do, from `machine_cli::script::run`.
fn scxml_timed(model: &Model) -> Vec<(Value, Vec<ScxmlReached>)> {
    let every_guard: serde_json::Map<String, Value> = model
        .guards
        .iter()
        .enumerate()
        .map(|(g, _)| {
            let id = machine_core::model::GuardId::from_index(g);
            (scxml::condition(model, id), json!(true))
        })
        .collect();
    let mut scenarios = Vec::new();
    // A machine is in an atomic state (and in every state around it, whose timers run too).
    for state in model.state_ids().filter(|&s| !model.is_compound(s)) {
        let start = semantics::Config::polled(model, state);
        // The SCXML engine settles as it starts (rules S20, S21); the interpreter's machine
        // created in a state is taken as it is.
        if !settled(model, &start) {
            continue;
        }
        for (_, timer) in model.timers_in(state) {
            let timeout = &timer.timeout;
            let Some(seconds) = scxml_seconds(model, &timeout.after) else {
                continue;
            };
            for &event in timeout.reset_by.iter().filter(|_| seconds >= 2) {
                use machine_cli::script::Item;
                let items = [
                    Item::Wait(seconds - 1),
                    Item::Event {
                        event,
                        guards: Vec::new(),
                    },
                    Item::Wait(seconds - 1),
                    Item::Wait(1),
                ];
                let records = machine_cli::script::run(
                    model,
                    start.clone(),
                    &items,
                    true,
                    &timed::durations(model),
                );
                let expiries: Vec<(u64, TimerId)> = records
                    .iter()
                    .filter_map(|r| match r.input {
                        semantics::Input::Expire(timer) => Some((r.time, timer)),
                        _ => None,
                    })
                    .collect();
                let at_once = expiries.iter().any(|&(at, a)| {
                    expiries
                        .iter()
                        .any(|&(when, b)| when == at && timed::ambiguous(model, a, b))
                });
                if at_once {
                    continue;
                }
                let mut config = start.clone();
                let mut expected = Vec::new();
                let mut steps = Vec::new();
                for (index, item) in items.iter().enumerate() {
                    let mut actions = Vec::new();
                    let (mut fired, mut instants) = (Vec::new(), Vec::new());
                    for record in records.iter().filter(|r| r.item == index) {
                        // A timer that falls due is the engine's delayed event, also when its
                        // guards refuse the expiry (no transition is enabled then); the engine
                        // stops its clock at each instant one does, so that what the expiry
                        // starts runs from there.
                        if let semantics::Input::Expire(timer) = record.input {
                            fired.push(scxml_timer_event(model, timer));
                            if instants.last() != Some(&record.time) {
                                instants.push(record.time);
                            }
                        }
                        if let Ok((next, taken)) = &record.outcome {
                            actions.extend(
                                input_actions(model, taken)
                                    .into_iter()
                                    .map(|a| model.action(a).name.spec.clone()),
                            );
                            config = next.clone();
                        }
                    }
                    let (step, extra) = match item {
                        // The script's guards hold while time passes too: a timeout's
                        // guards are asked as it falls due.
                        Item::Wait(s) => (
                            json!({
                                "kind": "wait",
                                "seconds": s,
                                "guards": every_guard,
                                "instants": instants,
                            }),
                            json!(fired),
                        ),
                        _ => (
                            json!({
                                "kind": "event",
                                "event": scxml::event_name(model, event),
                                "guards": every_guard,
                            }),
                            Value::Null,
                        ),
                    };
                    steps.push(step);
                    expected.push((scxml_state(model, &config), actions, extra));
                }
                scenarios.push((
                    json!({ "start": scxml::state_id(model, state), "steps": steps }),
                    expected,
                ));
            }
        }
    }
    scenarios
}

/// Whether a machine in `config` takes no automatic step whatever its guards: no eventless
/// transition there (rule S21), and no final state whose completion has a transition (rules
/// S20, S28).
fn settled(model: &Model, config: &semantics::Config) -> bool {
    let has = |state: machine_core::model::StateId, trigger| {
        model
            .transitions_from(state)
            .any(|(_, t)| t.trigger == trigger)
    };
    config.atoms.iter().all(|&atom| {
        let completes = model.state(atom).is_final
            && model
                .ancestors(atom)
                .take(2)
                .any(|s| has(s, machine_core::model::Trigger::Done));
        !completes
            && !model
                .self_and_ancestors(atom)
                .any(|s| has(s, machine_core::model::Trigger::Always))
    })
}

/// A timeout's duration in seconds: fixed, or the value [`timed::durations`] gives a name.
fn scxml_seconds(model: &Model, after: &machine_core::model::Duration) -> Option<u64> {
    match after.named {
        Some(named) => timed::durations(model).get(named.index()).copied(),
        None => Some(after.seconds),
    }
}

/// The delayed event of `timer` in the SCXML export.
fn scxml_timer_event(model: &Model, timer: machine_core::model::TimerId) -> String {
    scxml::timeout_event(model, timer)
}

/// One step of a path as the SCXML replay script takes it ([`timed_step`]), and what the
/// engine must do; `None` when the clock took the machine where the interpreter does not take
/// the step (the rest of the path is not replayed).
fn scxml_step(
    model: &Model,
    config: semantics::Config,
    step: &paths::PathStep,
    clocks: &mut semantics::Clocks,
) -> Option<(Value, ScxmlReached, usize, semantics::Config)> {
    let guards: serde_json::Map<String, Value> = step
        .guards
        .iter()
        .map(|&(g, holds)| (scxml::condition(model, g), json!(holds)))
        .collect();
    let clocked = timed_step(model, config, step, clocks)?;
    let input = match step.input {
        semantics::Input::Event(event) => {
            json!({ "kind": "event", "event": scxml::event_name(model, event), "guards": guards })
        }
        semantics::Input::Expire(timer) => json!({
            "kind": "expire",
            "event": scxml_timer_event(model, timer),
            "guards": guards,
            "earlier": clocked.earlier,
        }),
        semantics::Input::ResumeTo(state) => {
            json!({ "kind": "event", "event": scxml::resume_event(model, state), "guards": {} })
        }
    };
    let actions = clocked
        .taken
        .iter()
        .flat_map(|taken| input_actions(model, taken))
        .map(|a| model.action(a).name.spec.clone())
        .collect();
    let automatic = clocked.taken.iter().map(|t| t.then.len()).sum();
    let reached = (
        scxml_state(model, &clocked.after),
        actions,
        json!(clocked.due),
    );
    Some((input, reached, automatic, clocked.after))
}

/// What one spec's replay in python-statemachine covered: the automatic steps (rules S20,
/// S21) the paths' inputs led to among them.
pub struct Replayed {
    pub paths: usize,
    /// The paths cut short where the clock took the machine elsewhere first ([`timed_step`]).
    pub cut: usize,
    pub scenarios: usize,
    pub steps: usize,
    pub actions: usize,
    pub expiries: usize,
    pub automatic: usize,
}

/// Replays every test path of `model` (and its timed scenarios) in python-statemachine's
/// SCXML processor, and asserts it reaches the interpreter's states, runs its actions in its
/// order and schedules each timeout for the same instant.
pub fn replay_in_python(python: &Path, dir: &Path, relative: &str, model: &Model) -> Replayed {
    let script = workspace().join("tests/engines/scxml_replay.py");
    let stem = relative.replace('/', "__");
    let document = dir.join(format!("{stem}.scxml"));
    let paths_file = dir.join(format!("{stem}.paths.json"));
    std::fs::write(&document, scxml::render(model)).expect("a scratch file");
    let found = paths::paths(model);
    let mut input = Vec::new();
    let mut expected: Vec<Vec<ScxmlReached>> = Vec::new();
    let (mut automatic, mut cut) = (0, 0);
    for path in found.to_state.iter().flatten().chain(&found.cover) {
        let mut config = semantics::Config::start(model, &model.starts[path.start]);
        let mut clocks = timed::clocks(model, &config);
        let mut steps = Vec::new();
        let mut reached = Vec::new();
        for step in &path.steps {
            let Some((one, after, then, next)) = scxml_step(model, config, step, &mut clocks)
            else {
                cut += 1;
                break;
            };
            automatic += then;
            steps.push(one);
            reached.push(after);
            config = next;
        }
        input.push(json!({ "start": scxml::state_id(model, model.starts[path.start].state), "steps": steps }));
        expected.push(reached);
    }
    let paths_count = input.len();
    for (scenario, reached) in scxml_timed(model) {
        input.push(scenario);
        expected.push(reached);
    }
    std::fs::write(&paths_file, Value::Array(input.clone()).to_string()).expect("a scratch file");
    let durations: serde_json::Map<String, Value> = model
        .durations
        .iter()
        .zip(timed::durations(model))
        .enumerate()
        .map(|(i, (_, seconds))| {
            let id = machine_core::model::DurationId::from_index(i);
            (
                scxml::duration_value(model, id),
                json!(format!("{seconds}s")),
            )
        })
        .collect();
    let durations_file = dir.join(format!("{stem}.durations.json"));
    std::fs::write(&durations_file, Value::Object(durations).to_string()).expect("a scratch file");
    let output = Command::new(python)
        .arg(&script)
        .arg(&document)
        .arg(&paths_file)
        .arg(&durations_file)
        .output()
        .expect("the venv's python runs");
    assert!(
        output.status.success(),
        "{relative}: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let replays: Vec<Vec<ScxmlReached>> =
        serde_json::from_slice(&output.stdout).expect("the script prints JSON");
    assert_eq!(
        replays.len(),
        expected.len(),
        "{relative}: one replay per path"
    );
    // The first path that disagrees, with its steps, step by step.
    if let Some(at) = (0..expected.len()).find(|&i| replays[i] != expected[i]) {
        let steps = serde_json::to_string_pretty(&input[at]).unwrap_or_default();
        let (ours, theirs) = (&expected[at], &replays[at]);
        panic!(
            "{relative}: python-statemachine reached other states, ran other actions or \
             scheduled a timeout for another instant on path {at}:\n{steps}\n\
             the interpreter: {ours:?}\npython-statemachine: {theirs:?}"
        );
    }
    let steps: usize = expected.iter().map(Vec::len).sum();
    let actions: usize = expected.iter().flatten().map(|(_, a, _)| a.len()).sum();
    let expiries = expected.iter().flatten().filter(|r| r.2.is_u64()).count();
    Replayed {
        paths: paths_count,
        cut,
        scenarios: expected.len() - paths_count,
        steps,
        actions,
        expiries,
        automatic,
    }
}
