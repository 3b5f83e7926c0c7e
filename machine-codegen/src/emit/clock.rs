//! Emits what rule S13 (running timers) adds to `Machine` in a spec with timeouts: the step
//! counter and, for each timer of the current state, the step at which its clock last
//! started (`steps`, `since`), what each accepted input writes to them, `Machine::steps`,
//! `Machine::running` and the `Running` item it yields. The writes of an event's step are
//! compiled into its `match` arm (`machine.rs`): which clocks restart is known there.

use machine_core::model::{Model, StateId, Transition};
use machine_core::semantics;
use proc_macro2::TokenStream;
use quote::quote;

use crate::context::{Clock, Context};
use crate::logic::{self, Condition, Fact};
use crate::tokens::{derives, index};

/// The most timeouts that run at once in any state (its own and those of the states around
/// it, rule S18): the length of `Machine::since`. The clocks of the timers that span several
/// states are kept apart, in `Machine::spans` (rule S14).
fn slots(model: &Model) -> usize {
    model
        .state_ids()
        .map(|s| model.timers_in(s).filter(|(_, t)| !t.is_spanning()).count())
        .max()
        .unwrap_or(0)
}

/// The fields of `Machine`.
pub fn field(cx: &Context) -> Option<TokenStream> {
    cx.has_timeouts.then(|| {
        let n = index(slots(cx.model));
        let spans = spans(cx).map(|k| quote! { spans: [u64; #k], });
        quote! { steps: u64, since: [u64; #n], #spans }
    })
}

/// The fields' values in a new machine: step 0, every clock started then.
pub fn init(cx: &Context) -> Option<TokenStream> {
    cx.has_timeouts.then(|| {
        let n = index(slots(cx.model));
        let spans = spans(cx).map(|k| quote! { spans: [0; #k], });
        quote! { steps: 0, since: [0; #n], #spans }
    })
}

/// The number of timers that span several states, when there are any: the length of
/// `Machine::spans`.
fn spans(cx: &Context) -> Option<proc_macro2::Literal> {
    cx.has_spanning
        .then(|| index(cx.model.spanning_timers().count()))
}

/// What an event's accepted step from `from` to `to` writes (rules S13, S6 and S14): one more
/// step, and the clocks of the timers that the interpreter's [`semantics::restarts_entering`] restarts:
/// all of `to`'s own at once when it restarts them all on entering it, else each in its slot.
///
/// `entries` are the states the step enters (rule S16: `[to]` or none in a flat spec); "all
/// of `to`'s own" are then every timeout that runs in `to`, those of the states around it
/// included.
pub fn effect(
    cx: &Context,
    from: StateId,
    to: StateId,
    entries: &[StateId],
    fired: &Transition,
) -> Option<TokenStream> {
    if !cx.has_timeouts {
        return None;
    }
    let model = cx.model;
    let restarts = semantics::restarts_entering(model, from, to, entries, Some(fired));
    let all_own = !entries.is_empty()
        && model
            .timers_in(to)
            .filter(|(_, t)| !t.is_spanning())
            .all(|(timer, _)| restarts.contains(&timer));
    // Rule S13: an input is one step; the automatic steps it leads to (rules S20 and S21)
    // belong to it and do not count again.
    let mut writes = if fired.trigger.is_automatic() {
        TokenStream::new()
    } else {
        quote! { self.steps = self.steps.saturating_add(1); }
    };
    if all_own {
        writes.extend(quote! { self.since = [self.steps; SLOTS]; });
    }
    for &timer in &restarts {
        writes.extend(match cx.clock(timer) {
            Clock::Since(_) if all_own => continue,
            Clock::Since(slot) => {
                let slot = index(slot);
                quote! { self.since[#slot] = self.steps; }
            }
            Clock::Spans(slot) => {
                let slot = index(slot);
                quote! { self.spans[#slot] = self.steps; }
            }
        });
    }
    Some(writes)
}

/// The effect of entering a state only known at run time: a resolution, the return to history,
/// an expiry that moves the machine. `from` (a variable) is the state before. Which clocks
/// restart is compiled from [`semantics::restarts_timer`] for a step that entered its target
/// on no event: a state's own timeouts (at once, when the rule restarts every one of them),
/// and each spanning timer in `enter_spans`.
pub fn entered(cx: &Context) -> Option<TokenStream> {
    let spans = spans(cx).map(|_| quote! { self.enter_spans(from); });
    let own = restart_on_entry(false, Fact::Known(false), Fact::Known(true));
    let own =
        matches!(own, Condition::Always).then(|| quote! { self.since = [self.steps; SLOTS]; });
    cx.has_timeouts.then(|| {
        quote! {
            self.steps = self.steps.saturating_add(1);
            #own
            #spans
        }
    })
}

/// Rules S6 and S14 ([`semantics::restarts_timer`]) for a timer after a step that entered its
/// target on no event (no `reset_by` fires), given whether the timer spans several states,
/// whether the step began in one of its states and whether it ends in one.
fn restart_on_entry(spanning: bool, from_in: Fact, to_in: Fact) -> Condition {
    let facts = [
        Fact::Known(spanning),
        from_in,
        to_in,
        Fact::Known(true),
        Fact::Known(false),
    ];
    logic::condition(&facts, |f| {
        semantics::restarts_timer(f[0], f[1], f[2], f[3], f[4])
    })
}

/// `Machine::enter_spans`, in a spec with spanning timers.
fn spans_api(cx: &Context) -> Option<TokenStream> {
    spans(cx)?;
    // In a nested spec a set may hold compound states: the machine is in the set when it
    // is inside one of its states.
    let within = |state: TokenStream| {
        if cx.nested {
            quote! { states.iter().any(|&around| #state.is_within(around)) }
        } else {
            quote! { states.contains(&#state) }
        }
    };
    let (begins, ends) = (within(quote! { from }), within(quote! { self.state }));
    let begins_in = Fact::runtime(begins.clone(), quote! { !#begins });
    let ends_in = Fact::runtime(ends.clone(), quote! { !#ends });
    let restart = restart_on_entry(true, begins_in, ends_in).expression();
    Some(quote! {
        /// Rule S14 after moving from `from` to the current state (known only at run time):
        /// the clock of each timer that spans several states whose set holds the current
        /// state starts when the move enters its set from outside.
        fn enter_spans(&mut self, from: State) {
            for (slot, timer) in Timer::ALL[FIRST_SPANNING..].iter().enumerate() {
                let states = timer.states();
                if #restart {
                    self.spans[slot] = self.steps;
                }
            }
        }
    })
}

/// `Machine::steps` and `Machine::running`.
pub fn api(cx: &Context) -> Option<TokenStream> {
    let spans_api = spans_api(cx);
    let (running_since, slot_since) = if cx.has_spanning {
        (
            quote! { let (since, spans) = (self.since, self.spans); },
            quote! {
                // A state's own timeouts come first in `State::timers`, then its spanning
                // timers, whose clocks are in `spans`.
                let timer = timers[slot];
                let since = match (timer as usize).checked_sub(FIRST_SPANNING) {
                    ::core::option::Option::Some(span) => spans[span],
                    ::core::option::Option::None => since[slot],
                };
            },
        )
    } else {
        (
            quote! { let since = self.since; },
            quote! { let since = since[slot]; },
        )
    };
    cx.has_timeouts.then(|| {
        quote! {
            /// How many inputs (events, resolutions, expiries) the machine has accepted since
            /// it was created; refused inputs do not count. [`Running::since`] is one of
            /// these numbers.
            #[must_use]
            pub const fn steps(self) -> u64 {
                self.steps
            }

            /// The timers whose clocks run now (rule S13), in [`Timer`] order: those of the
            /// current state ([`State::timers`]), except one that expired since its clock
            /// last started; none once the lifecycle has ended. Each says when its clock last
            /// started, as a step number ([`Machine::steps`]): a service that records the time
            /// of each step can schedule [`Machine::expire`] at that time plus
            /// [`Timeout::after`]. The machine keeps no time of its own.
            pub fn running(self) -> impl ::core::iter::Iterator<Item = Running> {
                let timers: &'static [Timer] = if self.ended { &[] } else { self.state.timers() };
                #running_since
                (0..timers.len()).filter_map(move |slot| {
                    #slot_since
                    (since != NOT_RUNNING).then_some(Running { timer: timers[slot], since })
                })
            }

            #spans_api
        }
    })
}

/// `Running`, `SLOTS` and `NOT_RUNNING`.
pub fn items(cx: &Context) -> Option<TokenStream> {
    let derive = derives();
    let after = if cx.model.durations.is_empty() {
        quote! {
            impl Running {
                /// How long the clock runs before the timer expires.
                #[must_use]
                pub const fn after(&self) -> ::core::time::Duration {
                    self.timer.timeout().after
                }
            }
        }
    } else {
        quote! {
            impl Running {
                /// How long the clock runs before the timer expires, asking `durations`
                /// for a named duration ([`Timeout::duration`]).
                #[must_use]
                pub fn after<D: Durations + ?::core::marker::Sized>(&self, durations: &D) -> ::core::time::Duration {
                    self.timer.timeout().duration(durations)
                }
            }
        }
    };
    cx.has_timeouts.then(|| {
        let n = index(slots(cx.model));
        quote! {
            /// The most timers one state has: one clock for each.
            const SLOTS: usize = #n;

            /// The clock of a timer that expired and has not started again.
            const NOT_RUNNING: u64 = u64::MAX;

            /// A timer whose clock runs ([`Machine::running`]).
            #derive
            pub struct Running {
                /// The timer.
                pub timer: Timer,
                /// The step at which its clock last started: 0 when the machine was created
                /// in its state, `n` after the `n`-th accepted input ([`Machine::steps`]).
                pub since: u64,
            }

            #after
        }
    })
}
