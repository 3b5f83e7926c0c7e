//! The tree of states: each state's parent, from the nesting of `states:`, and each compound
//! state's `initial:` child (E0118).

use super::Lowerer;
use crate::ast::{StateDef, TreeState};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::model::{State, StateId};
use crate::source::Span;
use crate::spanned::{Map, Spanned};

/// The states of `tree` as one mapping in document order, each without its children (the
/// lowering reads the tree's shape from `tree` itself).
pub(super) fn flat(tree: &[TreeState<'_>], span: Span) -> Map<StateDef> {
    let entries: Vec<(Spanned<String>, StateDef)> = tree
        .iter()
        .map(|node| {
            let def = StateDef {
                states: Map::default(),
                ..node.def.clone()
            };
            (node.name.clone(), def)
        })
        .collect();
    Map { entries, span }
}

impl Lowerer<'_> {
    /// Sets each state's parent and, for a compound state, the child it enters first.
    /// `tree` and `states` are in the same (document) order.
    pub(super) fn tree(&mut self, tree: &[TreeState<'_>], states: &mut [State]) {
        for (state, node) in states.iter_mut().zip(tree) {
            state.parent = node.parent.map(StateId::from_index);
        }
        for (index, node) in tree.iter().enumerate() {
            let children: Vec<usize> = (index + 1..tree.len())
                .filter(|&c| tree[c].parent == Some(index))
                .collect();
            let name = &node.name.value;
            if children.is_empty() {
                if let Some(initial) = node.def.initial.as_ref().filter(|_| !is_parallel(node)) {
                    self.push(
                        Diagnostic::new(
                            Code::InvalidCompound,
                            initial.span,
                            format!("state `{name}` has an `initial:` but no states inside it"),
                        )
                        .with_label("`initial:` names the child a compound state enters first")
                        .with_help(format!(
                            "remove `initial:`, or add `states:` under `{name}` with the state it names"
                        )),
                    );
                }
                continue;
            }
            let names: Vec<&str> = children
                .iter()
                .map(|&c| tree[c].name.value.as_str())
                .collect();
            if let Some(is_final) = node.def.is_final.as_ref().filter(|f| f.value) {
                self.push(
                    Diagnostic::new(
                        Code::InvalidCompound,
                        is_final.span,
                        format!("state `{name}` has states inside it, so it cannot be final"),
                    )
                    .with_label("a compound state is left through its children")
                    .with_help(format!(
                        "remove `final: true` and mark a state inside `{name}` final, or move the final state out of it"
                    )),
                );
            }
            if is_parallel(node) {
                // Its regions are all entered (rule S23); `parallel.rs` reports an `initial:`.
                continue;
            }
            let Some(initial) = &node.def.initial else {
                self.push(
                    Diagnostic::new(
                        Code::InvalidCompound,
                        node.name.span,
                        format!("state `{name}` has states inside it but no `initial:`"),
                    )
                    .with_label("a compound state needs the child it enters first")
                    .with_help(format!(
                        "add `initial: {}` under `{name}` (one of {})",
                        names[0],
                        quoted(&names)
                    )),
                );
                continue;
            };
            if let Some(&child) = children
                .iter()
                .find(|&&c| tree[c].name.value == initial.value)
            {
                states[index].initial = Some(StateId::from_index(child));
                continue;
            }
            let elsewhere = tree.iter().any(|n| n.name.value == initial.value);
            let label = if elsewhere {
                format!(
                    "`{}` is a state, but not one directly inside `{name}`",
                    initial.value
                )
            } else {
                "no state inside it has this name".to_owned()
            };
            let help = did_you_mean(&initial.value, names.iter().copied()).unwrap_or_else(|| {
                format!(
                    "name one of the states directly inside `{name}`: {}",
                    quoted(&names)
                )
            });
            self.push(
                Diagnostic::new(
                    Code::InvalidCompound,
                    initial.span,
                    format!("the initial state of `{name}` must be one of its own states"),
                )
                .with_label(label)
                .with_help(help),
            );
        }
    }
}

/// Whether `node` says `parallel: true`.
pub(super) fn is_parallel(node: &TreeState<'_>) -> bool {
    node.def.parallel.as_ref().is_some_and(|p| p.value)
}

pub(super) fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The fewest states whose subtrees hold `state`'s subtree without the subtrees of the
/// states in `except`, in document order: `state` itself when nothing inside it is excepted,
/// else what covers each of its working children. `from: "*"` stands for these, starting
/// from the top level, so a state inside an excepted one is left out too.
pub(super) fn cover(states: &[State], state: StateId, except: &[StateId]) -> Vec<StateId> {
    let within = |s: StateId, ancestor: StateId| {
        std::iter::successors(Some(s), |&x| states[x.index()].parent).any(|x| x == ancestor)
    };
    if except.contains(&state) {
        return Vec::new();
    }
    if !except.iter().any(|&e| within(e, state)) {
        return vec![state];
    }
    working(states)
        .filter(|&c| states[c.index()].parent == Some(state))
        .flat_map(|c| cover(states, c, except))
        .collect()
}

/// Whether some state of `states` lies directly inside `state`.
pub(super) fn has_children(states: &[State], state: StateId) -> bool {
    states.iter().any(|s| s.parent == Some(state))
}

/// The working states ([`State::is_working`]) among `states`, in order: those of the top
/// level are what `from: "*"` stands for and where the fault state is entered from (every
/// state inside them inherits those transitions); those without children are the states the
/// fault state remembers.
pub(super) fn working(states: &[State]) -> impl Iterator<Item = StateId> + '_ {
    states
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_working())
        .map(|(i, _)| StateId::from_index(i))
}
