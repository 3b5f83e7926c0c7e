//! Emits `mod engine`, the microstep of a spec with parallel states (rules S22 to S29): the
//! interpreter's `semantics::{select, micro, history, restart, settle}` as allocation-free
//! code over the tables of `tables.rs`. A configuration is a sorted array of atomic states
//! (`Atoms`, at most `WIDTH`), a set of states or timers is a bitset (`Set`), and every
//! function here is one of the interpreter's, step for step, so the differential tests can
//! hold the two equal; the items of `api.rs` wrap them in the module's public types.

use proc_macro2::TokenStream;
use quote::quote;

use crate::context::Context;

/// The parts that differ with the spec's features: how a guard is asked, what a failed test
/// refuses with, and the refusals that only some specs have.
fn glue(cx: &Context) -> TokenStream {
    let ask = if cx.has_guards {
        quote! { Guard::ALL[guard].holds(guards) }
    } else {
        quote! {
            // A spec without guards has no guard tests: nothing asks.
            let _ = (guards, guard);
            false
        }
    };
    let failed = match (cx.has_guards, cx.has_negated_guards) {
        (true, true) => quote! {
            if needed {
                Refusal::GuardFailed(Guard::ALL[guard])
            } else {
                Refusal::GuardHolds(Guard::ALL[guard])
            }
        },
        (true, false) => quote! {
            // No test of this spec asks a guard not to hold.
            let _ = needed;
            Refusal::GuardFailed(Guard::ALL[guard])
        },
        (false, _) => quote! {
            // A spec without guards has no test that fails.
            let _ = (guard, needed);
            Refusal::NoTransition
        },
    };
    let unknown = if cx.has_fault {
        quote! { Refusal::UnknownHistory }
    } else {
        // Only the fault state's exits return to history.
        quote! { Refusal::NoTransition }
    };
    let timer = if cx.has_timeouts {
        quote! {
            /// The timer whose expiry made the microstep.
            pub(super) fn timer(&self) -> Option<usize> {
                match self.cause {
                    Fired::Timer(timer) => Some(timer),
                    Fired::Row(_) => None,
                }
            }

            /// Whether the microstep is an `end` expiry (rule S9).
            pub(super) fn ends(&self) -> bool {
                self.timer().is_some_and(|t| TIMER_ROWS[t].expiry == To::End)
            }
        }
    } else {
        quote! {
            /// A spec without timers has no expiry.
            #[allow(clippy::unused_self, reason = "the same call as with timers")]
            pub(super) fn timer(&self) -> Option<usize> {
                None
            }

            /// A spec without timers has no `end` expiry.
            #[allow(clippy::unused_self, reason = "the same call as with timers")]
            pub(super) fn ends(&self) -> bool {
                false
            }
        }
    };
    quote! {
        /// Asks `guards` whether guard `guard` holds (the engine asks through this).
        pub(super) fn ask<G: Guards + ?Sized>(guards: &G, guard: usize) -> bool {
            #ask
        }

        /// Rule S15: the refusal a failed test gives (`needed`: the answer it needed).
        fn failed(guard: usize, needed: bool) -> Refusal {
            #failed
        }

        /// Rule S4: a return to history with no history.
        const UNKNOWN_HISTORY: Refusal = #unknown;

        impl Micro {
            #timer
        }
    }
}

