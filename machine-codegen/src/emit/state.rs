//! Emits `State`: the enum (through `enums.rs`), its flags, the events it accepts, its
//! timeouts and incidents, and its transitions (a slice of `TRANSITIONS`, see `dispatch.rs`).
//! Reachability (`can_reach`, `path_to`) is emitted by `reach.rs`.

use std::fmt::Write as _;

use machine_core::model::{Model, StateId};
use proc_macro2::TokenStream;
use quote::quote;

use super::enums::{self, Enum, Table, Variant};
use super::timeout;
use crate::Picture;
use crate::context::Context;
use crate::tokens::{code, doc, ident, int};

/// A bit of the emitted `STATE_FLAGS`: a yes-or-no fact about a state, read by its `is_*`
/// method. Every use of a bit (the table's doc, the values, the masks) comes from [`FLAGS`].
struct Flag {
    /// The bit.
    bit: u8,
    /// What it says about the state: `final` (the method is `is_final`).
    name: &'static str,
    /// The rustdoc of the method.
    doc: &'static str,
    /// Whether the state has it.
    holds: fn(&Model, StateId) -> bool,
}

/// The bits of `STATE_FLAGS`, in method order.
const FLAGS: [Flag; 3] = [
    Flag {
        bit: 1,
        name: "final",
        doc: "Whether the lifecycle ends in this state.",
        holds: |model, id| model.state(id).is_final,
    },
    Flag {
        bit: 2,
        name: "initial",
        doc: "Whether the lifecycle can start in this state.",
        holds: Model::is_initial,
    },
    Flag {
        bit: 4,
        name: "fault",
        doc: "Whether this is the fault state.",
        holds: |model, id| model.state(id).is_fault,
    },
];

