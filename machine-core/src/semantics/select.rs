//! Rules S25 and S26: which transitions an event (or, for rules S20 and S21, an automatic
//! round) fires, with parallel states active: one per region at most, without conflicts.
//! Without parallel states this is rule S3's one transition.

use super::micro::exit_set;
use super::{Config, Guards, Refusal, first_passing, triggered};
use crate::model::{Model, TransitionId, Trigger};

/// Rule S25: the transitions with `trigger` enabled in `config`. For each active atomic state
/// in document order, the first of its candidates and those of the states around it,
/// innermost first, whose guards pass (rules S2, S3 and S15); a transition reached from
/// several atomic states is kept once. Guards are asked as SCXML asks them: the walk from a
/// later atomic state may ask a guard again. When none is enabled the refusal is the first an
/// atomic state gives, in document order: a guard that failed, else
/// [`Refusal::NoTransition`].
///
/// # Errors
///
/// The refusal when no transition is enabled.
pub fn enabled(
    model: &Model,
    config: &Config,
    trigger: Trigger,
    guards: &mut dyn Guards,
) -> Result<Vec<TransitionId>, Refusal> {
    let mut found: Vec<TransitionId> = Vec::new();
    let mut refusal = Refusal::NoTransition;
    for &atom in &config.atoms {
        match first_passing(model, triggered(model, atom, trigger), guards) {
            Ok(id) => {
                if !found.contains(&id) {
                    found.push(id);
                }
            }
            Err(r) => {
                if refusal == Refusal::NoTransition {
                    refusal = r;
                }
            }
        }
    }
    if found.is_empty() {
        Err(refusal)
    } else {
        Ok(without_conflicts(model, config, found))
    }
}

/// Rule S26 (SCXML's `removeConflictingTransitions`): of `enabled`, in the order selected,
/// the transitions that fire together. Two conflict when the states they leave overlap (a
/// transition without a target leaves nothing, so never conflicts). The later one is dropped,
/// unless its source lies inside the earlier one's: then the earlier one is (the innermost
/// wins, as in rule S2).
pub fn without_conflicts(
    model: &Model,
    config: &Config,
    enabled: Vec<TransitionId>,
) -> Vec<TransitionId> {
    if enabled.len() < 2 {
        return enabled;
    }
    let mut kept: Vec<(TransitionId, Vec<crate::model::StateId>)> = Vec::new();
    for t1 in enabled {
        let exits1 = exit_set(model, config, t1);
        let source1 = model.transition(t1).from;
        let mut dropped = Vec::new();
        let mut preempted = false;
        for (i, (t2, exits2)) in kept.iter().enumerate() {
            if !exits1.iter().any(|s| exits2.contains(s)) {
                continue;
            }
            let source2 = model.transition(*t2).from;
            if source1 != source2 && model.is_within(source1, source2) {
                dropped.push(i);
            } else {
                preempted = true;
                break;
            }
        }
        if !preempted {
            for i in dropped.into_iter().rev() {
                kept.remove(i);
            }
            kept.push((t1, exits1));
        }
    }
    kept.into_iter().map(|(id, _)| id).collect()
}
