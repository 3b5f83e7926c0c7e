//! History states (rule S19) in the figure, in UML's and Harel's notation: each is a small
//! circle marked `H` (shallow) or `H*` (deep), drawn inside its compound state; a transition
//! to a history state ends at its circle, and a dashed arrow labelled `default` leads from
//! the circle to the state the history enters when the compound state was never left.
//!
//! The `default` arrow is drawn for every history state, also when it leads to the compound
//! state's `initial:` state: a circle with no way out reads as a dead end, the arrow says at
//! a glance where the machine goes the first time without the reader knowing the rule, and
//! it holds the circle next to the states it leads to in a layout.

use machine_core::model::{History, Model};
use machine_core::words;

use super::{Diagram, EdgeKind, NodeKind};

/// What a history state's circle says: `H` (shallow) or `H*` (deep).
pub(crate) fn glyph(history: &History) -> &'static str {
    if history.deep { "H*" } else { "H" }
}

pub(crate) use machine_core::words::history_kind as kind;

/// The label of the arrow from a history state's circle to its default.
const DEFAULT: &str = "default";

/// Draws every history state of `model` (its circle, and the `default` arrow from it);
/// `state_node` maps each state to its node. Returns the node of each history state, by
/// [`machine_core::model::HistoryId`] index.
pub(super) fn draw(d: &mut Diagram, model: &Model, state_node: &[usize]) -> Vec<usize> {
    let mut nodes = Vec::with_capacity(model.histories.len());
    for (id, history) in model.histories_with_ids() {
        let mut tooltip = words::history(model, id);
        if !history.doc.is_empty() {
            tooltip.push_str("\n\n");
            tooltip.push_str(&history.doc);
        }
        let node = d.push_node(
            format!("history:{}", history.name.spec),
            NodeKind::Recall(id),
            tooltip,
            None,
        );
        nodes.push(node);
        let compound = &model.state(history.state).name.spec;
        d.push_edge(
            node,
            state_node[history.default.index()],
            EdgeKind::HistoryDefault,
            DEFAULT.to_owned(),
            &format!(
                "where {} leads when {compound} was never left",
                history.name.spec
            ),
        );
    }
    nodes
}
