//! The body of a dispatch arm: the candidates of one state and trigger, tried in the order rule
//! S3 says, each accepted one compiled by the caller (`dispatch.rs` for events, `settle.rs`
//! for the automatic steps of rules S20 and S21).

use machine_core::model::{StateId, Transition};
use machine_core::semantics;
use proc_macro2::TokenStream;
use quote::quote;

use super::accept::Accept;
use crate::context::Context;

/// The body of one arm: the candidates of one (state, event), tried in order. Without
/// `refusing` (the automatic steps of rules S20 and S21, which are taken or not), no refusal
/// is named: `refuse` gets empty tokens.
pub fn chain(
    cx: &Context,
    state: StateId,
    candidates: &[(usize, &Transition)],
    accept: &impl Fn(StateId, usize, &Transition) -> Accept,
    refuse: &impl Fn(TokenStream) -> TokenStream,
    refusing: bool,
) -> TokenStream {
    // Only the candidates rule S3 tries get code.
    let tried: Vec<(usize, &Transition)> =
        semantics::tried(candidates.iter().copied(), |(_, t)| t.guards.is_empty()).collect();
    let falls_back = tried.last().is_some_and(|(_, t)| t.guards.is_empty());
    let mut body = TokenStream::new();
    for (n, &(row, t)) in tried.iter().enumerate() {
        let Accept { effect, value } = accept(state, row, t);
        if t.guards.is_empty() {
            body.extend(effect);
            body.extend(value);
        } else if n == 0 && !falls_back && refusing {
            // The first candidate's first failing test is the refusal, if nothing fires.
            let checks = t.guards.iter().map(|&g| {
                let fails = cx.test_condition(g, false);
                let refusal = cx.failed_test(g);
                quote! { if #fails { break 'first #refusal; } }
            });
            body.extend(quote! {
                let failed = 'first: {
                    #(#checks)*
                    #effect
                    return #value;
                };
            });
        } else {
            let asked = t.guards.iter().map(|&g| cx.test_condition(g, true));
            body.extend(quote! {
                if #(#asked)&&* {
                    #effect
                    return #value;
                }
            });
        }
    }
    if !falls_back {
        body.extend(refuse(if refusing {
            quote! { failed }
        } else {
            TokenStream::new()
        }));
    }
    body
}
