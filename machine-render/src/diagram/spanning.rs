//! How a timer that spans several states (rule S14) is drawn: its expiry leaves every state of
//! its set, so a `to:` timer is one edge from each of them (to its state, or to its history
//! state's circle), labelled with the timer's name; an
//! `end:` or `notify:` timer has one marker (end or note) beside the first state of its set,
//! reached from each of them.

use machine_core::model::{Expiry, Model, Target};
use machine_core::paths::Item;
use machine_core::words;

use super::{Diagram, EdgeKind, NodeKind, text};

/// Draws every spanning timer of `model`; `state_node` maps each state to its node.
pub(super) fn draw(
    d: &mut Diagram,
    model: &Model,
    state_node: &[usize],
    target_node: impl Fn(Target) -> Option<usize>,
) {
    for (id, timer) in model.spanning_timers() {
        let label = words::timer_label(model, id);
        let item = Item::Timer(id);
        let doc = &timer.timeout.doc;
        let Some(&first) = timer.states().first() else {
            continue;
        };
        let beside = state_node[first.index()];
        let (marker, kind, edge_label) = match &timer.timeout.expiry {
            Expiry::Transition(_) | Expiry::Recall(_) => {
                let Some(to) = timer.timeout.expiry.target().and_then(&target_node) else {
                    continue;
                };
                for &from in timer.states() {
                    let from = state_node[from.index()];
                    let edge = d.push_edge(from, to, EdgeKind::Transition, label.clone(), doc);
                    d.edges[edge].items.push(item);
                }
                continue;
            }
            Expiry::End(how) => (
                d.push_node(
                    format!("end:timer:{}", timer.name.spec),
                    NodeKind::End {
                        state: first,
                        text: how.clone(),
                    },
                    how.clone(),
                    Some(beside),
                ),
                EdgeKind::End,
                label,
            ),
            Expiry::Notify(who) => {
                let mut lines = vec![format!("{label}:")];
                lines.extend(text::wrap(who, super::NOTE_WIDTH));
                let note = d.push_node(
                    format!("note:timer:{}", timer.name.spec),
                    NodeKind::Note { lines },
                    doc.clone(),
                    Some(beside),
                );
                (note, EdgeKind::Note, String::new())
            }
        };
        for &from in timer.states() {
            let edge = d.push_edge(
                state_node[from.index()],
                marker,
                kind,
                edge_label.clone(),
                doc,
            );
            d.edges[edge].items.push(item);
        }
    }
}
