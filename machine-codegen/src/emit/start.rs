//! Emits `Start` (through `enums.rs`), when the spec names its starts: which initial state a
//! machine begins in (`Machine::new(start)`, see `machine.rs`).

use machine_core::model::StateId;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::enums::{self, Enum, Table, Variant};
use crate::context::Context;
use crate::tokens::{code, ident};

/// The `Start` enum and its tables, or nothing when the starts have no names.
pub fn emit(cx: &Context) -> TokenStream {
    if !cx.named_starts {
        return TokenStream::new();
    }
    let model = cx.model;
    let named: Vec<(Ident, &str, StateId)> = model
        .starts
        .iter()
        .filter_map(|s| {
            s.name
                .as_ref()
                .map(|n| (ident(&n.rust), n.spec.as_str(), s.state))
        })
        .collect();
    let states = Table::new(
        "Start",
        "STATES",
        quote! { State },
        named.iter().map(|&(_, _, s)| cx.state(s)),
    )
    .accessor(
        "state",
        "The state the lifecycle starts in.",
        quote! { State },
    );
    let methods = states.method();
    let variants = named
        .into_iter()
        .map(|(ident, name, state)| Variant {
            ident,
            doc: format!("Starts in {}.", code(&model.state(state).name.spec)),
            name,
            wire: "",
            wire_aliases: &[],
            text: "",
        })
        .collect();
    enums::emit(
        cx,
        &Enum {
            name: "Start",
            doc: format!(
                "A named start of the `{}` lifecycle: the spec has several initial states.",
                cx.machine
            ),
            variants,
            all_doc: "Every start, in spec order.",
            name_doc: "The start's name in the spec.",
            wire_doc: None,
            text_doc: None,
            numbered: false,
            consts: TokenStream::new(),
            facts: Vec::new(),
            relations: vec![states],
            methods,
        },
    )
}
