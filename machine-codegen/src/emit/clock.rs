//! Emits what rule S13 (running timers) adds to `Machine` in a spec with timeouts: the step
//! counter and, for each timer of the current state, the step at which its clock last
//! started (`steps`, `since`), what each accepted input writes to them, `Machine::steps`,
//! `Machine::running` and the `Running` item it yields. The writes of an event's step are
//! compiled into its `match` arm (`machine.rs`): which clocks restart is known there.

use machine_core::model::{EventId, Model, StateId};
use proc_macro2::TokenStream;
use quote::quote;

use crate::context::Context;
use crate::tokens::{derives, index};

/// The most timeouts any state has: the length of `Machine::since`. The clocks of the timers
/// that span several states are kept apart, in `Machine::spans` (rule S14).
fn slots(model: &Model) -> usize {
    model
        .state_ids()
        .map(|s| model.own_timers_in(s).count())
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
    (!cx.model.spanning.is_empty()).then(|| index(cx.model.spanning.len()))
}

/// What an event's accepted step from `from` to `to` writes (rules S13 and S14): one more
/// step, and the clocks it starts: every clock of the state's own timeouts when it `entered`
/// its target, else those of `from`'s timeouts that `event` resets; and the clocks of the
/// spanning timers the interpreter's rule S14 restarts, each a constant slot of `spans`.
pub fn effect(
    cx: &Context,
    from: StateId,
    to: StateId,
    entered: bool,
    event: EventId,
) -> Option<TokenStream> {
    if !cx.has_timeouts {
        return None;
    }
    let first = cx.model.timers().count();
    let spans =
        machine_core::semantics::spanning_restarts(cx.model, from, to, entered, Some(event)).map(
            |timer| {
                let slot = index(timer.index() - first);
                quote! { self.spans[#slot] = self.steps; }
            },
        );
    let spans = quote! { #(#spans)* };
    let count = quote! { self.steps = self.steps.saturating_add(1); };
    if entered {
        return Some(quote! { #count self.since = [self.steps; SLOTS]; #spans });
    }
    let restarts = cx
        .model
        .own_timers_in(from)
        .enumerate()
        .filter(|(_, (_, t))| t.reset_by.contains(&event))
        .map(|(slot, _)| {
            let slot = index(slot);
            quote! { self.since[#slot] = self.steps; }
        });
    Some(quote! { #count #(#restarts)* #spans })
}

/// The effect of entering a state only known at run time: a resolution, the return to history,
/// an expiry that moves the machine. `from` (a variable) is the state before.
pub fn entered(cx: &Context) -> Option<TokenStream> {
    let spans = spans(cx).map(|_| quote! { self.enter_spans(from); });
    cx.has_timeouts.then(|| {
        quote! {
            self.steps = self.steps.saturating_add(1);
            self.since = [self.steps; SLOTS];
            #spans
        }
    })
}

/// `Machine::enter_spans` and `Machine::clock_of`, in a spec with spanning timers.
fn spans_api(cx: &Context) -> Option<TokenStream> {
    spans(cx)?;
    Some(quote! {
        /// Rule S14 after moving from `from` to the current state (known only at run time):
        /// the clock of each timer that spans several states starts when the move enters
        /// its set from outside.
        fn enter_spans(&mut self, from: State) {
            for (slot, timer) in Timer::ALL[FIRST_SPANNING..].iter().enumerate() {
                let states = timer.states();
                if states.contains(&self.state) && !states.contains(&from) {
                    self.spans[slot] = self.steps;
                }
            }
        }
    })
}

/// `Machine::steps` and `Machine::running`.
pub fn api(cx: &Context) -> Option<TokenStream> {
    let spans_api = spans_api(cx);
    let (running_since, slot_since) = if spans(cx).is_some() {
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
