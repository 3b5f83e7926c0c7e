//! Rules S16, S19, S23, S24 and S27: one microstep. The transitions that fire together (one,
//! or one per region of a parallel state) leave every active state inside their domains,
//! innermost first and in reverse document order; the history of each compound state left is
//! recorded; then the machine enters their targets, completed with the initial states of
//! every region entered without one, outermost first and in document order. This is SCXML's
//! `microstep`; without parallel states it leaves the one active state and the states around
//! it up to the domain, and enters the states from below the domain down to the target.

use super::config::{Config, active};
use super::history::{recall, record};
use super::tree::lcca;
use super::{HistoryEffect, Refusal, history_effect};
use crate::model::{Model, StateId, Target};

/// One move of a microstep: a transition, written on `source`, to `target` (a timeout's move
/// as the transition its `to:` would be).
#[derive(Clone, Copy, Debug)]
pub struct Move {
    /// The state the move is written on (an active state or one around it).
    pub source: StateId,
    /// Where it goes; [`Target::Internal`] leaves and enters nothing.
    pub target: Target,
}

/// What a microstep did.
#[derive(Clone, Debug)]
pub struct Moved {
    /// The configuration after it.
    pub config: Config,
    /// The states left, in reverse document order (innermost first).
    pub exits: Vec<StateId>,
    /// The states entered, in document order (outermost first).
    pub entries: Vec<StateId>,
}

/// What a move leaves: nothing (an internal move), or every active state inside its domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// An internal move: it leaves and enters nothing.
    Stays,
    /// The move's domain (`None`: the root).
    Domain(Option<StateId>),
}

impl Reach {
    /// Whether the move leaves every state inside `state` (its domain is around `state`, or
    /// the root); `false` for an internal move.
    pub fn leaves(self, model: &Model, state: StateId) -> bool {
        match self {
            Reach::Stays => false,
            Reach::Domain(domain) => domain.is_none_or(|d| model.is_within(state, d)),
        }
    }
}

/// Rules S16, S19 and S24: what a move written on `source` to `target` leaves, in any
/// configuration: nothing for an internal move, else the states inside its domain, the
/// innermost compound state strictly around its source and every state it targets. The
/// return to where the fault state was entered from may go to any state it is entered from,
/// so its domain holds them all; in a configuration it holds those it returns to
/// ([`microstep`]).
pub fn reach(model: &Model, source: StateId, target: Target) -> Reach {
    match target {
        Target::Internal => Reach::Stays,
        Target::State(to) => Reach::Domain(lcca(model, source, &[to])),
        Target::Recall(h) => Reach::Domain(super::history::recall_domain(
            model,
            source,
            model.history(h).state,
        )),
        Target::History => {
            let sources = model.fault.as_ref().map_or(&[][..], |f| &f.sources[..]);
            Reach::Domain(lcca(model, source, sources))
        }
    }
}

/// Rules S16, S19 and S24: the domain of a move from `config` ([`reach`]; a return to history
/// holds the states it returns to).
fn domain_of(model: &Model, config: &Config, m: Move) -> Result<Reach, Refusal> {
    match m.target {
        Target::History => {
            let to = config.history.as_ref().ok_or(Refusal::UnknownHistory)?;
            Ok(Reach::Domain(lcca(model, m.source, to)))
        }
        target => Ok(reach(model, m.source, target)),
    }
}

/// Whether `state` lies strictly inside `domain` (`None`: the root).
fn inside(model: &Model, state: StateId, domain: Option<StateId>) -> bool {
    domain.is_none_or(|d| state != d && model.is_within(state, d))
}

/// Rule S27: the microstep of `moves` (conflict-free, in the order selected) from `config`.
///
/// # Errors
///
/// [`Refusal::UnknownHistory`] for a return to where the fault state was entered from
/// when that is not known (rule S4).
pub fn microstep(model: &Model, config: &Config, moves: &[Move]) -> Result<Moved, Refusal> {
    let mut domains = Vec::with_capacity(moves.len());
    for &m in moves {
        if let Reach::Domain(domain) = domain_of(model, config, m)? {
            domains.push((m, domain));
        }
    }
    let before = active(model, &config.atoms);
    let left = |s: StateId| domains.iter().any(|&(_, d)| inside(model, s, d));
    let mut exits: Vec<StateId> = before.iter().copied().filter(|&s| left(s)).collect();
    exits.reverse();
    // Rule S19: every state left records its history before a history is read.
    let recorded = record(model, config, &exits);
    let mut targets = Vec::new();
    for &(m, _) in &domains {
        match m.target {
            Target::State(to) => targets.push(to),
            Target::Recall(h) => targets.extend(recall(model, &recorded, h)),
            Target::History => targets.extend(config.history.iter().flatten().copied()),
            Target::Internal => {}
        }
    }
    let kept: Vec<StateId> = config.atoms.iter().copied().filter(|&a| !left(a)).collect();
    let atoms = model.complete(&kept, None, &targets);
    let entries: Vec<StateId> = active(model, &atoms)
        .into_iter()
        .filter(|&s| left(s) || !before.contains(&s))
        .collect();
    let next = Config {
        history: fault_history(model, config, &atoms),
        atoms,
        ended: false,
        recorded,
    };
    Ok(Moved {
        config: next,
        exits,
        entries,
    })
}

/// Rule S5 ([`history_effect`]): what the fault state remembers after a move from `config`
/// to `atoms`.
fn fault_history(model: &Model, config: &Config, atoms: &[StateId]) -> Option<Vec<StateId>> {
    let fault = model.fault.as_ref().map(|f| f.state);
    let is_fault = |atoms: &[StateId]| matches!((fault, atoms), (Some(f), [a]) if *a == f);
    match history_effect(is_fault(&config.atoms), is_fault(atoms)) {
        HistoryEffect::Remember => Some(config.atoms.clone()),
        HistoryEffect::Keep => config.history.clone(),
        HistoryEffect::Forget => None,
    }
}

/// The move transition `id` makes.
pub fn move_of(model: &Model, id: crate::model::TransitionId) -> Move {
    let t = model.transition(id);
    Move {
        source: t.from,
        target: t.target,
    }
}

/// Rules S26 and S27: the states transition `id` would leave from `config`: every active
/// state inside its domain; none for a transition without a target.
pub fn exit_set(model: &Model, config: &Config, id: crate::model::TransitionId) -> Vec<StateId> {
    match domain_of(model, config, move_of(model, id)) {
        Ok(Reach::Domain(domain)) => active(model, &config.atoms)
            .into_iter()
            .filter(|&s| inside(model, s, domain))
            .collect(),
        Ok(Reach::Stays) | Err(_) => Vec::new(),
    }
}

/// Rule S6 with S27: the state whose inside a transition fired from `config` concerns (its
/// *scope*, with the states around it): its domain, or its source for a transition without a
/// target; `None` for the root (everything).
pub fn scope_root(
    model: &Model,
    config: &Config,
    id: crate::model::TransitionId,
) -> Option<StateId> {
    let m = move_of(model, id);
    match domain_of(model, config, m) {
        Ok(Reach::Domain(domain)) => domain,
        Ok(Reach::Stays) => Some(m.source),
        Err(_) => None,
    }
}