/// The types: atomic states, sets, rows, configurations and microsteps.
fn types(cx: &Context) -> TokenStream {
    let timer = cx.has_timeouts.then(|| quote! { Timer(usize), });
    quote! {
        /// Rule S22: atomic states in document order (at most `WIDTH`).
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub(super) struct Atoms {
            pub(super) at: [State; WIDTH],
            pub(super) len: usize,
        }

        impl Atoms {
            /// The atomic states.
            pub(super) fn as_slice(&self) -> &[State] {
                &self.at[..self.len]
            }

            /// The atomic states of `set`, in document order.
            fn of(set: Set) -> Atoms {
                let mut atoms = Atoms { at: [State::ALL[0]; WIDTH], len: 0 };
                for state in set.iter().map(|s| State::ALL[s]) {
                    if let Some(slot) = atoms.at.get_mut(atoms.len) {
                        *slot = state;
                        atoms.len += 1;
                    }
                }
                atoms
            }
        }

        /// A set of states or timers, by index.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub(super) struct Set([u64; WORDS]);

        impl Set {
            pub(super) const EMPTY: Set = Set([0; WORDS]);

            pub(super) fn insert(&mut self, index: usize) {
                if let Some(word) = self.0.get_mut(index / 64) {
                    *word |= 1 << (index % 64);
                }
            }

            pub(super) fn contains(self, index: usize) -> bool {
                self.0.get(index / 64).is_some_and(|word| word >> (index % 64) & 1 == 1)
            }

            fn is_empty(self) -> bool {
                self.0.iter().all(|&word| word == 0)
            }

            fn meets(self, other: Set) -> bool {
                self.0.iter().zip(other.0).any(|(a, b)| a & b != 0)
            }

            /// The members, in index order.
            pub(super) fn iter(self) -> impl Iterator<Item = usize> {
                self.0.into_iter().enumerate().flat_map(|(w, word)| {
                    let mut rest = word;
                    ::core::iter::from_fn(move || {
                        (rest != 0).then(|| {
                            let bit = rest.trailing_zeros() as usize;
                            rest &= rest - 1;
                            w * 64 + bit
                        })
                    })
                })
            }

            /// The members, in reverse index order.
            pub(super) fn iter_rev(self) -> impl Iterator<Item = usize> {
                self.0.into_iter().enumerate().rev().flat_map(|(w, word)| {
                    let mut rest = word;
                    ::core::iter::from_fn(move || {
                        (rest != 0).then(|| {
                            let bit = 63 - rest.leading_zeros() as usize;
                            rest &= !(1 << bit);
                            w * 64 + bit
                        })
                    })
                })
            }

            /// Whether a member lies in `start..end`.
            fn any_in(self, start: usize, end: usize) -> bool {
                self.iter().any(|i| start <= i && i < end)
            }
        }

        /// What fires a row.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub(super) enum Trig {
            Event(usize),
            Always,
            Done,
        }

        /// Where a move goes.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub(super) enum To {
            State(State),
            /// Nowhere: an internal transition, or a `notify` expiry.
            Internal,
            /// Back to where the fault state was entered from.
            History,
            Recall { owner: State, deep: bool, default: State },
            /// An `end` expiry.
            End,
        }

        /// A row of `TRANSITIONS`, as the microstep reads it.
        pub(super) struct Row {
            pub(super) from: State,
            pub(super) trigger: Trig,
            pub(super) target: To,
            pub(super) tests: &'static [(usize, bool)],
            pub(super) actions: &'static [usize],
            pub(super) resets: &'static [usize],
            pub(super) fault_exit: bool,
        }

        /// A timer, as the microstep reads it.
        pub(super) struct TimerRow {
            pub(super) home: Option<State>,
            pub(super) states: &'static [State],
            pub(super) spanning: bool,
            pub(super) tests: &'static [(usize, bool)],
            pub(super) actions: &'static [usize],
            pub(super) expiry: To,
        }

        /// Rule S22: a machine at one moment.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub(super) struct Config {
            pub(super) atoms: Atoms,
            /// While in the fault state: the configuration it was entered from (rule S5).
            pub(super) history: Option<Atoms>,
            /// Rules S19 and S29: what each compound state with a history state remembers.
            pub(super) recorded: [Option<Atoms>; HISTORIES],
            pub(super) ended: bool,
        }

        impl Config {
            /// Rule S23: a machine known only by `state`.
            pub(super) const fn polled(state: State) -> Config {
                Config {
                    atoms: STATE_POLLED[state as usize],
                    history: None,
                    recorded: [None; HISTORIES],
                    ended: false,
                }
            }
        }

        /// What made a microstep: a row of `TRANSITIONS`, or a timer, by index.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub(super) enum Fired {
            Row(usize),
            #timer
        }

        /// Rules S25 to S27: the rows that fire together, in the order selected.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub(super) struct Rows {
            pub(super) at: [usize; WIDTH],
            pub(super) len: usize,
        }

        impl Rows {
            const NONE: Rows = Rows { at: [0; WIDTH], len: 0 };

            pub(super) fn as_slice(&self) -> &[usize] {
                &self.at[..self.len]
            }

            fn push(&mut self, row: usize) {
                if let Some(slot) = self.at.get_mut(self.len) {
                    *slot = row;
                    self.len += 1;
                }
            }

            fn one(row: usize) -> Rows {
                let mut rows = Rows::NONE;
                rows.push(row);
                rows
            }
        }

        /// One microstep: what the interpreter's `Step` says, without `then`.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub(super) struct Micro {
            pub(super) from: State,
            pub(super) to: State,
            pub(super) cause: Fired,
            /// Rule S25: the rows that fired with the cause.
            pub(super) also: Rows,
            pub(super) entered: bool,
            pub(super) exits: Set,
            pub(super) entries: Set,
            pub(super) restarts: Set,
            pub(super) atoms: Atoms,
        }

        /// A move: written on `source`, going to `target`.
        #[derive(Clone, Copy)]
        struct Move {
            source: State,
            target: To,
        }
    }
}

/// `mod engine`.
pub fn emit(cx: &Context) -> TokenStream {
    let glue = glue(cx);
    let types = types(cx);
    let micro = super::micro::emit();
    let select = super::inputs::select();
    let inputs = super::inputs::emit(cx);
    quote! {
        /// Rules S22 to S29, the microstep of a lifecycle with parallel states, compiled from
        /// the interpreter's rules over the tables above.
        mod engine {
            use ::core::option::Option::{self, None, Some};
            use ::core::result::Result::{self, Err, Ok};
            use ::core::clone::Clone;
            use ::core::marker::Copy;
            use ::core::cmp::{PartialEq, Eq};
            use ::core::hash::Hash;
            use ::core::fmt::Debug;
            use ::core::iter::Iterator;
            #[allow(clippy::wildcard_imports, reason = "the module's own items, by their names")]
            use super::*;

            #glue
            #types
            #micro
            #select
            #inputs
        }
    }
}
