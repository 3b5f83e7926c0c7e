//! Transitions: matched by source, trigger (an event, `always` or `done`: see `trigger`),
//! target and guards, as NEW names them; a transition whose guards changed is one change, not
//! a removal and an addition, and so is one whose trigger became or stopped being automatic.

use std::fmt::Write as _;

use machine_core::model::{GuardTest, Model, Origin, Target, Transition};
use machine_core::source::Span;
use machine_core::words;

use super::{Cx, Found, doc_change, trigger};
use crate::{Impact, Kind, Section};

impl Cx<'_> {
    /// Transitions (those of `transitions:` and of incidents; the fault state's are
    /// [`Cx::fault`]'s), matched by source, trigger, target and guards, as NEW names them.
    pub(super) fn transitions(&mut self) {
        let key =
            |m: &Model, t: &Transition, is_old: bool| -> (String, String, String, Vec<String>) {
                let (from, event, guards) = if is_old {
                    (
                        self.names.state(m, self.new, t.from),
                        trigger::key(t.trigger, |e| self.names.event(m, self.new, e)),
                        t.guards
                            .iter()
                            .map(|&g| written(g, &self.names.guard(m, self.new, g.guard)))
                            .collect(),
                    )
                } else {
                    (
                        m.state(t.from).name.spec.clone(),
                        trigger::key(t.trigger, |e| m.event(e).name.spec.clone()),
                        t.guards.iter().map(|&g| words::guard_test(m, g)).collect(),
                    )
                };
                let target = match t.target {
                    Target::State(s) if is_old => self.names.state(m, self.new, s),
                    Target::State(s) => m.state(s).name.spec.clone(),
                    Target::Internal => "(internal)".into(),
                    Target::History => "(history)".into(),
                    Target::Recall(h) => {
                        let h = m.history(h);
                        let state = if is_old {
                            self.names.state(m, self.new, h.state)
                        } else {
                            m.state(h.state).name.spec.clone()
                        };
                        let kind = words::history_kind(h);
                        format!("{} ({kind} history of {state})", h.name.spec)
                    }
                };
                (from, event, target, guards)
            };
        let spec = |t: &&Transition| matches!(t.origin, Origin::Spec | Origin::Incident(_));
        let olds: Vec<_> = self
            .old
            .transitions
            .iter()
            .filter(spec)
            .map(|t| (key(self.old, t, true), t))
            .collect();
        let news: Vec<_> = self
            .new
            .transitions
            .iter()
            .filter(spec)
            .map(|t| (key(self.new, t, false), t))
            .collect();
        let mut old_done = vec![false; olds.len()];
        let mut matched: Vec<(usize, usize)> = Vec::new();
        let mut new_done = vec![false; news.len()];
        // Passes from the closest match to none: the same transition, other guards, another
        // target, another trigger (one of the two eventless or a completion, whatever the
        // guards: a transition from one event to another is a removal and an addition).
        let passes: [fn(&Key, &Key) -> bool; 4] = [
            |a, b| a == b,
            |a, b| (&a.0, &a.1, &a.2) == (&b.0, &b.1, &b.2),
            |a, b| (&a.0, &a.1, &a.3) == (&b.0, &b.1, &b.3),
            |a, b| {
                (&a.0, &a.2) == (&b.0, &b.2)
                    && (trigger::is_automatic(&a.1) || trigger::is_automatic(&b.1))
            },
        ];
        for (pass, same) in passes.iter().enumerate() {
            for (o, (ok, ot)) in olds.iter().enumerate() {
                if old_done[o] {
                    continue;
                }
                let Some(n) = (0..news.len()).find(|&n| !new_done[n] && same(ok, &news[n].0))
                else {
                    continue;
                };
                old_done[o] = true;
                new_done[n] = true;
                matched.push((o, n));
                let (nk, nt) = &news[n];
                let found = match pass {
                    0 => (ot.doc != nt.doc)
                        .then(|| doc_change(Section::Transitions, arrow(nk), ot.span, nt.span)),
                    1 => Some(guards_change(ok, nk, ot.span, nt.span)),
                    2 => Some(Found {
                        section: Section::Transitions,
                        kind: Kind::Changed,
                        item: arrow(ok),
                        detail: format!("goes to `{}` instead of `{}`", nk.2, ok.2),
                        impact: Impact::Breaking,
                        why: trigger::retargeted(&nk.1, &nk.0),
                        suggestion: String::new(),
                        old: Some(ot.span),
                        new: Some(nt.span),
                    }),
                    _ => {
                        let (mut detail, why) = trigger::changed(&ok.1, &nk.1, &nk.0);
                        if ok.3 != nk.3 {
                            let listed = |guards: &[String]| {
                                if guards.is_empty() {
                                    "none".to_owned()
                                } else {
                                    format!("[{}]", guards.join(", "))
                                }
                            };
                            let _ = write!(
                                detail,
                                "; guards {} instead of {}",
                                listed(&nk.3),
                                listed(&ok.3)
                            );
                        }
                        Some(Found {
                            section: Section::Transitions,
                            kind: Kind::Changed,
                            item: arrow(ok),
                            detail,
                            impact: Impact::Breaking,
                            why,
                            suggestion: String::new(),
                            old: Some(ot.span),
                            new: Some(nt.span),
                        })
                    }
                };
                if let Some(found) = found {
                    self.push(found);
                }
                self.transition_actions(&arrow(nk), ot, nt);
                self.transition_restarts(&arrow(nk), ot, nt);
            }
        }
        self.order(&olds, &news, &mut matched);
        for (ok, ot) in olds
            .iter()
            .enumerate()
            .filter(|(o, _)| !old_done[*o])
            .map(|(_, x)| x)
        {
            self.push(Found {
                section: Section::Transitions,
                kind: Kind::Removed,
                item: arrow(ok),
                detail: String::new(),
                impact: Impact::Breaking,
                why: trigger::removed(&ok.1, &ok.0),
                suggestion: String::new(),
                old: Some(ot.span),
                new: None,
            });
        }
        for (n, (nk, nt)) in news.iter().enumerate().filter(|(n, _)| !new_done[*n]) {
            let same = |m: &usize| news[*m].0.0 == nk.0 && news[*m].0.1 == nk.1;
            let before = (n + 1..news.len())
                .filter(|m| new_done[*m] && same(m))
                .count();
            let (impact, why) = if let Some(why) = trigger::added(&nk.1, &nk.0) {
                (Impact::Breaking, why)
            } else if before > 0 {
                (
                    Impact::Breaking,
                    format!(
                        "it is tried before transitions `{}` in `{}` had: when its guards hold, \
                         it fires instead of them (rule S2)",
                        nk.1, nk.0
                    ),
                )
            } else if (0..n).any(|m| same(&m)) {
                (
                    Impact::Compatible,
                    format!(
                        "it is tried after the others: `{}` in `{}` is accepted where their \
                         guards fail and it was refused",
                        nk.1, nk.0
                    ),
                )
            } else {
                (
                    Impact::Compatible,
                    format!("`{}` in `{}` is accepted where it was refused", nk.1, nk.0),
                )
            };
            self.push(Found {
                section: Section::Transitions,
                kind: Kind::Added,
                item: arrow(nk),
                detail: String::new(),
                impact,
                why,
                suggestion: String::new(),
                old: None,
                new: Some(nt.span),
            });
        }
    }
}

