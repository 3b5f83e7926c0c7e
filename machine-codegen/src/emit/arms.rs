//! Match arms that share a body join their patterns (`State::A | State::B`), since clippy
//! rejects identical arms: the dispatch of a nested spec, where a transition written on a
//! compound state gives the same body to the arm of every state inside it (`dispatch.rs`),
//! and the automatic steps (`settle.rs`).

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::{ToTokens, quote};

/// Arms grouped by what they match besides the state (an event, a completed state, or
/// nothing) and by body: one arm per group and distinct body, its states joined, in the order
/// the bodies first appear.
#[derive(Default)]
pub struct SharedArms {
    /// Each distinct arm: its group, its states and its body.
    arms: Vec<(TokenStream, Vec<TokenStream>, TokenStream)>,
    /// The position in `arms` of each group and body, as text.
    index: std::collections::HashMap<String, usize>,
}

impl SharedArms {
    /// The arm of `state` in `group`, with `body`.
    pub fn add(&mut self, group: &impl ToTokens, state: impl ToTokens, body: TokenStream) {
        let group = group.to_token_stream();
        let key = format!("{group} {body}");
        if let Some(&at) = self.index.get(&key) {
            self.arms[at].1.push(state.to_token_stream());
        } else {
            self.index.insert(key, self.arms.len());
            self.arms.push((group, vec![state.to_token_stream()], body));
        }
    }

    /// Whether no arm was added.
    pub fn is_empty(&self) -> bool {
        self.arms.is_empty()
    }

    /// Appends the arms to `arms`: `(states, group) => { body }` when `paired` (the `match`
    /// is on a pair), `states => { body }` otherwise.
    pub fn extend_arms(self, arms: &mut TokenStream, paired: bool) {
        for (group, states, body) in self.arms {
            if paired {
                arms.extend(quote! { (#(#states)|*, #group) => });
            } else {
                arms.extend(quote! { #(#states)|* => });
            }
            arms.extend([braced(body)]);
        }
    }
}

/// `{ body }`, moving `body` (where `quote! { { #body } }` would copy it).
pub fn braced(body: TokenStream) -> TokenTree {
    TokenTree::Group(Group::new(Delimiter::Brace, body))
}
