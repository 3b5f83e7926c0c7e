//! Trace coverage (`machine coverage SPEC TRACE`): which states, transitions and timeouts a
//! recorded trace exercised, and which it did not.
//!
//! A trace is a sequence of [`Observation`]s, each of one object (a job, a drive): the state it
//! was seen in, and the event (or the expired timeout) that brought it there, when known. Each
//! object's observations are replayed on the interpreter: an observation with an event is
//! matched against every step that event can make from the object's configuration (each
//! candidate, with the guard values that make it fire, and resolutions of the fault state), and
//! the step that lands in the observed state is what was exercised. An observation without an
//! event (a first sighting, or a poll that saw a jump) marks only its state. An observation the
//! spec cannot explain is a [`Problem`], and the object is taken to be where it was seen.

use std::collections::HashMap;

use crate::script::lookup;
use machine_core::model::{Model, StateId};
use machine_core::paths::{self, Item};
use machine_core::semantics::{self, Config, Input};

/// One line of a trace, as read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observation {
    /// The 1-based line of the trace it comes from.
    pub line: usize,
    /// Which object it is about (one trace may follow several); empty for a single object.
    pub object: String,
    /// The state the object was seen in (its spec name or wire name).
    pub state: String,
    /// The event that brought it there, if known (its spec name or wire name).
    pub event: Option<String>,
    /// The index of the timer of the previous state that expired and brought it there: its
    /// timeouts first, then the timers that span several states whose set holds it.
    pub timeout: Option<usize>,
}

/// An observation the spec cannot explain.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The 1-based line of the trace.
    pub line: usize,
    /// What is wrong, and what the replay did about it.
    pub message: String,
}

/// What a trace exercised.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    /// For each state (by index), whether the trace saw an object in it.
    pub states: Vec<bool>,
    /// Every item of the model ([`paths::items`]) and whether a step of the trace covered it.
    pub items: Vec<(Item, bool)>,
    /// Observations the spec cannot explain.
    pub problems: Vec<Problem>,
    /// How many observations were replayed.
    pub observations: usize,
    /// How many objects the trace follows.
    pub objects: usize,
}

impl Coverage {
    /// The names of the states the trace saw (`seen`), or did not.
    pub fn state_names<'m>(&self, model: &'m Model, seen: bool) -> Vec<&'m str> {
        model
            .states
            .iter()
            .zip(&self.states)
            .filter(|&(_, &s)| s == seen)
            .map(|(s, _)| s.name.spec.as_str())
            .collect()
    }

    /// The labels of the transitions and timeouts the trace covered (`covered`), or did not.
    pub fn item_labels(&self, model: &Model, covered: bool) -> Vec<String> {
        self.items
            .iter()
            .filter(|&&(_, c)| c == covered)
            .map(|&(i, _)| machine_core::words::item(model, i))
            .collect()
    }

    /// What the trace exercised, as the diagram draws it.
    pub fn drawn(&self) -> machine_render::dot::Coverage<'_> {
        machine_render::dot::Coverage {
            states: &self.states,
            items: &self.items,
        }
    }
}

