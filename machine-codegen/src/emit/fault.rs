//! Emits what a fault state adds to `Machine` (see `machine.rs`): the `faulted_from` field
//! that remembers the state the fault state was entered from, `faulted`, `faulted_from` and
//! `resume_to`, what `step` writes to it and the return there (`Target::History`), and an `enter` that records it.
//! Each function gives one fragment of `Machine`, empty (`None`) when the spec has no fault
//! state; the fault state's table rows and refusals are emitted with the rest of the table
//! (`dispatch.rs`).

use machine_core::model::StateId;
use proc_macro2::TokenStream;
use quote::quote;

use super::dispatch::Accept;
use crate::context::Context;

/// The `faulted_from` field of `Machine`.
pub fn field(cx: &Context) -> Option<TokenStream> {
    cx.has_fault.then(|| {
        quote! { faulted_from: ::core::option::Option<State>, }
    })
}

/// The `faulted_from` field's value in a new machine.
pub fn init(cx: &Context) -> Option<TokenStream> {
    cx.has_fault
        .then(|| quote! { faulted_from: ::core::option::Option::None, })
}

/// `Machine::faulted`, `Machine::faulted_from` and `Machine::resume_to`.
pub fn api(cx: &Context) -> Option<TokenStream> {
    cx.model.fault.as_ref().map(|fault| {
        let resume = cx.event(fault.resume);
        let faulted = cx.state(fault.state);
        let ended = super::expiry::init(cx);
        let refuse_ended = super::expiry::refuse_ended(cx, Some(&quote! { #resume }));
        let clock = super::clock::entered(cx);
        quote! {
            /// A machine in the fault state, entered from `from`, so that resuming returns there.
            /// `None` when `from` is not a state the fault state can be entered from (a final
            /// state, or the fault state itself).
            #[must_use]
            pub const fn faulted(from: State) -> ::core::option::Option<Machine> {
                if from.is_final() || from.is_fault() {
                    ::core::option::Option::None
                } else {
                    ::core::option::Option::Some(Machine { state: #faulted, faulted_from: ::core::option::Option::Some(from), #ended })
                }
            }

            /// While in the fault state: the state it was entered from, if known.
            #[must_use]
            pub const fn faulted_from(self) -> ::core::option::Option<State> {
                self.faulted_from
            }

            /// Leaves the fault state for `to`: the state it was entered from, or one of the
            /// states the spec allows to resume to (`resume_to`).
            ///
            /// # Errors
            ///
            /// [`Refusal::CannotResumeTo`] when the machine is not in the fault state or `to` is
            /// neither of those states.
            pub fn resume_to(&mut self, to: State) -> ::core::result::Result<Step, TransitionError> {
                let from = self.state;
                #refuse_ended
                let history = self.faulted_from;
                let found = from.transitions().iter().find(|t| {
                    t.event == #resume
                        && t.origin == Origin::FaultExit
                        && match t.target {
                            Target::State(state) => state == to,
                            Target::History => history == ::core::option::Option::Some(to),
                            Target::Internal => false,
                        }
                });
                match found {
                    ::core::option::Option::Some(transition) => {
                        self.enter(to);
                        #clock
                        ::core::result::Result::Ok(Step { from, to, cause: Cause::Transition(transition) })
                    }
                    ::core::option::Option::None => ::core::result::Result::Err(TransitionError {
                        state: from,
                        event: #resume,
                        refusal: Refusal::CannotResumeTo(to),
                    }),
                }
            }
        }
    })
}

/// What a transition from `from` to `to` writes to `faulted_from` in `Machine::step` (rule
/// S5): entering the fault state from another state remembers that state, leaving it forgets.
/// Outside the fault state `faulted_from` is always `None`, so nothing else writes it.
pub fn remember(cx: &Context, from: StateId, to: StateId) -> Option<TokenStream> {
    let fault = cx.model.fault.as_ref()?;
    if to == fault.state && from != fault.state {
        // `from` (the variable) rather than the constant: the arms of the fault entry then
        // differ only in their row, which `fire` drops, so they can share code.
        Some(quote! { self.faulted_from = ::core::option::Option::Some(from); })
    } else if from == fault.state && to != fault.state {
        Some(quote! { self.faulted_from = ::core::option::Option::None; })
    } else {
        None
    }
}

/// How `Machine::dispatch` fires the return to history (the row at `row`): to the state the fault
/// state was entered from, forgetting it, or refused when it is unknown (rules S4 and S5).
pub fn back(cx: &Context, row: &proc_macro2::Literal) -> Accept {
    let clock = super::clock::entered(cx);
    Accept {
        effect: TokenStream::new(),
        value: quote! {
            match self.faulted_from.take() {
                ::core::option::Option::Some(to) => {
                    self.state = to;
                    #clock
                    O::moved(from, to, #row)
                }
                ::core::option::Option::None => O::refused(from, event, Refusal::UnknownHistory),
            }
        },
    }
}

/// `enter`, remembering the state the fault state is entered from.
pub fn enter(cx: &Context) -> Option<TokenStream> {
    cx.model.fault.as_ref().map(|fault| {
        let faulted = cx.state(fault.state);
        quote! {
            /// Moves to `to`, remembering the state the fault state is entered from.
            fn enter(&mut self, to: State) {
                if to != #faulted {
                    self.faulted_from = ::core::option::Option::None;
                } else if self.state != #faulted {
                    self.faulted_from = ::core::option::Option::Some(self.state);
                }
                self.state = to;
            }
        }
    })
}
