//! Emits, for a spec with timeouts, the `Timer` enum (through `enums.rs`): one variant per
//! timer of the spec, in the order of the interpreter's `TimerId` (each state's timeouts in
//! spec order, state after state), with `Timer::timeout`, `Timer::state` and `State::timers`.
//! A timer is what [`Machine::expire`] takes and what a `Step` reports as its cause.

use machine_core::model::Scope;
use proc_macro2::TokenStream;
use quote::quote;

use super::enums::{self, Enum, Table, Variant};
use crate::context::{Clock, Context};
use crate::tokens::ident;

/// The `Timer` enum; nothing for a spec without timeouts.
pub fn emit(cx: &Context) -> TokenStream {
    if !cx.has_timeouts {
        return TokenStream::new();
    }
    let model = cx.model;
    let spanning = cx.has_spanning;
    let variants = model
        .timers
        .iter()
        .map(|timer| {
            let timeout = &timer.timeout;
            let mut doc = match &timer.scope {
                Scope::State { state, .. } => format!(
                    "After {} in `{}`.",
                    timeout.after.text,
                    model.state(*state).name.spec
                ),
                Scope::Set(states) => {
                    let states: Vec<String> = states
                        .iter()
                        .map(|&s| format!("`{}`", model.state(s).name.spec))
                        .collect();
                    format!(
                        "After {} across {} (its clock runs while the machine stays in these \
                         states).",
                        timeout.after.text,
                        states.join(", ")
                    )
                }
            };
            if !timeout.doc.is_empty() {
                doc.push(' ');
                doc.push_str(&timeout.doc);
            }
            Variant {
                ident: ident(&timer.name.rust),
                doc,
                name: &timer.name.spec,
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
        model.timers.iter().map(|t| cx.state(t.states()[0])),
    )
    .accessor(
        "state",
        if spanning {
            "The state whose timeout this is: its clock runs while the machine is there. For a \
             timer that spans several states (`timers:`), the first of them: \
             [`Timer::states`] gives them all."
        } else {
            "The state whose timeout this is: its clock runs while the machine is there."
        },
        quote! { State },
    );
    let all_states = Table::new(
        "Timer",
        "SETS",
        quote! { &[State] },
        model.timers.iter().map(|t| {
            let list = t.states().iter().map(|&s| cx.state(s));
            quote! { &[#(#list),*] }
        }),
    )
    .accessor(
        "states",
        "The states across which its clock runs: one for a state's timeout, the set of a \
         timer that spans several states (`timers:`, rule S14). The clock of such a timer \
         starts when the machine enters the set from outside and keeps running while it \
         moves inside it.",
        quote! { &'static [State] },
    );
    let timeouts = Table::new(
        "Timer",
        "TIMEOUTS",
        quote! { &Timeout },
        model
            .timers_with_ids()
            .map(|(id, t)| match (t.scope.clone(), cx.clock(id)) {
                (Scope::State { state, index }, _) => {
                    let (state, index) = (
                        crate::tokens::index(state.index()),
                        crate::tokens::index(index),
                    );
                    quote! { &STATE_TIMEOUTS[#state][#index] }
                }
                (Scope::Set(_), Clock::Spans(k) | Clock::Since(k)) => {
                    let k = crate::tokens::index(k);
                    quote! { &SPANNING_TIMEOUTS[#k] }
                }
            }),
    )
    .accessor(
        "timeout",
        "How long, and what happens then.",
        quote! { &'static Timeout },
    );
    let first = crate::tokens::index(model.first_spanning());
    let spanning_timeouts = spanning.then(|| {
        let values = model
            .spanning_timers()
            .map(|(_, t)| super::timeout::value(cx, &t.timeout));
        quote! {
            /// The timeouts of the timers that span several states, in [`Timer`] order.
            const SPANNING_TIMEOUTS: &[Timeout] = &[#(#values),*];
            /// The first timer that spans several states: its position in [`Timer::ALL`].
            const FIRST_SPANNING: usize = #first;
        }
    });
    let mut facts = vec![states, timeouts];
    if cx.has_timer_guards {
        facts.push(
            Table::new(
                "Timer",
                "GUARDS",
                quote! { &[Guard] },
                model.timers.iter().map(|t| {
                    let list = t.timeout.guards.iter().map(|&g| cx.guard(g));
                    quote! { &[#(#list),*] }
                }),
            )
            .accessor(
                "guards",
                "The guards that must all hold for its expiry to happen, in the order they are \
                 asked ([`Machine::expire`]).",
                quote! { &'static [Guard] },
            ),
        );
    }
    if spanning {
        facts.push(all_states);
    }
    let doc = if spanning {
        format!(
            "A timer of the `{}` lifecycle: one timeout of one state, or a timer that spans \
             several states (`timers:`). Its clock runs while the machine is in one of \
             [`Timer::states`], and starts again as [`Step::restarts`] says; when it \
             reaches [`Timeout::after`], apply the expiry with [`Machine::expire`].",
            cx.machine
        )
    } else {
        format!(
            "A timer of the `{}` lifecycle: one timeout of one state. Its clock runs while \
             the machine is in that state, and starts again as [`Step::restarts`] says; \
             when it reaches [`Timeout::after`], apply the expiry with \
             [`Machine::expire`].",
            cx.machine
        )
    };
    let timer_enum = enums::emit(
        cx,
        &Enum {
            name: "Timer",
            doc,
            variants,
            all_doc: if spanning {
                "Every timer: each state's timeouts in spec order, state after state, then \
                 the timers that span several states in spec order."
            } else {
                "Every timer: each state's timeouts in spec order, state after state."
            },
            name_doc: if spanning {
                "The timer's name: its state's, numbered (`Pending #2`) when the state has \
                 several; a timer that spans several states has its own (`name:`)."
            } else {
                "The timer's name: its state's, numbered (`Pending #2`) when the state has \
                 several."
            },
            wire_doc: None,
            text_doc: Some("What the timeout means, from the spec (may be empty)."),
            numbered: true,
            consts: TokenStream::new(),
            facts,
            relations: Vec::new(),
            methods: TokenStream::new(),
        },
    );
    quote! { #timer_enum #spanning_timeouts }
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
