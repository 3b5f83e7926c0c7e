//! Emits what compound states add to a nested spec's module (rules S16 and S17 of the
//! semantics): the tree as data (`STATE_PARENTS`, `STATE_INITIALS`, `STATE_DEPTHS`) with its
//! queries on `State` (`parent`, `initial`, `is_compound`, `depth`, `descend`, `is_within`,
//! `ancestors`); the domain of a move, from which `Step::exits` and `Step::entries` list the
//! states a step leaves and enters without allocating; and `Machine::is_in` and
//! `Machine::configuration`. A flat spec gets none of it, so its module stays as it was.
//!
//! The domain is data where the emitter knows it (a transition's source and target are in its
//! row) and computed where only the running machine does (a timer that spans several states
//! moves from wherever the machine is): one small function, `domain`, compiled from
//! `semantics::domain` and held to it by the differential tests.

use proc_macro2::TokenStream;
use quote::quote;

use crate::context::Context;
use crate::tokens::index;

/// The items, or nothing for a flat spec.
pub fn emit(cx: &Context) -> TokenStream {
    if !cx.nested {
        return TokenStream::new();
    }
    let states = states(cx);
    // A spanning timer's move is written on no one state: it leaves from wherever the
    // machine is.
    let source = if cx.has_spanning {
        quote! { if (timer as usize) < FIRST_SPANNING { timer.state() } else { self.from } }
    } else {
        quote! { timer.state() }
    };
    // Rule S19's domain for a timeout to a history state (`recall_domain`).
    let recalls = super::history::timeout_recalls(cx);
    let recall_arm = recalls.then(|| {
        quote! { Expiry::Recall { state, .. } => return recall_domain(#source, state), }
    });
    let recall_domain = recalls.then(|| {
        quote! {
            /// Rules S16 and S19: the domain of a move written on `source` to a history
            /// state of `owner`: the innermost state strictly around `source` that is `owner`
            /// or holds it.
            fn recall_domain(source: State, owner: State) -> ::core::option::Option<State> {
                source.ancestors().find(|&around| owner.is_within(around))
            }
        }
    });
    let timeout_step = cx.has_timeouts.then(|| {
        quote! {
            Cause::Timeout(timer) => {
                let target = match timer.timeout().expiry {
                    Expiry::Transition(target) => target,
                    #recall_arm
                    Expiry::End(_) | Expiry::Notify(_) => self.to,
                };
                domain(#source, target)
            }
        }
    });
    quote! {
        #states

        /// Rule S16: the innermost state strictly around both `source` and `target` (the
        /// domain of a move written on `source` to `target`), `None` for the lifecycle
        /// itself. A move leaves the active states inside it and enters those below it down
        /// to its target.
        fn domain(source: State, target: State) -> ::core::option::Option<State> {
            source.ancestors().find(|&around| around != target && target.is_within(around))
        }

        #recall_domain

        impl Step {
            /// The innermost state the step stays inside (rule S16): it leaves the states
            /// inside it and enters others there; `None` for the lifecycle itself.
            #[must_use]
            pub fn domain(&self) -> ::core::option::Option<State> {
                match self.cause {
                    Cause::Transition(t) => t.domain,
                    #timeout_step
                }
            }

            /// The states the step left, innermost first (rule S16): [`Step::from`] and the
            /// states around it, up to the [`Step::domain`]. None when nothing was entered
            /// ([`Step::entered`]).
            pub fn exits(&self) -> impl ::core::iter::Iterator<Item = State> {
                // Nothing left: stop before `from` itself.
                let stop = if self.entered() {
                    self.domain()
                } else {
                    ::core::option::Option::Some(self.from)
                };
                ::core::iter::successors(::core::option::Option::Some(self.from), |state| state.parent())
                    .take_while(move |&state| ::core::option::Option::Some(state) != stop)
            }

            /// The states the step entered, outermost first (rule S16): those from below the
            /// [`Step::domain`] down to [`Step::to`]. None when nothing was entered.
            pub fn entries(&self) -> impl ::core::iter::Iterator<Item = State> {
                // From `to` up to the domain, kept on the stack, then given outermost first.
                let mut path = [self.to; MAX_DEPTH];
                let mut len = 0;
                if self.entered() {
                    let domain = self.domain();
                    let mut at = ::core::option::Option::Some(self.to);
                    while let ::core::option::Option::Some(state) = at.filter(|&s| ::core::option::Option::Some(s) != domain) {
                        if let ::core::option::Option::Some(slot) = path.get_mut(len) {
                            *slot = state;
                            len += 1;
                        }
                        at = state.parent();
                    }
                }
                path.into_iter().take(len).rev()
            }

            /// Whether the step entered `state` ([`Step::entries`]).
            #[must_use]
            pub fn enters(&self, state: State) -> bool {
                self.entered()
                    && self.to.is_within(state)
                    && self.domain().is_none_or(|domain| state.depth() > domain.depth())
            }
        }

        impl Machine {
            /// Whether the machine is in `state`: the state it is in ([`Machine::state`],
            /// always one without children) or one around it.
            #[must_use]
            pub const fn is_in(self, state: State) -> bool {
                self.state.is_within(state)
            }

            /// The active configuration: the states without children the machine is in, in
            /// document order ([`Machine::state`], alone while no state is parallel).
            pub fn configuration(self) -> impl ::core::iter::Iterator<Item = State> {
                ::core::iter::once(self.state)
            }
        }
    }
}

/// The tree as data and its queries on `State`: every nested spec's, with or without
/// parallel states. A parallel state has no `initial:`: it is compound all the same, and
/// entering it enters the first state of its first region first (rule S23).
pub fn states(cx: &Context) -> TokenStream {
    let model = cx.model;
    let parents = model.state_ids().map(|s| cx.state_option(model.parent(s)));
    let initials = model
        .state_ids()
        .map(|s| cx.state_option(model.state(s).initial));
    let depths = model.state_ids().map(|s| index(model.depth(s)));
    let max_depth = index(model.state_ids().map(|s| model.depth(s)).max().unwrap_or(1));
    let (is_compound, descend) = if cx.parallel {
        (
            quote! { STATE_INITIALS[self as usize].is_some() || STATE_PARALLEL[self as usize] },
            // Through a parallel state, the first region's (rule S23 enters them all).
            quote! { STATE_DEFAULTS[self as usize][0] },
        )
    } else {
        (
            quote! { STATE_INITIALS[self as usize].is_some() },
            quote! {
                let mut at = self;
                while let ::core::option::Option::Some(initial) = STATE_INITIALS[at as usize] {
                    at = initial;
                }
                at
            },
        )
    };
    quote! {
        /// Per state: the compound state directly around it (`None` at the top level).
        const STATE_PARENTS: &[::core::option::Option<State>] = &[#(#parents),*];
        /// Per state: the state a compound state is entered at (its `initial:`).
        const STATE_INITIALS: &[::core::option::Option<State>] = &[#(#initials),*];
        /// Per state: how deep it sits (1 at the top level).
        const STATE_DEPTHS: &[usize] = &[#(#depths),*];
        /// The deepest state's depth.
        const MAX_DEPTH: usize = #max_depth;
        /// The plan of a step whose moves were known only at run time (`Step::run` walks
        /// them).
        const NO_PLAN: u16 = u16::MAX;

        impl State {
            /// The compound state directly around this one; `None` at the top level.
            #[must_use]
            pub const fn parent(self) -> ::core::option::Option<State> {
                STATE_PARENTS[self as usize]
            }

            /// The state inside this one it is entered at (its `initial:`); `None` for a
            /// state without states inside it.
            #[must_use]
            pub const fn initial(self) -> ::core::option::Option<State> {
                STATE_INITIALS[self as usize]
            }

            /// Whether states are nested inside this one. The machine is never in a compound
            /// state alone: it is in one state without children and in every state around it
            /// ([`Machine::is_in`]).
            #[must_use]
            pub const fn is_compound(self) -> bool {
                #is_compound
            }

            /// How deep the state sits: 1 at the top level.
            #[must_use]
            pub const fn depth(self) -> usize {
                STATE_DEPTHS[self as usize]
            }

            /// The state without children the machine is in after entering this one (rule
            /// S17): itself, or, for a compound state, what entering its initial state gives.
            #[must_use]
            pub const fn descend(self) -> State {
                #descend
            }

            /// Whether this state is `ancestor` or lies inside it.
            #[must_use]
            pub const fn is_within(self, ancestor: State) -> bool {
                let mut at = ::core::option::Option::Some(self);
                while let ::core::option::Option::Some(state) = at {
                    if state as usize == ancestor as usize {
                        return true;
                    }
                    at = STATE_PARENTS[state as usize];
                }
                false
            }

            /// The compound states around this one, from its parent outwards.
            pub fn ancestors(self) -> impl ::core::iter::Iterator<Item = State> {
                ::core::iter::successors(self.parent(), |state| state.parent())
            }

        }
    }
}
