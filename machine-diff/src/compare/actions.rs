//! The actions states and transitions run: a state's `entry:` and `exit:` lists and a
//! transition's `actions:`, compared as NEW names the actions. (Declared actions are compared
//! with the other named items: a new one is a new required method of the `Actions` trait.)
//!
//! An action a state or transition no longer runs is breaking: the implementation of
//! `Actions` written against OLD counts on the effect, and `Step::run` silently stops
//! performing it there. An action run in one more place, or the same actions in another
//! order, is compatible: nothing stops compiling or matching on the wire, but the effect
//! happens where it did not (said in the change).

use machine_core::model::{ActionId, Model, Transition};
use machine_core::source::Span;

use super::{Cx, Found};
use crate::{Impact, Kind, Section};

impl Cx<'_> {
    /// The `entry:` and `exit:` actions of every state in both versions.
    pub(super) fn state_actions(&mut self) {
        for (o, old) in self.old.states.iter().enumerate() {
            let Some(n) = self.names.states.new_index(o) else {
                continue;
            };
            let new = &self.new.states[n];
            let item = format!("state `{}`", new.name.spec);
            let spans = (old.name.span, new.name.span);
            let lists = [
                ("entry action", &old.entry, &new.entry, "is entered"),
                ("exit action", &old.exit, &new.exit, "is left"),
            ];
            for (what, was, is, when) in lists {
                let when = format!("`{}` {when}", new.name.spec);
                self.action_list(Section::States, &item, what, (was, is), &when, spans);
            }
        }
    }

    /// The `actions:` of a transition matched in both versions (`item` names it).
    pub(super) fn transition_actions(&mut self, item: &str, old: &Transition, new: &Transition) {
        let when = format!(
            "`{}` fires in `{}`",
            self.new.event(new.event).name.spec,
            self.new.state(new.from).name.spec
        );
        self.action_list(
            Section::Transitions,
            item,
            "action",
            (&old.actions, &new.actions),
            &when,
            (old.span, new.span),
        );
    }

    /// One change for a list of actions that differs: what was added and removed, or that
    /// the order changed.
    fn action_list(
        &mut self,
        section: Section,
        item: &str,
        what: &str,
        (was, is): (&[ActionId], &[ActionId]),
        when: &str,
        (old_span, new_span): (Span, Span),
    ) {
        let was: Vec<String> = was
            .iter()
            .map(|&a| self.names.action(self.old, self.new, a))
            .collect();
        let is: Vec<String> = is.iter().map(|&a| name(self.new, a)).collect();
        if was == is {
            return;
        }
        let added: Vec<&String> = is.iter().filter(|a| !was.contains(a)).collect();
        let removed: Vec<&String> = was.iter().filter(|a| !is.contains(a)).collect();
        let mut detail = Vec::new();
        if !added.is_empty() {
            detail.push(format!("{what} {} added", listed(&added)));
        }
        if !removed.is_empty() {
            detail.push(format!("{what} {} removed", listed(&removed)));
        }
        if added.is_empty() && removed.is_empty() {
            detail.push(format!(
                "{what}s in another order: {} instead of {}",
                listed(&is.iter().collect::<Vec<_>>()),
                listed(&was.iter().collect::<Vec<_>>())
            ));
        }
        let (impact, why) = if removed.is_empty() {
            let why = if added.is_empty() {
                format!("`Step::run` performs them in the new order when {when}")
            } else {
                format!(
                    "`Step::run` also calls {} when {when}; the `Actions` trait and the wire are unchanged",
                    listed(&added)
                )
            };
            (Impact::Compatible, why)
        } else {
            (
                Impact::Breaking,
                format!(
                    "`Step::run` no longer calls {} when {when}: an effect implementations of `Actions` perform there stops happening",
                    listed(&removed)
                ),
            )
        };
        self.push(Found {
            section,
            kind: Kind::Changed,
            item: item.to_owned(),
            detail: detail.join("; "),
            impact,
            why,
            suggestion: String::new(),
            old: Some(old_span),
            new: Some(new_span),
        });
    }
}

fn name(model: &Model, action: ActionId) -> String {
    model.action(action).name.spec.clone()
}

fn listed(items: &[&String]) -> String {
    items
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
