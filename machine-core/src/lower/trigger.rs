//! What fires a transition: the events of `on:`, or `always: true` (an eventless transition,
//! rule S21), or `done: true` (the completion of a compound state, rule S20). Exactly one of
//! the three; a completion belongs to a compound state, and an eventless transition must go
//! somewhere.

use crate::ast::TransitionDef;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{State, StateId, Trigger};
use crate::source::Span;
use crate::spanned::Spanned;

/// Where a transition is written, for findings about it as a whole: its first event, or its
/// `always:` or `done:`, or its first source.
pub(super) fn trigger_span(def: &TransitionDef) -> Span {
    def.on
        .iter()
        .map(|on| on.span)
        .chain(def.always.iter().chain(&def.done).map(|b| b.span))
        .chain(def.from.iter().map(|f| f.span))
        .next()
        .unwrap_or(Span::START)
}

/// `always: true` or `done: true`, where written so; `false` is as if absent.
fn set(flag: Option<&Spanned<bool>>) -> Option<Span> {
    flag.filter(|f| f.value).map(|f| f.span)
}

impl super::Lowerer<'_> {
    /// The triggers of one `transitions:` entry, each with where it is written: one per event
    /// of `on:`, or the one `always:` or `done:` gives. A completion is checked against each
    /// source (`from`), which must be a compound state.
    pub(super) fn triggers(
        &mut self,
        def: &TransitionDef,
        from: &[StateId],
        states: &[State],
        at: Span,
    ) -> Vec<(Trigger, Span)> {
        let always = set(def.always.as_ref());
        let done = set(def.done.as_ref());
        let on = def.on.iter().next().map(|on| on.span);
        let written = [on, always, done].iter().flatten().count();
        if written > 1 {
            let second = [always, done].into_iter().flatten().last().unwrap_or(at);
            self.push(
                Diagnostic::new(
                    Code::InvalidTransition,
                    second,
                    "a transition has one trigger",
                )
                .with_label("this is its second")
                .with_help(
                    "keep one of `on: Event`, `always: true` (eventless) and `done: true` \
                         (when `from` completes), and write the others as transitions of their own",
                ),
            );
            return Vec::new();
        }
        if let Some(span) = always {
            return vec![(Trigger::Always, span)];
        }
        if let Some(span) = done {
            for &state in from {
                if !states.iter().any(|s| s.parent == Some(state)) {
                    let name = &states[state.index()].name.spec;
                    self.push(
                        Diagnostic::new(
                            Code::InvalidTransition,
                            span,
                            format!("`{name}` has no states inside it, so it never completes"),
                        )
                        .with_label("a completion transition of a state without `states:`")
                        .with_help(format!(
                            "write `done: true` on the compound state around the final state, \
                             or give `{name}` states with a `final: true` one"
                        )),
                    );
                }
            }
            return vec![(Trigger::Done, span)];
        }
        if on.is_none() {
            self.push(
                // The reader asks for `on:` when neither `always:` nor `done:` is there: it is
                // there and empty (or they are, and `false`).
                Diagnostic::new(Code::InvalidTransition, at, "this transition has no event")
                    .with_label("`on: []` lists no event")
                    .with_help(
                        "write `on: Event`, or a list of events `on: [A, B]` (or `always: true` \
                         to take it as soon as its guards hold)",
                    ),
            );
        }
        self.events(&def.on)
            .into_iter()
            .map(|(event, span)| (Trigger::Event(event), span))
            .collect()
    }

    /// An internal transition that is eventless would be taken again after itself, forever:
    /// it must go somewhere. (A completion may stay: it happens once per completion.)
    pub(super) fn internal_trigger(&mut self, def: &TransitionDef) {
        if let (Some(_), Some(internal)) = (set(def.always.as_ref()), &def.internal) {
            self.push(
                Diagnostic::new(
                    Code::InvalidTransition,
                    internal.span,
                    "an eventless transition cannot be internal",
                )
                .with_label("it would be taken again right after itself, forever")
                .with_help("give it `to: State`, or fire it on an event with `on:`"),
            );
        }
    }
}
