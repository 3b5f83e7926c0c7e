//! Timeouts of the states in both versions, matched within their state by what they do (the
//! same duration and expiry, then the same expiry, then the same duration, then in order),
//! the timers that span several states and the named durations, matched by name.

use machine_core::model::{Expiry, Model, NamedDuration, Timeout, TimerId};
use machine_core::words;

use super::{Cx, Found, doc_change};
use crate::{Impact, Kind, Section};

/// What a timeout does, as NEW names it: its duration as written, and its expiry.
type Sketch = (String, String);

impl Cx<'_> {
    /// Timeouts of the states in both versions, matched within each state.
    pub(super) fn timeouts(&mut self) {
        for (o, state) in self.old.states.iter().enumerate() {
            let Some(n) = self.names.states.new_index(o) else {
                continue;
            };
            let new_state = &self.new.states[n];
            let name = &new_state.name.spec;
            let olds: Vec<(TimerId, &Timeout)> = state
                .timeouts
                .iter()
                .map(|&id| (id, &self.old.timer(id).timeout))
                .collect();
            let news: Vec<(TimerId, &Timeout)> = new_state
                .timeouts
                .iter()
                .map(|&id| (id, &self.new.timer(id).timeout))
                .collect();
            let old_key = |t: &Timeout| (t.after.text.clone(), self.old_expiry(&t.expiry));
            let new_key = |t: &Timeout| (t.after.text.clone(), Self::expiry(self.new, &t.expiry));
            let passes: [fn(&Sketch, &Sketch) -> bool; 4] = [
                |a, b| a == b,
                |a, b| a.1 == b.1,
                |a, b| a.0 == b.0,
                |_, _| true,
            ];
            let mut pairs: Vec<(usize, usize)> = Vec::new();
            let (mut old_done, mut new_done) = (vec![false; olds.len()], vec![false; news.len()]);
            for same in passes {
                for (i, (_, a)) in olds.iter().enumerate() {
                    if old_done[i] {
                        continue;
                    }
                    let key = old_key(a);
                    if let Some(j) =
                        (0..news.len()).find(|&j| !new_done[j] && same(&key, &new_key(news[j].1)))
                    {
                        old_done[i] = true;
                        new_done[j] = true;
                        pairs.push((i, j));
                    }
                }
            }
            pairs.sort_unstable();
            for (i, j) in pairs {
                self.timeout(name, olds[i].1, news[j].1);
                self.timer_name(name, olds[i].0, news[j].0);
            }
            for &(id, a) in olds
                .iter()
                .enumerate()
                .filter(|(i, _)| !old_done[*i])
                .map(|(_, x)| x)
            {
                self.push(Found {
                    section: Section::Timeouts,
                    kind: Kind::Removed,
                    item: format!("`{name}` after {}", a.after.text),
                    detail: String::new(),
                    impact: Impact::Breaking,
                    why: format!(
                        "`Timer::{}` is gone, and nothing happens after {} any more",
                        self.old.timer(id).name.rust,
                        a.after.text
                    ),
                    suggestion: String::new(),
                    old: Some(a.span),
                    new: None,
                });
            }
            for &(id, b) in news
                .iter()
                .enumerate()
                .filter(|(j, _)| !new_done[*j])
                .map(|(_, x)| x)
            {
                self.push(Found {
                    section: Section::Timeouts,
                    kind: Kind::Added,
                    item: format!("`{name}` after {}", b.after.text),
                    detail: Self::expiry(self.new, &b.expiry),
                    impact: Impact::Compatible,
                    why: format!(
                        "`{name}` now expires after {}: a new `Timer::{}`, which exhaustive \
                         `match`es need an arm for, and a timer a service schedules",
                        b.after.text,
                        self.new.timer(id).name.rust
                    ),
                    suggestion: String::new(),
                    old: None,
                    new: Some(b.span),
                });
            }
        }
    }

    /// A state's timeout whose timer has another name in NEW: its `Timer` variant is gone
    /// (a state's only timeout is named after it, several are numbered).
    fn timer_name(&mut self, state: &str, old: TimerId, new: TimerId) {
        let (a, b) = (self.old.timer(old), self.new.timer(new));
        if a.name.rust == b.name.rust {
            return;
        }
        self.push(Found {
            section: Section::Timeouts,
            kind: Kind::Changed,
            item: format!("`{state}` after {}", b.timeout.after.text),
            detail: format!(
                "its timer is `Timer::{}`, was `Timer::{}`",
                b.name.rust, a.name.rust
            ),
            impact: Impact::Breaking,
            why: format!(
                "code that names `Timer::{}` no longer compiles, and `machine run` scripts that \
                 write `expire({})` name another timer",
                a.name.rust, a.name.spec
            ),
            suggestion: String::new(),
            old: Some(a.timeout.span),
            new: Some(b.timeout.span),
        });
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
                    suggestion: String::new(),
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
                suggestion: String::new(),
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
                suggestion: String::new(),
                old: spans.0,
                new: spans.1,
            });
        }
        let text = |e: &Expiry| match e {
            Expiry::End(t) | Expiry::Notify(t) => Some(t.clone()),
            Expiry::Transition(_) | Expiry::Recall(_) => None,
        };
        if was == is && text(&a.expiry) != text(&b.expiry) {
            self.push(Found {
                section: Section::Timeouts,
                kind: Kind::Changed,
                item: item.clone(),
                detail: "the text of its expiry".into(),
                impact: Impact::Compatible,
                why: "the generated `Expiry` carries the new text, as do the docs and diagrams; \
                      what happens at expiry is the same"
                    .into(),
                suggestion: String::new(),
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
                suggestion: String::new(),
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
                why: format!("`{added}` restarts its clock, so it expires later than before"),
                suggestion: String::new(),
                old: spans.0,
                new: spans.1,
            });
        }
        self.timeout_guards(&item, a, b);
        self.action_list(
            Section::Timeouts,
            &item,
            "action",
            (&a.actions, &b.actions),
            &format!("{item} expires"),
            (a.span, b.span),
        );
        if a.doc != b.doc {
            self.push(doc_change(Section::Timeouts, item, a.span, b.span));
        }
    }

    /// The guards an expiry asks (rule S7): any change makes the expiry fire where it was
    /// refused, or be refused where it fired.
    fn timeout_guards(&mut self, item: &str, a: &Timeout, b: &Timeout) {
        let was: Vec<String> = a
            .guards
            .iter()
            .map(|&g| {
                words::guard_written(&self.names.guard(self.old, self.new, g.guard), g.negated)
            })
            .collect();
        let is: Vec<String> = b
            .guards
            .iter()
            .map(|&g| words::guard_test(self.new, g))
            .collect();
        if was == is {
            return;
        }
        let list = |names: &[String]| {
            if names.is_empty() {
                "none".to_owned()
            } else {
                names
                    .iter()
                    .map(|g| format!("`{g}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        self.push(Found {
            section: Section::Timeouts,
            kind: Kind::Changed,
            item: item.to_owned(),
            detail: format!("asks {} instead of {}", list(&is), list(&was)),
            impact: Impact::Breaking,
            why: "the expiry now fires where it was refused, or is refused where it fired \
                  (rule S7), and `Machine::expire` may take other guards"
                .into(),
            suggestion: String::new(),
            old: Some(a.span),
            new: Some(b.span),
        });
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
                    suggestion: String::new(),
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
                        "its clock keeps running in more states".into()
                    },
                    suggestion: String::new(),
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
                    why: format!("a new `Timer::{}`, which exhaustive `match`es need an arm for, and a timer a service schedules", b.name.rust),
                    suggestion: String::new(),
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
                    suggestion: String::new(),
                    old: Some(a.name.span),
                    new: None,
                }),
                Some(b) => {
                    self.duration_order(a, b);
                    if a.doc != b.doc {
                        self.push(doc_change(
                            Section::Durations,
                            format!("duration `{}`", b.name.spec),
                            a.name.span,
                            b.name.span,
                        ));
                    }
                }
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
                    suggestion: String::new(),
                    old: None,
                    new: Some(b.name.span),
                });
            }
        }
    }

    /// A named duration's `shorter_than:`: the order the checks, `machine paths` and `machine
    /// run` rely on, and the values `machine run` accepts.
    fn duration_order(&mut self, a: &NamedDuration, b: &NamedDuration) {
        let names = |model: &Model, d: &NamedDuration| -> Vec<String> {
            d.shorter_than
                .iter()
                .map(|&l| model.durations[l.index()].name.spec.clone())
                .collect()
        };
        let (was, is) = (names(self.old, a), names(self.new, b));
        let item = format!("duration `{}`", b.name.spec);
        for gone in was.iter().filter(|l| !is.contains(l)) {
            self.push(Found {
                section: Section::Durations,
                kind: Kind::Changed,
                item: item.clone(),
                detail: format!("no longer shorter than `{gone}`"),
                impact: Impact::Compatible,
                why: "more orders of the timers are possible: the checks and `machine paths` \
                      consider expiries they used to rule out"
                    .into(),
                suggestion: String::new(),
                old: Some(a.name.span),
                new: Some(b.name.span),
            });
        }
        for added in is.iter().filter(|l| !was.contains(l)) {
            self.push(Found {
                section: Section::Durations,
                kind: Kind::Changed,
                item: item.clone(),
                detail: format!("shorter than `{added}`"),
                impact: Impact::Breaking,
                why: format!(
                    "values where `{}` is not shorter than `{added}` are now refused, and \
                     expiries that relied on it are dead",
                    b.name.spec
                ),
                suggestion: String::new(),
                old: Some(a.name.span),
                new: Some(b.name.span),
            });
        }
    }

    pub(super) fn expiry(model: &Model, expiry: &Expiry) -> String {
        match expiry {
            Expiry::Transition(s) => format!("moves to `{}`", model.state(*s).name.spec),
            Expiry::Recall(h) => {
                Self::recall(model, *h, &model.state(model.history(*h).state).name.spec)
            }
            Expiry::End(_) => "ends the lifecycle".into(),
            Expiry::Notify(_) => "notifies".into(),
        }
    }

    pub(super) fn old_expiry(&self, expiry: &Expiry) -> String {
        match expiry {
            Expiry::Transition(s) => {
                format!("moves to `{}`", self.names.state(self.old, self.new, *s))
            }
            Expiry::Recall(h) => {
                let owner = self.old.history(*h).state;
                Self::recall(self.old, *h, &self.names.state(self.old, self.new, owner))
            }
            other => Self::expiry(self.old, other),
        }
    }

    /// A move to history state `h` of `model`, its compound state called `owner` (by its
    /// name in the new version, for an old one): `moves to `Resume` (the deep history of
    /// `Open`)`.
    fn recall(model: &Model, h: machine_core::model::HistoryId, owner: &str) -> String {
        let history = model.history(h);
        format!(
            "moves to `{}` (the {} history of `{owner}`)",
            history.name.spec,
            words::history_kind(history)
        )
    }
}
