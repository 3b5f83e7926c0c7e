//! Which timer wins, when several run in one state: what follows from rules S6, S7, S10 and
//! S14 for every run of a lifecycle, whatever the time between its inputs. A timer that some
//! other timer always beats to leaving the state never expires there: the checks report it
//! (`dead-timeout`), the test paths never offer its expiry there.
//!
//! Timer `k` always expires before timer `d` in state `s` when both run there and
//! - `k` leaves `s` when it expires (`to:` or `end:`, not `notify:`) and has no guard that
//!   could stop it (rule S7);
//! - `k` is shorter than `d`, or as long and first in [`TimerId`] order (rule S10); named
//!   durations compare only as `shorter_than:` orders them;
//! - `k`'s clock never starts later than `d`'s: both are timeouts of `s` (they start when `s`
//!   is entered), or `k` spans a set holding `s` (it started when the set was entered, no
//!   later than `s`), or both span sets and `d`'s lies within `k`'s;
//! - every step taken where `d` runs that restarts `k` restarts `d` too.

use std::cmp::Ordering;

use crate::model::{Expiry, Model, Scope, StateId, Target, TimerId};

/// The first timer (in [`TimerId`] order) that always expires before `timer` in `state`, and
/// leaves it: `timer` then never expires there. `None` when `timer` can expire in `state`.
pub fn beaten_by(model: &Model, state: StateId, timer: TimerId) -> Option<TimerId> {
    // Alone in its state, a timer has nothing to lose to.
    model.timers_in(state).nth(1)?;
    model
        .timers_in(state)
        .map(|(id, _)| id)
        .find(|&k| k != timer && always_first(model, k, timer))
}

/// Whether `k` and `d` always fall due at the same instant: as long as each other, started
/// together and restarted together. Rule S10 then expires them in [`TimerId`] order.
pub fn simultaneous(model: &Model, k: TimerId, d: TimerId) -> bool {
    let (a, b) = (&model.timer(k).timeout, &model.timer(d).timeout);
    model.compare_durations(&a.after, &b.after) == Some(Ordering::Equal)
        && starts_no_later(model, k, d)
        && starts_no_later(model, d, k)
        && restarts_with(model, k, d)
        && restarts_with(model, d, k)
}

/// Whether `k` always expires before `d` and leaves the state (see the module's rules); both
/// run in a common state.
fn always_first(model: &Model, k: TimerId, d: TimerId) -> bool {
    let (first, then) = (&model.timer(k).timeout, &model.timer(d).timeout);
    let leaves = !matches!(first.expiry, Expiry::Notify(_)) && first.guards.is_empty();
    let sooner = match model.compare_durations(&first.after, &then.after) {
        Some(Ordering::Less) => true,
        Some(Ordering::Equal) => k < d,
        Some(Ordering::Greater) | None => false,
    };
    leaves && sooner && starts_no_later(model, k, d) && restarts_with(model, k, d)
}

/// Whether `k`'s clock never starts later than `d`'s, wherever both run.
fn starts_no_later(model: &Model, k: TimerId, d: TimerId) -> bool {
    match (&model.timer(k).scope, &model.timer(d).scope) {
        // A compound state's clock starts when it is entered: no later than one inside it.
        (Scope::State { state: a, .. }, Scope::State { state: b, .. }) => model.is_within(*b, *a),
        (Scope::Set(_), Scope::State { .. }) => true,
        (Scope::State { .. }, Scope::Set(_)) => false,
        (Scope::Set(outer), Scope::Set(inner)) => inner.iter().all(|s| outer.contains(s)),
    }
}

/// Whether every step that can be taken while `d` runs, and restarts `k`, restarts `d` too.
fn restarts_with(model: &Model, k: TimerId, d: TimerId) -> bool {
    let froms = model
        .timer(d)
        .states()
        .iter()
        .flat_map(|&s| model.atoms_within(s));
    froms.collect::<Vec<_>>().into_iter().all(|from| {
        let mut fired = model
            .self_and_ancestors(from)
            .flat_map(|s| model.transitions_from(s));
        fired.all(|(_, t)| {
            let (to, entries) = match t.target {
                Target::State(written) => (
                    model.descend(written),
                    super::moves(model, from, t.from, written).1,
                ),
                Target::Internal => (from, Vec::new()),
                // A return to history only leaves the fault state: it starts clocks anew.
                Target::History => return true,
                // Where a history state leads is known only at run time: the step may
                // restart one timer and not the other.
                Target::Recall(_) => return false,
            };
            let restarted = super::restarts_entering(model, from, to, &entries, Some(t));
            !restarted.contains(&k)
                || restarted.contains(&d)
                || !model.timers_in(to).any(|(id, _)| id == d)
        })
    })
}
