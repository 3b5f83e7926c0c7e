//! Emits the dispatch of events: the transition table (`Target`, `Origin`, `Transition`,
//! `TRANSITIONS` grouped by source state, for introspection), the `match (state, event)` that
//! `select` (the transition an event fires in a state) and `Machine::step` (`machine.rs`) are
//! compiled to, after the table of the pairs that need no code (`cells.rs`), and why an event
//! is refused (`Refusal`, `TransitionError`).

use machine_core::model::{Expiry, GuardId, Origin, StateId, Target, Transition, Trigger};
use machine_core::semantics::{self, Refusal};
use proc_macro2::TokenStream;
use quote::quote;

use super::accept::Accept;
use super::arms::{SharedArms, braced};
use super::cells::Cells;
use super::chain::chain;
use super::grouped::Grouped;
use crate::context::Context;
use crate::tokens::{derives, doc, string, words_of};

/// `Target`, `Origin`, `Transition`, `TRANSITIONS` and `TRANSITION_STARTS`.
pub fn table(cx: &Context) -> TokenStream {
    let model = cx.model;
    // Grouped by source state; within a state, in try order.
    let table = Grouped::transitions(model);
    let starts = table.starts();
    let rows = table.rows.iter().map(|&(_, t)| transition(cx, t));
    let history = cx.has_fault.then(|| {
        quote! {
            /// Back to the state the fault state was entered from (see [`Machine`]).
            History,
        }
    });
    let recall = (!cx.model.histories.is_empty()).then(|| {
        quote! {
            /// To a history state of the compound state `state` (rule S19): back to where
            /// the machine was inside it when it last left it ([`Machine::remembered`]): the
            /// atomic state (`deep`), or the state directly inside `state` that held it,
            /// entered down to its initial state. When it never left it, to `default` (down
            /// to its initial state).
            Recall {
                /// The compound state whose history it is.
                state: State,
                /// Whether it goes back to the atomic state itself.
                deep: bool,
                /// Where it goes when `state` was never left.
                default: State,
            },
        }
    });
    let incident = cx.has_incidents.then(|| {
        quote! {
            /// The resolution of an incident (a row of the error table).
            Incident(Incident),
        }
    });
    let fault = cx.has_fault.then(|| {
        quote! {
            /// Entering the fault state.
            FaultEntry,
            /// Leaving the fault state.
            FaultExit,
        }
    });
    let guard_field = cx.has_guards.then(|| {
        quote! {
            /// The guards it asks, in the order asked, each with the answer it needs: `true`
            /// when the guard must hold, `false` when it must not (`!name` in the spec).
            pub guards: &'static [(Guard, bool)],
        }
    });
    let resets_field = cx.has_restarts.then(|| {
        quote! {
            /// The timers it restarts where they run, besides those entering a state restarts:
            /// those its `restarts:` names, or the timers whose `reset_by` lists its event.
            pub resets: &'static [Timer],
        }
    });
    let domain_field = cx.nested.then(|| {
        quote! {
            /// The innermost state around both its source and its target, which a step by it
            /// stays inside (rule S16): it leaves the states inside and enters others there;
            /// `None` for the lifecycle itself (and for an internal transition, which leaves
            /// nothing).
            pub domain: ::core::option::Option<State>,
        }
    });
    let trigger_field = if cx.automatic {
        quote! {
            /// What fires it: an event, nothing, or the completion of its source.
            pub trigger: Trigger,
        }
    } else {
        quote! {
            /// The event that fires it.
            pub event: Event,
        }
    };
    let trigger = cx.automatic.then(|| {
        let derive = derives();
        quote! {
            /// What fires a [`Transition`].
            #derive
            pub enum Trigger {
                /// This event.
                Event(Event),
                /// Nothing: an eventless transition, taken after a step as soon as its
                /// guards hold (rule S21).
                Always,
                /// The completion of its source, a compound state: a step entered a final
                /// state directly inside it (rule S20).
                Done,
            }

            impl Transition {
                /// The event that fires it; `None` for an eventless or a completion
                /// transition.
                #[must_use]
                pub const fn event(&self) -> ::core::option::Option<Event> {
                    match self.trigger {
                        Trigger::Event(event) => ::core::option::Option::Some(event),
                        Trigger::Always | Trigger::Done => ::core::option::Option::None,
                    }
                }
            }
        }
    });
    let derive = derives();
    let table_doc = doc(&format!(
        "The transition table of the `{}` lifecycle, grouped by source state in [`State::ALL`] \
         order; within a state, in the order the transitions are tried: the spec's, then the \
         incidents' resolutions, then the fault state's entries and exits.",
        cx.machine
    ));
    quote! {
        /// Where a transition goes.
        #derive
        pub enum Target {
            /// To this state. A transition to its own source leaves the state and enters it
            /// again (its timeouts restart).
            State(State),
            /// Nowhere: the event is handled without leaving the state (timeouts go on).
            Internal,
            #history
            #recall
        }

        /// Where a transition comes from in the spec.
        #derive
        pub enum Origin {
            /// Written under `transitions`.
            Spec,
            #incident
            #fault
        }

        /// One row of the transition table.
        #derive
        pub struct Transition {
            /// The source state.
            pub from: State,
            #trigger_field
            /// Where it goes.
            pub target: Target,
            #guard_field
            #resets_field
            #domain_field
            /// Where it comes from in the spec.
            pub origin: Origin,
            /// What it means, from the spec (may be empty).
            pub doc: &'static str,
        }

        #trigger

        #table_doc
        pub const TRANSITIONS: &[Transition] = &[#(#rows),*];

        /// Where each state's rows start in [`TRANSITIONS`] (one more entry than states).
        const TRANSITION_STARTS: &[usize] = &[#(#starts),*];
    }
}

/// One row of `TRANSITIONS`.
fn transition(cx: &Context, t: &Transition) -> TokenStream {
    let from = cx.state(t.from);
    let trigger = match t.trigger {
        Trigger::Event(event) if !cx.automatic => {
            let event = cx.event(event);
            quote! { event: #event }
        }
        Trigger::Event(event) => {
            let event = cx.event(event);
            quote! { trigger: Trigger::Event(#event) }
        }
        Trigger::Always => quote! { trigger: Trigger::Always },
        Trigger::Done => quote! { trigger: Trigger::Done },
    };
    let target = match t.target {
        Target::State(s) => {
            let s = cx.state(s);
            quote! { Target::State(#s) }
        }
        Target::Internal => quote! { Target::Internal },
        Target::History => quote! { Target::History },
        Target::Recall(h) => {
            let h = cx.model.history(h);
            let (state, deep, default) = (cx.state(h.state), h.deep, cx.state(h.default));
            quote! { Target::Recall { state: #state, deep: #deep, default: #default } }
        }
    };
    let origin = match t.origin {
        Origin::Spec => quote! { Origin::Spec },
        Origin::Incident(i) => {
            let v = cx.incident(i);
            quote! { Origin::Incident(#v) }
        }
        Origin::FaultEntry => quote! { Origin::FaultEntry },
        Origin::FaultExit => quote! { Origin::FaultExit },
    };
    let guards = cx.has_guards.then(|| {
        let list = t.guards.iter().map(|&g| cx.guard_test(g));
        quote! { guards: &[#(#list),*], }
    });
    let resets = cx.has_restarts.then(|| {
        let list = cx
            .model
            .timers_with_ids()
            .filter(|&(timer, _)| semantics::resets(cx.model, t, timer))
            .map(|(timer, _)| cx.timer(timer));
        quote! { resets: &[#(#list),*], }
    });
    let domain = cx.nested.then(|| {
        let domain = match t.target {
            Target::State(written) => semantics::domain(cx.model, t.from, written),
            Target::Recall(h) => {
                semantics::history::recall_domain(cx.model, t.from, cx.model.history(h).state)
            }
            // The return to history leaves the fault state, at the top level.
            Target::History | Target::Internal => None,
        };
        let domain = cx.state_option(domain);
        quote! { domain: #domain, }
    });
    let doc = string(&t.doc);
    quote! {
        Transition { from: #from, #trigger, target: #target, #guards #resets #domain origin: #origin, doc: #doc }
    }
}

/// The dispatch of rules S2 and S3 as code: a `match (state, event)` with one arm per pair
/// that has candidates, asking guards lazily in the order the candidates are tried and
/// giving the first that holds to `accept` (with its row in `TRANSITIONS`); a refusal
/// (`O::refused`) names the first guard that failed on the first candidate. The state is in
/// the variable `from`.
/// Candidates after an unguarded one are never tried, so they get no code.
///
/// Once the lifecycle has ended (rule S9) every input is refused. Only a state with an `end`
/// timer can be where it ended, so only its arms, and the arm of the pairs without
/// candidates, ask `self.ended`: the other inputs pay nothing for it.
///
/// In a nested spec the machine is always in a state without children: only those get
/// arms, each over the candidates of rule S16 (its own rows, then those of the states around
/// it, outwards). `accept` is told the state of the arm.
///
/// With `cells`, the pairs the table can settle (`cells.rs`) get a cell in place of an arm,
/// and the table is read before the `match`.
pub fn dispatch(
    cx: &Context,
    mut cells: Option<&mut Cells>,
    accept: impl Fn(StateId, usize, &Transition) -> Accept,
) -> TokenStream {
    let model = cx.model;
    let refuse = |refusal: TokenStream| quote! { O::refused(from, event, #refusal) };
    let ended = refuse(quote! { Refusal::Ended });
    // Which states have an `end` timer running in them (their own or a spanning one's), in
    // one pass over the timers.
    let mut ends_in = vec![false; model.states.len()];
    for timer in &model.timers {
        if matches!(timer.timeout.expiry, Expiry::End(_)) {
            for state in timer.states() {
                ends_in[state.index()] = true;
            }
        }
    }
    let can_end = |state: StateId| ends_in[state.index()];
    let none = if ends_in.contains(&true) {
        let none = refuse(quote! { Refusal::NoTransition });
        quote! { if self.ended { #ended } else { #none } }
    } else {
        refuse(quote! { Refusal::NoTransition })
    };
    let table = Grouped::transitions(model);
    // The arms are built by moving token streams into one another (`extend`, `braced`): a
    // stream interpolated by `quote!` is copied token by token, and with 10,000 arms those
    // copies were most of the expansion time.
    let mut arms = TokenStream::new();
    let mut shared = SharedArms::default();
    let mut rows: Vec<(usize, &Transition)> = Vec::new();
    for state in model.state_ids().filter(|&s| !model.is_compound(s)) {
        // Rule S16's candidates of every event, with their rows: the state's own rows in try
        // order, then those of the states around it. Grouped by event once (a stable sort
        // keeps the try order within an event).
        rows.clear();
        for around in model.self_and_ancestors(state) {
            let of_events = table
                .rows_of(around)
                .filter(|&row| table.rows[row].1.event().is_some());
            rows.extend(of_events.map(|row| (row, table.rows[row].1)));
        }
        rows.sort_by_key(|&(_, t)| t.trigger);
        let pattern_state = cx.state(state);
        let check_ended = can_end(state).then(|| quote! { if self.ended { return #ended; } });
        for candidates in rows.chunk_by(|a, b| a.1.trigger == b.1.trigger) {
            let first = candidates[0].1;
            let Some(event) = first.event() else {
                continue;
            };
            if let Some(cells) = cells.as_deref_mut()
                && cells.settle(cx, state, first)
            {
                continue;
            }
            let pattern_event = cx.event(event);
            let mut body = check_ended.clone().unwrap_or_default();
            body.extend(chain(cx, state, candidates, &accept, &refuse, true));
            if cx.nested {
                shared.add(&pattern_event, pattern_state, body);
            } else {
                arms.extend(quote! { (#pattern_state, #pattern_event) => });
                arms.extend([braced(body)]);
            }
        }
    }
    shared.extend_arms(&mut arms, true);
    if model.events.is_empty() {
        // `Event` is uninhabited: this function is never called.
        return quote! { let _ = from; match event {} };
    }
    let mut out = if cells.is_some() {
        super::cells::path(cx, ends_in.contains(&true))
    } else {
        TokenStream::new()
    };
    if arms.is_empty() {
        out.extend(none);
        return out;
    }
    arms.extend(quote! { _ => #none, });
    out.extend(quote! { match (from, event) });
    out.extend([braced(arms)]);
    out
}

/// `select`: `Machine::step` on a scratch machine in `state`, which keeps the tokens of the
/// dispatch to one `match`. Its history is set to `state` (any value does): only the return
/// to history reads it, and `select` wants that row, not where it goes.
pub fn select(cx: &Context) -> TokenStream {
    let history = cx
        .has_fault
        .then(|| quote! { machine.faulted_from = ::core::option::Option::Some(state); });
    let applies = if cx.has_fault {
        quote! {
            /// all hold. This is the lifecycle's rule without memory; [`Machine`] applies it (and
            /// resolves [`Target::History`]).
        }
    } else {
        quote! {
            /// all hold. This is the lifecycle's rule without memory; [`Machine`] applies it.
        }
    };
    // With automatic steps (rules S20 and S21), the transition the event fires is the
    // dispatch's alone: `select` takes none of the steps that follow it.
    let stepped = if cx.automatic {
        quote! { let step: ::core::result::Result<Step, TransitionError> = machine.dispatch(event, guards); let step = step?; }
    } else {
        quote! { let step = machine.step(event, guards)?; }
    };
    quote! {
        /// The transition `event` fires in `state`: the first, in table order, whose guards
        #applies
        ///
        /// # Errors
        ///
        /// [`Refusal::NoTransition`] when `state` has no transition on `event`, or the guard
        /// that failed first on the first transition tried, when no transition's guards all
        /// hold.
        #[inline]
        pub fn select<G: Guards + ?::core::marker::Sized>(
            state: State,
            event: Event,
            guards: &G,
        ) -> ::core::result::Result<&'static Transition, TransitionError> {
            let mut machine = Machine::at(state);
            #history
            #stepped
            step.transition().ok_or(TransitionError { state, event, refusal: Refusal::NoTransition })
        }
    }
}

/// `Refusal` and `TransitionError`. `Refusal`'s `Display` writes the words of
/// `machine_core::words::refusal`, as `machine run` does.
pub fn refusal(cx: &Context) -> TokenStream {
    let guard_words = words_of(Refusal::GuardFailed(GuardId(0)));
    let holds_words = words_of(Refusal::GuardHolds(GuardId(0)));
    let unknown_history = words_of(Refusal::UnknownHistory);
    let cannot_resume_to = words_of(Refusal::CannotResumeTo(StateId(0)));
    let no_transition = words_of(Refusal::NoTransition);
    let guard_failed = cx.has_guards.then(|| {
        let holds = cx.has_negated_guards.then(|| {
            (
                quote! {
                    /// The guard that held, where the first test that failed (on the first
                    /// transition tried, or of the timer that expired) asks it not to
                    /// (`!name` in the spec).
                    GuardHolds(Guard),
                },
                quote! {
                    Refusal::GuardHolds(guard) => ::core::write!(f, #holds_words, guard.name()),
                },
            )
        });
        let (holds_variant, holds_arm) = holds.unzip();
        (
            quote! {
                /// The guard that failed first on the first transition tried.
                GuardFailed(Guard),
                #holds_variant
            },
            quote! {
                Refusal::GuardFailed(guard) => ::core::write!(f, #guard_words, guard.name()),
                #holds_arm
            },
        )
    });
    let fault = cx.has_fault.then(|| {
        (
            quote! {
                /// The transition returns to the state the fault state was entered from, and the
                /// machine does not know it (it was created with [`Machine::at`]).
                UnknownHistory,
                /// [`Machine::resume_to`] was asked for a state the fault state cannot resume to.
                CannotResumeTo(State),
            },
            quote! {
                Refusal::UnknownHistory => f.write_str(#unknown_history),
                Refusal::CannotResumeTo(to) => ::core::write!(f, #cannot_resume_to, to.name()),
            },
        )
    });
    let unsettled = cx.automatic.then(|| {
        let words = words_of(Refusal::Unsettled);
        (
            quote! {
                /// The input led to more automatic steps than [`SETTLE_BOUND`] (rule S21): the
                /// machine would not settle.
                Unsettled,
            },
            quote! { Refusal::Unsettled => f.write_str(#words), },
        )
    });
    let (unsettled_variant, unsettled_arm) = unsettled.unzip();
    let (guard_variant, guard_arm) = guard_failed.unzip();
    let (fault_variants, fault_arms) = fault.unzip();
    let (timeout_variants, timeout_arms) = super::expiry::refusals(cx).unzip();
    let derive = derives();
    quote! {
        /// Why an input (an event, a resolution or an expiry) was refused; the machine stays where it was.
        #derive
        pub enum Refusal {
            /// The state has no transition on the event.
            NoTransition,
            #guard_variant
            #fault_variants
            #timeout_variants
            #unsettled_variant
        }

        impl ::core::fmt::Display for Refusal {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match *self {
                    Refusal::NoTransition => f.write_str(#no_transition),
                    #guard_arm
                    #fault_arms
                    #timeout_arms
                    #unsettled_arm
                }
            }
        }

        /// An event the lifecycle refused: in which state, which event, and why.
        #derive
        pub struct TransitionError {
            /// The state the machine was (and stays) in.
            pub state: State,
            /// The refused event.
            pub event: Event,
            /// Why.
            pub refusal: Refusal,
        }

        impl ::core::fmt::Display for TransitionError {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::write!(
                    f,
                    "{} refused event `{}` in state `{}`: {}",
                    NAME,
                    self.event.name(),
                    self.state.name(),
                    self.refusal
                )
            }
        }

        impl ::core::error::Error for TransitionError {}
    }
}
