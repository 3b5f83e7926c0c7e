//! Rules S20 and S21: after the step of an input, the machine takes its automatic
//! transitions until none is enabled. An eventless transition (`always: true`) is taken as
//! soon as its guards hold; the completion of a compound state (`done: true`) once a step has
//! entered a final state directly inside it. This is SCXML's macrostep, without parallel
//! states: eventless transitions first, then the completions in the order they happened,
//! each on its own, with the eventless transitions tried again after every step.

use std::collections::VecDeque;

use crate::model::{Model, StateId, Target, TransitionId, Trigger};

use super::{Config, Guards, Refusal, Step, first_passing, take, tried, triggered};

/// Rule S21's bound: how many automatic steps one input may lead to; an input that would take
/// more is refused ([`Refusal::Unsettled`]).
///
/// Each automatic step moves the machine along a *move* from its atomic state: one of the
/// eventless transitions tried there (its own and those of the states around it, up to the
/// first unguarded one), or one of the completion transitions of a compound state around it
/// (up to the first unguarded one), to where the transition leads (anywhere inside the
/// compound state of a history state). When these moves, whatever the guards, can never come
/// back to a state (and no completion stays where it is, `internal: true`), the bound is the
/// longest chain of them: the machine always settles within it, and the generated `Step`
/// keeps room for that many steps. Otherwise it is twice the number of automatic transitions,
/// and one more: each eventless transition is taken at most once per input unless the machine
/// loops (the checks reject a loop of automatic transitions whose guards can all hold at
/// once), and each completion needs a final state entered by the input's step or by an
/// automatic one.
pub fn settle_bound(model: &Model) -> usize {
    let automatic = model
        .transitions
        .iter()
        .filter(|t| t.trigger.is_automatic())
        .count();
    if automatic == 0 {
        return 1;
    }
    longest_chain(model).unwrap_or(2 * automatic + 1)
}

/// The longest chain of automatic moves ([`settle_bound`]), at least one; `None` when the
/// moves can come back to a state, or a completion stays where it is.
fn longest_chain(model: &Model) -> Option<usize> {
    use petgraph::graph::{DiGraph, NodeIndex};
    let stays = model
        .transitions
        .iter()
        .any(|t| t.trigger == Trigger::Done && t.target == Target::Internal);
    if stays {
        return None;
    }
    let mut graph = DiGraph::<(), ()>::with_capacity(model.states.len(), 0);
    for _ in &model.states {
        graph.add_node(());
    }
    for atom in model.state_ids().filter(|&s| !model.is_compound(s)) {
        let eventless = triggered(model, atom, Trigger::Always);
        let completions = model.self_and_ancestors(atom).map(|around| {
            model
                .transitions_from(around)
                .filter(|(_, t)| t.trigger == Trigger::Done)
                .map(|(id, _)| id)
                .collect::<Vec<_>>()
        });
        let unguarded = |id: &TransitionId| model.transition(*id).guards.is_empty();
        let mut moves: Vec<TransitionId> = tried(eventless, unguarded).collect();
        for candidates in completions {
            moves.extend(tried(candidates, unguarded));
        }
        for id in moves {
            for to in landing(model, model.transition(id).target) {
                graph.add_edge(NodeIndex::new(atom.index()), NodeIndex::new(to.index()), ());
            }
        }
    }
    let order = petgraph::algo::toposort(&graph, None).ok()?;
    // The longest chain from each state, computed from the last in topological order.
    let mut longest = vec![0usize; model.states.len()];
    for node in order.iter().rev() {
        longest[node.index()] = graph
            .neighbors(*node)
            .map(|next| longest[next.index()] + 1)
            .max()
            .unwrap_or(0);
    }
    Some(longest.into_iter().max().unwrap_or(0).max(1))
}

/// The atomic states an automatic transition can lead to: where entering its target leads,
/// or any state inside the compound state of a history state (what it recorded is not known
/// here); none for one that stays. The bound and the check of loops (`eventless-loop`) follow
/// the same moves.
pub(crate) fn landing(model: &Model, target: Target) -> Vec<StateId> {
    match target {
        Target::State(to) => vec![model.descend(to)],
        Target::Recall(h) => model.atoms_within(model.history(h).state).collect(),
        Target::Internal | Target::History => Vec::new(),
    }
}

