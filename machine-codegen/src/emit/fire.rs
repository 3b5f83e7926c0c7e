//! What firing one transition does in the arm of an atomic state, for the dispatch of events
//! (`machine.rs`) and the automatic steps (`settle.rs`) alike; and, in a spec with automatic
//! steps, what the code generator knows of those that follow a step of the dispatch.

use std::cell::RefCell;
use std::collections::BTreeSet;

use machine_core::model::{StateId, Target, Transition, Trigger};
use machine_core::semantics::{self, settle::automatic_after};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::accept::Accept;
use super::{clock, fault, history};
use crate::context::Context;
use crate::tokens::index;

/// What firing `t`, the row at `row_index` of `TRANSITIONS`, does in the arm of atomic state
/// `at`: the statements that move the machine and the arm's result, `O::moved(...)`. The
/// dispatch of events and the automatic steps (`settle.rs`) fire transitions alike.
pub fn accept(cx: &Context, at: StateId, row_index: usize, t: &Transition) -> Accept {
    fire(cx, at, row_index, t, None)
}

/// [`accept`] for the dispatch of an event. In a spec with automatic steps, a step whose
/// moves are known here gives `O::moved_then(..., follows)`, with what [`Follows::of`] knows
/// of the automatic steps after it, and `followed` notes it; one whose moves are known only
/// at run time (a return to history) gives `O::moved(...)`, and `Machine::settle` takes them.
pub fn accept_event(
    cx: &Context,
    at: StateId,
    row_index: usize,
    t: &Transition,
    followed: &Followed,
) -> Accept {
    fire(cx, at, row_index, t, cx.automatic.then_some(followed))
}

/// [`accept`], or [`accept_event`] with `followed`.
fn fire(
    cx: &Context,
    at: StateId,
    row_index: usize,
    t: &Transition,
    followed: Option<&Followed>,
) -> Accept {
    let row = index(row_index);
    let plan = cx.plan_argument(Some((at, row_index)));
    match t.target {
        Target::Internal => Accept {
            effect: clock::effect(cx, at, at, &[], t).unwrap_or_default(),
            value: moved(cx, followed, &quote! { from }, &row, plan.as_ref(), at, &[]),
        },
        Target::State(written) => {
            // Rules S16 and S17: where the step leads from `at`, and what it enters.
            let (_, entries) = semantics::moves(cx.model, at, t.from, written);
            let to = cx.model.descend(written);
            let history = fault::remember(cx, at, to);
            let recorded =
                history::record_known(cx, at, semantics::domain(cx.model, t.from, written));
            let state = cx.state(to);
            // A self-transition enters its state again, but writes nothing.
            let write = (to != at).then(|| quote! { self.state = #state; });
            let clock = clock::effect(cx, at, to, &entries, t);
            let state = quote! { #state };
            Accept {
                effect: quote! { #recorded #history #write #clock },
                value: moved(cx, followed, &state, &row, plan.as_ref(), to, &entries),
            }
        }
        Target::History => {
            followed.inspect(|f| f.note(Follows::Settle));
            fault::back(cx, &row)
        }
        Target::Recall(h) => {
            followed.inspect(|f| f.note(Follows::Settle));
            history::accept(cx, at, t, h, &row)
        }
    }
}

/// The result of an arm whose step ends in `to` (written `state`), having entered `entries`:
/// `O::moved(from, state, row, plan)`, or with `followed`, `O::moved_then(..., follows)`.
fn moved(
    cx: &Context,
    followed: Option<&Followed>,
    state: &TokenStream,
    row: &Literal,
    plan: Option<&TokenStream>,
    to: StateId,
    entries: &[StateId],
) -> TokenStream {
    let Some(followed) = followed else {
        return quote! { O::moved(from, #state, #row #plan) };
    };
    let follows = Follows::of(cx, to, entries);
    followed.note(follows);
    let follows = follows.tokens(cx);
    quote! { O::moved_then(from, #state, #row #plan, #follows) }
}

/// What the code generator knows of the automatic steps after a step of the dispatch (rules
/// S20 and S21), from the automatic transitions that can start them
/// (`semantics::settle::automatic_after`); `Machine::step` takes them as it says, and the
/// generated `Follows` has a variant for each that some arm gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Follows {
    /// None: the machine settles at once, whatever the guards.
    Nothing,
    /// At most one eventless step (`Machine::eventless`), after which the machine settles.
    Eventless,
    /// At most one step on the completion of this compound state (`Machine::complete`),
    /// after which the machine settles.
    Completion(StateId),
    /// Known only at run time: `Machine::settle` takes them.
    Settle,
}

impl Follows {
    /// What follows a step that ends in atomic state `at`, having entered `entries`: when
    /// the transitions that can start automatic steps are all eventless, or all on one
    /// completion, and each of them that is tried (rule S3) leads where nothing can follow,
    /// at most one step follows, the first of them whose guards hold.
    pub fn of(cx: &Context, at: StateId, entries: &[StateId]) -> Follows {
        let model = cx.model;
        let first: Vec<&Transition> = automatic_after(model, at, entries)
            .map(|id| model.transition(id))
            .collect();
        let Some(head) = first.first() else {
            return Follows::Nothing;
        };
        let one_kind = first.iter().all(|t| t.trigger == head.trigger);
        let settles = semantics::tried(first.iter(), |t| t.guards.is_empty()).all(|t| {
            let Target::State(written) = t.target else {
                return false;
            };
            let (_, entries) = semantics::moves(model, at, t.from, written);
            automatic_after(model, model.descend(written), &entries)
                .next()
                .is_none()
        });
        match head.trigger {
            Trigger::Always if one_kind && settles => Follows::Eventless,
            Trigger::Done if one_kind && settles => Follows::Completion(head.from),
            _ => Follows::Settle,
        }
    }

    /// `Follows::Completion(State::Running)`: the generated value.
    pub fn tokens(self, cx: &Context) -> TokenStream {
        match self {
            Follows::Nothing => quote! { Follows::Nothing },
            Follows::Eventless => quote! { Follows::Eventless },
            Follows::Completion(compound) => {
                let compound = cx.state(compound);
                quote! { Follows::Completion(#compound) }
            }
            Follows::Settle => quote! { Follows::Settle },
        }
    }
}

/// What the arms of the dispatch gave ([`Follows`]), noted as they are emitted: the
/// generated `Follows` and `Machine::step` have what they need and no more.
#[derive(Default)]
pub struct Followed(RefCell<BTreeSet<Follows>>);

impl Followed {
    /// Notes that an arm gives `follows`.
    pub fn note(&self, follows: Follows) {
        self.0.borrow_mut().insert(follows);
    }

    /// Whether an arm gives what `kind` accepts.
    pub fn gives(&self, kind: impl Fn(Follows) -> bool) -> bool {
        self.0.borrow().iter().any(|&given| kind(given))
    }
}
