//! Emits what timeouts add to `Machine` (see `machine.rs`): `expire`, which applies a timeout's
//! expiry (rule S7 of the semantics), the `ended` field with `is_ended` and the refusals of an
//! ended lifecycle (rule S9). Each function gives one fragment, empty
//! (`None`) when no state has a timeout; the refusals themselves are emitted with the others
//! (`dispatch.rs`).

use machine_core::semantics::Refusal;
use proc_macro2::TokenStream;
use quote::quote;

use crate::context::Context;

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
            quote! {
                if let ::core::option::Option::Some(&guard) =
                    timer.guards().iter().find(|guard| !guard.holds(guards))
                {
                    #notify
                    return ::core::result::Result::Err(Refusal::GuardFailed(guard));
                }
            },
        )
    } else {
        (TokenStream::new(), TokenStream::new(), TokenStream::new())
    };
    let guards_errors = cx.has_timer_guards.then(|| {
        quote! {
            /// [`Refusal::GuardFailed`] when one of the timer's guards does not hold.
        }
    });
    let generics = cx
        .has_timer_guards
        .then(|| quote! { <G: Guards + ?::core::marker::Sized> });
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
            pub fn expire #generics (&mut self, timer: Timer #guards_param) -> ::core::result::Result<Step, Refusal> {
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
                        self.enter(to);
                        self.since = [self.steps; SLOTS];
                        #enter_spans
                    }
                    Expiry::End(_) => self.ended = true,
                    Expiry::Notify(_) => { #notify }
                }
                ::core::result::Result::Ok(Step { from, to: self.state, cause: Cause::Timeout(timer) })
            }

            /// Whether an `end` timeout has ended the lifecycle: every input is then refused
            /// with [`Refusal::Ended`] (rule S9).
            #[must_use]
            pub const fn is_ended(self) -> bool {
                self.ended
            }

            #clock_api
        }
    })
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