/// Rule S20: the compound state a step completes: the parent of the final state it entered,
/// if it entered one (a final state is atomic, so it is the step's `to`).
pub fn completed(model: &Model, step: &Step) -> Option<StateId> {
    completed_entering(model, step.to, &step.entries)
}

/// Rule S20: the compound state a step that ends in `to`, having entered `entries`,
/// completes ([`completed`]).
fn completed_entering(model: &Model, to: StateId, entries: &[StateId]) -> Option<StateId> {
    let entered_final = entries.last() == Some(&to) && model.state(to).is_final;
    entered_final.then(|| model.state(to).parent).flatten()
}

/// Rules S20 and S21: the automatic transitions that can start the automatic steps after a
/// step that ends in atomic state `at`, having entered `entries` (outermost first; none when
/// it entered nothing): the eventless transitions of `at` and of the states around it,
/// innermost first (S21), then the `done` transitions of the compound state the step
/// completes (S20). When there are none, the machine settles at once, whatever the guards:
/// [`settle`] takes no automatic step, and the generated `Machine::step` does not settle after
/// a step of which the code generator knew it.
pub fn automatic_after<'m>(
    model: &'m Model,
    at: StateId,
    entries: &[StateId],
) -> impl Iterator<Item = TransitionId> + use<'m> {
    let completions = completed_entering(model, at, entries)
        .into_iter()
        .flat_map(|compound| model.transitions_from(compound))
        .filter(|(_, t)| t.trigger == Trigger::Done)
        .map(|(id, _)| id);
    triggered(model, at, Trigger::Always).chain(completions)
}

/// Rules S20 and S21: the automatic steps that follow `first`, which led to `config`, and the
/// configuration the machine settles in. Each round tries the eventless transitions of the
/// current atomic state and of the states around it, innermost first (rule S2's order, S3's
/// guards); when none is taken, the oldest pending completion whose compound state the machine
/// is still in fires the first of its `done` transitions whose guards hold (a completion whose
/// state was left, or whose transitions' guards fail, is dropped). It stops when neither is
/// left, or at an `end` expiry. A round that would exceed [`settle_bound`] refuses the input.
///
/// # Errors
///
/// [`Refusal::Unsettled`] when the machine does not settle within the bound.
pub fn settle(
    model: &Model,
    mut config: Config,
    first: &Step,
    guards: &mut dyn Guards,
) -> Result<(Config, Vec<Step>), Refusal> {
    if automatic_after(model, first.to, &first.entries)
        .next()
        .is_none()
    {
        return Ok((config, Vec::new()));
    }
    let mut pending: VecDeque<StateId> = completed(model, first).into_iter().collect();
    let mut then = Vec::new();
    // Computed at the first automatic step: most inputs take none.
    let mut bound = None;
    while !config.ended {
        let Some(id) = eventless(model, &config, guards)
            .or_else(|| completion(model, &config, &mut pending, guards))
        else {
            break;
        };
        if then.len() == *bound.get_or_insert_with(|| settle_bound(model)) {
            return Err(Refusal::Unsettled);
        }
        let (next, step) = take(model, &config, id)?;
        pending.extend(completed(model, &step));
        then.push(step);
        config = next;
    }
    Ok((config, then))
}

/// Rule S21: the eventless transition taken in `config`, if one is enabled.
fn eventless(model: &Model, config: &Config, guards: &mut dyn Guards) -> Option<TransitionId> {
    let candidates = triggered(model, config.state, Trigger::Always);
    first_passing(model, candidates, guards).ok()
}

/// Rule S20: the completion transition the oldest pending completion fires; completions of
/// states the machine has left since, or with no transition whose guards hold, are dropped.
fn completion(
    model: &Model,
    config: &Config,
    pending: &mut VecDeque<StateId>,
    guards: &mut dyn Guards,
) -> Option<TransitionId> {
    while let Some(compound) = pending.pop_front() {
        if !model.is_within(config.state, compound) {
            continue;
        }
        let candidates = model
            .transitions_from(compound)
            .filter(|(_, t)| t.trigger == Trigger::Done)
            .map(|(id, _)| id);
        if let Ok(id) = first_passing(model, candidates, guards) {
            return Some(id);
        }
    }
    None
}
