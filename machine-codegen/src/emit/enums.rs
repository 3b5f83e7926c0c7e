//! The one emitter of every generated enum of names (`State`, `Event`, `Start`, `Guard`,
//! `Incident`): the enum with its derives, `#[repr(uN)]`, documented variants with their
//! discriminants, `ALL`, the per-variant data tables indexed by discriminant with their
//! accessors (`name`, `wire`, `doc`, ...), `COUNT`/`index`/`from_index` where asked, and
//! `Display` (by wire name, see `wire.rs`, or by spec name).

use proc_macro2::{Ident, TokenStream};
use quote::{ToTokens, quote};

use super::wire;
use crate::context::Context;
use crate::tokens::{derive, doc, ident, index, repr, string};

/// An enum to emit. Its tables and accessors come out in this order: `NAMES`, `WIRES`, `DOCS`,
/// `facts`, the sorted wire index, `relations`; `ALL`, `COUNT`, `consts`; `name`, `wire`,
/// `doc`, the accessors of `facts`, `index`, `from_index`, `from_wire`, `methods`.
pub struct Enum<'a> {
    /// Its name: `State`.
    pub name: &'static str,
    /// Its rustdoc.
    pub doc: String,
    /// Its variants, in discriminant order.
    pub variants: Vec<Variant<'a>>,
    /// The rustdoc of `ALL`: which order it is in.
    pub all_doc: &'static str,
    /// The rustdoc of `name()`.
    pub name_doc: &'static str,
    /// The rustdoc of `wire()`, for an enum whose values cross the API as wire names (see
    /// `wire.rs`); it also gets the serde attributes. `None`: `Display` writes the name.
    pub wire_doc: Option<&'static str>,
    /// The rustdoc of `doc()`, for an enum whose variants carry the spec's doc text.
    pub text_doc: Option<&'static str>,
    /// Whether it has `COUNT`, `index` and `from_index`.
    pub numbered: bool,
    /// More associated consts, after `ALL` (and `COUNT`).
    pub consts: TokenStream,
    /// More data tables, before the wire index; their accessors follow `name`, `wire`, `doc`.
    pub facts: Vec<Table>,
    /// More data tables, after the wire index; the caller places their accessors in `methods`.
    pub relations: Vec<Table>,
    /// More methods, last.
    pub methods: TokenStream,
}

/// A variant of an [`Enum`].
pub struct Variant<'a> {
    /// Its Rust name.
    pub ident: Ident,
    /// Its rustdoc.
    pub doc: String,
    /// Its name in the spec (`name()`).
    pub name: &'a str,
    /// Its wire name, when the enum has them.
    pub wire: &'a str,
    /// Its other wire names, which parse too.
    pub wire_aliases: &'a [String],
    /// The spec's doc text (`doc()`), when the enum has it.
    pub text: &'a str,
}

/// A per-variant data table, `const TABLE: &[T] = &[...];`, indexed by discriminant.
pub struct Table {
    /// Its name: `STATE_NAMES`.
    pub name: Ident,
    /// Its rustdoc (most tables have none: their accessor's says it all).
    pub doc: String,
    /// The type of an entry.
    pub entry: TokenStream,
    /// One entry per variant.
    pub entries: Vec<TokenStream>,
    /// Its accessor, if it has one of the simple kind.
    pub accessor: Option<Accessor>,
}

/// `pub const fn name(self) -> Ret { TABLE[self as usize] }`.
pub struct Accessor {
    /// The method's name.
    pub name: &'static str,
    /// Its rustdoc.
    pub doc: &'static str,
    /// What it returns (the entry, with `'static` spelled out).
    pub returns: TokenStream,
}

impl Table {
    /// A table of `entries`, named `{ENUM}_{suffix}`.
    pub fn new<T: ToTokens>(
        owner: &str,
        suffix: &str,
        entry: TokenStream,
        entries: impl Iterator<Item = T>,
    ) -> Table {
        Table {
            name: ident(&format!("{}_{suffix}", owner.to_uppercase())),
            doc: String::new(),
            entry,
            entries: entries.map(ToTokens::into_token_stream).collect(),
            accessor: None,
        }
    }

    /// The same table, with rustdoc.
    #[must_use]
    pub fn doc(mut self, doc: String) -> Table {
        self.doc = doc;
        self
    }

    /// The same table, with an accessor.
    #[must_use]
    pub fn accessor(
        mut self,
        name: &'static str,
        doc: &'static str,
        returns: TokenStream,
    ) -> Table {
        self.accessor = Some(Accessor { name, doc, returns });
        self
    }

    /// A table of strings, read as `&'static str`.
    pub fn text<'a>(
        owner: &str,
        suffix: &str,
        entries: impl Iterator<Item = &'a str>,
        (name, doc): (&'static str, &'static str),
    ) -> Table {
        Table::new(owner, suffix, quote! { &str }, entries.map(string)).accessor(
            name,
            doc,
            quote! { &'static str },
        )
    }

    /// The `const` item.
    fn item(&self) -> TokenStream {
        let (name, entry, entries) = (&self.name, &self.entry, &self.entries);
        let doc = doc(&self.doc);
        quote! {
            #doc
            const #name: &[#entry] = &[#(#entries),*];
        }
    }

    /// The accessor method, if any.
    pub fn method(&self) -> TokenStream {
        let Some(accessor) = &self.accessor else {
            return TokenStream::new();
        };
        let (method, doc) = (ident(accessor.name), doc(accessor.doc));
        let (returns, table) = (&accessor.returns, &self.name);
        quote! {
            #doc
            #[must_use]
            pub const fn #method(self) -> #returns {
                #table[self as usize]
            }
        }
    }
}

