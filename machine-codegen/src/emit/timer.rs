//! Emits, for a spec with timeouts, the `Timer` enum (through `enums.rs`): one variant per
//! timer of the spec, in the order of the interpreter's `TimerId` (each state's timeouts in
//! spec order, state after state), with `Timer::timeout`, `Timer::state` and `State::timers`.
//! A timer is what [`Machine::expire`] takes and what a `Step` reports as its cause.

use machine_core::model::Model;
use proc_macro2::TokenStream;
use quote::quote;

use super::enums::{self, Enum, Table, Variant};
use crate::context::Context;
use crate::tokens::ident;

/// The Rust names of the timers, in `TimerId` order: a state's only timeout is named after
/// the state (`Shipping`); several are numbered from 1 (`Pending1`, `Pending2`). A name
/// taken already gets `Timer` appended until it is free.
pub fn names(model: &Model) -> Vec<(String, String)> {
    let mut taken: Vec<String> = Vec::new();
    let mut names = Vec::new();
    for (_, state, index, _) in model.timers() {
        let s = model.state(state);
        let (mut rust, spec) = if s.timeouts.len() == 1 {
            (s.name.rust.clone(), s.name.spec.clone())
        } else {
            (
                format!("{}{}", s.name.rust, index + 1),
                format!("{} #{}", s.name.spec, index + 1),
            )
        };
        while taken.contains(&rust) {
            rust.push_str("Timer");
        }
        taken.push(rust.clone());
        names.push((rust, spec));
    }
    names
}

/// The `Timer` enum; nothing for a spec without timeouts.
pub fn emit(cx: &Context) -> TokenStream {
    if !cx.has_timeouts {
        return TokenStream::new();
    }
    let model = cx.model;
    let timers: Vec<_> = model.timers().collect();
    let variants = timers
        .iter()
        .zip(&cx.timer_names)
        .map(|(&(_, state, _, timeout), (rust, spec))| {
            let mut doc = format!(
                "After {} in `{}`.",
                timeout.after.text,
                model.state(state).name.spec
            );
            if !timeout.doc.is_empty() {
                doc.push(' ');
                doc.push_str(&timeout.doc);
            }
            Variant {
                ident: ident(rust),
                doc,
                name: spec,
                wire: "",
                wire_aliases: &[],
                text: &timeout.doc,
            }
        })
        .collect();
    let states = Table::new(
        "Timer",
        "STATES",
        quote! { State },
        timers.iter().map(|&(_, state, _, _)| cx.state(state)),
    )
    .accessor(
        "state",
        "The state whose timeout this is: its clock runs while the machine is there.",
        quote! { State },
    );
    let timeouts = Table::new(
        "Timer",
        "TIMEOUTS",
        quote! { &Timeout },
        timers.iter().map(|&(_, state, index, _)| {
            let (state, index) = (
                crate::tokens::index(state.index()),
                crate::tokens::index(index),
            );
            quote! { &STATE_TIMEOUTS[#state][#index] }
        }),
    )
    .accessor(
        "timeout",
        "How long, and what happens then.",
        quote! { &'static Timeout },
    );
    enums::emit(
        cx,
        &Enum {
            name: "Timer",
            doc: format!(
                "A timer of the `{}` lifecycle: one timeout of one state. Its clock runs while \
                 the machine is in that state, and starts again as [`Step::restarts`] says; \
                 when it reaches [`Timeout::after`], apply the expiry with \
                 [`Machine::expire`].",
                cx.machine
            ),
            variants,
            all_doc: "Every timer: each state's timeouts in spec order, state after state.",
            name_doc: "The timer's name: its state's, numbered (`Pending #2`) when the state \
                       has several.",
            wire_doc: None,
            text_doc: Some("What the timeout means, from the spec (may be empty)."),
            numbered: true,
            consts: TokenStream::new(),
            facts: vec![states, timeouts],
            relations: Vec::new(),
            methods: TokenStream::new(),
        },
    )
}

/// The `STATE_TIMERS` table behind `State::timers`.
pub fn state_table(cx: &Context) -> Table {
    let model = cx.model;
    Table::new(
        "State",
        "TIMERS",
        quote! { &[Timer] },
        model.state_ids().map(|s| {
            let list = model.timers_in(s).map(|(id, _)| cx.timer(id));
            quote! { &[#(#list),*] }
        }),
    )
    .accessor(
        "timers",
        "The timers whose clocks run while the machine is in this state.",
        quote! { &'static [Timer] },
    )
}
