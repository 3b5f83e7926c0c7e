//! Test paths in words (`machine paths`, its JSON, the generated `TEST_PATHS` docs): every
//! step in the script form of `machine run`, so a printed path can be run as it is.

use std::fmt::Write as _;

use crate::model::{Model, Scope};
use crate::paths::{Item, Path, Paths};
use crate::semantics::Input;

/// A step of a path as people and tools read it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct StepText {
    /// `event`, `expire` or `resume`.
    pub kind: &'static str,
    /// The event, the timer (`Creating`, `Pending #2`, a spanning timer's name), or the state
    /// resumed to.
    pub name: String,
    /// For an expiry of a state's timeout: its index in its state (`None` for a timer that
    /// spans several states).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub index: Option<usize>,
    /// The guards asked, by name, and their values.
    pub guards: Vec<(String, bool)>,
    /// The state after the step.
    pub to: String,
    /// Whether the step ended the lifecycle (an `end` timeout): `to` is then the state it
    /// ended in.
    pub ended: bool,
    /// The step in the script form of `machine run` ([`super::input`]):
    /// `MarkShipping[a, !b]`, `expire(Creating)`, `resume(Shipping)`.
    pub text: String,
}

/// A path as people and tools read it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PathText {
    /// The start's name, or its state when starts are not named.
    pub start: String,
    /// The steps.
    pub steps: Vec<StepText>,
    /// The state it ends in.
    pub end: String,
    /// Whether the lifecycle has ended at the end of the path.
    pub ended: bool,
}

/// `path` with names.
pub fn describe(model: &Model, path: &Path) -> PathText {
    let start = &model.starts[path.start];
    let steps = path
        .steps
        .iter()
        .map(|step| {
            let guards: Vec<(String, bool)> = step
                .guards
                .iter()
                .map(|&(g, holds)| (model.guard(g).name.spec.clone(), holds))
                .collect();
            let (kind, name, index) = match step.input {
                Input::Event(e) => ("event", model.event(e).name.spec.clone(), None),
                Input::Expire(timer) => {
                    let timer = model.timer(timer);
                    let index = match timer.scope {
                        Scope::State { index, .. } => Some(index),
                        Scope::Set(_) => None,
                    };
                    ("expire", timer.name.spec.clone(), index)
                }
                Input::ResumeTo(s) => ("resume", super::state(model, s).to_owned(), None),
            };
            StepText {
                kind,
                name,
                index,
                guards,
                to: super::state(model, step.after.state(model)).to_owned(),
                ended: step.after.ended,
                text: super::input(model, step.input, &step.guards),
            }
        })
        .collect();
    PathText {
        start: start.name.as_ref().map_or_else(
            || super::state(model, start.state).to_owned(),
            |n| n.spec.clone(),
        ),
        steps,
        end: super::state(model, path.end(model)).to_owned(),
        ended: path.steps.last().is_some_and(|s| s.after.ended),
    }
}

/// One path on one line: `start Creating: MarkShipping[a, b] -> Shipping, expire(Shipping) ->
/// ended in Shipping`.
fn line(model: &Model, path: &Path) -> String {
    let d = describe(model, path);
    let steps: Vec<String> = d
        .steps
        .iter()
        .map(|s| {
            if s.ended {
                format!("{} -> ended in {}", s.text, s.to)
            } else {
                format!("{} -> {}", s.text, s.to)
            }
        })
        .collect();
    if steps.is_empty() {
        format!("start {}", d.start)
    } else {
        format!("start {}: {}", d.start, steps.join(", "))
    }
}

/// What the items of `model` ([`crate::paths::items`]) are, in words: `transitions and
/// timeouts`, and `returns by history` in a spec with history states; one of each with
/// `one`.
pub fn item_kinds(model: &Model, one: bool) -> &'static str {
    match (model.histories.is_empty(), one) {
        (true, false) => "transitions and timeouts",
        (true, true) => "transition and timeout",
        (false, false) => "transitions, timeouts and returns by history",
        (false, true) => "transition, timeout and return by history",
    }
}

/// The paths as text: the figures, the shortest path to each state, then the covering paths.
pub fn paths_text(model: &Model, paths: &Paths) -> String {
    let reached = paths.to_state.iter().filter(|p| p.is_some()).count();
    let mut out = format!(
        "{}: {reached} of {} states reached, {} of {} {} covered by {} path{}\n",
        model.name.spec,
        model.states.len(),
        paths.items.len() - paths.uncovered.len(),
        paths.items.len(),
        item_kinds(model, false),
        paths.cover.len(),
        if paths.cover.len() == 1 { "" } else { "s" }
    );
    out.push_str("\nShortest path to each state\n");
    let width = model
        .states
        .iter()
        .map(|s| s.name.spec.chars().count())
        .max()
        .unwrap_or(0);
    for (state, path) in model.states.iter().zip(&paths.to_state) {
        let text = path
            .as_ref()
            .map_or_else(|| "unreachable".to_owned(), |p| line(model, p));
        let _ = writeln!(out, "  {:<width$}  {text}", state.name.spec);
    }
    let _ = writeln!(out, "\nPaths that cover every {}", item_kinds(model, true));
    for (index, path) in paths.cover.iter().enumerate() {
        let _ = writeln!(out, "  {:>3}. {}", index + 1, line(model, path));
    }
    if !paths.uncovered.is_empty() {
        out.push_str("\nNot covered (no input sequence from a start gets there)\n");
        for uncovered in &paths.uncovered {
            let _ = writeln!(out, "  {}", item(model, *uncovered));
        }
    }
    out
}

/// What a path covers, in words: `Creating --MarkShipping [a, b]--> Shipping` for a
/// transition, `` `Creating` after 14d `` for a timer, `back by Resume, the deep history of
/// Open` for a return by a history state.
pub fn item(model: &Model, item: Item) -> String {
    match item {
        Item::Transition(id) => {
            let t = model.transition(id);
            format!(
                "{} --{}--> {}",
                super::state(model, t.from),
                super::transition_label(model, id),
                super::target(model, t.target)
            )
        }
        Item::Timer(timer) => super::timer_title(model, timer),
        Item::Recalled(h) => format!("back by {}", super::history(model, h)),
    }
}
