//! How the reader words a mapping and the help of its findings: what a section is, what lacks
//! a key, how to add a required key, and how to write a name or a list of names.

use crate::ast::Section;

/// How to write a name or a list of names for `key`, with examples of the names it takes.
pub(super) fn names_help(key: &str) -> String {
    let (one, list, more) = match key {
        "on" | "reset_by" => ("an event", "`MarkShipping`", "`[Cancel, Expire]`"),
        "guard" => (
            "a guard",
            "`paid`",
            "`[paid, in_stock]`, all of which must hold; for one guard or another, write one \
             transition per guard: they are tried in order",
        ),
        "entry" | "exit" | "actions" => ("an action", "`send_fin`", "`[stop_timer, send_fin]`"),
        "wire" => ("a wire name", "`closed`", "`[closed, CLOSED]`"),
        "from" | "except" | "in" | "states" | "resume_to" => {
            ("a state", "`Shipping`", "`[Creating, Shipping]`")
        }
        _ => ("a name", "`Shipping`", "`[Creating, Shipping]`"),
    };
    format!("write {one} ({list}), or a list of them ({more})")
}

/// What a mapping of this section is, in words.
pub(super) fn describe(section: Section) -> &'static str {
    match section {
        Section::Spec => "the spec",
        Section::State => "a state",
        Section::Event => "an event",
        Section::Guard => "a guard",
        Section::Action => "an action",
        Section::Duration => "a duration",
        Section::Transition => "a transition",
        Section::Timeout => "a timeout",
        Section::Timer => "a timer under `timers:`",
        Section::Fault => "the `fault:` section",
        Section::Incident => "an incident",
        Section::IncidentTransition => "an incident's `transition:`",
        Section::History => "a history state",
    }
}

/// What lacks a key: the mapping of `section`, named by the key it is the value of where
/// that is its name (an incident).
pub(super) fn lacking(section: Section, name: Option<&str>) -> String {
    match (section, name) {
        (Section::Incident, Some(name)) => format!("incident `{name}`"),
        (Section::Incident, None) => "this incident".into(),
        (Section::Transition, _) => "this transition".into(),
        (Section::Timeout, _) => "this timeout".into(),
        (Section::Timer, _) => "this timer".into(),
        (Section::IncidentTransition, _) => "this incident's `transition:`".into(),
        (section, _) => describe(section).into(),
    }
}

/// How to add the required key `field`, with an example.
pub(super) fn help_for_missing(field: &str) -> String {
    match field {
        "machine" => "add `machine: Name`, the machine's name in UpperCamelCase".into(),
        "initial" => "add `initial: State`, the state the lifecycle starts in".into(),
        "states" => {
            "add a `states:` mapping, e.g. `states: { Open: {}, Closed: { final: true } }`".into()
        }
        "from" => {
            "add `from: State`, a list `from: [A, B]`, or `from: \"*\"` for every non-final state"
                .into()
        }
        "on" => "add `on: Event`, the event that fires it".into(),
        "to" => "add `to: State`".into(),
        "after" => "add `after: 14d`: a whole number and a unit, `s`, `m`, `h`, `d` or `w`".into(),
        "state" => "add `state: Faulted`, the fault state declared under `states:`".into(),
        "resume" => "add `resume: Event`, the event that leaves the fault state".into(),
        "event" => "add `event: ...`, what happened".into(),
        "resolution" => "add `resolution: ...`, how the incident is resolved".into(),
        "name" => "add `name: Timer`, the timer's name in UpperCamelCase".into(),
        other => format!("add the required key `{other}:`"),
    }
}
