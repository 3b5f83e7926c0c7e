//! Emits `Machine` (a running lifecycle: `new`, `at`, `state`, `step`, `fire`), `Step` (what
//! one accepted input did) and `Cause` (what made it). What a fault state adds to them comes from `fault.rs`, what
//! timeouts add from `expiry.rs`.

use machine_core::semantics;
use proc_macro2::TokenStream;
use quote::quote;

use super::cells::Cells;
use super::dispatch;
use super::{clock, expiry, fault, fire, history};
use crate::context::Context;
use crate::logic::{self, Fact};
use crate::tokens::{derives, doc};

/// `Machine` and `Step`.
pub fn emit(cx: &Context) -> TokenStream {
    let model = cx.model;
    let single_start = (!cx.named_starts).then(|| model.starts.first()).flatten();
    let faulted_field = fault::field(cx);
    let faulted_init = fault::init(cx);
    let ended_field = expiry::field(cx);
    let ended_init = expiry::init(cx);
    let recorded_field = history::field(cx);
    let recorded_init = history::init(cx);
    let history_api = history::api(cx);
    let fresh = quote! { #faulted_init #ended_init #recorded_init };
    let expire_api = expiry::api(cx);
    let constructor = if let Some(start) = single_start {
        let s = cx.state(start.state);
        quote! {
            /// A machine in the initial state.
            #[must_use]
            pub const fn new() -> Machine {
                Machine { state: #s, #fresh }
            }
        }
    } else {
        quote! {
            /// A machine in the initial state of `start`.
            #[must_use]
            pub const fn new(start: Start) -> Machine {
                Machine { state: start.state(), #fresh }
            }
        }
    };
    let default = single_start.is_some().then(|| {
        quote! {
            impl ::core::default::Default for Machine {
                fn default() -> Machine {
                    Machine::new()
                }
            }
        }
    });
    let fault_api = fault::api(cx);
    // The table of pairs that need no code is for events alone: a spec with automatic steps
    // dispatches every event in its `match`.
    let mut cells = if cx.automatic {
        None
    } else {
        Cells::new(cx.model)
    };
    let followed = fire::Followed::default();
    let dispatch = dispatch::dispatch(cx, cells.as_mut(), |at, row_index, t| {
        fire::accept_event(cx, at, row_index, t, &followed)
    });
    let cell_items = cells.as_ref().map(|cells| cells.items(cx));
    let tabled = |result: TokenStream| {
        cells.is_some().then(|| {
            quote! {
                #[inline]
                fn tabled(at: usize) -> Self {
                    #result[at]
                }
            }
        })
    };
    let (fire_tabled, step_tabled) = (
        tabled(quote! { FIRE_RESULTS }),
        tabled(quote! { STEP_RESULTS }),
    );
    let tabled = cells.is_some().then(|| {
        quote! {
            /// The result for the pair at `at` of [`CELLS`], a pair the table settles.
            fn tabled(at: usize) -> Self;
        }
    });
    // Guards only timers ask (or none) leave the dispatch's `guards` unread.
    let asks = cx
        .model
        .transitions
        .iter()
        .any(|t| t.event().is_some() && !t.guards.is_empty());
    let unused = (!asks).then(|| quote! { let _ = guards; });
    let enter = fault::enter(cx).unwrap_or_else(|| {
        quote! {
            /// Moves to `to`.
            fn enter(&mut self, to: State) {
                self.state = to;
            }
        }
    });
    let at_doc = if cx.has_fault {
        "A machine in `state`, e.g. the state a status poll reported. In the fault state, the \
         state it was entered from is unknown: use [`Machine::faulted`] when it is known."
    } else {
        "A machine in `state`, e.g. the state a status poll reported."
    };
    // Rule S17 for a machine known only by its state (`semantics::Config::polled`).
    let (at_state, at_nested_doc) = if cx.nested {
        (
            quote! { state: state.descend() },
            quote! {
                ///
                /// A compound state (a status API may report one) is entered down to its
                /// initial state ([`State::descend`]), as a transition to it would.
            },
        )
    } else {
        (quote! { state }, TokenStream::new())
    };
    let doc = doc(&format!(
        "A running `{}` lifecycle: the current state{}. Small and `Copy`; firing an event \
         allocates nothing and never panics.",
        cx.machine,
        if cx.has_fault {
            ", and the state the fault state was entered from, so that resuming can go back there"
        } else {
            ""
        }
    ));
    // Nested specs: the plan of the step's actions (`plans.rs`), from the arm that fired.
    let (plan_param, mut plan_field, plan_ignored) = if cx.nested {
        (
            quote! { , plan: u16 },
            quote! { , plan },
            quote! { , _: u16 },
        )
    } else {
        (TokenStream::new(), TokenStream::new(), TokenStream::new())
    };
    if cx.automatic {
        plan_field.extend(quote! { , then: NO_THEN });
    }
    let settle_items = super::settle::machine_items(cx);
    let (step_body, fire_body) = if cx.automatic {
        (
            super::settle::step_body(cx, &followed),
            quote! { self.step(event, guards).map(|_| self.state) },
        )
    } else {
        (
            quote! { self.dispatch(event, guards) },
            quote! { self.dispatch(event, guards) },
        )
    };
    let (moved_then, follows) = follows(cx, &followed, &plan_param).unzip();
    let derive = derives();
    let step = step(cx);
    let clock_items = clock::items(cx);
    quote! {
        #doc
        #derive
        pub struct Machine {
            state: State,
            #faulted_field
            #ended_field
            #recorded_field
        }

        #default

        impl Machine {
            #constructor

            #[doc = #at_doc]
            #at_nested_doc
            #[must_use]
            pub const fn at(state: State) -> Machine {
                Machine { #at_state, #fresh }
            }

            /// The current state.
            #[must_use]
            pub const fn state(self) -> State {
                self.state
            }

            /// Fires `event`, asking `guards` about guarded transitions, and moves the machine
            /// (rules S2 to S6 of the spec language's semantics). On error the machine stays
            /// where it is.
            ///
            /// # Errors
            ///
            /// A [`TransitionError`] saying the state, the event and why it was refused.
            #[inline]
            pub fn step<G: Guards + ?::core::marker::Sized>(
                &mut self,
                event: Event,
                guards: &G,
            ) -> ::core::result::Result<Step, TransitionError> {
                #step_body
            }

            /// Like [`Machine::step`], returning only the new state.
            ///
            /// # Errors
            ///
            /// A [`TransitionError`] saying the state, the event and why it was refused.
            #[inline]
            pub fn fire<G: Guards + ?::core::marker::Sized>(
                &mut self,
                event: Event,
                guards: &G,
            ) -> ::core::result::Result<State, TransitionError> {
                #fire_body
            }

            /// What `event` does (rules S2 to S6): moves the machine, or says why it is
            /// refused, as the result `O` of [`Machine::step`] or of [`Machine::fire`]. The
            /// dispatch is emitted once, and each arm builds the caller's result where it
            /// decides: `fire` never builds a [`Step`] to narrow it to a state. A pair that
            /// needs no code is settled by its cell of `CELLS`, if the machine has that table.
            #[allow(clippy::too_many_lines, clippy::single_match_else, reason = "one arm per (state, event) with transitions")]
            #[inline]
            fn dispatch<G: Guards + ?::core::marker::Sized, O: Outcome>(
                &mut self,
                event: Event,
                guards: &G,
            ) -> O {
                let from = self.state;
                #unused
                #dispatch
            }

            #fault_api

            #expire_api

            #history_api

            #settle_items

            #enter
        }

        #step

        /// The result of [`Machine::step`] or of [`Machine::fire`], as `Machine::dispatch`
        /// builds it.
        trait Outcome {
            /// The machine moved from `from` to `to` by the row at `row` of [`TRANSITIONS`] (a
            /// valid index: the emitted arms give their own).
            fn moved(from: State, to: State, row: usize #plan_param) -> Self;
            #moved_then
            /// `event` was refused in `state`.
            fn refused(state: State, event: Event, refusal: Refusal) -> Self;
            #tabled
        }

        impl Outcome for ::core::result::Result<Step, TransitionError> {
            #[inline]
            fn moved(from: State, to: State, row: usize #plan_param) -> Self {
                ::core::result::Result::Ok(Step { from, to, cause: Cause::Transition(&TRANSITIONS[row]) #plan_field })
            }

            #[inline]
            fn refused(state: State, event: Event, refusal: Refusal) -> Self {
                ::core::result::Result::Err(TransitionError { state, event, refusal })
            }

            #step_tabled
        }

        impl Outcome for ::core::result::Result<State, TransitionError> {
            #[inline]
            fn moved(_: State, to: State, _: usize #plan_ignored) -> Self {
                ::core::result::Result::Ok(to)
            }

            #[inline]
            fn refused(state: State, event: Event, refusal: Refusal) -> Self {
                ::core::result::Result::Err(TransitionError { state, event, refusal })
            }

            #fire_tabled
        }

        #follows

        #cell_items

        #clock_items
    }
}

/// In a spec with automatic steps (rules S20 and S21): `Outcome::moved_then`, what the arms
/// of the dispatch give for a step whose moves they know, with what follows it
/// ([`fire::Follows`]); the `Follows` of the arms that `followed` noted (and `Settle`, for a
/// move known only at run time); and the outcome `Machine::step` dispatches to.
fn follows(
    cx: &Context,
    followed: &fire::Followed,
    plan_param: &TokenStream,
) -> Option<(TokenStream, TokenStream)> {
    use fire::Follows;
    let plan = cx.nested.then(|| quote! { , plan });
    let nothing = followed.gives(|f| f == Follows::Nothing).then(|| {
        quote! {
            /// None: the machine settles at once, whatever the guards.
            Nothing,
        }
    });
    let eventless = followed.gives(|f| f == Follows::Eventless).then(|| {
        quote! {
            /// At most one eventless step (`Machine::eventless`), after which it settles.
            Eventless,
        }
    });
    let completion = followed
        .gives(|f| matches!(f, Follows::Completion(_)))
        .then(|| {
            quote! {
                /// At most one step on the completion of this compound state
                /// (`Machine::complete`), after which it settles.
                Completion(State),
            }
        });
    cx.automatic.then(|| {
        let declared = quote! {
            /// Like [`Outcome::moved`], with what follows the step (rules S20 and S21), as
            /// the code generator knew it: [`Machine::step`] takes the automatic steps as it
            /// says, the other results ignore it.
            #[inline]
            fn moved_then(from: State, to: State, row: usize #plan_param, follows: Follows) -> Self
            where
                Self: ::core::marker::Sized,
            {
                let _ = follows;
                Self::moved(from, to, row #plan)
            }
        };
        let derive = derives();
        let items = quote! {
            /// What follows a step of the dispatch (rules S20 and S21), as the code generator
            /// knew it from where the step ends and what it enters.
            #derive
            enum Follows {
                #nothing
                #eventless
                #completion
                /// Known only at run time: `Machine::settle` takes them.
                Settle,
            }

            /// [`Machine::step`]'s dispatch: the step, and what follows it.
            impl Outcome for ::core::result::Result<(Step, Follows), TransitionError> {
                #[inline]
                fn moved(from: State, to: State, row: usize #plan_param) -> Self {
                    Self::moved_then(from, to, row #plan, Follows::Settle)
                }

                #[inline]
                fn moved_then(from: State, to: State, row: usize #plan_param, follows: Follows) -> Self {
                    ::core::result::Result::<Step, TransitionError>::moved(from, to, row #plan).map(|step| (step, follows))
                }

                #[inline]
                fn refused(state: State, event: Event, refusal: Refusal) -> Self {
                    ::core::result::Result::Err(TransitionError { state, event, refusal })
                }
            }
        };
        (declared, items)
    })
}

/// The body of `Step::restarts`: rules S6 and S14 compiled from the interpreter's decision
/// ([`semantics::restarts_timer`]) over what the step and the timer tell at run time.
fn restarts_condition(cx: &Context) -> TokenStream {
    let spanning = if cx.has_spanning {
        Fact::runtime(
            quote! { (timer as usize) >= FIRST_SPANNING },
            quote! { (timer as usize) < FIRST_SPANNING },
        )
    } else {
        Fact::Known(false)
    };
    // Rule S18 in a nested spec: the step begins in a timer's states when it begins inside
    // one of them, and a state's timer counts as entered when its state is among those the
    // step entered (`Step::enters`); a spanning timer when the step entered anything.
    let (from_in, entered) = if cx.nested {
        let entered = if cx.has_spanning {
            quote! { if (timer as usize) < FIRST_SPANNING { self.enters(timer.state()) } else { self.entered() } }
        } else {
            quote! { self.enters(timer.state()) }
        };
        (
            quote! { timer.states().iter().any(|&state| self.from.is_within(state)) },
            entered,
        )
    } else {
        (
            quote! { timer.states().contains(&self.from) },
            quote! { self.entered() },
        )
    };
    let facts = [
        spanning,
        Fact::runtime(from_in.clone(), quote! { !#from_in }),
        Fact::runtime(
            quote! { self.to.timers().contains(&timer) },
            quote! { !self.to.timers().contains(&timer) },
        ),
        Fact::runtime(entered.clone(), {
            if cx.nested {
                quote! { !(#entered) }
            } else {
                quote! { !#entered }
            }
        }),
        if cx.has_restarts {
            Fact::runtime(
                quote! { ::core::matches!(self.cause, Cause::Transition(t) if t.resets.contains(&timer)) },
                quote! { !::core::matches!(self.cause, Cause::Transition(t) if t.resets.contains(&timer)) },
            )
        } else if cx.automatic {
            // An eventless or completion transition has no event for `reset_by` to list.
            Fact::runtime(
                quote! { ::core::matches!(self.cause, Cause::Transition(t) if t.event().is_some_and(|e| timer.timeout().is_reset_by(e))) },
                quote! { !::core::matches!(self.cause, Cause::Transition(t) if t.event().is_some_and(|e| timer.timeout().is_reset_by(e))) },
            )
        } else {
            Fact::runtime(
                quote! { ::core::matches!(self.cause, Cause::Transition(t) if timer.timeout().is_reset_by(t.event)) },
                quote! { !::core::matches!(self.cause, Cause::Transition(t) if timer.timeout().is_reset_by(t.event)) },
            )
        },
    ];
    logic::condition(&facts, |f| {
        semantics::restarts_timer(f[0], f[1], f[2], f[3], f[4])
    })
    .expression()
}

/// `Step` and `Cause`, with what timeouts add to them.
fn step(cx: &Context) -> TokenStream {
    let derive = derives();
    let plan_field_def = cx.nested.then(|| {
        quote! {
            /// Which of the actions known when the code was generated the step runs
            /// (`Step::run`), or `NO_PLAN` when its moves were known only at run time.
            plan: u16,
        }
    });
    let then_field_def = cx.automatic.then(|| {
        quote! {
            /// The automatic steps the input led to after this one ([`Step::then`]).
            then: [::core::option::Option<Micro>; SETTLE_BOUND],
        }
    });
    let timeout = cx.has_timeouts.then(|| {
        quote! {
            /// This timer, one of [`Step::from`]'s, expired ([`Machine::expire`]).
            Timeout(Timer),
        }
    });
    let entered_timeout = cx.has_timeouts.then(|| {
        let recall = super::history::timeout_recalls(cx).then(|| quote! { | Expiry::Recall { .. } });
        quote! {
            Cause::Timeout(timer) => ::core::matches!(timer.timeout().expiry, Expiry::Transition(_) #recall),
        }
    });
    let timeout_of = cx.has_timeouts.then(|| {
        quote! { Cause::Timeout(_) => ::core::option::Option::None, }
    });
    let restarts = restarts_condition(cx);
    let restarts_doc = cx.has_spanning.then(|| {
        quote! {
            ///
            /// A timer that spans several states (rule S14) starts again when the step
            /// enters one of [`Timer::states`] from a state outside them, or on one of its
            /// `reset_by` events; moving inside the set keeps its clock running.
        }
    });
    let timer_api = cx.has_timeouts.then(|| {
        quote! {
            /// The timer that expired, when the step is an expiry.
            #[must_use]
            pub const fn timer(&self) -> ::core::option::Option<Timer> {
                match self.cause {
                    Cause::Timeout(timer) => ::core::option::Option::Some(timer),
                    Cause::Transition(_) => ::core::option::Option::None,
                }
            }

            /// Whether `timer`'s clock starts again after this step (rule S6): it is one of
            /// [`Step::to`]'s timers, and the state was entered or the event that fired is
            /// one of the timer's `reset_by` events. An expiry that does not move the machine
            /// restarts nothing.
            #restarts_doc
            #[must_use]
            pub fn restarts(&self, timer: Timer) -> bool {
                #restarts
            }
        }
    });
    quote! {
        /// What one accepted input did: an event fired ([`Machine::step`]), the fault state
        /// was resolved, or a timer expired; all of them alike.
        #derive
        pub struct Step {
            /// The state before.
            pub from: State,
            /// The state after (the same as `from` when nothing moved).
            pub to: State,
            /// What made the step.
            pub cause: Cause,
            #plan_field_def
            #then_field_def
        }

        /// What made a [`Step`].
        #derive
        pub enum Cause {
            /// This transition fired.
            Transition(&'static Transition),
            #timeout
        }

        impl Step {
            /// The transition that fired, unless the step is an expiry.
            #[must_use]
            pub const fn transition(&self) -> ::core::option::Option<&'static Transition> {
                match self.cause {
                    Cause::Transition(t) => ::core::option::Option::Some(t),
                    #timeout_of
                }
            }

            /// Whether the target state was entered (anew, for a self-transition): every
            /// timer of [`Step::to`] starts again. False for an internal transition and for
            /// an expiry that does not move the machine (`notify`, `end`).
            #[must_use]
            pub fn entered(&self) -> bool {
                match self.cause {
                    Cause::Transition(t) => t.target != Target::Internal,
                    #entered_timeout
                }
            }

            #timer_api
        }
    }
}
