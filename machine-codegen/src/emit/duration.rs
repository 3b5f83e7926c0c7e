//! Emits, for a spec with named durations (`durations:`), the `Durations` trait (one method
//! per named duration, implemented by the user, beside `Guards`) and the `NamedDuration`
//! enum (through `enums.rs`) with `NamedDuration::value`. A timeout that lasts a named
//! duration names it in `Timeout::named`; `Timeout::duration` asks the user's `Durations`.

use proc_macro2::TokenStream;
use quote::quote;

use super::enums::{self, Enum, Variant};
use crate::context::Context;
use crate::tokens::{code, doc, ident};

/// The `Durations` trait and the `NamedDuration` enum; nothing without named durations.
pub fn emit(cx: &Context) -> TokenStream {
    let model = cx.model;
    if model.durations.is_empty() {
        return TokenStream::new();
    }
    let trait_doc = doc(&format!(
        "The durations of the `{}` lifecycle whose values the user's code supplies: \
         implement it for whatever knows them (a configuration, a record) and ask \
         [`Timeout::duration`] how long a timeout lasts.",
        cx.machine
    ));
    let methods = model.durations.iter().map(|d| {
        let m = ident(&d.name.rust);
        let text = if d.doc.is_empty() {
            format!("How long `{}` lasts.", d.name.spec)
        } else {
            d.doc.clone()
        };
        let d = doc(&text);
        quote! {
            #d
            fn #m(&self) -> ::core::time::Duration;
        }
    });
    let variants = model
        .durations
        .iter()
        .map(|d| {
            let mut text = format!("{}.", code(&d.name.spec));
            if !d.doc.is_empty() {
                text.push(' ');
                text.push_str(&d.doc);
            }
            Variant {
                ident: ident(&d.variant),
                doc: text,
                name: &d.name.spec,
                wire: "",
                wire_aliases: &[],
                text: &d.doc,
            }
        })
        .collect();
    let arms = model.durations.iter().map(|d| {
        let v = ident(&d.variant);
        let m = ident(&d.name.rust);
        quote! { NamedDuration::#v => durations.#m() }
    });
    let named = enums::emit(
        cx,
        &Enum {
            name: "NamedDuration",
            doc: "A named duration, as data: the one a [`Timeout`] lasts when its value comes \
                  from the user's code ([`Durations`])."
                .to_owned(),
            variants,
            all_doc: "Every named duration, in spec order.",
            name_doc: "The duration's name in the spec (also its method in [`Durations`]).",
            wire_doc: None,
            text_doc: Some("What the duration is, from the spec (may be empty)."),
            numbered: false,
            consts: TokenStream::new(),
            facts: Vec::new(),
            relations: Vec::new(),
            methods: quote! {
                /// Asks `durations` how long this duration lasts.
                pub fn value<D: Durations + ?::core::marker::Sized>(self, durations: &D) -> ::core::time::Duration {
                    match self {
                        #(#arms,)*
                    }
                }
            },
        },
    );
    quote! {
        #trait_doc
        pub trait Durations {
            #(#methods)*
        }

        #named
    }
}
