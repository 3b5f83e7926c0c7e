//! Emits what timeouts add to `Machine` (see `machine.rs`): `expire`, which applies a timeout's
//! expiry (rule S7 of the semantics), the `ended` field with `is_ended` and the refusals of an
//! ended lifecycle (rule S9). Each function gives one fragment, empty
//! (`None`) when no state has a timeout; the refusals themselves are emitted with the others
//! (`dispatch.rs`).

use machine_core::model::{GuardId, GuardTest};
use machine_core::semantics::{self, Refusal};
use proc_macro2::TokenStream;
use quote::quote;

use crate::context::Context;
use crate::logic::{self, Fact};

/// The `ended` field of `Machine`.
pub fn field(cx: &Context) -> Option<TokenStream> {
    let clock = super::clock::field(cx);
    cx.has_timeouts.then(|| quote! { ended: bool, #clock })
}

/// The `ended` field's value in a new machine.
pub fn init(cx: &Context) -> Option<TokenStream> {
    let clock = super::clock::init(cx);
    cx.has_timeouts.then(|| quote! { ended: false, #clock })
}

/// The start of a method that refuses an event once the lifecycle has ended (rule S9): the
/// event is `event` (a variable of the method) unless another is given; `from` is the current
/// state.
pub fn refuse_ended(cx: &Context, event: Option<&TokenStream>) -> Option<TokenStream> {
    let event = event.map_or_else(|| quote! { event }, |e| quote! { event: #e });
    cx.has_timeouts.then(|| {
        quote! {
            if self.ended {
                return ::core::result::Result::Err(TransitionError {
                    state: from,
                    #event,
                    refusal: Refusal::Ended,
                });
            }
        }
    })
}

/// `Machine::expire` and `Machine::is_ended`.
pub fn api(cx: &Context) -> Option<TokenStream> {
    let clock_api = super::clock::api(cx);
    let spanning = cx.has_spanning;
    let enter_spans = spanning.then(|| quote! { self.enter_spans(from); });
    let notify = if spanning {
        quote! {
            match (timer as usize).checked_sub(FIRST_SPANNING) {
                ::core::option::Option::Some(span) => self.spans[span] = NOT_RUNNING,
                ::core::option::Option::None => self.since[slot] = NOT_RUNNING,
            }
        }
    } else {
        quote! { self.since[slot] = NOT_RUNNING; }
    };
    let (guards_param, guards_doc, ask) = if cx.has_timer_guards {
        (
            quote! { , guards: &G },
            quote! {
                /// A timer with guards ([`Timer::guards`]) asks them first, in order (rule
                /// S7): when one fails, the expiry is refused with it and the timer stops
                /// until its clock starts again.
                ///
            },
            ask_guards(cx, &notify),
        )
    } else {
        (TokenStream::new(), TokenStream::new(), TokenStream::new())
    };
    let guards_errors = cx.has_timer_guards.then(|| {
        if cx.has_negated_guards {
            quote! {
                /// [`Refusal::GuardFailed`] when one of the timer's guards does not hold, and
                /// [`Refusal::GuardHolds`] when one it asks not to hold does.
            }
        } else {
            quote! {
                /// [`Refusal::GuardFailed`] when one of the timer's guards does not hold.
            }
        }
    });
    let no_plan = cx.no_plan();
    // Rules S16 to S18: the clocks of the states a move enters start, those of the states
    // around the move's domain running on. Their slots come first (`Context::clock`), so the
    // clocks that start are those from the domain's count on.
    let own = if cx.has_spanning {
        quote! { around.timers().iter().filter(|&&t| (t as usize) < FIRST_SPANNING).count() }
    } else {
        quote! { around.timers().len() }
    };
    let recall = super::history::timeout_recalls(cx).then(|| {
        // A state's timeout is written on its state, a spanning timer on none: its move
        // leaves from wherever the machine is.
        let source = if cx.has_spanning {
            quote! { if (timer as usize) < FIRST_SPANNING { timer.state() } else { from } }
        } else {
            quote! { timer.state() }
        };
        quote! {
            Expiry::Recall { state, deep, default } => {
                // Rule S19: the states left are recorded before the history is read.
                let domain = recall_domain(#source, state);
                self.record(from, domain);
                self.enter(self.recall(state, deep, default));
                let running_on = domain.map_or(0, |around| #own);
                if let ::core::option::Option::Some(clocks) = self.since.get_mut(running_on..) {
                    clocks.fill(self.steps);
                }
                #enter_spans
            }
        }
    });
    let enter_target = if cx.nested {
        // Rules S16 to S18: the machine enters the target down to its initial state.
        let record =
            super::history::record_walking(cx, &quote! { from }, &quote! { moved.domain() });
        quote! {
            self.enter(to.descend());
            let moved = Step { from, to: self.state, cause: Cause::Timeout(timer) #no_plan };
            #record
            let running_on = moved.domain().map_or(0, |around| #own);
            if let ::core::option::Option::Some(clocks) = self.since.get_mut(running_on..) {
                clocks.fill(self.steps);
            }
        }
    } else {
        quote! {
            self.enter(to);
            self.since = [self.steps; SLOTS];
        }
    };
    let generics = cx
        .has_timer_guards
        .then(|| quote! { <G: Guards + ?::core::marker::Sized> });
    // With automatic steps an expiry may be refused after its own step (`Unsettled`): the
    // machine is put back, and the timer stops as for any refused expiry (rule S7).
    let stop = cx.automatic.then(|| {
        quote! {
            /// Rule S7: the expiry of `timer` was refused: its clock stops until it starts
            /// again, so it does not fall due again at the same instant.
            fn stop(&mut self, timer: Timer) {
                if let ::core::option::Option::Some(slot) = self.state.timers().iter().position(|&t| t == timer) {
                    #notify
                }
            }
        }
    });
    // With automatic steps, `expire` settles (`settle.rs`) around this one.
    let (vis, name) = if cx.automatic {
        (TokenStream::new(), quote! { expire_once })
    } else {
        (quote! { pub }, quote! { expire })
    };
    cx.has_timeouts.then(|| {
        quote! {
            /// Applies the expiry of `timer`, one of [`State::timers`] of the current state
            /// (rule S7): a `to` timeout moves the machine (the fault state remembers where it
            /// came from, as for a transition), an `end` timeout ends the lifecycle, and a
            /// `notify` timeout changes nothing. The [`Step`] is the same as for an event:
            /// [`Step::entered`], [`Step::restarts`] and the actions work alike. Keeping time
            /// is the caller's business: call it when the timer's clock, restarted as
            /// [`Step::restarts`] says, reaches [`Timeout::after`].
            #guards_doc
            /// # Errors
            ///
            /// [`Refusal::NoTimeout`] when `timer` is not one of the current state's, and
            /// [`Refusal::Ended`] once the lifecycle has ended.
            #guards_errors
            #vis fn #name #generics (&mut self, timer: Timer #guards_param) -> ::core::result::Result<Step, Refusal> {
                if self.ended {
                    return ::core::result::Result::Err(Refusal::Ended);
                }
                let from = self.state;
                let timers = from.timers();
                let ::core::option::Option::Some(slot) = timers.iter().position(|&t| t == timer) else {
                    return ::core::result::Result::Err(Refusal::NoTimeout);
                };
                #ask
                self.steps = self.steps.saturating_add(1);
                match timer.timeout().expiry {
                    Expiry::Transition(to) => {
                        #enter_target
                        #enter_spans
                    }
                    #recall
                    Expiry::End(_) => self.ended = true,
                    Expiry::Notify(_) => { #notify }
                }
                ::core::result::Result::Ok(Step { from, to: self.state, cause: Cause::Timeout(timer) #no_plan })
            }

            /// Whether an `end` timeout has ended the lifecycle: every input is then refused
            /// with [`Refusal::Ended`] (rule S9).
            #[must_use]
            pub const fn is_ended(self) -> bool {
                self.ended
            }

            #clock_api
            #stop
        }
    })
}

/// The test of [`Timer::guards`]' row `(guard, needed)`: the one whose passing answer is
/// `needed` (`semantics::passes`, rule S15).
fn test_needing(needed: bool) -> GuardTest {
    [false, true]
        .into_iter()
        .map(|negated| GuardTest {
            guard: GuardId(0),
            negated,
        })
        .find(|&test| semantics::passes(test, true) == needed)
        .expect("one of a guard's two tests passes when it holds")
}

/// The start of `Machine::expire` for a spec with timer guards: the timer's guard tests,
/// asked in order, and the refusal of the first that fails (rules S7 and S15). Whether a row
/// `(guard, needed)` fails and which refusal it gives are compiled from `semantics::passes`
/// and `semantics::failed_test`, over the facts known at run time (whether the guard holds,
/// and, when some test is negated, the answer the row needs).
fn ask_guards(cx: &Context, notify: &TokenStream) -> TokenStream {
    let negated = cx.has_negated_guards;
    let (needed, row) = if negated {
        (
            Fact::runtime(quote! { needed }, quote! { !needed }),
            quote! { &&(guard, needed) },
        )
    } else {
        (Fact::Known(true), quote! { &&(guard, _) })
    };
    // With negated tests the condition reads whether the guard holds twice: it is asked once.
    let (ask, holds) = if negated {
        (
            quote! { let holds = guard.holds(guards); },
            Fact::runtime(quote! { holds }, quote! { !holds }),
        )
    } else {
        (
            TokenStream::new(),
            Fact::runtime(
                quote! { guard.holds(guards) },
                quote! { !guard.holds(guards) },
            ),
        )
    };
    let fails = logic::condition(&[holds, needed], |f| {
        !semantics::passes(test_needing(f[1]), f[0])
    })
    .expression();
    let find = if negated {
        quote! { |#row| { #ask #fails } }
    } else {
        quote! { |#row| #fails }
    };
    let refusal = if negated {
        let needed = Fact::runtime(quote! { needed }, quote! { !needed });
        let failed_refusal = logic::condition(&[needed], |f| {
            matches!(
                semantics::failed_test(test_needing(f[0])),
                Refusal::GuardFailed(_)
            )
        })
        .expression();
        quote! {
            if #failed_refusal { Refusal::GuardFailed(guard) } else { Refusal::GuardHolds(guard) }
        }
    } else {
        quote! { Refusal::GuardFailed(guard) }
    };
    let found = if negated {
        quote! { &(guard, needed) }
    } else {
        quote! { &(guard, _) }
    };
    quote! {
        if let ::core::option::Option::Some(#found) = timer.guards().iter().find(#find) {
            #notify
            return ::core::result::Result::Err(#refusal);
        }
    }
}

/// The `Refusal` variants of expiries and their `Display` arms.
pub fn refusals(cx: &Context) -> Option<(TokenStream, TokenStream)> {
    cx.has_timeouts.then(|| {
        (
            quote! {
                /// [`Machine::expire`] was asked for a timer the current state does not have.
                NoTimeout,
                /// An `end` timeout has ended the lifecycle: nothing happens any more.
                Ended,
            },
            {
                let no_timeout = crate::tokens::words_of(Refusal::NoTimeout);
                let ended = crate::tokens::words_of(Refusal::Ended);
                quote! {
                    Refusal::NoTimeout => f.write_str(#no_timeout),
                    Refusal::Ended => f.write_str(#ended),
                }
            },
        )
    })
}