impl Cx<'_> {
    /// Transitions in both versions on one state and event that are tried in another order
    /// (rule S2): when the guards of more than one hold, another one fires.
    fn order(
        &mut self,
        olds: &[(Key, &Transition)],
        news: &[(Key, &Transition)],
        matched: &mut [(usize, usize)],
    ) {
        // By state and event as NEW has them, then in NEW's order of trying.
        matched.sort_by(|a, b| {
            let (ka, kb) = (&news[a.1].0, &news[b.1].0);
            (&ka.0, &ka.1, a.1).cmp(&(&kb.0, &kb.1, b.1))
        });
        for group in matched.chunk_by(|a, b| {
            let (ka, kb) = (&news[a.1].0, &news[b.1].0);
            (&ka.0, &ka.1) == (&kb.0, &kb.1)
        }) {
            if group.windows(2).all(|pair| pair[0].0 < pair[1].0) {
                continue;
            }
            let mut was: Vec<(usize, usize)> = group.to_vec();
            was.sort_unstable();
            let listed = |list: &[(usize, usize)]| -> String {
                list.iter()
                    .map(|&(_, n)| arrow(&news[n].0))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let first = group[0];
            let key = &news[first.1].0;
            let what = trigger::in_state(&key.1, &key.0);
            self.push(Found {
                section: Section::Transitions,
                kind: Kind::Changed,
                item: what.clone(),
                detail: format!(
                    "tried in another order: {} instead of {}",
                    listed(group),
                    listed(&was)
                ),
                impact: Impact::Breaking,
                why: format!(
                    "the first transition whose guards hold fires (rule S2): when several hold, \
                     {what} now does something else"
                ),
                suggestion: String::new(),
                old: Some(olds[was[0].0].1.span),
                new: Some(news[first.1].1.span),
            });
        }
    }
}

/// A guard test as the spec writes it, with the guard's name as NEW spells it: `name` or
/// `!name`.
fn written(test: GuardTest, name: &str) -> String {
    words::guard_written(name, test.negated)
}

/// A transition's key: source, event, target and guards, as NEW names them.
type Key = (String, String, String, Vec<String>);

/// `Creating --MarkShipping [a, b]--> Shipping`.
fn arrow(key: &Key) -> String {
    let guards = if key.3.is_empty() {
        String::new()
    } else {
        format!(" [{}]", key.3.join(", "))
    };
    format!(
        "`{} --{}{guards}--> {}`",
        key.0,
        trigger::word(&key.1),
        key.2
    )
}

fn guards_change(old: &Key, new: &Key, old_span: Span, new_span: Span) -> Found {
    let added: Vec<&String> = new.3.iter().filter(|g| !old.3.contains(g)).collect();
    let removed: Vec<&String> = old.3.iter().filter(|g| !new.3.contains(g)).collect();
    let mut detail = Vec::new();
    if !added.is_empty() {
        detail.push(format!("guard {} added", names(&added)));
    }
    if !removed.is_empty() {
        detail.push(format!("guard {} removed", names(&removed)));
    }
    if added.is_empty() && removed.is_empty() {
        detail.push("guards asked in another order".into());
    }
    let automatic = if added.is_empty() && removed.is_empty() {
        None
    } else {
        trigger::guarded(&new.1, &new.0, &names(&added), &names(&removed))
    };
    let breaking = !added.is_empty() || automatic.is_some();
    let why = if let Some(why) = automatic {
        why
    } else if !added.is_empty() {
        format!(
            "`{}` is refused in `{}` unless {} holds",
            new.1,
            new.0,
            names(&added)
        )
    } else {
        format!("{} asks fewer guards", trigger::in_state(&new.1, &new.0))
    };
    Found {
        section: Section::Transitions,
        kind: Kind::Changed,
        item: arrow(old),
        detail: detail.join("; "),
        impact: if breaking {
            Impact::Breaking
        } else {
            Impact::Compatible
        },
        why,
        suggestion: String::new(),
        old: Some(old_span),
        new: Some(new_span),
    }
}

fn names(items: &[&String]) -> String {
    items
        .iter()
        .map(|g| format!("`{g}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
