//! History states (rule S19): each compound state's `history:` entries, with the state each
//! enters when nothing was recorded (E0118), named uniquely across the tree of states.

use super::Lowerer;
use super::text;
use crate::ast::TreeState;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::ident::Case;
use crate::model::{History, State, StateId};

impl Lowerer<'_> {
    /// The history states of the tree, in document order. `tree` and `states` are in the
    /// same (document) order, with each compound state's `initial:` already resolved.
    pub(super) fn histories(&mut self, tree: &[TreeState<'_>], states: &[State]) -> Vec<History> {
        let mut out = Vec::new();
        for (index, node) in tree.iter().enumerate() {
            let owner = StateId::from_index(index);
            let name = &node.name.value;
            for (key, def) in node.def.history.iter() {
                // Declared, even when found wrong below: a transition to it is not also an
                // unknown state.
                self.history_names.push(key.value.clone());
                let history_name = self.name(key, Case::UpperCamel, "history state");
                if let Some(state) = states.iter().find(|s| s.name.spec == key.value) {
                    self.push(
                        Diagnostic::new(
                            Code::DuplicateName,
                            key.span,
                            format!("history state `{}` has the name of a state", key.value),
                        )
                        .with_secondary(state.name.span, "the state is declared here")
                        .with_help("names are unique across states and history states: rename the history state, e.g. `Back`"),
                    );
                    continue;
                }
                // The exports name states and history states alike by their Rust names.
                if let Some(state) = states
                    .iter()
                    .find(|s| !history_name.rust.is_empty() && s.name.rust == history_name.rust)
                {
                    self.push(
                        Diagnostic::new(
                            Code::IdentifierCollision,
                            key.span,
                            format!(
                                "history state `{}` and state `{}` both become `{}` in Rust",
                                key.value, state.name.spec, history_name.rust
                            ),
                        )
                        .with_label(format!("becomes `{}`", history_name.rust))
                        .with_secondary(state.name.span, "the state is declared here")
                        .with_help("rename the history state"),
                    );
                    continue;
                }
                let is_compound = tree.iter().any(|n| n.parent == Some(index));
                if !is_compound {
                    self.push(
                        Diagnostic::new(
                            Code::InvalidCompound,
                            key.span,
                            format!("history state `{}` belongs to `{name}`, which has no states inside it", key.value),
                        )
                        .with_label("a history records where the machine was inside a compound state")
                        .with_help(format!(
                            "move `history:` under a state with `states:`, or add `states:` and `initial:` under `{name}`"
                        )),
                    );
                    continue;
                }
                let default = match &def.default {
                    // A parallel state has no `initial:`: its history's default enters
                    // every region at its initial state (rule S29).
                    None if states[index].parallel => Some(StateId::from_index(index)),
                    None => states[index].initial,
                    Some(default) => {
                        let found = states.iter().position(|s| s.name.spec == default.value);
                        let inside = found.filter(|&s| {
                            std::iter::successors(Some(s), |&x| tree[x].parent)
                                .skip(1)
                                .any(|x| x == index)
                        });
                        if inside.is_none() {
                            let label = if found.is_some() {
                                format!(
                                    "`{}` is a state, but not one inside `{name}`",
                                    default.value
                                )
                            } else {
                                "no state has this name".to_owned()
                            };
                            let inner = (index + 1..tree.len())
                                .take_while(|&s| {
                                    std::iter::successors(Some(s), |&x| tree[x].parent)
                                        .any(|x| x == index)
                                })
                                .map(|s| tree[s].name.value.as_str());
                            let help = did_you_mean(&default.value, inner).unwrap_or_else(|| {
                                format!("name a state inside `{name}`, or remove `default:` to enter its `initial:` state")
                            });
                            self.push(
                                Diagnostic::new(
                                    Code::InvalidCompound,
                                    default.span,
                                    format!("the default of history state `{}` must be a state inside `{name}`", key.value),
                                )
                                .with_label(label)
                                .with_help(help),
                            );
                        }
                        // Reported: the compound state's initial state stands in for it, so
                        // that what follows is checked against the rest of the spec.
                        inside.map(StateId::from_index).or(states[index].initial)
                    }
                };
                // Without a valid `initial:`, E0118 was reported where the tree was read.
                let Some(default) = default else { continue };
                out.push(History {
                    name: history_name,
                    state: owner,
                    deep: def.deep.value,
                    default,
                    doc: text(def.doc.as_ref()),
                });
            }
        }
        let names: Vec<_> = out.iter().map(|h| h.name.clone()).collect();
        self.check_unique(&names, "history state");
        out
    }
}
