//! Emits `Incident` (through `enums.rs`), when the spec has an error table: one variant per
//! row, with what happened, how it is resolved, the states it can happen in and the
//! transition its resolution makes.

use proc_macro2::TokenStream;
use quote::quote;

use super::enums::{self, Enum, Table, Variant};
use crate::context::Context;
use crate::tokens::{ident, option, string};

/// The `Incident` enum and its tables, or nothing when the spec has no error table.
pub fn emit(cx: &Context) -> TokenStream {
    if !cx.has_incidents {
        return TokenStream::new();
    }
    let model = cx.model;
    let incidents = &model.incidents;
    let variants = incidents
        .iter()
        .map(|inc| Variant {
            ident: ident(&inc.name.rust),
            doc: format!("{}\n\n**Resolution:** {}", inc.event, inc.resolution),
            name: &inc.name.spec,
            wire: "",
            wire_aliases: &[],
            text: "",
        })
        .collect();
    let without_state = incidents
        .iter()
        .filter(|i| i.no_state.is_some())
        .map(|inc| {
            let v = ident(&inc.name.rust);
            quote! { Incident::#v }
        });
    let facts = vec![
        Table::text(
            "Incident",
            "HAPPENED",
            incidents.iter().map(|i| i.event.as_str()),
            ("what_happened", "What happened."),
        ),
        Table::text(
            "Incident",
            "RESOLUTIONS",
            incidents.iter().map(|i| i.resolution.as_str()),
            ("resolution", "How it is resolved, and what follows."),
        ),
    ];
    let relations = vec![
        Table::new(
            "Incident",
            "STATES",
            quote! { &[State] },
            incidents.iter().map(|i| {
                let s = i.states.iter().map(|&s| cx.state(s));
                quote! { &[#(#s),*] }
            }),
        )
        .accessor(
            "states",
            "The states it can happen in, in spec order.",
            quote! { &'static [State] },
        ),
        Table::new(
            "Incident",
            "NO_STATE",
            quote! { ::core::option::Option<&str> },
            incidents.iter().map(|i| {
                option(i.no_state.as_ref().map(|text| {
                    let text = string(text);
                    quote! { #text }
                }))
            }),
        )
        .accessor(
            "no_state",
            "How the error table shows \"no state\" (`Undefined`, `N/A`), when the incident\n\
             can also happen to an object the service does not know.",
            quote! { ::core::option::Option<&'static str> },
        ),
        Table::new(
            "Incident",
            "TRANSITIONS",
            quote! { ::core::option::Option<(Event, State)> },
            incidents.iter().map(|i| {
                option(i.transition.map(|(event, to)| {
                    let e = cx.event(event);
                    let s = cx.state(to);
                    quote! { (#e, #s) }
                }))
            }),
        )
        .accessor(
            "transition",
            "The transition the resolution makes, if any: the event that records it and the\n\
             state it moves to (from each of [`Incident::states`]).",
            quote! { ::core::option::Option<(Event, State)> },
        ),
    ];
    let methods = relations.iter().map(Table::method).collect();
    enums::emit(
        cx,
        &Enum {
            name: "Incident",
            doc: format!(
                "A row of the `{}` lifecycle's error table: something that goes wrong, the \
                 states it can happen in, and how it is resolved.\n\n{}",
                cx.machine, cx.figures.incident_table
            ),
            variants,
            all_doc: "Every incident, in table order.",
            name_doc: "The incident's name in the spec.",
            wire_doc: None,
            text_doc: None,
            numbered: false,
            consts: quote! {
                /// The incidents that can also happen when there is no state (the service does
                /// not know the object).
                pub const WITHOUT_STATE: &'static [Incident] = &[#(#without_state),*];
            },
            facts,
            relations,
            methods,
        },
    )
}
