//! Emits what timeouts add to `Machine` (see `machine.rs`): `expire`, which applies a timeout's
//! expiry (rule S7 of the semantics), the `ended` field with `is_ended` and the refusals of an
//! ended lifecycle (rule S9), and the `Expired` step. Each function gives one fragment, empty
//! (`None`) when no state has a timeout; the refusals themselves are emitted with the others
//! (`dispatch.rs`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::context::Context;
use crate::tokens::derives;

/// The `ended` field of `Machine`.
pub fn field(cx: &Context) -> Option<TokenStream> {
    cx.has_timeouts.then(|| quote! { ended: bool, })
}

/// The `ended` field's value in a new machine.
pub fn init(cx: &Context) -> Option<TokenStream> {
    cx.has_timeouts.then(|| quote! { ended: false, })
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
    cx.has_timeouts.then(|| {
        quote! {
            /// Applies the expiry of the timeout at `index` of [`State::timeouts`] of the
            /// current state (rule S7): a `to` timeout moves the machine (the fault state
            /// remembers where it came from, as for a transition), an `end` timeout ends the
            /// lifecycle, and a `notify` timeout changes nothing. Keeping time is the caller's
            /// business: call it when the timeout's clock, restarted as [`Step::restarts`]
            /// says, reaches [`Timeout::after`].
            ///
            /// # Errors
            ///
            /// [`Refusal::NoTimeout`] when the state has no timeout at `index`, and
            /// [`Refusal::Ended`] once the lifecycle has ended.
            pub fn expire(&mut self, index: usize) -> ::core::result::Result<Expired, Refusal> {
                if self.ended {
                    return ::core::result::Result::Err(Refusal::Ended);
                }
                let from = self.state;
                let ::core::option::Option::Some(timeout) = from.timeouts().get(index) else {
                    return ::core::result::Result::Err(Refusal::NoTimeout(index));
                };
                match timeout.expiry {
                    Expiry::Transition(to) => self.enter(to),
                    Expiry::End(_) => self.ended = true,
                    Expiry::Notify(_) => {}
                }
                ::core::result::Result::Ok(Expired { from, to: self.state, index, timeout })
            }

            /// Whether an `end` timeout has ended the lifecycle: every input is then refused
            /// with [`Refusal::Ended`] (rule S9).
            #[must_use]
            pub const fn is_ended(self) -> bool {
                self.ended
            }
        }
    })
}

/// The `Expired` step.
pub fn step(cx: &Context) -> Option<TokenStream> {
    let derive = derives();
    cx.has_timeouts.then(|| {
        quote! {
            /// What one expired timeout did ([`Machine::expire`]).
            #derive
            pub struct Expired {
                /// The state whose timeout expired.
                pub from: State,
                /// The state after (the same as `from` unless the timeout moves the machine).
                pub to: State,
                /// The timeout's index in [`State::timeouts`] of `from`.
                pub index: usize,
                /// The timeout.
                pub timeout: &'static Timeout,
            }

            impl Expired {
                /// Whether the timeout moved the machine, entering [`Expired::to`]: every
                /// timeout of that state starts again.
                #[must_use]
                pub fn entered(&self) -> bool {
                    ::core::matches!(self.timeout.expiry, Expiry::Transition(_))
                }

                /// Whether the timeout ended the lifecycle.
                #[must_use]
                pub fn ended(&self) -> bool {
                    ::core::matches!(self.timeout.expiry, Expiry::End(_))
                }

                /// Whether `timeout` (one of [`Expired::to`]'s) starts again: it does when the
                /// state was entered.
                #[must_use]
                pub fn restarts(&self, timeout: &Timeout) -> bool {
                    let _ = timeout;
                    self.entered()
                }
            }
        }
    })
}

/// The `Refusal` variants of expiries and their `Display` arms.
pub fn refusals(cx: &Context) -> Option<(TokenStream, TokenStream)> {
    cx.has_timeouts.then(|| {
        (
            quote! {
                /// [`Machine::expire`] was asked for a timeout the state does not have.
                NoTimeout(usize),
                /// An `end` timeout has ended the lifecycle: nothing happens any more.
                Ended,
            },
            quote! {
                Refusal::NoTimeout(index) => ::core::write!(f, "the state has no timeout #{index}"),
                Refusal::Ended => f.write_str("the lifecycle has ended"),
            },
        )
    })
}
