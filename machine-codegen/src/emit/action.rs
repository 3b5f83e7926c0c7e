//! Emits, for a spec with actions, the `Actions` trait (one method per declared action,
//! implemented by the user) and `Step::run`, which performs a step's actions
//! in the order of rule S12: the source's `exit:`, the transition's `actions:`, the target's
//! `entry:`.

use machine_core::model::{ActionId, StateId, Transition};
use machine_core::semantics;
use proc_macro2::TokenStream;
use quote::quote;

use super::grouped::Grouped;
use crate::context::Context;
use crate::tokens::{doc, ident, index};

/// The `Actions` trait and the `run` methods; nothing for a spec without actions.
pub fn emit(cx: &Context) -> TokenStream {
    let model = cx.model;
    if model.actions.is_empty() {
        return TokenStream::new();
    }
    let actions_trait = actions_trait(cx);
    let calls = |actions: &[ActionId]| {
        let calls = actions.iter().map(|&a| {
            let m = ident(&model.action(a).name.rust);
            quote! { actions.#m(); }
        });
        quote! { #(#calls)* }
    };
    let on_state = |field: &str, pick: fn(&machine_core::model::State) -> &Vec<ActionId>| {
        let field = ident(field);
        let arms: Vec<TokenStream> = model
            .state_ids()
            .filter(|&id| !pick(model.state(id)).is_empty())
            .map(|id: StateId| {
                let state = cx.state(id);
                let calls = calls(pick(model.state(id)));
                quote! {
                    if self.entered() && self.#field == #state {
                        #calls
                    }
                }
            })
            .collect();
        quote! { #(#arms)* }
    };
    // In a nested spec a step leaves and enters states on several levels (rule S16).
    let on_states = |list: &str, pick: fn(&machine_core::model::State) -> &Vec<ActionId>| {
        let list = ident(list);
        let with: Vec<StateId> = model
            .state_ids()
            .filter(|&id| !pick(model.state(id)).is_empty())
            .collect();
        // One state: a comparison (clippy would turn a one-arm `match` into it); more: a
        // `match`, a jump on the state.
        let body = match with.as_slice() {
            [] => return TokenStream::new(),
            &[id] => {
                let state = cx.state(id);
                let calls = calls(pick(model.state(id)));
                quote! { if state == #state { #calls } }
            }
            many => {
                let arms = many.iter().map(|&id| {
                    let state = cx.state(id);
                    let calls = calls(pick(model.state(id)));
                    quote! { #state => { #calls } }
                });
                // Every state has such actions: no other state is left.
                let rest = (many.len() < model.states.len()).then(|| quote! { _ => {} });
                quote! { match state { #(#arms)* #rest } }
            }
        };
        quote! {
            for state in self.#list() {
                #body
            }
        }
    };
    let (exits, entries) = if cx.nested {
        (
            on_states("exits", |s| &s.exit),
            on_states("entries", |s| &s.entry),
        )
    } else {
        (on_state("from", |s| &s.exit), on_state("to", |s| &s.entry))
    };
    // `TRANSITIONS` is grouped by source state (dispatch.rs); a transition's row there.
    let rows = Grouped::transitions(model).rows;
    // A row equal to an earlier one (as `Transition` values compare) is never the step's
    // transition: the dispatch stops at the earlier. Comparing the step's transition with it
    // would run its actions for the earlier row's step.
    let same = |t: &Transition, u: &Transition| {
        (t.from, t.trigger, t.target, t.origin) == (u.from, u.trigger, u.target, u.origin)
            && t.guards == u.guards
            && t.doc == u.doc
    };
    // Rows that run the same actions share one branch (clippy rejects identical branches).
    let mut groups: Vec<(&[ActionId], Vec<usize>)> = Vec::new();
    for (row, (_, t)) in rows.iter().enumerate() {
        if t.actions.is_empty() || rows[..row].iter().any(|(_, u)| same(t, u)) {
            continue;
        }
        match groups
            .iter_mut()
            .find(|(actions, _)| *actions == t.actions.as_slice())
        {
            Some((_, group)) => group.push(row),
            None => groups.push((&t.actions, vec![row])),
        }
    }
    let own: Vec<TokenStream> = groups
        .iter()
        .map(|(actions, group)| {
            let rows = group.iter().map(|&row| index(row));
            let calls = calls(actions);
            quote! {
                if #(transition == ::core::option::Option::Some(&TRANSITIONS[#rows]))||* {
                    #calls
                }
            }
        })
        .collect();
    let own = own
        .into_iter()
        .reduce(|chain, next| quote! { #chain else #next });
    // An expiry runs the actions of its timer's timeout.
    let timer_arms: Vec<TokenStream> = model
        .timers_with_ids()
        .filter(|(_, t)| !t.timeout.actions.is_empty())
        .map(|(id, t)| {
            let timer = cx.timer(id);
            let calls = calls(&t.timeout.actions);
            quote! {
                if timer == #timer {
                    #calls
                }
            }
        })
        .collect();
    let timed = match timer_arms.len() {
        0 => None,
        // One timer: a single comparison (clippy would collapse the nested `if`).
        1 => model
            .timers_with_ids()
            .find(|(_, t)| !t.timeout.actions.is_empty())
            .map(|(id, t)| {
                let timer = cx.timer(id);
                let calls = calls(&t.timeout.actions);
                quote! {
                    if self.cause == Cause::Timeout(#timer) {
                        #calls
                    }
                }
            }),
        _ => Some(quote! {
            if let Cause::Timeout(timer) = self.cause {
                #(#timer_arms)*
            }
        }),
    };
    let unused = (exits.is_empty() && entries.is_empty() && own.is_none() && timed.is_none())
        .then(|| quote! { let _ = (self, actions); });
    let own = own.map(|own| {
        quote! {
            let transition = self.transition();
            #own
        }
    });
    let start = start(cx, &calls);
    let run_doc = if cx.nested {
        quote! {
            /// Performs the actions of this step (rule S12): the `exit:` actions of the states
            /// it left ([`Step::exits`], innermost first), the transition's (or the expired
            /// timeout's) `actions:`, then the `entry:` actions of the states it entered
            /// ([`Step::entries`], outermost first).
        }
    } else {
        quote! {
            /// Performs the actions of this step (rule S12): the `exit:` actions of
            /// [`Step::from`] when it was left, the transition's (or the expired timeout's)
            /// `actions:`, then the `entry:` actions of [`Step::to`] when it was entered.
        }
    };
    let walking = quote! {
        #unused
        #exits
        #own
        #timed
        #entries
    };
    // A nested spec's dispatch gives each step the plan of its actions, computed from the
    // interpreter's rule when the code was generated (`plans.rs`): one jump performs them.
    // The steps it cannot know (expiries, resolutions) walk the tree.
    // Inlined where the step was taken, the jump on the plan can fold into the arm of the
    // dispatch that set it.
    let run_inline = (cx.nested && !cx.plans.lists.is_empty()).then(|| quote! { #[inline] });
    let (run_body, walk) = if cx.nested && !cx.plans.lists.is_empty() {
        let arms = cx.plans.lists.iter().enumerate().map(|(plan, list)| {
            let plan = crate::plans::literal(plan);
            let calls = calls(list);
            quote! { #plan => { #calls } }
        });
        (
            quote! {
                match self.plan {
                    #(#arms)*
                    _ => self.run_walking(actions),
                }
            },
            Some(quote! {
                /// Rule S12 for a step whose moves were known only at run time: the states it
                /// left and entered, walked.
                fn run_walking<A: Actions + ?::core::marker::Sized>(&self, actions: &mut A) {
                    #walking
                }
            }),
        )
    } else {
        (walking, None)
    };
    let run = if cx.automatic {
        quote! {
            #run_doc
            ///
            /// The automatic steps the input led to ([`Step::then`]) run theirs after, in
            /// order.
            #[inline]
            pub fn run<A: Actions + ?::core::marker::Sized>(&self, actions: &mut A) {
                self.run_own(actions);
                if self.then.first().is_some_and(::core::option::Option::is_some) {
                    self.run_then(actions);
                }
            }

            /// The actions of the automatic steps, in order: out of line, so that [`Step::run`]
            /// of the many inputs that settle at once stays small enough to inline.
            #[inline(never)]
            fn run_then<A: Actions + ?::core::marker::Sized>(&self, actions: &mut A) {
                for step in self.then() {
                    step.run_own(actions);
                }
            }

            /// Rule S12 for this step alone.
            #run_inline
            fn run_own<A: Actions + ?::core::marker::Sized>(&self, actions: &mut A) {
                #run_body
            }
        }
    } else {
        quote! {
            #run_doc
            #run_inline
            pub fn run<A: Actions + ?::core::marker::Sized>(&self, actions: &mut A) {
                #run_body
            }
        }
    };
    quote! {
        #actions_trait

        impl Step {
            #run
            #walk
        }

        #start
    }
}

/// The `Actions` trait, one method per declared action (the caller checks there are some).
pub fn actions_trait(cx: &Context) -> TokenStream {
    let model = cx.model;
    let methods = model.actions.iter().map(|a| {
        let m = ident(&a.name.rust);
        let d = doc(&if a.doc.is_empty() {
            format!("Performs `{}`.", a.name.spec)
        } else {
            a.doc.clone()
        });
        quote! {
            #d
            fn #m(&mut self);
        }
    });
    let levels = if cx.nested {
        " of the states it leaves (innermost first, [`Step::exits`]), then the transition's \
         `actions:`, then the `entry:` actions of the states it enters (outermost first, \
         [`Step::entries`])"
    } else {
        " of the state it leaves, then the transition's `actions:`, then the `entry:` actions \
         of the state it enters"
    };
    let trait_doc = doc(&format!(
        "The effects (actions) of the `{}` lifecycle: implement it for whatever performs \
         them, and pass it to [`Step::run`] after a step. A step runs the `exit:` actions{levels}; \
         an internal transition runs only its own actions.",
        cx.machine
    ));
    quote! {
        #trait_doc
        pub trait Actions {
            #(#methods)*
        }
    }
}

/// `Machine::start`: a machine in its initial state with that state's `entry:` actions run
/// (rule S1, [`semantics::start_actions`]), as SCXML and `XState` start a machine.
fn start(cx: &Context, calls: &dyn Fn(&[ActionId]) -> TokenStream) -> TokenStream {
    let model = cx.model;
    let starts: Vec<_> = model
        .starts
        .iter()
        .filter(|s| !semantics::start_actions(model, s).is_empty())
        .collect();
    let run = if starts.is_empty() {
        quote! { let _ = actions; }
    } else if !cx.named_starts {
        // One start: its state is known here.
        calls(&semantics::start_actions(model, starts[0]))
    } else {
        let arms = starts.iter().map(|s| {
            let state = cx.state(s.state);
            let calls = calls(&semantics::start_actions(model, s));
            quote! {
                if machine.state == #state {
                    #calls
                }
            }
        });
        quote! { #(#arms)* }
    };
    let (param, new, doc) = if cx.named_starts {
        (
            quote! { start: Start, },
            quote! { Machine::new(start) },
            "A machine in the initial state of `start`",
        )
    } else {
        (
            TokenStream::new(),
            quote! { Machine::new() },
            "A machine in the initial state",
        )
    };
    let doc = crate::tokens::doc(&format!(
        "{doc}, with that state's `entry:` actions performed on `actions` (rule S1), as SCXML \
         and `XState` start a machine. [`Machine::new`] performs none."
    ));
    quote! {
        impl Machine {
            #doc
            #[must_use]
            pub fn start<A: Actions + ?::core::marker::Sized>(#param actions: &mut A) -> Machine {
                let machine = #new;
                #run
                machine
            }
        }
    }
}
