//! Emits what history states (rule S19) add to `Machine` (see `machine.rs`): the `recorded`
//! field, one slot per compound state with a history state, that keeps the atomic state the
//! machine was in when it last left that compound state; `Machine::remembered`; the recording
//! of every step that leaves such a state; and the dispatch arm of a transition to a history
//! state, whose target is known only at run time. Each function gives nothing in a spec
//! without history states, whose code stays as it was.

use machine_core::model::{Expiry, HistoryId, StateId, Transition};
use machine_core::semantics;
use proc_macro2::TokenStream;
use quote::quote;

use super::accept::Accept;
use crate::context::Context;
use crate::tokens::index;

/// The compound states with a history state, in state order: slot `k` of `recorded` is the
/// `k`-th.
fn owners(cx: &Context) -> Vec<StateId> {
    cx.model
        .state_ids()
        .filter(|&s| cx.model.has_history(s))
        .collect()
}

/// The slot of `recorded` that keeps `state`'s history, if it has one.
fn slot(cx: &Context, state: StateId) -> Option<usize> {
    owners(cx).iter().position(|&s| s == state)
}

/// The `recorded` field of `Machine`.
pub fn field(cx: &Context) -> Option<TokenStream> {
    let n = owners(cx).len();
    (n > 0).then(|| {
        let n = index(n);
        quote! { recorded: [::core::option::Option<State>; #n], }
    })
}

/// The `recorded` field's value in a new machine: nothing remembered.
pub fn init(cx: &Context) -> Option<TokenStream> {
    let n = owners(cx).len();
    (n > 0).then(|| {
        let n = index(n);
        quote! { recorded: [::core::option::Option::None; #n], }
    })
}

/// Rule S19 for a step whose moves are known here: the slots of the compound states with a
/// history state that a step from `at` to the domain `domain` leaves record `from` (the
/// variable: the atomic state before the step).
pub fn record_known(cx: &Context, at: StateId, domain: Option<StateId>) -> Option<TokenStream> {
    let writes: Vec<TokenStream> = cx
        .model
        .self_and_ancestors(at)
        .take_while(|&s| Some(s) != domain)
        .filter_map(|s| slot(cx, s))
        .map(|k| {
            let k = index(k);
            quote! { self.recorded[#k] = ::core::option::Option::Some(from); }
        })
        .collect();
    (!writes.is_empty()).then(|| quote! { #(#writes)* })
}

/// Rule S19 for a step whose moves are known only at run time (an expiry): `self.record(from,
/// domain)` records what the step from `from` leaves, up to `domain`.
pub fn record_walking(
    cx: &Context,
    from: &TokenStream,
    domain: &TokenStream,
) -> Option<TokenStream> {
    field(cx).map(|_| quote! { self.record(#from, #domain); })
}

/// `Machine::remembered`, and `Machine::record` for the steps known only at run time.
pub fn api(cx: &Context) -> Option<TokenStream> {
    let owners = owners(cx);
    if owners.is_empty() {
        return None;
    }
    let arms = owners.iter().enumerate().map(|(k, &s)| {
        let state = cx.state(s);
        let k = index(k);
        quote! { #state => ::core::option::Option::Some(#k), }
    });
    let recall = recall_api(cx);
    Some(quote! {
        #recall

        /// The slot of `recorded` that keeps the history of `state` (rule S19), if a history
        /// state records where the machine was inside it.
        const fn history_slot(state: State) -> ::core::option::Option<usize> {
            match state {
                #(#arms)*
                _ => ::core::option::Option::None,
            }
        }

        /// Rule S19: the atomic state the machine was in when it last left `state`, which
        /// has a history state; `None` when it never left it (or when it has no history
        /// state). A transition to the history state goes back there.
        #[must_use]
        pub const fn remembered(self, state: State) -> ::core::option::Option<State> {
            match Machine::history_slot(state) {
                ::core::option::Option::Some(k) => self.recorded[k],
                ::core::option::Option::None => ::core::option::Option::None,
            }
        }

        /// Rule S19: a step from `from` leaves the states around it up to `domain`; those
        /// with a history state remember `from`.
        fn record(&mut self, from: State, domain: ::core::option::Option<State>) {
            let mut at = ::core::option::Option::Some(from);
            while let ::core::option::Option::Some(state) = at.filter(|&s| ::core::option::Option::Some(s) != domain) {
                if let ::core::option::Option::Some(k) = Machine::history_slot(state) {
                    self.recorded[k] = ::core::option::Option::Some(from);
                }
                at = state.parent();
            }
        }
    })
}

/// How `Machine::dispatch` fires the row at `row`, `t`, a transition from the atomic state
/// `at` to history state `history` (rule S19): it records what it leaves, reads the history,
/// and enters the state it names; the clocks of the states entered start (rule S18).
pub fn accept(
    cx: &Context,
    at: StateId,
    t: &Transition,
    history: HistoryId,
    row: &proc_macro2::Literal,
) -> Accept {
    let model = cx.model;
    let h = model.history(history);
    let domain = semantics::history::recall_domain(model, t.from, h.state);
    let record = record_known(cx, at, domain);
    // `slot` has a value: `h.state` has a history state, `history`.
    let k = index(slot(cx, h.state).unwrap_or_default());
    let default = cx.state(model.descend(h.default));
    let owner = cx.state(h.state);
    let remembered = if h.deep {
        quote! { atom }
    } else {
        shallow(&quote! { #owner })
    };
    // Rules S6, S14 and S18 for each state the history can lead to: where each goes is
    // known here, so each is compiled as a transition to it would be. Targets with the same
    // effect share an arm; the largest group takes the last, catch-all arm.
    let mut groups: Vec<(String, TokenStream, Vec<StateId>)> = Vec::new();
    for to in targets(cx, history) {
        let (_, entries) = semantics::tree::moves_to(model, at, domain, to);
        let effect = super::clock::effect(cx, at, to, &entries, t).unwrap_or_default();
        let key = effect.to_string();
        match groups.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, states)) => states.push(to),
            None => groups.push((key, effect, vec![to])),
        }
    }
    groups.sort_by_key(|(_, _, states)| std::cmp::Reverse(states.len()));
    let clock = match groups.split_first() {
        None => TokenStream::new(),
        Some(((_, effect, _), [])) => effect.clone(),
        Some(((_, last, _), others)) => {
            let arms = others.iter().map(|(_, effect, states)| {
                let states = states.iter().map(|&s| cx.state(s));
                quote! { #(#states)|* => { #effect } }
            });
            quote! {
                match to {
                    #(#arms)*
                    _ => { #last }
                }
            }
        }
    };
    let no_plan = cx.plan_argument(None);
    Accept {
        effect: TokenStream::new(),
        value: quote! {{
            #record
            let to = match self.recorded[#k] {
                ::core::option::Option::Some(atom) => #remembered,
                ::core::option::Option::None => #default,
            };
            #clock
            self.enter(to);
            O::moved(from, to, #row #no_plan)
        }},
    }
}

/// Rule S19 for a shallow history of `owner` (an expression of type `State`) that remembers
/// the atomic state `atom`: the state directly inside `owner` that held the atom, entered
/// down to its initial state; an atom directly inside `owner` has no such state around it,
/// and is itself the state to go back to.
fn shallow(owner: &TokenStream) -> TokenStream {
    quote! {
        match atom.ancestors().find(|s| s.parent() == ::core::option::Option::Some(#owner)) {
            ::core::option::Option::Some(child) => child.descend(),
            ::core::option::Option::None => atom,
        }
    }
}

/// Whether some timeout goes to a history state: `Expiry::Recall` (`timeout.rs`), and
/// `Machine::recall` and `recall_domain`, which `Machine::expire` reads at run time.
pub fn timeout_recalls(cx: &Context) -> bool {
    cx.model
        .timers
        .iter()
        .any(|t| matches!(t.timeout.expiry, Expiry::Recall(_)))
}

/// `Machine::recall` and `recall_domain`, for the timeouts to a history state (rule S19),
/// whose target `Machine::expire` reads from `Expiry::Recall` at run time.
fn recall_api(cx: &Context) -> Option<TokenStream> {
    let shallow = shallow(&quote! { state });
    timeout_recalls(cx).then(|| {
        quote! {
            /// Rule S19: where a move to a history state of `state` leads, after the
            /// states it leaves are recorded: what `state` remembers (`deep`: the atomic state
            /// itself), or `default` entered down to its initial state.
            fn recall(self, state: State, deep: bool, default: State) -> State {
                match self.remembered(state) {
                    ::core::option::Option::Some(atom) if deep => atom,
                    ::core::option::Option::Some(atom) => #shallow,
                    ::core::option::Option::None => default.descend(),
                }
            }
        }
    })
}

/// The atomic states a transition to `history` can enter (rule S19): where its default
/// leads, and where each state it can remember leads (deep: every atomic state inside its
/// compound state; shallow: each state directly inside, entered down to its initial state),
/// in state order.
fn targets(cx: &Context, history: HistoryId) -> Vec<StateId> {
    let model = cx.model;
    let h = model.history(history);
    let mut targets: Vec<StateId> = if h.deep {
        model.atoms_within(h.state).collect()
    } else {
        model
            .children(Some(h.state))
            .iter()
            .map(|&c| model.descend(c))
            .collect()
    };
    targets.push(model.descend(h.default));
    targets.sort_unstable();
    targets.dedup();
    targets
}
