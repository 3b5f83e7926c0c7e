//! Wire names: the strings `State` and `Event` values cross an API as. Emits the sorted index
//! of wire names and `from_wire`, `Display` and `FromStr` by wire name, and the error
//! `FromStr` gives (`ParseError`, `ParseKind`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use machine_core::semantics::wire;

use crate::tokens::{code, derive, derives, doc, ident, string};

/// `{ENUM}S_BY_WIRE`: `(wire name, variant)` for `pairs` (every wire name, aliases
/// included), sorted as rule S11 compares them for binary search.
pub fn index<'a>(
    ty: &Ident,
    pairs: impl Iterator<Item = (&'a str, &'a Ident)>,
    insensitive: bool,
) -> TokenStream {
    let table = by_wire(ty);
    let mut pairs: Vec<(&str, &Ident)> = pairs.collect();
    pairs.sort_by(|a, b| wire::compare(insensitive, a.0, b.0).then_with(|| a.0.cmp(b.0)));
    let pairs = pairs.iter().map(|&(w, v)| {
        let w = string(w);
        quote! { (#w, #ty::#v) }
    });
    let order = if insensitive {
        "ignoring case"
    } else {
        "by wire name"
    };
    let doc = doc(&format!(
        "`(wire name, {})` for every wire name, sorted {order} for binary search.",
        ty.to_string().to_lowercase()
    ));
    quote! {
        #doc
        const #table: &[(&str, #ty)] = &[#(#pairs),*];
    }
}

/// The name of the sorted index of `ty`'s wire names.
fn by_wire(ty: &Ident) -> Ident {
    ident(&format!("{}S_BY_WIRE", ty.to_string().to_uppercase()))
}

/// The rustdoc note of a variant's wire names, when they are not just its name.
pub fn note(name: &str, wire: &str, aliases: &[String]) -> Option<String> {
    if aliases.is_empty() {
        return (wire != name).then(|| format!("Wire name: {}.", code(wire)));
    }
    let others: Vec<String> = aliases.iter().map(|a| code(a)).collect();
    Some(format!(
        "Wire names: {} (written), {} (also read).",
        code(wire),
        others.join(", ")
    ))
}

/// `from_wire`: a binary search of the index, comparing as rule S11 does.
pub fn from_wire(ty: &Ident, insensitive: bool) -> TokenStream {
    let table = by_wire(ty);
    let noun = ty.to_string().to_lowercase();
    let found = ident(&noun);
    let (how, compare) = if insensitive {
        (
            "ignoring case",
            quote! {
                name.chars()
                    .flat_map(::core::primitive::char::to_lowercase)
                    .cmp(wire.chars().flat_map(::core::primitive::char::to_lowercase))
            },
        )
    } else {
        ("exact match", quote! { name.cmp(wire) })
    };
    let doc = doc(&format!(
        "The {noun} one of whose wire names is `wire` ({how}), if there is one."
    ));
    quote! {
        #doc
        #[must_use]
        pub fn from_wire(wire: &str) -> ::core::option::Option<#ty> {
            #table
                .binary_search_by(|&(name, _)| #compare)
                .ok()
                .and_then(|found| #table.get(found))
                .map(|&(_, #found)| #found)
        }
    }
}

/// `Display` and `FromStr` on the wire names (the `ParseKind` variant has the enum's name).
pub fn text(ty: &Ident, insensitive: bool) -> TokenStream {
    let reads = doc(if insensitive {
        "Reads any of its wire names, ignoring case."
    } else {
        "Reads any of its wire names (exact match)."
    });
    quote! {
        impl ::core::fmt::Display for #ty {
            /// Writes the (first) wire name.
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.wire())
            }
        }

        impl ::core::str::FromStr for #ty {
            type Err = ParseError;

            #reads
            fn from_str(text: &str) -> ::core::result::Result<#ty, ParseError> {
                #ty::from_wire(text).ok_or_else(|| ParseError::new(ParseKind::#ty, text))
            }
        }
    }
}

/// `ParseKind` and `ParseError`.
pub fn parse_error() -> TokenStream {
    let kind = derives();
    // `ParseError`'s `Debug` is written below, to show the input as text.
    let error = derive(&TokenStream::new(), &TokenStream::new());
    quote! {
        /// What [`ParseError`] failed to read.
        #kind
        pub enum ParseKind {
            /// A [`State`] wire name.
            State,
            /// An [`Event`] wire name.
            Event,
        }

        /// A string that is not the wire name of any state (or event). It keeps a copy of
        /// the string (up to 64 bytes, cut at a character boundary) so the message can name it
        /// without allocating.
        #error
        pub struct ParseError {
            kind: ParseKind,
            bytes: [u8; 64],
            len: usize,
            truncated: bool,
        }

        impl ParseError {
            fn new(kind: ParseKind, text: &str) -> ParseError {
                let mut len = text.len().min(64);
                while !text.is_char_boundary(len) {
                    len -= 1;
                }
                let mut bytes = [0; 64];
                if let (::core::option::Option::Some(to), ::core::option::Option::Some(from)) =
                    (bytes.get_mut(..len), text.as_bytes().get(..len))
                {
                    to.copy_from_slice(from);
                }
                ParseError { kind, bytes, len, truncated: len < text.len() }
            }

            /// Whether a state or an event was expected.
            #[must_use]
            pub const fn kind(self) -> ParseKind {
                self.kind
            }

            /// The string that was read (its first 64 bytes, when it was longer).
            #[must_use]
            pub fn input(&self) -> &str {
                self.bytes
                    .get(..self.len)
                    .and_then(|bytes| ::core::str::from_utf8(bytes).ok())
                    .unwrap_or("")
            }

            /// Whether [`ParseError::input`] is only the start of a longer string.
            #[must_use]
            pub const fn is_truncated(self) -> bool {
                self.truncated
            }
        }

        impl ::core::fmt::Debug for ParseError {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct("ParseError")
                    .field("kind", &self.kind)
                    .field("input", &self.input())
                    .field("truncated", &self.truncated)
                    .finish_non_exhaustive()
            }
        }

        impl ::core::fmt::Display for ParseError {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let kind = match self.kind {
                    ParseKind::State => "state",
                    ParseKind::Event => "event",
                };
                let more = if self.truncated { "…" } else { "" };
                ::core::write!(f, "unknown {} {}: {:?}{}", NAME, kind, self.input(), more)
            }
        }

        impl ::core::error::Error for ParseError {}
    }
}
