//! The facts of a spec with parallel states that the generated microstep reads (`engine.rs`),
//! as data: one row per transition beside `TRANSITIONS` (its trigger, target, guard tests,
//! actions and the timers it resets), one per timer, and per state whether it is parallel,
//! the atomic states entering it gives, the timers that run in it and its actions. Each is
//! computed here from the model and its `semantics` functions, once, at generation time.

use machine_core::model::{Expiry, GuardTest, Model, StateId, Target, Trigger};
use machine_core::semantics;
use proc_macro2::TokenStream;
use quote::quote;

use super::super::grouped::Grouped;
use crate::context::Context;
use crate::tokens::index;

/// Rule S22: the most atomic states a configuration of `state` can hold: one per atomic
/// state, the widest child of a compound state, every region of a parallel state.
fn width(model: &Model, state: StateId) -> usize {
    let children = model.children(Some(state));
    if children.is_empty() {
        1
    } else if model.is_parallel(state) {
        children.iter().map(|&c| width(model, c)).sum()
    } else {
        children.iter().map(|&c| width(model, c)).max().unwrap_or(1)
    }
}

/// The most atomic states the machine is ever in at once.
pub fn widest(model: &Model) -> usize {
    model
        .children(None)
        .iter()
        .map(|&s| width(model, s))
        .max()
        .unwrap_or(1)
}

