//! Emits the automatic steps of a spec with eventless or completion transitions (rules S20
//! and S21, `machine_core::semantics::settle`): after the step of an input, `Machine::settle`
//! takes the eventless transitions of the current state (`Machine::eventless`, compiled like
//! the dispatch of an event) and the completions pending (`Machine::complete`), until none is
//! enabled, and records them in the input's `Step` (`Step::then`). Nothing here allocates: the
//! steps and the pending completions live in arrays of [`settle_bound`] entries, the bound past
//! which the input is refused (`Refusal::Unsettled`) and the machine put back as it was.
//! `Machine::step` calls `settle` only after the steps of the dispatch whose automatic steps
//! the code generator could not tell (`fire::Follows`): most settle at once, and after some
//! at most one eventless or completion step can follow, which it takes without the loop.
//!
//! [`settle_bound`]: machine_core::semantics::settle_bound

use machine_core::model::{StateId, Transition, Trigger};
use machine_core::semantics;
use proc_macro2::TokenStream;
use quote::quote;

use super::arms::SharedArms;
use super::chain::chain;
use super::fire::{Followed, Follows, accept};
use super::grouped::Grouped;
use crate::context::Context;
use crate::tokens::{derives, index};

/// Whether some automatic transition asks a guard: `settle` and what calls it then take the
/// caller's `Guards`.
pub fn asks(cx: &Context) -> bool {
    cx.model
        .transitions
        .iter()
        .any(|t| t.trigger.is_automatic() && !t.guards.is_empty())
}

/// The arm bodies of `trigger`'s candidates in atomic state `at`, tried in order: each taken
/// one moves the machine and gives `Some(Micro)`; none taken gives `None`.
fn body(cx: &Context, at: StateId, candidates: &[(usize, &Transition)]) -> TokenStream {
    let none = |_: TokenStream| quote! { ::core::option::Option::None };
    chain(
        cx,
        at,
        candidates,
        &|at, row, t| accept(cx, at, row, t),
        &none,
        false,
    )
}

