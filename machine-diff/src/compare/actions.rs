//! The actions states and transitions run: a state's `entry:` and `exit:` lists and a
//! transition's `actions:`, compared as NEW names the actions. (Declared actions are compared
//! with the other named items: a new one is a new required method of the `Actions` trait.)
//!
//! An action a state or transition no longer runs is breaking: the implementation of
//! `Actions` written against OLD counts on the effect, and `Step::run` silently stops
//! performing it there. An action run in one more place, or the same actions in another
//! order, is compatible: nothing stops compiling or matching on the wire, but the effect
//! happens where it did not (said in the change).

use machine_core::model::{ActionId, Model, StateId, Target, Transition};
use machine_core::semantics;
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
        let when = super::trigger::when(self.new, new);
        self.action_list(
            Section::Transitions,
            item,
            "action",
            (&old.actions, &new.actions),
            &when,
            (old.span, new.span),
        );
    }

    /// A transition's `restarts:` (rule S6), where either version writes one: the timers whose
    /// clocks it restarts. Without `restarts:` the timers' `reset_by` decides, which
    /// [`Cx::timeout`] compares.
    pub(super) fn transition_restarts(&mut self, item: &str, old: &Transition, new: &Transition) {
        if old.restarts.is_none() && new.restarts.is_none() {
            return;
        }
        // A timer is known across versions by where it runs and how long it lasts, so that
        // renaming it (reported with the timeouts) does not read as another timer here.
        let restarted = |model: &Model, t: &Transition, state: &dyn Fn(StateId) -> String| {
            // The state the machine is in after it fires, where the restarted clocks run.
            let after = match t.target {
                Target::State(to) => to,
                Target::Recall(h) => model.history(h).state,
                Target::Internal | Target::History => t.from,
            };
            model
                .timers_in(after)
                .filter(|&(id, _)| semantics::resets(model, t, id))
                .map(|(_, timer)| {
                    let states: Vec<String> = timer.states().iter().map(|&s| state(s)).collect();
                    (
                        (states, timer.timeout.after.text.clone()),
                        timer.name.spec.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        let was = restarted(self.old, old, &|s| self.names.state(self.old, self.new, s));
        let is = restarted(self.new, new, &|s| self.new.state(s).name.spec.clone());
        let gone: Vec<String> = was
            .iter()
            .filter(|(key, _)| !is.iter().any(|(k, _)| k == key))
            .map(|(_, name)| name.clone())
            .collect();
        let added: Vec<String> = is
            .iter()
            .filter(|(key, _)| !was.iter().any(|(k, _)| k == key))
            .map(|(_, name)| name.clone())
            .collect();
        let mut push = |detail: String, impact: Impact, why: String| {
            self.push(Found {
                section: Section::Transitions,
                kind: Kind::Changed,
                item: item.to_owned(),
                detail,
                impact,
                why,
                suggestion: String::new(),
                old: Some(old.span),
                new: Some(new.span),
            });
        };
        for gone in &gone {
            push(
                format!("no longer restarts `{gone}`"),
                Impact::Breaking,
                format!("`{gone}` keeps running through it, so it expires earlier than before"),
            );
        }
        for added in &added {
            push(
                format!("restarts `{added}`"),
                Impact::Compatible,
                format!("`{added}` starts again when it fires, so it expires later than before"),
            );
        }
    }

    /// One change for a list of actions that differs: what was added and removed, or that
    /// the order changed.
    pub(super) fn action_list(
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
