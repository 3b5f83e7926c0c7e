//! Small token builders shared by the emitters: identifiers, literals, doc attributes, and the
//! derives and `Option`s every part of the emitted code writes the same way.

use machine_core::semantics::Refusal;
use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

/// An identifier the model has already checked (never a keyword, never empty).
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A string literal.
pub fn string(text: &str) -> Literal {
    Literal::string(text)
}

/// An unsuffixed integer literal, with `_` every three digits from 100,000 up so that
/// `clippy::unreadable_literal` stays quiet in the emitted code.
pub fn int(value: u64) -> Literal {
    if value < 100_000 {
        return Literal::u64_unsuffixed(value);
    }
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('_');
        }
        grouped.push(c);
    }
    // A run of digits with `_` separators is a valid Rust integer literal.
    grouped
        .parse()
        .expect("digits with separators form an integer literal")
}

/// `int` for a `usize`.
pub fn index(value: usize) -> Literal {
    int(value as u64)
}

/// `#[doc = "..."]` attributes for a block of doc text, one per line so the formatted file
/// shows readable `///` comments. Empty text gives no attribute.
pub fn doc(text: &str) -> TokenStream {
    doc_attributes(text, false)
}

/// Like [`doc`], as inner `#![doc = "..."]` attributes.
pub fn inner_doc(text: &str) -> TokenStream {
    doc_attributes(text, true)
}

/// The attributes of [`doc`] and [`inner_doc`], built token by token: the `State` enum's doc
/// holds the DOT diagram, one attribute per line, and `quote!` per line (which copies the
/// line's literal) was a measurable part of the expansion of big specs.
fn doc_attributes(text: &str, inner: bool) -> TokenStream {
    let mut tokens = TokenStream::new();
    for line in lines(text) {
        tokens.extend([TokenTree::Punct(Punct::new('#', Spacing::Alone))]);
        if inner {
            tokens.extend([TokenTree::Punct(Punct::new('!', Spacing::Alone))]);
        }
        let attribute: TokenStream = [
            TokenTree::Ident(ident("doc")),
            TokenTree::Punct(Punct::new('=', Spacing::Alone)),
            TokenTree::Literal(string(&line)),
        ]
        .into_iter()
        .collect();
        tokens.extend([TokenTree::Group(Group::new(Delimiter::Bracket, attribute))]);
    }
    tokens
}

/// The lines of a doc block, each with the leading space rustdoc expects after `///`.
fn lines(text: &str) -> impl Iterator<Item = String> + '_ {
    let text = text.trim_end();
    let empty = text.trim().is_empty();
    text.lines().filter(move |_| !empty).map(|line| {
        let line = line.trim_end();
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    })
}

/// The smallest unsigned integer type that numbers `count` variants.
pub fn repr(count: usize) -> Ident {
    ident(if count <= 1 << 8 {
        "u8"
    } else if count <= 1 << 16 {
        "u16"
    } else {
        "u32"
    })
}

/// `#[derive(Clone, Copy, PartialEq, Eq, <more> Hash, <last>)]` with absolute paths: the
/// derives of every emitted value type, with room for more (`more` and `last` end in commas).
pub fn derive(more: &TokenStream, last: &TokenStream) -> TokenStream {
    quote! {
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            #more
            ::core::hash::Hash,
            #last
        )]
    }
}

/// The derives every emitted data type has: [`derive`] and `Debug`.
pub fn derives() -> TokenStream {
    derive(&TokenStream::new(), &quote! { ::core::fmt::Debug, })
}

/// `Some(value)` or `None`, with absolute paths.
pub fn option(value: Option<TokenStream>) -> TokenStream {
    value.map_or_else(
        || quote! { ::core::option::Option::None },
        |value| quote! { ::core::option::Option::Some(#value) },
    )
}

/// A doc-safe inline code span: `` `text` ``, with a longer fence when the text has backticks.
pub fn code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// The words of a refusal as a string literal, with `{}` where the generated code writes the
/// name of its guard or state.
pub fn words_of(refusal: Refusal) -> Literal {
    Literal::string(machine_core::words::refusal_format(&refusal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_integers_are_grouped() {
        assert_eq!(int(7).to_string(), "7");
        assert_eq!(int(99_999).to_string(), "99999");
        assert_eq!(int(100_000).to_string(), "100_000");
        assert_eq!(int(1_209_600).to_string(), "1_209_600");
        assert_eq!(int(u64::MAX).to_string(), "18_446_744_073_709_551_615");
    }

    #[test]
    fn doc_lines_keep_paragraphs() {
        assert_eq!(
            doc("One.\n\nTwo.\n").to_string(),
            r#"# [doc = " One."] # [doc = ""] # [doc = " Two."]"#
        );
        assert!(doc("  \n").is_empty());
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("Off"), "`Off`");
        assert_eq!(code("a`b"), "`` a`b ``");
    }

    #[test]
    fn repr_is_the_smallest_that_fits() {
        assert_eq!(repr(256).to_string(), "u8");
        assert_eq!(repr(257).to_string(), "u16");
        assert_eq!(repr(70_000).to_string(), "u32");
    }
}
