//! Emits what a fault state adds to `Machine` (see `machine.rs`): the `faulted_from` field
//! that remembers the state the fault state was entered from, `faulted`, `faulted_from` and
//! `resume_to`, what `step` writes to it and the return there (`Target::History`), and an `enter` that records it.
//! Each function gives one fragment of `Machine`, empty (`None`) when the spec has no fault
//! state; the fault state's table rows and refusals are emitted with the rest of the table
//! (`dispatch.rs`).

use machine_core::model::StateId;
use machine_core::semantics::{self, HistoryEffect};
use proc_macro2::TokenStream;
use quote::quote;

use super::accept::Accept;
use crate::context::Context;
use crate::logic::{self, Fact};

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
        let recorded = super::history::init(cx);
        let refuse_ended = super::expiry::refuse_ended(cx, Some(&quote! { #resume }));
        let clock = super::clock::entered(cx);
        let sources = cx
            .model
            .state_ids()
            .map(|s| fault.sources.contains(&s));
        let count = crate::tokens::index(cx.model.states.len());
        let no_plan = cx.no_plan();
        // The fault state's exits go to states: no other target resumes.
        let stays = if cx.model.histories.is_empty() {
            quote! { Target::Internal }
        } else {
            quote! { Target::Internal | Target::Recall { .. } }
        };
        // Rule S17: a compound state is entered down to its initial state.
        let descend = cx.nested.then(|| quote! { let to = to.descend(); });
        let is_resume = if cx.automatic {
            quote! { t.trigger == Trigger::Event(#resume) }
        } else {
            quote! { t.event == #resume }
        };
        // With automatic steps, `resume_to` settles (`settle.rs`) around this one.
        let (resume_vis, resume_name) = if cx.automatic {
            (TokenStream::new(), quote! { resume_once })
        } else {
            (quote! { pub }, quote! { resume_to })
        };
        quote! {
            /// A machine in the fault state, entered from `from`, so that resuming returns there.
            /// `None` when `from` is not a state the fault state can be entered from (a final
            /// state, or the fault state itself).
            #[must_use]
            pub const fn faulted(from: State) -> ::core::option::Option<Machine> {
                /// Whether the fault state can be entered from each state, in [`State::ALL`] order.
                const FAULT_SOURCES: [bool; #count] = [#(#sources),*];
                if FAULT_SOURCES[from as usize] {
                    ::core::option::Option::Some(Machine { state: #faulted, faulted_from: ::core::option::Option::Some(from), #ended #recorded })
                } else {
                    ::core::option::Option::None
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
            #resume_vis fn #resume_name(&mut self, to: State) -> ::core::result::Result<Step, TransitionError> {
                let from = self.state;
                #refuse_ended
                let history = self.faulted_from;
                let found = from.transitions().iter().find(|t| {
                    #is_resume
                        && t.origin == Origin::FaultExit
                        && match t.target {
                            Target::State(state) => state == to,
                            Target::History => history == ::core::option::Option::Some(to),
                            #stays => false,
                        }
                });
                match found {
                    ::core::option::Option::Some(transition) => {
                        #descend
                        self.enter(to);
                        #clock
                        ::core::result::Result::Ok(Step { from, to, cause: Cause::Transition(transition) #no_plan })
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

/// What a transition from `from` to `to` writes to `faulted_from` in `Machine::step`: what
/// rule S5 ([`semantics::history_effect`]) says the move does. Outside the fault state
/// `faulted_from` is always `None`, so forgetting there writes nothing.
pub fn remember(cx: &Context, from: StateId, to: StateId) -> Option<TokenStream> {
    let fault = cx.model.fault.as_ref()?;
    match semantics::history_effect(from == fault.state, to == fault.state) {
        // `from` (the variable) rather than the constant: the arms of the fault entry then
        // differ only in their row, which `fire` drops, so they can share code.
        HistoryEffect::Remember => {
            Some(quote! { self.faulted_from = ::core::option::Option::Some(from); })
        }
        HistoryEffect::Forget if from == fault.state => {
            Some(quote! { self.faulted_from = ::core::option::Option::None; })
        }
        HistoryEffect::Forget | HistoryEffect::Keep => None,
    }
}

/// How `Machine::dispatch` fires the return to history (the row at `row`): to the state the fault
/// state was entered from (rule S4), or refused when it is unknown. The move leaves the fault
/// state for one that is not (the fault state is never remembered), which rule S5 decides.
pub fn back(cx: &Context, row: &proc_macro2::Literal) -> Accept {
    let clock = super::clock::entered(cx);
    let no_plan = cx.plan_argument(None);
    let origin = match semantics::history_effect(true, false) {
        HistoryEffect::Forget => quote! { self.faulted_from.take() },
        HistoryEffect::Keep | HistoryEffect::Remember => quote! { self.faulted_from },
    };
    Accept {
        effect: TokenStream::new(),
        value: quote! {
            match #origin {
                ::core::option::Option::Some(to) => {
                    self.state = to;
                    #clock
                    O::moved(from, to, #row #no_plan)
                }
                ::core::option::Option::None => O::refused(from, event, Refusal::UnknownHistory),
            }
        },
    }
}

/// `enter`, for a move to a state known only at run time: what it does to `faulted_from` is
/// compiled from rule S5's decision ([`semantics::history_effect`]) over the two facts it
/// reads, whether the machine is in the fault state and whether `to` is.
pub fn enter(cx: &Context) -> Option<TokenStream> {
    cx.model.fault.as_ref().map(|fault| {
        let faulted = cx.state(fault.state);
        let facts = [
            Fact::runtime(
                quote! { self.state == #faulted },
                quote! { self.state != #faulted },
            ),
            Fact::runtime(quote! { to == #faulted }, quote! { to != #faulted }),
        ];
        let when = |effect: HistoryEffect| {
            logic::condition(&facts, |f| semantics::history_effect(f[0], f[1]) == effect)
        };
        let forget = when(HistoryEffect::Forget).expression();
        let remember = when(HistoryEffect::Remember).expression();
        quote! {
            /// Moves to `to`, remembering the state the fault state is entered from (rule S5).
            fn enter(&mut self, to: State) {
                if #forget {
                    self.faulted_from = ::core::option::Option::None;
                } else if #remember {
                    self.faulted_from = ::core::option::Option::Some(self.state);
                }
                self.state = to;
            }
        }
    })
}
