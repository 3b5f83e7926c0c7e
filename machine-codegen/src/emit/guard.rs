//! Emits the `Guards` trait (the conditions transitions may require, implemented by the user)
//! and, when the spec has guards, the `Guard` enum (through `enums.rs`) with `Guard::holds`.

use machine_core::model::GuardId;
use proc_macro2::TokenStream;
use quote::quote;

use super::enums::{self, Enum, Variant};
use crate::context::Context;
use crate::tokens::{code, doc, ident};

/// The `Guards` trait and the `Guard` enum.
pub fn emit(cx: &Context) -> TokenStream {
    let model = cx.model;
    let trait_doc = doc(&format!(
        "The conditions (guards) the `{}` lifecycle's transitions may require: implement it \
         for whatever holds the facts (a job record, a context struct) and pass it to \
         [`Machine::fire`] or [`select`].\n\nGuards are asked lazily, in the order a \
         transition lists them, and only for transitions of the event at hand.",
        cx.machine
    ));
    if !cx.has_guards {
        return quote! {
            #trait_doc
            ///
            /// This lifecycle has no guards: every type implements it, so `&()` will do.
            pub trait Guards {}

            impl<T: ?::core::marker::Sized> Guards for T {}
        };
    }
    let methods = model.guards.iter().map(|g| {
        let m = ident(&g.name.rust);
        let d = doc(&g.doc);
        quote! {
            #d
            fn #m(&self) -> bool;
        }
    });
    let variants = model
        .guards
        .iter()
        .map(|g| {
            let mut doc = format!("{}.", code(&g.name.spec));
            if !g.doc.is_empty() {
                doc.push(' ');
                doc.push_str(&g.doc);
            }
            Variant {
                ident: ident(&g.variant),
                doc,
                name: &g.name.spec,
                wire: "",
                wire_aliases: &[],
                text: &g.doc,
            }
        })
        .collect();
    let arms = model.guards.iter().enumerate().map(|(i, g)| {
        let v = cx.guard(GuardId::from_index(i));
        let m = ident(&g.name.rust);
        quote! { #v => guards.#m() }
    });
    let guard = enums::emit(
        cx,
        &Enum {
            name: "Guard",
            doc: "A guard, as data: the one a [`TransitionError`] names, or one a [`Transition`] \
                  requires."
                .to_owned(),
            variants,
            all_doc: "Every guard, in spec order.",
            name_doc: "The guard's name in the spec (also its method in [`Guards`]).",
            wire_doc: None,
            text_doc: Some("When the guard holds, from the spec (may be empty)."),
            numbered: false,
            consts: TokenStream::new(),
            facts: Vec::new(),
            relations: Vec::new(),
            methods: quote! {
                /// Asks `guards` whether this guard holds.
                pub fn holds<G: Guards + ?::core::marker::Sized>(self, guards: &G) -> bool {
                    match self {
                        #(#arms,)*
                    }
                }
            },
        },
    );
    quote! {
        #trait_doc
        pub trait Guards {
            #(#methods)*
        }

        #guard
    }
}
