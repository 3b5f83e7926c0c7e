//! Emits `Event` (through `enums.rs`): what can happen to the machine, with wire names.

use proc_macro2::TokenStream;

use super::enums::{self, Enum, Variant};
use crate::context::Context;
use crate::tokens::ident;

/// The `Event` enum and its tables.
pub fn emit(cx: &Context) -> TokenStream {
    let variants = cx
        .model
        .events
        .iter()
        .map(|e| {
            let mut doc = e.doc.clone();
            if let Some(note) = super::wire::note(&e.name.spec, &e.wire, &e.wire_aliases) {
                if !doc.is_empty() {
                    doc.push_str("\n\n");
                }
                doc.push_str(&note);
            }
            Variant {
                ident: ident(&e.name.rust),
                doc,
                name: &e.name.spec,
                wire: &e.wire,
                wire_aliases: &e.wire_aliases,
                text: &e.doc,
            }
        })
        .collect();
    enums::emit(
        cx,
        &Enum {
            name: "Event",
            doc: format!(
                "An event of the `{}` lifecycle: something that happened, which may move the \
                 machine.\n\nIts `Display` and `FromStr` use the wire names.",
                cx.machine
            ),
            variants,
            all_doc: "Every event, in the order the spec declares them.",
            name_doc: "The event's name in the spec.",
            wire_doc: Some("The string used for this event on the wire."),
            text_doc: Some("What happened, from the spec (may be empty)."),
            numbered: true,
            consts: TokenStream::new(),
            facts: Vec::new(),
            relations: Vec::new(),
            methods: TokenStream::new(),
        },
    )
}