/// Replays `trace` on `model`'s interpreter.
pub fn coverage(model: &Model, trace: &[Observation]) -> Coverage {
    let all = paths::items(model);
    let mut covered = vec![false; all.len()];
    let mut states = vec![false; model.states.len()];
    let mut problems = Vec::new();
    let mut objects: HashMap<&str, Option<Config>> = HashMap::new();
    for observation in trace {
        let config = objects.entry(observation.object.as_str()).or_insert(None);
        let problem = |message: String| Problem {
            line: observation.line,
            message,
        };
        let state = match find_state(model, &observation.state) {
            Ok(state) => state,
            Err(message) => {
                problems.push(problem(message));
                *config = None;
                continue;
            }
        };
        // The object is in the state it reports and in every state around it; a compound
        // state it reports is entered down to its initial state (rule S17) until a step says
        // where inside it the object is.
        for around in model.self_and_ancestors(state) {
            states[around.index()] = true;
        }
        let seen = Config::polled(model, state);
        let Some(before) = config.take() else {
            if observation.event.is_some() || observation.timeout.is_some() {
                problems.push(problem(format!(
                    "the first line of {} has an event or timeout, but no state before it to \
                     leave; counted as a sighting of `{}`",
                    object_name(&observation.object),
                    observation.state
                )));
            }
            *config = Some(seen);
            continue;
        };
        let (what, inputs) = match (&observation.event, observation.timeout) {
            (None, None) => {
                // A sighting: the object may have moved unobserved; keep the history if it
                // did not.
                *config = Some(if before.is_in(model, state) {
                    before
                } else {
                    seen
                });
                continue;
            }
            (Some(_), Some(_)) => {
                problems.push(problem(
                    "a line has an event or a timeout, not both; counted as a sighting".into(),
                ));
                *config = Some(seen);
                continue;
            }
            (None, Some(index)) => (
                format!("the expiry of timeout {index}"),
                model
                    .timers_in_all(&before.atoms)
                    .into_iter()
                    .nth(index)
                    .map(|(timer, _)| (Input::Expire(timer), Vec::new()))
                    .into_iter()
                    .collect::<Vec<_>>(),
            ),
            (Some(name), None) => match find_event(model, name) {
                Ok(event) => {
                    let resume = model.fault.as_ref().is_some_and(|f| f.resume == event);
                    let inputs = paths::inputs(model, &before)
                        .into_iter()
                        .filter(|(input, _)| {
                            *input == Input::Event(event)
                                || resume && matches!(input, Input::ResumeTo(_))
                        })
                        .collect();
                    (format!("event `{name}`"), inputs)
                }
                Err(message) => {
                    problems.push(problem(message));
                    *config = Some(seen);
                    continue;
                }
            },
        };
        let step = inputs
            .iter()
            .filter_map(|(input, values)| paths::apply(model, &before, *input, values))
            .find(|step| step.after.is_in(model, state));
        if let Some(step) = step {
            // The step left the state before it (known exactly once a compound state was
            // entered down to its initial state) and landed in one inside the reported one.
            // The states the input only passed through (rules S20 and S21) were in it too.
            let passed = step
                .passed
                .iter()
                .flat_map(|&s| model.self_and_ancestors(s));
            for around in semantics::active(model, &before.atoms)
                .into_iter()
                .chain(semantics::active(model, &step.after.atoms))
                .chain(passed)
            {
                states[around.index()] = true;
            }
            for item in paths::covered(model, &step) {
                if let Some(index) = all.iter().position(|&i| i == item) {
                    covered[index] = true;
                }
            }
            *config = Some(step.after);
        } else {
            let from = &model.state(before.state(model)).name.spec;
            let ended = if before.ended {
                " (its lifecycle had ended)"
            } else {
                ""
            };
            problems.push(problem(format!(
                "{what} cannot take {} from `{from}`{ended} to `{}` under the spec; counted as \
                 a sighting of `{}`",
                object_name(&observation.object),
                observation.state,
                observation.state
            )));
            *config = Some(seen);
        }
    }
    Coverage {
        states,
        items: all.into_iter().zip(covered).collect(),
        problems,
        observations: trace.len(),
        objects: objects.len(),
    }
}

fn object_name(object: &str) -> String {
    if object.is_empty() {
        "the object".to_owned()
    } else {
        format!("`{object}`")
    }
}

/// A state by its spec name, or else its wire name.
fn find_state(model: &Model, name: &str) -> Result<StateId, String> {
    model
        .states
        .iter()
        .position(|s| s.wire == name)
        .map_or_else(
            || {
                lookup(
                    name,
                    "state",
                    model.states.iter().map(|s| s.name.spec.as_str()),
                )
            },
            Ok,
        )
        .map(StateId::from_index)
}

/// An event by its spec name, or else its wire name.
fn find_event(model: &Model, name: &str) -> Result<machine_core::model::EventId, String> {
    model
        .events
        .iter()
        .position(|e| e.wire == name)
        .map_or_else(
            || {
                lookup(
                    name,
                    "event",
                    model.events.iter().map(|e| e.name.spec.as_str()),
                )
            },
            Ok,
        )
        .map(machine_core::model::EventId::from_index)
}

/// The coverage as text: the figures, then what was and was not exercised, then the problems.
pub fn text(model: &Model, coverage: &Coverage) -> String {
    use std::fmt::Write as _;
    let states = coverage.states.iter().filter(|&&s| s).count();
    let items = coverage.items.iter().filter(|(_, c)| *c).count();
    let mut out = format!(
        "{}: {states} of {} states and {items} of {} {} exercised by {} \
         line{} of {} object{}\n",
        model.name.spec,
        model.states.len(),
        coverage.items.len(),
        machine_core::words::item_kinds(model, false),
        coverage.observations,
        if coverage.observations == 1 { "" } else { "s" },
        coverage.objects,
        if coverage.objects == 1 { "" } else { "s" },
    );
    let owned = |names: Vec<&str>| names.into_iter().map(str::to_owned).collect();
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = writeln!(out, "\n{title}");
            for line in lines {
                let _ = writeln!(out, "  {line}");
            }
        }
    };
    section("States exercised", owned(coverage.state_names(model, true)));
    section(
        "States not exercised",
        owned(coverage.state_names(model, false)),
    );
    section(
        "Transitions and timeouts exercised",
        coverage.item_labels(model, true),
    );
    section(
        "Transitions and timeouts not exercised",
        coverage.item_labels(model, false),
    );
    section(
        "Trace lines the spec cannot explain",
        coverage
            .problems
            .iter()
            .map(|p| format!("line {}: {}", p.line, p.message))
            .collect(),
    );
    out
}
