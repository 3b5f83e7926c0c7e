//! How `from: "*"` entries are drawn: one box for a set of states ("any non-final state",
//! "any non-final state except A, B") with one edge per event and target of the entry,
//! rather than one edge from each state. Entries that leave the same set of states share one
//! box, and so does the fault state's entry when it leaves that set too, so a figure never
//! shows two boxes that say the same.

use std::collections::HashMap;

use machine_core::model::{Model, StateId, Target, TransitionId};
use machine_core::words;

/// The `from: "*"` entries that leave one set of states, drawn as one box.
pub(super) struct Group {
    /// The first entry of `transitions:` drawn in the box; the box's id.
    pub entry: usize,
    /// The states it stands for, in state order.
    pub members: Vec<StateId>,
    /// One edge per label and target (a state or a history state): the label, the target,
    /// and the transitions it draws.
    pub edges: Vec<(String, Target, Vec<TransitionId>)>,
}

/// The `from: "*"` entries drawn as groups, one per set of states. An entry is drawn as a
/// group when it leaves two states or more and each of them has the same edges (the same
/// labels to the same targets: a fallback is `[else]` only where a guarded transition comes
/// first, and then its states are drawn one by one).
pub(super) fn star_groups(model: &Model) -> Vec<Group> {
    let mut entries: Vec<Written> = Vec::new();
    // Where each entry, and each member state of an entry, is in `entries`.
    let mut entry_at: HashMap<usize, usize> = HashMap::new();
    let mut member_at: HashMap<(usize, StateId), usize> = HashMap::new();
    for (id, t) in model.transitions_with_ids() {
        let Some(entry) = t.any else {
            continue;
        };
        let to = t.target;
        if !matches!(to, Target::State(_) | Target::Recall(_)) {
            continue;
        }
        let label = words::transition_label(model, id);
        let at = *entry_at.entry(entry).or_insert_with(|| {
            entries.push(Written {
                entry,
                members: Vec::new(),
                ways: Vec::new(),
            });
            entries.len() - 1
        });
        let e = &mut entries[at];
        let m = *member_at.entry((entry, t.from)).or_insert_with(|| {
            e.members.push(t.from);
            e.ways.push(Vec::new());
            e.members.len() - 1
        });
        e.ways[m].push((label, to, id));
    }
    let mut groups: Vec<Group> = Vec::new();
    for Written {
        entry,
        mut members,
        ways,
    } in entries
    {
        let same = |a: &[Way], b: &[Way]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.0 == y.0 && x.1 == y.1)
        };
        if members.len() < 2 || !ways.iter().all(|w| same(w, &ways[0])) {
            continue;
        }
        let mut drawn: Vec<(String, Target, Vec<TransitionId>)> = ways[0]
            .iter()
            .map(|(label, to, _)| (label.clone(), *to, Vec::new()))
            .collect();
        for member in &ways {
            for (edge, (_, _, id)) in drawn.iter_mut().zip(member) {
                edge.2.push(*id);
            }
        }
        members.sort_unstable();
        if let Some(group) = groups.iter_mut().find(|g| g.members == members) {
            for edge in drawn {
                if let Some(same) = group
                    .edges
                    .iter_mut()
                    .find(|e| e.0 == edge.0 && e.1 == edge.1)
                {
                    same.2.extend(edge.2);
                } else {
                    group.edges.push(edge);
                }
            }
        } else {
            groups.push(Group {
                entry,
                members,
                edges: drawn,
            });
        }
    }
    groups
}

/// One way out of a member state of a `"*"` entry: its label, target and transition.
type Way = (String, Target, TransitionId);

/// A `"*"` entry as written: the states it leaves, and each one's ways out, in order.
struct Written {
    entry: usize,
    members: Vec<StateId>,
    ways: Vec<Vec<Way>>,
}

/// What a group's box says: every non-final state, but those left out.
pub(super) fn label(model: &Model, members: &[StateId]) -> String {
    let left_out: Vec<&str> = model
        .working_states()
        .filter(|s| !members.contains(s))
        .map(|s| model.state(s).name.spec.as_str())
        .collect();
    if left_out.is_empty() {
        "any non-final state".to_owned()
    } else {
        format!("any non-final state except {}", left_out.join(", "))
    }
}
