//! The tree of states: each state's parent, from the nesting of `states:`, and each compound
//! state's `initial:` child (E0118).

use super::Lowerer;
use crate::ast::TreeState;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::model::{State, StateId};

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
            if let (Some(parent), Some(is_final)) =
                (node.parent, node.def.is_final.as_ref().filter(|f| f.value))
            {
                let parent = &tree[parent].name.value;
                self.push(
                    Diagnostic::new(
                        Code::InvalidCompound,
                        is_final.span,
                        format!("state `{name}` is final, inside `{parent}`"),
                    )
                    .with_label("a final state ends the lifecycle, so it stands at the top level")
                    .with_help(format!(
                        "move `{name}` out of `{parent}` (transitions to it stay as they are); \
                         a final state that only completes `{parent}` is not part of the language yet"
                    )),
                );
            }
            if children.is_empty() {
                if let Some(initial) = &node.def.initial {
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
            match children
                .iter()
                .find(|&&c| tree[c].name.value == initial.value)
            {
                Some(&child) => states[index].initial = Some(StateId::from_index(child)),
                None => {
                    let elsewhere = tree.iter().any(|n| n.name.value == initial.value);
                    let label = if elsewhere {
                        format!(
                            "`{}` is a state, but not one directly inside `{name}`",
                            initial.value
                        )
                    } else {
                        "no state inside it has this name".to_owned()
                    };
                    let help = match did_you_mean(&initial.value, names.iter().copied()) {
                        Some(near) => near,
                        None => format!(
                            "name one of the states directly inside `{name}`: {}",
                            quoted(&names)
                        ),
                    };
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
    }
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
