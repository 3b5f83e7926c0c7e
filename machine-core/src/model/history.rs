//! History states (rule S19): what a compound state keeps of where the machine was inside it,
//! and the model's queries of them.

use super::{HistoryId, Model, Name, StateId};

/// A history state of a compound state (rule S19): a transition to it returns to where the
/// machine was inside [`History::state`] when it last left it.
#[derive(Clone, Debug)]
pub struct History {
    /// Its name (in `UpperCamelCase` in Rust).
    pub name: Name,
    /// The compound state whose history it is.
    pub state: StateId,
    /// Deep: back to the atomic state the machine was in; shallow: back to the state
    /// directly inside [`History::state`] that held it, entered down to its initial state.
    pub deep: bool,
    /// The state entered (down to its initial state) when [`History::state`] was never
    /// left: a state inside it, its `initial:` unless the spec says otherwise; for a parallel
    /// state without a `default:`, the parallel state itself (every region at its initial
    /// state, rule S29).
    pub default: StateId,
    /// What it means (may be empty).
    pub doc: String,
}

impl Model {
    /// The history state with this id.
    pub fn history(&self, id: HistoryId) -> &History {
        &self.histories[id.index()]
    }

    /// The history states, with their ids.
    pub fn histories_with_ids(&self) -> impl Iterator<Item = (HistoryId, &History)> {
        self.histories
            .iter()
            .enumerate()
            .map(|(i, h)| (HistoryId::from_index(i), h))
    }

    /// Whether some history state records where the machine was inside `state` (rule S19).
    pub fn has_history(&self, state: StateId) -> bool {
        self.histories.iter().any(|h| h.state == state)
    }
}
