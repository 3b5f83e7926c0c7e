//! What firing one transition does in the arm of an atomic state, for the dispatch of events
//! (`machine.rs`) and the automatic steps (`settle.rs`) alike.

use machine_core::model::{StateId, Target, Transition};
use machine_core::semantics;
use quote::quote;

use super::accept::Accept;
use super::{clock, fault, history};
use crate::context::Context;
use crate::tokens::index;

/// What firing `t`, the row at `row_index` of `TRANSITIONS`, does in the arm of atomic state
/// `at`: the statements that move the machine and the arm's result, `O::moved(...)`. The
/// dispatch of events and the automatic steps (`settle.rs`) fire transitions alike.
pub fn accept(cx: &Context, at: StateId, row_index: usize, t: &Transition) -> Accept {
    let row = index(row_index);
    match t.target {
        Target::Internal => {
            let plan = cx.plan_argument(Some((at, row_index)));
            Accept {
                effect: clock::effect(cx, at, at, &[], t).unwrap_or_default(),
                value: quote! { O::moved(from, from, #row #plan) },
            }
        }
        Target::State(written) => {
            // Rules S16 and S17: where the step leads from `at`, and what it enters.
            let (_, entries) = semantics::moves(cx.model, at, t.from, written);
            let to = cx.model.descend(written);
            let history = fault::remember(cx, at, to);
            let recorded =
                history::record_known(cx, at, semantics::domain(cx.model, t.from, written));
            let state = cx.state(to);
            // A self-transition enters its state again, but writes nothing.
            let write = (to != at).then(|| quote! { self.state = #state; });
            let clock = clock::effect(cx, at, to, &entries, t);
            let plan = cx.plan_argument(Some((at, row_index)));
            Accept {
                effect: quote! { #recorded #history #write #clock },
                value: quote! { O::moved(from, #state, #row #plan) },
            }
        }
        Target::History => fault::back(cx, &row),
        Target::Recall(h) => history::accept(cx, at, t, h, &row),
    }
}