/// The enum and everything that goes with it.
pub fn emit<'a>(cx: &Context, e: &Enum<'a>) -> TokenStream {
    let ty = ident(e.name);
    let noun = e.name.to_lowercase();
    let n = e.variants.len();
    let count = index(n);
    let repr = (n > 0).then(|| {
        let repr = repr(n);
        quote! { #[repr(#repr)] }
    });
    let empty = (n == 0).then(|| {
        let reason = string(&format!("the spec declares no {noun}s"));
        // clippy renamed `empty_enum` to `empty_enums`: allow both, so that the code is clean
        // under the old name (rust-version 1.89) and the new one alike.
        quote! {
            #[allow(
                unknown_lints,
                renamed_and_removed_lints,
                clippy::empty_enum,
                clippy::empty_enums,
                reason = #reason
            )]
        }
    });
    let serde = e.wire_doc.map(|_| cx.serde_derive());
    let variants = e.variants.iter().enumerate().map(|(i, v)| {
        // Every variant has docs, also where the spec gives none (`missing_docs`).
        let text = if v.doc.is_empty() {
            format!("`{}`.", v.name)
        } else {
            v.doc.clone()
        };
        let (d, name, i) = (doc(&text), &v.ident, index(i));
        let rename = e.wire_doc.map(|_| cx.serde_rename(v.wire, v.wire_aliases));
        quote! { #d #rename #name = #i }
    });
    let all = e.variants.iter().map(|v| {
        let v = &v.ident;
        quote! { #ty::#v }
    });
    // The text of every variant: `NAMES`, `WIRES`, `DOCS` and their accessors.
    let text = |suffix: &str, field: fn(&Variant<'a>) -> &'a str, accessor| {
        Table::text(e.name, suffix, e.variants.iter().map(field), accessor)
    };
    let names = text("NAMES", |v| v.name, ("name", e.name_doc));
    let wires = e
        .wire_doc
        .map(|doc| text("WIRES", |v| v.wire, ("wire", doc)));
    let docs = e.text_doc.map(|doc| text("DOCS", |v| v.text, ("doc", doc)));
    let facts: Vec<&Table> = [Some(&names), wires.as_ref(), docs.as_ref()]
        .into_iter()
        .flatten()
        .chain(&e.facts)
        .collect();
    let fact_items = facts.iter().map(|t| t.item());
    let fact_methods = facts.iter().map(|t| t.method());
    let relation_items = e.relations.iter().map(Table::item);
    let by_wire = e.wire_doc.map(|_| {
        let pairs = e.variants.iter().flat_map(|v| {
            std::iter::once(v.wire)
                .chain(v.wire_aliases.iter().map(String::as_str))
                .map(|w| (w, &v.ident))
        });
        let insensitive = cx.model.wire_case_insensitive;
        (
            wire::index(&ty, pairs, insensitive),
            wire::from_wire(&ty, insensitive),
            wire::text(&ty, insensitive),
        )
    });
    let (wire_index, from_wire, display) = match by_wire {
        Some((index, from_wire, text)) => (index, from_wire, text),
        None => (TokenStream::new(), TokenStream::new(), display(&ty)),
    };
    let numbered = e.numbered.then(|| numbered(&ty, &count));
    let (count_const, index_methods) = numbered.unzip();
    let (enum_doc, all_doc) = (doc(&e.doc), doc(e.all_doc));
    let (consts, methods) = (&e.consts, &e.methods);
    // Spec order is an order: the enums of names are also `PartialOrd` and `Ord`.
    let derive = derive(
        &quote! { ::core::cmp::PartialOrd, ::core::cmp::Ord, },
        &quote! { ::core::fmt::Debug, },
    );
    quote! {
        #enum_doc
        #derive
        #serde
        #repr
        #empty
        pub enum #ty {
            #(#variants,)*
        }

        #(#fact_items)*
        #wire_index
        #(#relation_items)*

        impl #ty {
            #all_doc
            pub const ALL: [#ty; #count] = [#(#all),*];
            #count_const
            #consts

            #(#fact_methods)*
            #index_methods
            #from_wire
            #methods
        }

        #display
    }
}

/// `COUNT`, and the `index` and `from_index` methods.
fn numbered(ty: &Ident, count: &proc_macro2::Literal) -> (TokenStream, TokenStream) {
    let noun = ty.to_string().to_lowercase();
    let count_doc = doc(&format!("How many {noun}s there are."));
    let index_doc = doc(&format!("The {noun}'s position in [`{ty}::ALL`]."));
    let from_index_doc = doc(&format!(
        "The {noun} at `index` in [`{ty}::ALL`], if there is one."
    ));
    (
        quote! {
            #count_doc
            pub const COUNT: usize = #count;
        },
        quote! {
            #index_doc
            #[must_use]
            pub const fn index(self) -> usize {
                self as usize
            }

            #from_index_doc
            #[must_use]
            pub fn from_index(index: usize) -> ::core::option::Option<#ty> {
                #ty::ALL.get(index).copied()
            }
        },
    )
}

/// `Display` by the spec name.
fn display(ty: &Ident) -> TokenStream {
    let doc = doc(&format!(
        "Writes the {}'s name.",
        ty.to_string().to_lowercase()
    ));
    quote! {
        impl ::core::fmt::Display for #ty {
            #doc
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.name())
            }
        }
    }
}