/// `Micro`, `SETTLE_BOUND`, and what `Step` gains: `then`, `settled`.
pub fn items(cx: &Context) -> Option<TokenStream> {
    if !cx.automatic {
        return None;
    }
    let bound = index(semantics::settle_bound(cx.model));
    let derive = derives();
    let (plan_field, plan_param, plan_copy) = if cx.nested {
        (
            quote! { plan: u16, },
            quote! { , plan: u16 },
            quote! { plan: self.plan, },
        )
    } else {
        (TokenStream::new(), TokenStream::new(), TokenStream::new())
    };
    let plan_value = cx.nested.then(|| quote! { plan, });
    // The row of the transition, as small as the table allows.
    let row_type = if u16::try_from(cx.model.transitions.len()).is_ok() {
        quote! { u16 }
    } else {
        quote! { u32 }
    };
    // The final states directly inside each compound state, one arm per compound state.
    let mut by_parent: Vec<(StateId, Vec<StateId>)> = Vec::new();
    for s in cx.model.state_ids() {
        let state = cx.model.state(s);
        if let Some(parent) = state.parent.filter(|_| state.is_final) {
            match by_parent.iter_mut().find(|(p, _)| *p == parent) {
                Some((_, finals)) => finals.push(s),
                None => by_parent.push((parent, vec![s])),
            }
        }
    }
    let finals = by_parent
        .iter()
        .map(|(parent, finals)| {
            let finals = finals.iter().map(|&f| cx.state(f));
            let parent = cx.state(*parent);
            quote! { #(#finals)|* => ::core::option::Option::Some(#parent), }
        })
        .collect::<TokenStream>();
    // A spec without final states inside compound states completes nothing.
    let completes = (!finals.is_empty()).then(|| {
        quote! {
            /// Rule S20: the compound state a step to `to` completes, when it entered `to`, a
            /// final state directly inside one.
            #[inline]
            const fn completed_by(to: State, entered: bool) -> ::core::option::Option<State> {
                if !entered {
                    return ::core::option::Option::None;
                }
                match to {
                    #finals
                    _ => ::core::option::Option::None,
                }
            }

            impl Step {
                /// Rule S20: the compound state this step completes.
                #[inline]
                fn completes(&self) -> ::core::option::Option<State> {
                    completed_by(self.to, self.entered())
                }
            }

            impl Micro {
                /// Rule S20: the compound state this automatic step completes.
                #[inline]
                fn completes(self) -> ::core::option::Option<State> {
                    completed_by(self.to, !::core::matches!(self.transition().target, Target::Internal))
                }
            }
        }
    });
    Some(quote! {
        /// The most automatic steps (eventless transitions and completions) one input may lead
        /// to (rule S21): the longest chain of them, or, when they can come back to a state,
        /// twice the spec's automatic transitions and one more. An input that would take more
        /// is refused with [`Refusal::Unsettled`].
        pub const SETTLE_BOUND: usize = #bound;

        /// One automatic step of an input, kept in its [`Step`] ([`Step::then`]): the row of
        /// its transition in [`TRANSITIONS`].
        #derive
        struct Micro {
            from: State,
            to: State,
            row: #row_type,
            #plan_field
        }

        /// No automatic step yet.
        const NO_THEN: [::core::option::Option<Micro>; SETTLE_BOUND] = [::core::option::Option::None; SETTLE_BOUND];

        impl Micro {
            /// Its transition.
            #[inline]
            const fn transition(self) -> &'static Transition {
                &TRANSITIONS[self.row as usize]
            }

            /// The step, as [`Step::then`] gives it.
            #[inline]
            const fn step(self) -> Step {
                Step { from: self.from, to: self.to, cause: Cause::Transition(self.transition()), #plan_copy then: NO_THEN }
            }
        }

        #completes

        impl Outcome for ::core::option::Option<Micro> {
            #[inline]
            #[allow(clippy::cast_possible_truncation, reason = "the rows of `TRANSITIONS` fit the type the code was generated with")]
            fn moved(from: State, to: State, row: usize #plan_param) -> Self {
                ::core::option::Option::Some(Micro { from, to, row: row as #row_type, #plan_value })
            }

            #[inline]
            fn refused(_: State, _: Event, _: Refusal) -> Self {
                ::core::option::Option::None
            }
        }

        impl Step {
            /// The automatic steps the input led to after this one (rules S20 and S21), in
            /// the order taken: eventless transitions, and transitions on the completion of
            /// a compound state. [`Step::run`] runs their actions too.
            #[inline]
            pub fn then(&self) -> impl ::core::iter::Iterator<Item = Step> + '_ {
                self.then.iter().map_while(|micro| micro.map(Micro::step))
            }

            /// Where the input left the machine: the `to` of the last automatic step, or
            /// [`Step::to`] when there was none.
            #[must_use]
            #[inline]
            pub fn settled(&self) -> State {
                self.then
                    .iter()
                    .map_while(|micro| micro.map(|m| m.to))
                    .last()
                    .unwrap_or(self.to)
            }
        }
    })
}

/// `Machine::settle`, `Machine::eventless` and `Machine::complete`.
pub fn machine_items(cx: &Context) -> Option<TokenStream> {
    if !cx.automatic {
        return None;
    }
    let model = cx.model;
    let table = Grouped::transitions(model);
    let rows_of = |state: StateId, trigger: Trigger| -> Vec<(usize, &Transition)> {
        table
            .rows_of(state)
            .map(|row| (row, table.rows[row].1))
            .filter(|(_, t)| t.trigger == trigger)
            .collect()
    };
    let mut eventless = SharedArms::default();
    for atom in model.state_ids().filter(|&s| !model.is_compound(s)) {
        let candidates: Vec<(usize, &Transition)> = model
            .self_and_ancestors(atom)
            .flat_map(|around| rows_of(around, Trigger::Always))
            .collect();
        if !candidates.is_empty() {
            eventless.add(
                &TokenStream::new(),
                cx.state(atom),
                body(cx, atom, &candidates),
            );
        }
    }
    // One arm per compound state and body, its states joined.
    let mut completions = SharedArms::default();
    for compound in model.state_ids() {
        let candidates = rows_of(compound, Trigger::Done);
        let c = cx.state(compound);
        for atom in model
            .atoms_within(compound)
            .filter(|_| !candidates.is_empty())
        {
            completions.add(&c, cx.state(atom), body(cx, atom, &candidates));
        }
    }
    // Each function takes the caller's `Guards` when its transitions ask any.
    let reads = |trigger: Trigger| {
        model
            .transitions
            .iter()
            .any(|t| t.trigger == trigger && !t.guards.is_empty())
    };
    let guarded = |takes: bool| {
        if takes {
            (
                quote! { <G: Guards + ?::core::marker::Sized> },
                quote! { , guards: &G },
                quote! { guards },
            )
        } else {
            (TokenStream::new(), TokenStream::new(), TokenStream::new())
        }
    };
    let asks = asks(cx);
    let (generics, param, _) = guarded(asks);
    let (eventless_generics, eventless_param, eventless_arg) = guarded(reads(Trigger::Always));
    let (complete_generics, complete_param, complete_arg) = guarded(reads(Trigger::Done));
    let has_eventless = !eventless.is_empty();
    let has_complete = !completions.is_empty();
    let take_completion = quote! {
        let mut found = ::core::option::Option::None;
        while found.is_none() && next < queued {
            if let ::core::option::Option::Some(&::core::option::Option::Some(done)) = pending.get(next) {
                found = self.complete(done, #complete_arg);
            }
            next += 1;
        }
    };
    let take = match (has_eventless, has_complete) {
        (true, true) => quote! {
            let micro = if let ::core::option::Option::Some(micro) = self.eventless(#eventless_arg) {
                micro
            } else {
                #take_completion
                let ::core::option::Option::Some(micro) = found else { break; };
                micro
            };
        },
        (true, false) => quote! {
            let ::core::option::Option::Some(micro) = self.eventless(#eventless_arg) else { break; };
        },
        _ => quote! {
            #take_completion
            let ::core::option::Option::Some(micro) = found else { break; };
        },
    };
    let bound = index(semantics::settle_bound(model) + 1);
    let (queue, enqueue) = if has_complete {
        (
            quote! {
                // Compound states whose completion is pending, in the order they completed.
                let mut pending = [::core::option::Option::<State>::None; #bound];
                let (mut queued, mut next) = (0, 0);
                if let ::core::option::Option::Some(done) = step.completes() {
                    pending[0] = ::core::option::Option::Some(done);
                    queued = 1;
                }
            },
            quote! {
                if let (::core::option::Option::Some(done), ::core::option::Option::Some(free)) = (micro.completes(), pending.get_mut(queued)) {
                    *free = ::core::option::Option::Some(done);
                    queued += 1;
                }
            },
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let eventless_fn = has_eventless.then(|| {
        let mut arms = TokenStream::new();
        eventless.extend_arms(&mut arms, false);
        quote! {
            /// Rule S21: takes the first eventless transition of the current state (its own,
            /// then those of the states around it) whose guards hold, if any.
            #[allow(clippy::too_many_lines, reason = "one arm per state with eventless transitions")]
            #[inline]
            fn eventless #eventless_generics (&mut self #eventless_param) -> ::core::option::Option<Micro> {
                type O = ::core::option::Option<Micro>;
                let from = self.state;
                match from {
                    #arms
                    _ => ::core::option::Option::None,
                }
            }
        }
    });
    let complete_fn = has_complete.then(|| {
        let mut complete = TokenStream::new();
        completions.extend_arms(&mut complete, true);
        quote! {
            /// Rule S20: takes the first transition on the completion of `compound` whose
            /// guards hold, if the machine is still inside it.
            #[allow(clippy::too_many_lines, reason = "one arm per state inside a completed state")]
            #[inline]
            fn complete #complete_generics (&mut self, compound: State #complete_param) -> ::core::option::Option<Micro> {
                type O = ::core::option::Option<Micro>;
                let from = self.state;
                match (from, compound) {
                    #complete
                    _ => ::core::option::Option::None,
                }
            }
        }
    });
    let ended = cx.has_timeouts.then(|| quote! { if self.ended { break; } });
    // Steps whose moves are known only at run time (an expiry, a resolution, a return to
    // history) settle at once where rules S20 and S21 say so, per state and whether the step
    // entered it: most do.
    let at_once = model.state_ids().map(|s| {
        let at_once = |entries: &[StateId]| {
            semantics::settle::automatic_after(model, s, entries)
                .next()
                .is_none()
        };
        let (left, entered) = (at_once(&[]), at_once(&[s]));
        quote! { [#left, #entered] }
    });
    let count = index(model.states.len());
    let quiet = quote! {
        /// Whether a step that ends in each state, in [`State::ALL`] order, settles at
        /// once: when it did not enter it, and when it did.
        const SETTLES_AT_ONCE: [[bool; 2]; #count] = [#(#at_once),*];
        if SETTLES_AT_ONCE[self.state as usize][usize::from(step.entered())] {
            return ::core::result::Result::Ok(step);
        }
    };
    let record = quote! {
        let ::core::option::Option::Some(slot) = step.then.get_mut(taken) else {
            return ::core::result::Result::Err(Refusal::Unsettled);
        };
        *slot = ::core::option::Option::Some(micro);
        taken += 1;
        #enqueue
    };
    // With eventless transitions alone and no end of the lifecycle, a `while let`.
    let looped = if has_eventless && !has_complete && ended.is_none() {
        quote! {
            while let ::core::option::Option::Some(micro) = self.eventless(#eventless_arg) {
                #record
            }
        }
    } else {
        quote! {
            loop {
                #ended
                #take
                #record
            }
        }
    };
    let wrappers = wrappers(cx, asks);
    Some(quote! {
        #wrappers

        /// Rules S20 and S21: takes the automatic steps that follow `step`, eventless
        /// transitions first and then the pending completions, oldest first, until none is
        /// enabled, and records them in `step`.
        ///
        /// # Errors
        ///
        /// [`Refusal::Unsettled`] past [`SETTLE_BOUND`] steps; the caller puts the machine
        /// back.
        #[inline]
        fn settle #generics (&mut self, mut step: Step #param) -> ::core::result::Result<Step, Refusal> {
            #quiet
            #queue
            let mut taken = 0;
            #looped
            ::core::result::Result::Ok(step)
        }

        #eventless_fn

        #complete_fn
    })
}

/// The body of `Machine::step` in a spec with automatic steps: the dispatch, then the
/// automatic steps as the arm that fired says (`fire::Follows`): none, the one eventless or
/// completion step that can follow, or those `settle` takes; past the bound, the machine is
/// put back as it was.
pub fn step_body(cx: &Context, followed: &Followed) -> TokenStream {
    let guards = |takes: bool| takes.then(|| quote! { guards });
    let reads = |trigger: Trigger| {
        cx.model
            .transitions
            .iter()
            .any(|t| t.trigger == trigger && !t.guards.is_empty())
    };
    let settle_arg = asks(cx).then(|| quote! { , guards });
    let ok = quote! { ::core::result::Result::Ok(step) };
    let nothing = followed
        .gives(|f| f == Follows::Nothing)
        .then(|| quote! { Follows::Nothing => #ok, });
    let eventless = followed.gives(|f| f == Follows::Eventless).then(|| {
        let arg = guards(reads(Trigger::Always));
        quote! {
            Follows::Eventless => {
                step.then[0] = self.eventless(#arg);
                #ok
            }
        }
    });
    let completion = followed
        .gives(|f| matches!(f, Follows::Completion(_)))
        .then(|| {
            let arg = guards(reads(Trigger::Done)).map(|g| quote! { , #g });
            quote! {
                Follows::Completion(compound) => {
                    step.then[0] = self.complete(compound #arg);
                    #ok
                }
            }
        });
    let binding = if eventless.is_some() || completion.is_some() {
        quote! { mut step }
    } else {
        quote! { step }
    };
    quote! {
        let before = *self;
        let dispatched: ::core::result::Result<(Step, Follows), TransitionError> = self.dispatch(event, guards);
        let (#binding, follows) = dispatched?;
        match follows {
            #nothing
            #eventless
            #completion
            Follows::Settle => self.settle(step #settle_arg).map_err(|refusal| {
                *self = before;
                TransitionError { state: before.state, event, refusal }
            }),
        }
    }
}

/// `Machine::expire` and `Machine::resume_to` of a spec with automatic steps: the input's own
/// step (`expire_once`, `resume_once`, emitted by `expiry.rs` and `fault.rs`), then the
/// automatic steps it leads to; past the bound, the machine is put back as it was.
fn wrappers(cx: &Context, asks: bool) -> TokenStream {
    let settle_arg = asks.then(|| quote! { , guards });
    let guarded = |takes: bool| {
        if takes {
            (
                quote! { <G: Guards + ?::core::marker::Sized> },
                quote! { , guards: &G },
            )
        } else {
            (TokenStream::new(), TokenStream::new())
        }
    };
    let expire = cx.has_timeouts.then(|| {
        let (generics, param) = guarded(cx.has_timer_guards || asks);
        let inner = cx.has_timer_guards.then(|| quote! { , guards });
        quote! {
            /// Applies the expiry of `timer`, one of [`State::timers`] of the current state
            /// (rule S7), then the automatic steps it leads to (rules S20 and S21,
            /// [`Step::then`]): a `to` timeout moves the machine, an `end` timeout ends the
            /// lifecycle, and a `notify` timeout changes nothing. Keeping time is the
            /// caller's business: call it when the timer's clock, restarted as
            /// [`Step::restarts`] says, reaches [`Timeout::after`].
            ///
            /// # Errors
            ///
            /// [`Refusal::NoTimeout`] when `timer` is not one of the current state's,
            /// [`Refusal::Ended`] once the lifecycle has ended, a guard of the timer that
            /// does not hold, and [`Refusal::Unsettled`] when the automatic steps would not
            /// settle; the machine then stays where it was, and the timer stops until its
            /// clock starts again (rule S7).
            pub fn expire #generics (&mut self, timer: Timer #param) -> ::core::result::Result<Step, Refusal> {
                let before = *self;
                let step = self.expire_once(timer #inner)?;
                self.settle(step #settle_arg).inspect_err(|_| {
                    *self = before;
                    self.stop(timer);
                })
            }
        }
    });
    let resume = cx.model.fault.as_ref().map(|fault| {
        let (generics, param) = guarded(asks);
        let event = cx.event(fault.resume);
        quote! {
            /// Leaves the fault state for `to`: the state it was entered from, or one of the
            /// states the spec allows to resume to (`resume_to`); then takes the automatic
            /// steps it leads to (rules S20 and S21, [`Step::then`]).
            ///
            /// # Errors
            ///
            /// [`Refusal::CannotResumeTo`] when the machine is not in the fault state or `to`
            /// is neither of those states, and [`Refusal::Unsettled`] when the automatic
            /// steps would not settle; the machine then stays where it was.
            pub fn resume_to #generics (&mut self, to: State #param) -> ::core::result::Result<Step, TransitionError> {
                let before = *self;
                let step = self.resume_once(to)?;
                self.settle(step #settle_arg).map_err(|refusal| {
                    *self = before;
                    TransitionError { state: before.state, event: #event, refusal }
                })
            }
        }
    });
    quote! { #expire #resume }
}