/// `&[State::A, State::B]`.
fn states(cx: &Context, list: &[StateId]) -> TokenStream {
    let list = list.iter().map(|&s| cx.state(s));
    quote! { &[#(#list),*] }
}

/// `&[0, 3]`: indexes.
fn indexes(list: impl IntoIterator<Item = usize>) -> TokenStream {
    let list = list.into_iter().map(index);
    quote! { &[#(#list),*] }
}

/// `&[(0, true), (2, false)]`: guard tests as guard indexes and the answer each needs.
fn tests(list: &[GuardTest]) -> TokenStream {
    let list = list.iter().map(|&t| {
        let guard = index(t.guard.index());
        let needed = semantics::passes(t, true);
        quote! { (#guard, #needed) }
    });
    quote! { &[#(#list),*] }
}

/// `To::..`: where a move goes, for a transition's target.
fn to(cx: &Context, target: Target) -> TokenStream {
    match target {
        Target::State(s) => {
            let s = cx.state(s);
            quote! { engine::To::State(#s) }
        }
        Target::Internal => quote! { engine::To::Internal },
        Target::History => quote! { engine::To::History },
        Target::Recall(h) => {
            let h = cx.model.history(h);
            let (owner, deep, default) = (cx.state(h.state), h.deep, cx.state(h.default));
            quote! { engine::To::Recall { owner: #owner, deep: #deep, default: #default } }
        }
    }
}

/// The tables, as private items of the module.
pub fn emit(cx: &Context) -> TokenStream {
    let model = cx.model;
    let count = model.states.len();
    let widest = widest(model);
    let width = index(widest);
    let words = index(count.max(model.timers.len()).div_ceil(64).max(1));
    let parallel = model.state_ids().map(|s| model.is_parallel(s));
    let defaults = model
        .state_ids()
        .map(|s| states(cx, &model.default_atoms(s)));
    let polled = model.state_ids().map(|s| {
        let atoms = model.complete(&[], None, &[s]);
        let len = index(atoms.len());
        let first = cx.state(atoms[0]);
        let mut at: Vec<TokenStream> = atoms
            .iter()
            .map(|&a| {
                let a = cx.state(a);
                quote! { #a }
            })
            .collect();
        at.resize(widest, quote! { #first });
        quote! { engine::Atoms { at: [#(#at),*], len: #len } }
    });
    let running = model
        .state_ids()
        .map(|s| indexes(model.timers_in(s).map(|(id, _)| id.index())));
    let rows = Grouped::transitions(model).rows.into_iter().map(|(_, t)| {
        let from = cx.state(t.from);
        let trigger = match t.trigger {
            Trigger::Event(e) => {
                let e = index(e.index());
                quote! { engine::Trig::Event(#e) }
            }
            Trigger::Always => quote! { engine::Trig::Always },
            Trigger::Done => quote! { engine::Trig::Done },
        };
        let target = to(cx, t.target);
        let tests = tests(&t.guards);
        let actions = indexes(t.actions.iter().map(|a| a.index()));
        let resets = indexes(
            model
                .timers_with_ids()
                .filter(|&(timer, _)| semantics::resets(model, t, timer))
                .map(|(timer, _)| timer.index()),
        );
        let exit = t.origin == machine_core::model::Origin::FaultExit;
        quote! {
            engine::Row { from: #from, trigger: #trigger, target: #target, tests: #tests, actions: #actions, resets: #resets, fault_exit: #exit }
        }
    });
    let timers = model.timers.iter().map(|timer| {
        let home = cx.state_option(timer.state());
        let set = states(cx, timer.states());
        let spanning = timer.is_spanning();
        let timeout = &timer.timeout;
        let tests = tests(&timeout.guards);
        let actions = indexes(timeout.actions.iter().map(|a| a.index()));
        let expiry = match timeout.expiry {
            Expiry::Transition(s) => to(cx, Target::State(s)),
            Expiry::Recall(h) => to(cx, Target::Recall(h)),
            Expiry::End(_) => quote! { engine::To::End },
            Expiry::Notify(_) => quote! { engine::To::Internal },
        };
        quote! {
            engine::TimerRow { home: #home, states: #set, spanning: #spanning, tests: #tests, actions: #actions, expiry: #expiry }
        }
    });
    let entry = model
        .state_ids()
        .map(|s| indexes(model.state(s).entry.iter().map(|a| a.index())));
    let exit = model
        .state_ids()
        .map(|s| indexes(model.state(s).exit.iter().map(|a| a.index())));
    let owners: Vec<StateId> = model
        .state_ids()
        .filter(|&s| model.has_history(s))
        .collect();
    let slots = model.state_ids().map(|s| {
        let slot = owners.iter().position(|&o| o == s).map(|k| {
            let k = index(k);
            quote! { #k }
        });
        crate::tokens::option(slot)
    });
    let histories = index(owners.len());
    let fault = cx.state_option(model.fault.as_ref().map(|f| f.state));
    let fault_sources = states(cx, model.fault.as_ref().map_or(&[][..], |f| &f.sources[..]));
    let bound = index(semantics::settle_bound(model));
    let regions = model.state_ids().map(|s| {
        let regions: &[StateId] = if model.is_parallel(s) {
            model.children(Some(s))
        } else {
            &[]
        };
        states(cx, regions)
    });
    // The states inside a state follow it in document order.
    let ends = model.state_ids().map(|s| {
        let last = model
            .state_ids()
            .filter(|&d| model.is_within(d, s))
            .map(StateId::index)
            .max()
            .unwrap_or(s.index());
        index(last + 1)
    });
    let eventless = model.state_ids().map(|s| {
        model.self_and_ancestors(s).any(|a| {
            model
                .transitions_from(a)
                .any(|(_, t)| t.trigger == Trigger::Always)
        })
    });
    let completes = model.state_ids().map(|s| {
        model
            .transitions_from(s)
            .any(|(_, t)| t.trigger == Trigger::Done)
    });
    let timer_count = index(model.timers.len());
    quote! {
        /// Rule S22: the most atomic states the machine is in at once (one per region of the
        /// widest parallel state).
        const WIDTH: usize = #width;
        /// The words of an `engine::Set` of states or timers.
        const WORDS: usize = #words;
        /// How many timers the spec has.
        const TIMER_COUNT: usize = #timer_count;
        /// How many compound states have a history state (rule S19).
        const HISTORIES: usize = #histories;
        /// Rule S21's bound: the most automatic steps one input may lead to.
        pub const SETTLE_BOUND: usize = #bound;
        /// Per state: its regions, for a parallel state; none otherwise.
        const STATE_REGIONS: &[&[State]] = &[#(#regions),*];
        /// Per state: one past the last state inside it (they follow it in document order).
        const STATE_END: &[usize] = &[#(#ends),*];
        /// Per state: whether it or a state around it has an eventless transition (rule S21).
        const STATE_EVENTLESS: &[bool] = &[#(#eventless),*];
        /// Per state: whether it has a completion transition (rule S20).
        const STATE_COMPLETES: &[bool] = &[#(#completes),*];
        /// Per state: whether it is a parallel state (rule S22).
        const STATE_PARALLEL: &[bool] = &[#(#parallel),*];
        /// Per state: the atomic states entering it from outside gives (rules S17 and S23).
        const STATE_DEFAULTS: &[&[State]] = &[#(#defaults),*];
        /// Per state: the configuration of a machine known only by that state (rule S23).
        const STATE_POLLED: &[engine::Atoms] = &[#(#polled),*];
        /// Per atomic state: the timers that run in it, in `Timer` order (rule S18).
        const STATE_RUNNING: &[&[usize]] = &[#(#running),*];
        /// Per state: its `entry:` actions.
        const STATE_ENTRY: &[&[usize]] = &[#(#entry),*];
        /// Per state: its `exit:` actions.
        const STATE_EXIT: &[&[usize]] = &[#(#exit),*];
        /// Per state: where `Machine` keeps what it remembers of it (rule S19).
        const STATE_HISTORY: &[::core::option::Option<usize>] = &[#(#slots),*];
        /// The fault state, if the spec has one.
        const FAULT: ::core::option::Option<State> = #fault;
        /// The states the fault state is entered from (rule S5).
        const FAULT_SOURCES: &[State] = #fault_sources;
        /// Per row of `TRANSITIONS`: what the microstep reads of it.
        const ROWS: &[engine::Row] = &[#(#rows),*];
        /// Per timer: what the microstep reads of it.
        const TIMER_ROWS: &[engine::TimerRow] = &[#(#timers),*];
    }
}