/// `STATE_FLAGS`, and the `is_*` methods that read it.
fn flags(model: &Model) -> (Table, TokenStream) {
    let values = model.state_ids().map(|id| {
        let set = FLAGS.iter().filter(|f| (f.holds)(model, id));
        int(u64::from(set.map(|f| f.bit).sum::<u8>()))
    });
    let legend: Vec<String> = FLAGS
        .iter()
        .map(|f| format!("{} = {}", f.bit, f.name))
        .collect();
    let table = Table::new("State", "FLAGS", quote! { u8 }, values)
        .doc(format!("Per state: {}.", legend.join(", ")));
    let methods = FLAGS.iter().map(|f| {
        let (doc, method, bit) = (
            doc(f.doc),
            ident(&format!("is_{}", f.name)),
            int(u64::from(f.bit)),
        );
        quote! {
            #doc
            #[must_use]
            pub const fn #method(self) -> bool {
                STATE_FLAGS[self as usize] & #bit != 0
            }
        }
    });
    (table, quote! { #(#methods)* })
}

/// The `State` enum and its tables.
pub fn emit(cx: &Context) -> TokenStream {
    let model = cx.model;
    let variants = model
        .state_ids()
        .map(|id| {
            let s = model.state(id);
            Variant {
                ident: ident(&s.name.rust),
                doc: variant_doc(model, id),
                name: &s.name.spec,
                wire: &s.wire,
                wire_aliases: &s.wire_aliases,
                text: &s.doc,
            }
        })
        .collect();
    let initial = model.starts.iter().map(|s| cx.state(s.state));
    let finals = model
        .state_ids()
        .filter(|&s| model.state(s).is_final)
        .map(|s| cx.state(s));
    let fault = model.fault.as_ref().map(|f| {
        let s = cx.state(f.state);
        quote! {
            /// The fault state: entered from every non-final state, left back to where it came
            /// from (see [`Machine`]).
            pub const FAULT: State = #s;
        }
    });
    let (flags, is_flag) = flags(model);
    let events = Table::new(
        "State",
        "EVENTS",
        quote! { &[Event] },
        model.state_ids().map(|id| {
            let events = model.accepted_events(id).into_iter().map(|e| cx.event(e));
            quote! { &[#(#events),*] }
        }),
    )
    .accessor(
        "accepted_events",
        "The events this state has a transition for, in event order. An event not in\n\
         this list is always refused here; one in it may still be refused by a guard.",
        quote! { &'static [Event] },
    );
    let timeouts = Table::new(
        "State",
        "TIMEOUTS",
        quote! { &[Timeout] },
        model.state_ids().map(|id| {
            let list = model
                .own_timers_in(id)
                .map(|(_, t)| timeout::value(cx, &t.timeout));
            quote! { &[#(#list),*] }
        }),
    )
    .accessor(
        "timeouts",
        "What happens when the machine stays in this state too long, in spec order.",
        quote! { &'static [Timeout] },
    );
    let incidents = cx.has_incidents.then(|| {
        Table::new(
            "State",
            "INCIDENTS",
            quote! { &[Incident] },
            model.state_ids().map(|id| {
                let list = model.incidents_in(id).map(|(i, _)| cx.incident(i));
                quote! { &[#(#list),*] }
            }),
        )
        .accessor(
            "incidents",
            "The incidents (error-table rows) that can happen in this state, in table order.",
            quote! { &'static [Incident] },
        )
    });
    let timers = cx.has_timeouts.then(|| super::timer::state_table(cx));
    let timers_fn = timers.as_ref().map(super::enums::Table::method);
    let (accepted_events, timeouts_fn) = (events.method(), timeouts.method());
    let incidents_fn = incidents.as_ref().map(Table::method);
    let methods = quote! {
        #is_flag

        /// The transitions out of this state, in the order they are tried (a slice of
        /// [`TRANSITIONS`]).
        #[must_use]
        pub fn transitions(self) -> &'static [Transition] {
            range(TRANSITIONS, TRANSITION_STARTS, self as usize)
        }

        #accepted_events

        /// Whether this state has a transition for `event` (guards aside).
        #[must_use]
        pub fn accepts(self, event: Event) -> bool {
            self.accepted_events().contains(&event)
        }

        #timeouts_fn
        #timers_fn
        #incidents_fn
    };
    enums::emit(
        cx,
        &Enum {
            name: "State",
            doc: enum_doc(cx),
            variants,
            all_doc: "Every state, in the order the spec declares them.",
            name_doc: "The state's name in the spec (and its Rust name before case conversion).",
            wire_doc: Some(
                "The string the API uses for this state; [`Display`](::core::fmt::Display)\n\
                 writes it and [`FromStr`](::core::str::FromStr) reads it.",
            ),
            text_doc: Some("What the state means, from the spec (may be empty)."),
            numbered: true,
            consts: quote! {
                /// The initial states, in the order the spec lists its starts.
                pub const INITIAL: &'static [State] = &[#(#initial),*];
                /// The final states: the lifecycle ends there.
                pub const FINAL: &'static [State] = &[#(#finals),*];
                #fault
            },
            facts: vec![flags],
            relations: [Some(events), Some(timeouts), timers, incidents]
                .into_iter()
                .flatten()
                .collect(),
            methods,
        },
    )
}

/// Up to how many states `State`'s rustdoc repeats the diagram ([`DOT`]'s text, and its
/// picture); a larger figure is no use to read there, and thousands of `#[doc]` lines cost
/// every build.
const DIAGRAM_IN_DOCS_MAX_STATES: usize = 100;

/// The rustdoc of `State`: the table of states and the diagram: its picture (when the caller
/// drew one), then its DOT source, folded.
fn enum_doc(cx: &Context) -> String {
    let mut doc = format!(
        "A state of the `{}` lifecycle.\n\n{}\n\n# States\n\n{}",
        cx.machine,
        "Its `Display` and `FromStr` use the wire names (the strings the API reports); \
         its `Debug` shows the Rust name. One byte for up to 256 states.",
        cx.figures.state_table
    );
    let states = cx.model.states.len();
    if states > DIAGRAM_IN_DOCS_MAX_STATES {
        let _ = write!(
            doc,
            "\n# Diagram\n\nIn [`DOT`] (Graphviz), not repeated here: with {states} states \
             it is too large to read in these docs (`machine svg` draws it).\n"
        );
        return doc;
    }
    doc.push_str("\n# Diagram\n\n");
    let svg = match &cx.figures.picture {
        Picture::Svg(svg) => svg,
        Picture::Off | Picture::TooLarge => {
            if cx.figures.picture == Picture::TooLarge {
                doc.push_str(
                    "The picture is left out: this figure is too large to lay out at every \
                     build (`machine svg` draws it; `svg = true` in `machine!` draws it here).\n\n",
                );
            }
            doc.push_str("The same as [`DOT`]:\n\n```dot\n");
            doc.push_str(&cx.figures.dot);
            doc.push_str("```\n");
            return doc;
        }
    };
    doc.push_str("<div class=\"machine-diagram\">");
    doc.push_str(svg);
    doc.push_str("</div>\n\n<details><summary>The diagram's Graphviz source (the <code>DOT</code> const)</summary>\n\n```dot\n");
    doc.push_str(&cx.figures.dot);
    doc.push_str("```\n\n</details>\n");
    doc
}

/// The rustdoc of a variant: the spec's text, then what is special about the state.
fn variant_doc(model: &Model, id: StateId) -> String {
    let state = model.state(id);
    let mut doc = state.doc.clone();
    let mut notes = Vec::new();
    for start in model.starts.iter().filter(|s| s.state == id) {
        notes.push(match &start.name {
            Some(name) => format!("Initial ({}).", code(&name.spec)),
            None => "Initial.".to_owned(),
        });
    }
    if state.is_final {
        notes.push("Final.".to_owned());
    }
    if state.is_fault {
        notes.push("The fault state.".to_owned());
    }
    notes.extend(super::wire::note(
        &state.name.spec,
        &state.wire,
        &state.wire_aliases,
    ));
    if !notes.is_empty() {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&notes.join(" "));
    }
    doc
}
