//! Emits reachability from the analysis in [`crate::reach`]: `Via`, `Move`, the component and
//! interval tables behind `State::can_reach`, the moves grouped by target behind
//! `State::path_to`, and `Path`, the iterator of a shortest path.

use machine_core::model::{Scope, Trigger};
use proc_macro2::TokenStream;
use quote::quote;

use super::grouped::Grouped;
use crate::context::Context;
use crate::reach::{Move, Via};
use crate::tokens::{derives, index, repr};

/// The reachability and path part of the module.
pub fn emit(cx: &Context) -> TokenStream {
    let reach = &cx.reach;
    let components = reach.component.iter().map(|&c| index(c));
    let intervals = Grouped::concat(&reach.intervals);
    let reach_starts = intervals.starts();
    let reach_rows = intervals.rows.iter().map(|&(lo, hi)| {
        let (lo, hi) = (index(lo), index(hi));
        quote! { (#lo, #hi) }
    });
    // Grouped by target; within a target, in edge order.
    let into = Grouped::by(reach.moves.clone(), cx.model.state_ids(), |m| m.to);
    let into_starts = into.starts();
    let into_rows = into.rows.iter().map(|&Move { from, via, to }| {
        let (from, to) = (cx.state(from), cx.state(to));
        let via = match via {
            Via::Transition(Trigger::Event(e)) => {
                let e = cx.event(e);
                quote! { Via::Event(#e) }
            }
            Via::Transition(Trigger::Always) => quote! { Via::Always },
            Via::Transition(Trigger::Done) => quote! { Via::Done },
            // The generated `Via` names a state's timeout by its place in the state.
            Via::Timer(timer) => match cx.model.timer(timer).scope {
                Scope::State { index: i, .. } => {
                    let i = index(i);
                    quote! { Via::Timeout(#i) }
                }
                Scope::Set(_) => {
                    let timer = cx.timer(timer);
                    quote! { Via::Spanning(#timer) }
                }
            },
        };
        quote! { Move { from: #from, via: #via, to: #to } }
    });
    let count = index(cx.model.states.len());
    // One more than the moves, so that `MAX` never is a move's index.
    let link = repr(into.rows.len() + 1);
    let none = quote! { #link::MAX };
    let follow = if link == "u32" {
        quote! { |&link| usize::try_from(link).ok().and_then(|index| MOVES_INTO.get(index)) }
    } else {
        quote! { |&link| MOVES_INTO.get(usize::from(link)) }
    };
    let derive = derives();
    let spanning = cx.has_spanning;
    let spanning_variant = spanning.then(|| {
        quote! {
            /// By the expiry of this timer that spans several states ([`Timer::states`]).
            Spanning(Timer),
        }
    });
    let automatic_variants = cx.automatic.then(|| {
        quote! {
            /// By an eventless transition, taken as soon as its guards hold.
            Always,
            /// By the completion of the source state (a final state inside it was entered).
            Done,
        }
    });
    // Moves by an event or by an automatic transition have no timeout.
    let no_timeout = if cx.automatic {
        quote! { Via::Event(_) | Via::Always | Via::Done }
    } else {
        quote! { Via::Event(_) }
    };
    let spanning_arm = spanning.then(|| {
        quote! { Via::Spanning(timer) => ::core::option::Option::Some(timer.timeout()), }
    });

    quote! {
        /// How a [`Move`] is made.
        #derive
        pub enum Via {
            /// By firing this event.
            Event(Event),
            /// By the expiry of the source state's timeout at this index of
            /// [`State::timeouts`].
            Timeout(usize),
            #spanning_variant
            #automatic_variants
        }

        /// One move of the state graph: from a state, by an event or a timeout, to another.
        #derive
        pub struct Move {
            /// The state before.
            pub from: State,
            /// How.
            pub via: Via,
            /// The state after.
            pub to: State,
        }

        impl Move {
            /// The timeout that makes this move, when it is made by a timeout.
            #[must_use]
            pub fn timeout(&self) -> ::core::option::Option<&'static Timeout> {
                match self.via {
                    Via::Timeout(index) => self.from.timeouts().get(index),
                    #spanning_arm
                    #no_timeout => ::core::option::Option::None,
                }
            }
        }

        /// Each state's strongly connected component, numbered so that a component's
        /// successors have lower numbers (Tarjan's completion order).
        const STATE_COMPONENTS: &[usize] = &[#(#components),*];
        /// Where each component's intervals start in `REACH` (one more entry than components).
        const REACH_STARTS: &[usize] = &[#(#reach_starts),*];
        /// Per component, the components it reaches (itself included), as inclusive intervals.
        const REACH: &[(usize, usize)] = &[#(#reach_rows),*];
        /// Every move of the graph, grouped by target state.
        const MOVES_INTO: &[Move] = &[#(#into_rows),*];
        /// Where each state's incoming moves start in `MOVES_INTO`.
        const MOVES_INTO_STARTS: &[usize] = &[#(#into_starts),*];

        impl State {
            /// Whether the machine can get from this state to `to` by transitions and timeouts
            /// (guards aside; every state reaches itself). A return from the fault state to
            /// where it came from only goes back, so it adds nothing here.
            ///
            /// Computed at generation time: the state graph's strongly connected components,
            /// and for each component the components it reaches as a few index intervals, so
            /// the data grows with the graph and not with the square of the states. A lookup
            /// is two array reads and a scan of one component's intervals.
            #[must_use]
            pub fn can_reach(self, to: State) -> bool {
                match (
                    STATE_COMPONENTS.get(self as usize),
                    STATE_COMPONENTS.get(to as usize),
                ) {
                    (::core::option::Option::Some(&from), ::core::option::Option::Some(&target)) => {
                        range(REACH, REACH_STARTS, from)
                            .iter()
                            .any(|&(low, high)| low <= target && target <= high)
                    }
                    _ => false,
                }
            }

            /// A shortest path of moves from this state to `to`: `None` when `to` cannot be
            /// reached, an empty path when `to` is this state. A status poller uses it to name
            /// the states skipped between two polls. Among shortest paths, the one found
            /// first in table order is returned, so the answer is always the same.
            ///
            /// The moves are data computed at generation time, grouped by target state; a
            /// breadth-first search backwards from `to` runs over a fixed-size array on the
            /// stack (one entry per state): no allocation, linear time. A table of every pair
            /// would grow with the square of the states.
            #[must_use]
            pub fn path_to(self, to: State) -> ::core::option::Option<Path> {
                if !self.can_reach(to) {
                    return ::core::option::Option::None;
                }
                let mut next = [#none; #count];
                let mut queue = [to; #count];
                let mut head = 0;
                let mut tail = 1;
                while let ::core::option::Option::Some(&state) = queue.get(head).filter(|_| head < tail) {
                    head += 1;
                    if state == self {
                        break;
                    }
                    let start = MOVES_INTO_STARTS.get(state as usize).copied().unwrap_or(0);
                    for (offset, step) in range(MOVES_INTO, MOVES_INTO_STARTS, state as usize).iter().enumerate() {
                        let source = step.from as usize;
                        let unseen = step.from != to && next.get(source) == ::core::option::Option::Some(&#none);
                        if let (true, ::core::option::Option::Some(link), ::core::result::Result::Ok(index)) =
                            (unseen, next.get_mut(source), #link::try_from(start + offset))
                        {
                            *link = index;
                            if let ::core::option::Option::Some(slot) = queue.get_mut(tail) {
                                *slot = step.from;
                                tail += 1;
                            }
                        }
                    }
                }
                let mut len = 0;
                let mut at = self;
                while at != to {
                    let step = next
                        .get(at as usize)
                        .and_then(#follow)?;
                    at = step.to;
                    len += 1;
                }
                ::core::option::Option::Some(Path { next, at: self, to, len })
            }
        }

        /// A shortest path between two states, as an iterator of [`Move`]s (see
        /// [`State::path_to`]).
        #[derive(::core::clone::Clone)]
        pub struct Path {
            /// Per state, the first move of a shortest path to `to` (an index of `MOVES_INTO`).
            next: [#link; #count],
            at: State,
            to: State,
            len: usize,
        }

        impl Path {
            /// Where the rest of the path starts.
            #[must_use]
            pub const fn at(&self) -> State {
                self.at
            }

            /// Where the path ends.
            #[must_use]
            pub const fn to(&self) -> State {
                self.to
            }

            /// How many moves are left.
            #[must_use]
            pub const fn len(&self) -> usize {
                self.len
            }

            /// Whether no move is left.
            #[must_use]
            pub const fn is_empty(&self) -> bool {
                self.len == 0
            }
        }

        impl ::core::iter::Iterator for Path {
            type Item = Move;

            fn next(&mut self) -> ::core::option::Option<Move> {
                if self.len == 0 {
                    return ::core::option::Option::None;
                }
                let step = *self
                    .next
                    .get(self.at as usize)
                    .and_then(#follow)?;
                self.at = step.to;
                self.len -= 1;
                ::core::option::Option::Some(step)
            }

            fn size_hint(&self) -> (usize, ::core::option::Option<usize>) {
                (self.len, ::core::option::Option::Some(self.len))
            }
        }

        impl ::core::iter::ExactSizeIterator for Path {}

        impl ::core::iter::FusedIterator for Path {}

        impl ::core::fmt::Debug for Path {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct("Path")
                    .field("from", &self.at)
                    .field("to", &self.to)
                    .field("len", &self.len)
                    .finish_non_exhaustive()
            }
        }
    }
}
