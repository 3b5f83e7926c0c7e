//! Changes of the tree of states: a state moved into, out of or between compound states, and
//! a compound state that enters another state first, and history states.

use std::fmt::Write as _;

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
                let mut why = "the transitions and timeouts it inherits change, and so do the \
                               actions run on leaving and entering it"
                    .to_owned();
                // Rule S20: a final state ends the lifecycle at the top level, and completes the
                // compound state around it otherwise.
                if old.is_final && new.is_final {
                    let ends = |model: &Model, parent: Option<StateId>, tense: [&str; 2]| {
                        parent.map_or_else(
                            || format!("{} the lifecycle", tense[0]),
                            |p| format!("{} `{}`", tense[1], model.state(p).name.spec),
                        )
                    };
                    let is = ends(self.new, new.parent, ["ends", "completes"]);
                    let was = ends(self.old, old.parent, ["ended", "completed"]);
                    let _ = write!(why, "; entering it now {is}, where it {was} (rule S20)");
                }
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
                    why,
                    suggestion: String::new(),
                    old: Some(old.name.span),
                    new: Some(new.name.span),
                });
            }
            if old.parallel != new.parallel {
                let (detail, why) = if new.parallel {
                    (
                        "became a parallel state",
                        "its states are now regions, all active at once (rule S22): the machine \
                         is in a state of each, and entering it enters every one",
                    )
                } else {
                    (
                        "is no longer a parallel state",
                        "its states were regions, all active at once; now the machine is in one \
                         of them at a time (rule S22)",
                    )
                };
                self.push(Found {
                    section: Section::States,
                    kind: Kind::Changed,
                    item: format!("state `{}`", new.name.spec),
                    detail: detail.into(),
                    impact: Impact::Breaking,
                    why: why.into(),
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

impl Cx<'_> {
    /// Regions added to or removed from a parallel state that stays parallel (rule S22): every
    /// configuration inside it gains or loses a state, and it completes when each of its
    /// regions has (rule S28).
    pub(super) fn regions(&mut self) {
        for (o, old) in self.old.states.iter().enumerate() {
            let Some(n) = self.names.states.new_index(o) else {
                continue;
            };
            let new = &self.new.states[n];
            if !(old.parallel && new.parallel) {
                continue;
            }
            let (was, is) = (StateId::from_index(o), StateId::from_index(n));
            let olds: Vec<Option<usize>> = self
                .old
                .children(Some(was))
                .iter()
                .map(|r| self.names.states.new_index(r.index()))
                .collect();
            let news = self.new.children(Some(is));
            let added = news.iter().filter(|r| !olds.contains(&Some(r.index())));
            let removed = self
                .old
                .children(Some(was))
                .iter()
                .zip(&olds)
                .filter(|(_, n)| n.is_none_or(|n| !news.iter().any(|r| r.index() == n)));
            let mut changes: Vec<(String, &str)> = added
                .map(|&r| {
                    let name = &self.new.state(r).name.spec;
                    (format!("gains the region `{name}`"), "one more state")
                })
                .collect();
            changes.extend(removed.map(|(&r, _)| {
                let name = &self.old.state(r).name.spec;
                (format!("loses the region `{name}`"), "one state fewer")
            }));
            for (detail, more) in changes {
                self.push(Found {
                    section: Section::States,
                    kind: Kind::Changed,
                    item: format!("parallel state `{}`", new.name.spec),
                    detail,
                    impact: Impact::Breaking,
                    why: format!(
                        "every configuration inside it has {more} (rule S22), and it completes \
                         when each of its regions has (rule S28)"
                    ),
                    suggestion: String::new(),
                    old: Some(old.name.span),
                    new: Some(new.name.span),
                });
            }
        }
    }
}

impl Cx<'_> {
    /// History states (rule S19), matched by name: added, removed, moved to another compound
    /// state, turned deep or shallow, or given another default.
    pub(super) fn histories(&mut self) {
        let (old, new) = (self.old, self.new);
        for was in &old.histories {
            let item = format!("history state `{}`", was.name.spec);
            let Some(is) = new.histories.iter().find(|h| h.name.spec == was.name.spec) else {
                self.push(Found {
                    section: Section::States,
                    kind: Kind::Removed,
                    item,
                    detail: format!("of `{}`", self.names.state(old, new, was.state)),
                    impact: Impact::Breaking,
                    why: "transitions can no longer go back where the machine was, and \
                          `Machine::remembered` no longer keeps it"
                        .into(),
                    suggestion: String::new(),
                    old: Some(was.name.span),
                    new: None,
                });
                continue;
            };
            let changed = |detail: String, why: &str| Found {
                section: Section::States,
                kind: Kind::Changed,
                item: item.clone(),
                detail,
                impact: Impact::Breaking,
                why: why.into(),
                suggestion: String::new(),
                old: Some(was.name.span),
                new: Some(is.name.span),
            };
            let owner = self.names.state(old, new, was.state);
            if owner != new.state(is.state).name.spec {
                self.push(changed(
                    format!(
                        "keeps the history of `{}` instead of `{owner}`",
                        new.state(is.state).name.spec
                    ),
                    "a transition to it goes back into another state",
                ));
                continue;
            }
            if was.deep != is.deep {
                let kind = machine_core::words::history_kind;
                self.push(changed(
                    format!("is {} instead of {}", kind(is), kind(was)),
                    "a transition to it lands in another state when the machine was deeper \
                     inside",
                ));
            }
            let default = self.names.state(old, new, was.default);
            if default != new.state(is.default).name.spec {
                self.push(changed(
                    format!(
                        "goes to `{}` instead of `{default}` when nothing is remembered",
                        new.state(is.default).name.spec
                    ),
                    "a transition to it before the state was ever left lands elsewhere",
                ));
            }
            if was.doc != is.doc {
                self.push(super::doc_change(
                    Section::States,
                    item,
                    was.name.span,
                    is.name.span,
                ));
            }
        }
        for is in &new.histories {
            if !old.histories.iter().any(|h| h.name.spec == is.name.spec) {
                self.push(Found {
                    section: Section::States,
                    kind: Kind::Added,
                    item: format!("history state `{}`", is.name.spec),
                    detail: format!("of `{}`", new.state(is.state).name.spec),
                    impact: Impact::Compatible,
                    why: "it changes nothing until a transition goes to it; the machine \
                          remembers where it was in its state"
                        .into(),
                    suggestion: String::new(),
                    old: None,
                    new: Some(is.name.span),
                });
            }
        }
    }
}
