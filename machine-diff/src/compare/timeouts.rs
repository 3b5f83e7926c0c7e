//! Timeouts of the states in both versions, matched by position in their state, the timers
//! that span several states and the named durations, matched by name.

use machine_core::model::{Expiry, Model, Timeout, TimerId};

use super::{Cx, Found, doc_change};
use crate::{Impact, Kind, Section};

/// The `index`-th timeout of a state whose timers are `list`.
fn timeout_at<'m>(model: &'m Model, list: &[TimerId], index: usize) -> Option<&'m Timeout> {
    list.get(index).map(|&id| &model.timer(id).timeout)
}

impl Cx<'_> {
    /// Timeouts of the states in both versions, matched by position.
    pub(super) fn timeouts(&mut self) {
        for (o, state) in self.old.states.iter().enumerate() {
            let Some(n) = self.names.states.new_index(o) else {
                continue;
            };
            let new_state = &self.new.states[n];
            let name = &new_state.name.spec;
            let count = state.timeouts.len().max(new_state.timeouts.len());
            for index in 0..count {
                match (
                    timeout_at(self.old, &state.timeouts, index),
                    timeout_at(self.new, &new_state.timeouts, index),
                ) {
                    (Some(a), Some(b)) => self.timeout(name, a, b),
                    (Some(a), None) => self.push(Found {
                        section: Section::Timeouts,
                        kind: Kind::Removed,
                        item: format!("`{name}` after {}", a.after.text),
                        detail: String::new(),
                        impact: Impact::Breaking,
                        why: format!("`Machine::expire` of its timer (`{name}` #{}) is refused: nothing happens after {}", index + 1, a.after.text),
                        old: Some(a.span),
                        new: None,
                    }),
                    (None, Some(b)) => self.push(Found {
                        section: Section::Timeouts,
                        kind: Kind::Added,
                        item: format!("`{name}` after {}", b.after.text),
                        detail: Self::expiry(self.new, &b.expiry),
                        impact: Impact::Compatible,
                        why: String::new(),
                        old: None,
                        new: Some(b.span),
                    }),
                    (None, None) => {}
                }
            }
        }
    }

    pub(super) fn timeout(&mut self, name: &str, a: &Timeout, b: &Timeout) {
        let item = format!("`{name}` after {}", b.after.text);
        let spans = (Some(a.span), Some(b.span));
        if a.after.named.is_some() || b.after.named.is_some() {
            if a.after.text != b.after.text {
                self.push(Found {
                    section: Section::Timeouts,
                    kind: Kind::Changed,
                    item: item.clone(),
                    detail: format!("after {} instead of {}", b.after.text, a.after.text),
                    impact: if b.after.named.is_some() {
                        Impact::Breaking
                    } else {
                        Impact::Compatible
                    },
                    why: if b.after.named.is_some() {
                        format!(
                            "its duration now comes from `Durations::{}`, and `Timeout::after` is zero",
                            b.after.text
                        )
                    } else {
                        "it lasts a fixed duration now, not one the user's code supplies".into()
                    },
                    old: spans.0,
                    new: spans.1,
                });
            }
        } else if a.after.seconds != b.after.seconds {
            self.push(Found {
                section: Section::Timeouts,
                kind: Kind::Changed,
                item: item.clone(),
                detail: format!("after {} instead of {}", b.after.text, a.after.text),
                impact: Impact::Compatible,
                why: if b.after.seconds < a.after.seconds {
                    "it expires sooner"
                } else {
                    "it expires later"
                }
                .into(),
                old: spans.0,
                new: spans.1,
            });
        }
        let (was, is) = (
            self.old_expiry(&a.expiry),
            Self::expiry(self.new, &b.expiry),
        );
        if was != is {
            self.push(Found {
                section: Section::Timeouts,
                kind: Kind::Changed,
                item: item.clone(),
                detail: format!("{is} instead of {was}"),
                impact: Impact::Breaking,
                why: "the expiry now does something else".into(),
                old: spans.0,
                new: spans.1,
            });
        }
        let old_resets: Vec<String> = a
            .reset_by
            .iter()
            .map(|&e| self.names.event(self.old, self.new, e))
            .collect();
        let new_resets: Vec<String> = b
            .reset_by
            .iter()
            .map(|&e| self.new.event(e).name.spec.clone())
            .collect();
        for gone in old_resets.iter().filter(|e| !new_resets.contains(e)) {
            self.push(Found {
                section: Section::Timeouts,
                kind: Kind::Changed,
                item: item.clone(),
                detail: format!("`{gone}` no longer resets it"),
                impact: Impact::Breaking,
                why: format!("callers that rely on `{gone}` to restart the clock see it expire"),
                old: spans.0,
                new: spans.1,
            });
        }
        for added in new_resets.iter().filter(|e| !old_resets.contains(e)) {
            self.push(Found {
                section: Section::Timeouts,
                kind: Kind::Changed,
                item: item.clone(),
                detail: format!("`{added}` resets it too"),
                impact: Impact::Compatible,
                why: String::new(),
                old: spans.0,
                new: spans.1,
            });
        }
        if a.doc != b.doc {
            self.push(doc_change(Section::Timeouts, item, a.span, b.span));
        }
    }

    /// Timers that span several states (`timers:`), matched by name: one added or removed
    /// changes the `Timer` enum; for one in both versions, its states, then what
    /// [`Cx::timeout`] compares.
    pub(super) fn spanning_timers(&mut self) {
        let (old, new) = (self.old, self.new);
        for (_, a) in old.spanning_timers() {
            let item = format!("timer `{}`", a.name.spec);
            let Some((_, b)) = new
                .spanning_timers()
                .find(|(_, b)| b.name.spec == a.name.spec)
            else {
                self.push(Found {
                    section: Section::Timeouts,
                    kind: Kind::Removed,
                    item,
                    detail: String::new(),
                    impact: Impact::Breaking,
                    why: format!(
                        "`Timer::{}` is gone, and nothing happens after {} any more",
                        a.name.rust, a.timeout.after.text
                    ),
                    old: Some(a.name.span),
                    new: None,
                });
                continue;
            };
            let was: Vec<String> = a
                .states()
                .iter()
                .map(|&s| self.names.state(old, new, s))
                .collect();
            let is: Vec<String> = b
                .states()
                .iter()
                .map(|&s| new.state(s).name.spec.clone())
                .collect();
            if was != is {
                let dropped = was.iter().any(|s| !is.contains(s));
                self.push(Found {
                    section: Section::Timeouts,
                    kind: Kind::Changed,
                    item: item.clone(),
                    detail: format!("spans {} instead of {}", is.join(", "), was.join(", ")),
                    impact: if dropped {
                        Impact::Breaking
                    } else {
                        Impact::Compatible
                    },
                    why: if dropped {
                        "its clock stops in a state where it used to run".into()
                    } else {
                        String::new()
                    },
                    old: Some(a.name.span),
                    new: Some(b.name.span),
                });
            }
            self.timeout(&a.name.spec, &a.timeout, &b.timeout);
        }
        for (_, b) in new.spanning_timers() {
            if !old
                .spanning_timers()
                .any(|(_, a)| a.name.spec == b.name.spec)
            {
                let states: Vec<&str> = b
                    .states()
                    .iter()
                    .map(|&s| new.state(s).name.spec.as_str())
                    .collect();
                self.push(Found {
                    section: Section::Timeouts,
                    kind: Kind::Added,
                    item: format!("timer `{}`", b.name.spec),
                    detail: format!(
                        "across {}: {}",
                        states.join(", "),
                        Self::expiry(new, &b.timeout.expiry)
                    ),
                    impact: Impact::Compatible,
                    why: String::new(),
                    old: None,
                    new: Some(b.name.span),
                });
            }
        }
    }

    /// Named durations, matched by name: one added or removed changes the `Durations` trait.
    pub(super) fn durations(&mut self) {
        let (old, new) = (self.old, self.new);
        for a in &old.durations {
            match new.durations.iter().find(|b| b.name.spec == a.name.spec) {
                None => self.push(Found {
                    section: Section::Durations,
                    kind: Kind::Removed,
                    item: format!("duration `{}`", a.name.spec),
                    detail: String::new(),
                    impact: Impact::Breaking,
                    why: "implementations of `Durations` define a method the trait no longer has"
                        .into(),
                    old: Some(a.name.span),
                    new: None,
                }),
                Some(b) if a.doc != b.doc => self.push(doc_change(
                    Section::Durations,
                    format!("duration `{}`", b.name.spec),
                    a.name.span,
                    b.name.span,
                )),
                Some(_) => {}
            }
        }
        for b in &new.durations {
            if !old.durations.iter().any(|a| a.name.spec == b.name.spec) {
                self.push(Found {
                    section: Section::Durations,
                    kind: Kind::Added,
                    item: format!("duration `{}`", b.name.spec),
                    detail: String::new(),
                    impact: Impact::Breaking,
                    why: format!(
                        "the `Durations` trait gains a required method `{}`",
                        b.name.spec
                    ),
                    old: None,
                    new: Some(b.name.span),
                });
            }
        }
    }

    pub(super) fn expiry(model: &Model, expiry: &Expiry) -> String {
        match expiry {
            Expiry::Transition(s) => format!("moves to `{}`", model.state(*s).name.spec),
            Expiry::End(_) => "ends the lifecycle".into(),
            Expiry::Notify(_) => "notifies".into(),
        }
    }

    pub(super) fn old_expiry(&self, expiry: &Expiry) -> String {
        match expiry {
            Expiry::Transition(s) => {
                format!("moves to `{}`", self.names.state(self.old, self.new, *s))
            }
            other => Self::expiry(self.old, other),
        }
    }
}
