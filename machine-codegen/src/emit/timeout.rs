//! Emits `Timeout` (how long a state may last, and what happens then) and `Expiry`, and the
//! `Timeout` values of `State::timeouts` (see `state.rs`).

use machine_core::model::{self, Expiry};
use proc_macro2::TokenStream;
use quote::quote;

use crate::context::Context;
use crate::tokens::{derives, doc, ident, int, string};

/// A `Timeout { .. }` value.
pub fn value(cx: &Context, t: &model::Timeout) -> TokenStream {
    let secs = int(t.after.seconds);
    let text = string(&t.after.text);
    let expiry = match &t.expiry {
        Expiry::Transition(s) => {
            let s = cx.state(*s);
            quote! { Expiry::Transition(#s) }
        }
        Expiry::Recall(h) => {
            let h = cx.model.history(*h);
            let (state, deep, default) = (cx.state(h.state), h.deep, cx.state(h.default));
            quote! { Expiry::Recall { state: #state, deep: #deep, default: #default } }
        }
        Expiry::End(how) => {
            let how = string(how);
            quote! { Expiry::End(#how) }
        }
        Expiry::Notify(who) => {
            let who = string(who);
            quote! { Expiry::Notify(#who) }
        }
    };
    let reset = t.reset_by.iter().map(|&e| cx.event(e));
    let doc = string(&t.doc);
    let named = (!cx.model.durations.is_empty()).then(|| {
        let named = t.after.named.map(|id| {
            let v = ident(&cx.model.durations[id.index()].variant);
            quote! { NamedDuration::#v }
        });
        let named = crate::tokens::option(named);
        quote! { named: #named, }
    });
    quote! {
        Timeout {
            // `new`, not `from_secs`: clippy's `duration_suboptimal_units` would ask for
            // `from_hours`, which the oldest supported Rust lacks.
            after: ::core::time::Duration::new(#secs, 0),
            after_text: #text,
            #named
            expiry: #expiry,
            reset_by: &[#(#reset),*],
            doc: #doc,
        }
    }
}

/// `Timeout` and `Expiry`.
pub fn emit(cx: &Context) -> TokenStream {
    let derive = derives();
    let has_named = !cx.model.durations.is_empty();
    let after_doc = doc(if has_named {
        "How long, for a fixed duration; zero for a named one (see [`Timeout::named`] and\n\
         [`Timeout::duration`])."
    } else {
        "How long."
    });
    let named_field = has_named.then(|| {
        quote! {
            /// The named duration it lasts, whose value the user's code supplies
            /// ([`Durations`]); `None` for a fixed duration.
            pub named: ::core::option::Option<NamedDuration>,
        }
    });
    let duration_fn = has_named.then(|| {
        quote! {
            /// How long: [`Timeout::after`], or the value `durations` gives the named
            /// duration.
            #[must_use]
            pub fn duration<D: Durations + ?::core::marker::Sized>(&self, durations: &D) -> ::core::time::Duration {
                match self.named {
                    ::core::option::Option::Some(named) => named.value(durations),
                    ::core::option::Option::None => self.after,
                }
            }
        }
    });
    // `Step::restarts` exists only when some state has a timeout.
    let clock_doc = if cx.has_timeouts {
        quote! {
            /// How long a state may last, and what happens then. The clock starts when the
            /// state is entered (see [`Step::restarts`]).
        }
    } else {
        quote! {
            /// How long a state may last, and what happens then. The clock starts when the
            /// state is entered. (No state of this machine has a timeout.)
        }
    };
    let recall = super::history::timeout_recalls(cx).then(|| {
        quote! {
            /// The machine moves to a history state of the compound state `state` (rule
            /// S19), as a transition to it does ([`Target::Recall`]): back to where it was
            /// inside `state` when it last left it ([`Machine::remembered`]), or to `default`.
            Recall {
                /// The compound state whose history it is.
                state: State,
                /// Whether it goes back to the atomic state itself.
                deep: bool,
                /// Where it goes when `state` was never left.
                default: State,
            },
        }
    });
    quote! {
        #clock_doc
        #derive
        pub struct Timeout {
            #after_doc
            pub after: ::core::time::Duration,
            /// How long, as the spec writes it (`14d`, or the duration's name).
            pub after_text: &'static str,
            #named_field
            /// What happens then.
            pub expiry: Expiry,
            /// Events that restart the clock while the state lasts.
            pub reset_by: &'static [Event],
            /// What the timeout means, from the spec (may be empty).
            pub doc: &'static str,
        }

        impl Timeout {
            /// Whether `event` restarts this timeout's clock.
            #[must_use]
            pub fn is_reset_by(&self, event: Event) -> bool {
                self.reset_by.contains(&event)
            }

            #duration_fn
        }

        /// What happens when a timeout expires.
        #derive
        pub enum Expiry {
            /// The machine moves to this state.
            Transition(State),
            #recall
            /// The lifecycle ends (the object is deleted); the text says how.
            End(&'static str),
            /// Someone is notified and the state stays; the text says who.
            Notify(&'static str),
        }
    }
}
