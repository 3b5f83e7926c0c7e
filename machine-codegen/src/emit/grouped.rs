//! The grouped layout of the emitted one-to-many tables (`TRANSITIONS`, `REACH`, `MOVES_INTO`):
//! every row in one flat slice, grouped by owner, and a slice of offsets where each owner's
//! rows start (one more entry than owners). Emits `range`, the function that reads it.

use machine_core::model::{Model, StateId, Transition, TransitionId};
use proc_macro2::TokenStream;
use quote::quote;

use crate::tokens::index;

/// Rows grouped by owner, and where each owner's rows start.
pub struct Grouped<T> {
    /// Every row, grouped by owner in owner order.
    pub rows: Vec<T>,
    /// Where each owner's rows start in `rows`, then `rows.len()`.
    pub starts: Vec<usize>,
}

impl<T> Grouped<T> {
    /// `rows` grouped by `owner`, for the owners in `owners` (in order). The sort is stable, so
    /// an owner's rows keep their order.
    pub fn by<K: Ord + Copy>(
        mut rows: Vec<T>,
        owners: impl Iterator<Item = K>,
        owner: impl Fn(&T) -> K,
    ) -> Grouped<T> {
        rows.sort_by_key(&owner);
        let mut starts = Vec::with_capacity(rows.len() + 1);
        let mut at = 0;
        for key in owners {
            starts.push(at);
            at += rows[at..].iter().take_while(|r| owner(r) == key).count();
        }
        starts.push(at);
        Grouped { rows, starts }
    }

    /// The rows of `lists`, the `i`-th list owned by the `i`-th owner.
    pub fn concat(lists: &[Vec<T>]) -> Grouped<T>
    where
        T: Clone,
    {
        let mut starts = vec![0];
        let mut at = 0;
        for list in lists {
            at += list.len();
            starts.push(at);
        }
        Grouped {
            rows: lists.concat(),
            starts,
        }
    }

    /// The offsets, as the items of a `&[usize]` literal.
    pub fn starts(&self) -> impl Iterator<Item = proc_macro2::Literal> + '_ {
        self.starts.iter().map(|&at| index(at))
    }
}

impl<'m> Grouped<(TransitionId, &'m Transition)> {
    /// The rows of `TRANSITIONS`: every transition of `model` with its id, grouped by source
    /// state; within a state, in try order. The dispatch, the actions and the plans of a
    /// nested spec's steps all number rows by this one layout.
    pub fn transitions(model: &'m Model) -> Self {
        Grouped::by(
            model.transitions_with_ids().collect(),
            model.state_ids(),
            |(_, t)| t.from,
        )
    }

    /// The rows of `state`'s own transitions, as a range of [`Grouped::rows`].
    pub fn rows_of(&self, state: StateId) -> std::ops::Range<usize> {
        self.starts[state.index()]..self.starts[state.index() + 1]
    }
}

/// The emitted reader of the layout.
pub fn range() -> TokenStream {
    quote! {
        /// The `index`-th to `index + 1`-th offsets of `starts`, as a slice of `items`.
        fn range<T>(items: &'static [T], starts: &[usize], index: usize) -> &'static [T] {
            match (starts.get(index), starts.get(index + 1)) {
                (::core::option::Option::Some(&start), ::core::option::Option::Some(&end)) => {
                    items.get(start..end).unwrap_or(&[])
                }
                _ => &[],
            }
        }
    }
}
