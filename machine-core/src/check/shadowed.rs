//! Transitions that can never fire. For one state and event the candidates are tried in
//! order and the first whose guard tests all pass fires (rules S2, S3, S15), so a candidate
//! never fires when, whatever the guards answer, an earlier one fires whenever it would: an
//! earlier unguarded one (two unguarded ones conflict), an earlier one that asks a subset of
//! its tests (`a` and `!a` are different tests, which exclude each other), or earlier ones
//! that together take every answer its tests allow.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{GuardId, GuardTest, Model, Origin, Transition, TransitionId};
use crate::semantics::passes;
use crate::words;

use super::describe_target;

/// Above this many distinct guards among a transition and those tried before it, the
/// candidates are compared one by one only (a subset of tests), not for every answer.
const MAX_ANSWERED_GUARDS: usize = 12;

/// Why a transition can never fire: the transitions tried before it that fire first.
enum Why<'m> {
    /// An unguarded one, before this unguarded one.
    Conflict(&'m Transition),
    /// An unguarded one, before this guarded one.
    Unguarded(&'m Transition),
    /// One that asks a subset of this one's tests.
    Subset(&'m Transition),
    /// Several that together take every answer this one's tests allow.
    Cover(Vec<&'m Transition>),
}

impl Why<'_> {
    /// The transitions it names, by where they are written.
    fn spans(&self) -> Vec<crate::source::Span> {
        match self {
            Why::Conflict(t) | Why::Unguarded(t) | Why::Subset(t) => vec![t.span],
            Why::Cover(ts) => ts.iter().map(|t| t.span).collect(),
        }
    }
}

/// Every transition that can never fire, per state and event. A `from:` list (or `"*"`)
/// whose transitions never fire for the same reason in several states is one finding.
pub(super) fn conflicting_and_shadowed(model: &Model) -> Vec<Diagnostic> {
    let mut found: Vec<(Vec<String>, &Transition, Why<'_>)> = Vec::new();
    for state in model.state_ids() {
        let mut by_event: BTreeMap<_, Vec<TransitionId>> = BTreeMap::new();
        for (id, t) in model.transitions_from(state) {
            // The fault's exits are chosen by the resolution, not tried in turn.
            if t.origin != Origin::FaultExit {
                by_event.entry(t.trigger).or_default().push(id);
            }
        }
        for candidates in by_event.values() {
            for (index, &id) in candidates.iter().enumerate() {
                let Some(why) = never_fires(model, &candidates[..index], id) else {
                    continue;
                };
                let t = model.transition(id);
                let name = model.state(state).name.spec.clone();
                let same = found.iter_mut().find(|(_, other, other_why)| {
                    other.span == t.span
                        && std::mem::discriminant(other_why) == std::mem::discriminant(&why)
                        && other_why.spans() == why.spans()
                });
                match same {
                    Some((states, _, _)) => states.push(name),
                    None => found.push((vec![name], t, why)),
                }
            }
        }
    }
    found
        .into_iter()
        .map(|(states, t, why)| finding(model, &states, t, &why))
        .collect()
}

/// Why transition `id`, tried after `earlier`, can never fire; `None` when it can.
fn never_fires<'m>(
    model: &'m Model,
    earlier: &[TransitionId],
    id: TransitionId,
) -> Option<Why<'m>> {
    let t = model.transition(id);
    let tried: Vec<&Transition> = earlier.iter().map(|&e| model.transition(e)).collect();
    if let Some(first) = tried.iter().find(|e| e.guards.is_empty()) {
        return Some(if t.guards.is_empty() {
            Why::Conflict(first)
        } else {
            Why::Unguarded(first)
        });
    }
    if let Some(by) = tried.iter().find(|e| is_subset(&e.guards, &t.guards)) {
        return Some(Why::Subset(by));
    }
    covered(t, &tried).then_some(Why::Cover(tried))
}

/// Whether every test of `earlier` is one of `tests`.
fn is_subset(earlier: &[GuardTest], tests: &[GuardTest]) -> bool {
    earlier.iter().all(|e| tests.contains(e))
}

/// Whether, for every answer of the guards involved that lets `t`'s tests pass, one of
/// `earlier` passes too. `false` when too many guards are involved to try every answer.
fn covered(t: &Transition, earlier: &[&Transition]) -> bool {
    let mut guards: Vec<GuardId> = t
        .guards
        .iter()
        .chain(earlier.iter().flat_map(|e| &e.guards))
        .map(|g| g.guard)
        .collect();
    guards.sort_unstable();
    guards.dedup();
    if earlier.len() < 2 || guards.len() > MAX_ANSWERED_GUARDS {
        return false;
    }
    let all_pass = |tests: &[GuardTest], answers: u32| {
        tests.iter().all(|test| {
            let bit = guards.iter().position(|&g| g == test.guard).unwrap_or(0);
            passes(*test, answers >> bit & 1 == 1)
        })
    };
    (0..1u32 << guards.len())
        .filter(|&answers| all_pass(&t.guards, answers))
        .all(|answers| earlier.iter().any(|e| all_pass(&e.guards, answers)))
}

/// The finding for transition `t`, which never fires in `states` for the reason `why`.
fn finding(model: &Model, states: &[String], t: &Transition, why: &Why<'_>) -> Diagnostic {
    let from = match states {
        [one] => format!("state `{one}`"),
        [rest @ .., last] => format!(
            "states {} and `{last}`",
            rest.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        [] => "no state".to_owned(),
    };
    let event = words::trigger(model, t.trigger);
    let mut d = match why {
        Why::Conflict(first) => conflict(model, &from, event, t, first),
        Why::Unguarded(first) => after_unguarded(&from, event, t, first),
        Why::Subset(by) => after_subset(model, &from, event, t, by),
        Why::Cover(earlier) => after_cover(model, &from, event, t, earlier),
    };
    let star = t.any.is_some()
        || match why {
            Why::Conflict(e) | Why::Unguarded(e) | Why::Subset(e) => e.any.is_some(),
            Why::Cover(earlier) => earlier.iter().any(|e| e.any.is_some()),
        };
    if star && let Some(help) = &mut d.help {
        help.push_str(&except(states, event));
    }
    d
}

/// When one of the transitions is a `"*"` entry, the states can also be left out of it: the
/// end of the help that says so.
fn except(states: &[String], event: &str) -> String {
    let (named, listed) = (
        states
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", "),
        states.join(", "),
    );
    let own = if states.len() == 1 {
        "its own transition handles"
    } else {
        "their own transitions handle"
    };
    format!(
        "; or leave {named} out of the `\"*\"` entry with `except: [{listed}]`, so only {own} \
         `{event}` there"
    )
}

/// `` `a`, `!b` ``.
fn tests_text(model: &Model, tests: &[GuardTest]) -> String {
    tests
        .iter()
        .map(|&g| format!("`{}`", words::guard_test(model, g)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn conflict(
    model: &Model,
    from: &str,
    event: &str,
    t: &Transition,
    first: &Transition,
) -> Diagnostic {
    let has = if from.starts_with("states") {
        "have"
    } else {
        "has"
    };
    Diagnostic::new(
        Code::ConflictingTransitions,
        t.span,
        format!("{from} {has} two unguarded transitions on `{event}`"),
    )
    .with_label(describe_target(model, t.target))
    .with_secondary(
        first.span,
        format!(
            "{} is declared here, first",
            describe_target(model, first.target)
        ),
    )
    .with_help("add a `guard:` to the first one so the second is the fallback, or remove one")
}

fn after_unguarded(from: &str, event: &str, t: &Transition, first: &Transition) -> Diagnostic {
    Diagnostic::new(
        Code::ShadowedTransition,
        t.span,
        format!("this guarded transition on `{event}` from {from} can never fire"),
    )
    .with_label("tried only after an unguarded transition, which always fires")
    .with_secondary(first.span, "the unguarded transition is declared here")
    .with_help("move the guarded transition before the unguarded one")
}

fn after_subset(
    model: &Model,
    from: &str,
    event: &str,
    t: &Transition,
    by: &Transition,
) -> Diagnostic {
    let asked = tests_text(model, &by.guards);
    let same = by.guards.len() == t.guards.len();
    let label = if same {
        "it asks the same guards as a transition tried before it, which fires first".to_owned()
    } else {
        format!("whenever its guards pass, so does {asked}, asked by a transition tried before it")
    };
    // The test that would set it apart: the opposite of one the earlier transition asks.
    let opposite = by.guards.first().map(|&g| {
        words::guard_test(
            model,
            GuardTest {
                negated: !g.negated,
                ..g
            },
        )
    });
    let help = match opposite {
        Some(opposite) if same => format!(
            "to fire when the other does not, ask the opposite here (`guard: \"{opposite}\"`; quote a `!`), or remove one of them"
        ),
        _ => "move it before the transition that asks fewer guards, or remove it".to_owned(),
    };
    Diagnostic::new(
        Code::ShadowedTransition,
        t.span,
        format!("this transition on `{event}` from {from} can never fire"),
    )
    .with_label(label)
    .with_secondary(by.span, format!("tried first, asking {asked}"))
    .with_help(help)
}

fn after_cover(
    model: &Model,
    from: &str,
    event: &str,
    t: &Transition,
    earlier: &[&Transition],
) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::ShadowedTransition,
        t.span,
        format!("this transition on `{event}` from {from} can never fire"),
    )
    .with_label("whatever its guards answer, a transition tried before it fires first");
    for e in earlier {
        let asked = tests_text(model, &e.guards);
        d = d.with_secondary(e.span, format!("tried before, asking {asked}"));
    }
    d.with_help(if t.guards.is_empty() {
        "the transitions before it take every answer of their guards, so this fallback is never reached: remove it"
    } else {
        "the transitions before it take every answer its guards allow: remove it, or change their guards"
    })
}
