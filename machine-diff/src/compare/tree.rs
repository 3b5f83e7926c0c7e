//! Changes of the tree of states: a state moved into, out of or between compound states, and
//! a compound state that enters another state first.

use machine_core::model::{Model, StateId};

use super::{Cx, Found};
use crate::{Impact, Kind, Section};

/// A state's parent in words: "inside `Open`", or "at the top level".
fn place(model: &Model, parent: Option<StateId>) -> String {
    parent.map_or_else(
        || "at the top level".to_owned(),
        |p| format!("inside `{}`", model.state(p).name.spec),
    )
}

impl Cx<'_> {
    /// States whose parent changed (they inherit other transitions and timeouts, and
    /// `is_in` of their old and new ancestors changes), and compound states whose `initial:`
    /// changed (entering them lands elsewhere).
    pub(super) fn tree(&mut self) {
        for (o, old) in self.old.states.iter().enumerate() {
            let Some(n) = self.names.states.new_index(o) else {
                continue;
            };
            let new = &self.new.states[n];
            let old_parent = old
                .parent
                .and_then(|p| self.names.states.new_index(p.index()));
            if old_parent != new.parent.map(StateId::index) {
                self.push(Found {
                    section: Section::States,
                    kind: Kind::Changed,
                    item: format!("state `{}`", new.name.spec),
                    detail: format!(
                        "moved from {} to {}",
                        place(self.old, old.parent),
                        place(self.new, new.parent)
                    ),
                    impact: Impact::Breaking,
                    why: "the transitions and timeouts it inherits change, and so do the actions \
                          run on leaving and entering it"
                        .into(),
                    suggestion: String::new(),
                    old: Some(old.name.span),
                    new: Some(new.name.span),
                });
            }
            let (Some(was), Some(is)) = (old.initial, new.initial) else {
                continue;
            };
            if self.names.states.new_index(was.index()) != Some(is.index()) {
                self.push(Found {
                    section: Section::States,
                    kind: Kind::Changed,
                    item: format!("state `{}`", new.name.spec),
                    detail: format!(
                        "enters `{}` first instead of `{}`",
                        self.new.state(is).name.spec,
                        self.old.state(was).name.spec
                    ),
                    impact: Impact::Breaking,
                    why: "every transition, start or timeout that enters it lands elsewhere".into(),
                    suggestion: String::new(),
                    old: Some(old.name.span),
                    new: Some(new.name.span),
                });
            }
        }
    }
}
