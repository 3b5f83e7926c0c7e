//! Rules S20 and S21: after the step of an input, the machine takes its automatic
//! transitions until none is enabled. An eventless transition (`always: true`) is taken as
//! soon as its guards hold; the completion of a compound state (`done: true`) once a step has
//! entered a final state directly inside it (a parallel state's once each of its regions has,
//! rule S28). This is SCXML's macrostep: eventless transitions first (together, one per
//! region), then the completions in the order they happened, each on its own, with the
//! eventless transitions tried again after every step.

use std::collections::VecDeque;

use crate::model::{Model, StateId, Target, TransitionId, Trigger};

use super::{Config, Guards, Refusal, Step, first_passing, select, take_all, tried, triggered};

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
    // With parallel states one step can complete several states at once (rule S28), so the
    // longest chain of moves from one atomic state does not bound the steps.
    let chain = if model.has_parallel() {
        None
    } else {
        longest_chain(model)
    };
    chain.unwrap_or(2 * automatic + 1)
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

/// Rules S20 and S28: the states a step completes, in the order they complete: the parent
/// of each final state it entered, in entry order, each followed by the parallel state around
/// that parent when every region of it is then in a final state.
pub fn completed(model: &Model, step: &Step) -> Vec<StateId> {
    completed_entering(model, &step.atoms, &step.entries)
}

/// Rules S20 and S28: the states a step that ends in `atoms`, having entered `entries`,
/// completes ([`completed`]).
fn completed_entering(model: &Model, atoms: &[StateId], entries: &[StateId]) -> Vec<StateId> {
    let is_final = |s: StateId| model.state(s).is_final;
    // The final states the machine is in, as the step enters them one by one.
    let mut finals: Vec<StateId> = atoms
        .iter()
        .copied()
        .filter(|&a| is_final(a) && !entries.contains(&a))
        .collect();
    let mut done = Vec::new();
    for &entered in entries.iter().filter(|&&s| is_final(s)) {
        finals.push(entered);
        let Some(compound) = model.parent(entered) else {
            continue;
        };
        done.push(compound);
        if let Some(parallel) = model.parent(compound).filter(|&p| model.is_parallel(p)) {
            let all_final = model
                .children(Some(parallel))
                .iter()
                .all(|&region| finals.iter().any(|&f| model.parent(f) == Some(region)));
            if all_final {
                done.push(parallel);
            }
        }
    }
    done
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
    automatic_in(model, vec![at], completed_entering(model, &[at], entries))
}

/// Rules S20, S21 and S28: [`automatic_after`] for a step that ends in the configuration
/// `atoms` and completes `completed`: the eventless transitions of each atomic state (and of
/// the states around it), then the `done` transitions of the completed states.
fn automatic_in(
    model: &Model,
    atoms: Vec<StateId>,
    completed: Vec<StateId>,
) -> impl Iterator<Item = TransitionId> + use<'_> {
    let completions = completed
        .into_iter()
        .flat_map(|compound| model.transitions_from(compound))
        .filter(|(_, t)| t.trigger == Trigger::Done)
        .map(|(id, _)| id);
    atoms
        .into_iter()
        .flat_map(|atom| triggered(model, atom, Trigger::Always))
        .chain(completions)
}

/// Rules S20, S21 and S28: the automatic steps that follow `first`, which led to `config`,
/// and the configuration the machine settles in. Each round selects the eventless
/// transitions enabled in the configuration as an event's are (rules S25 and S26: at most
/// one per region) and takes them together; when none is enabled, the oldest pending
/// completion whose state the machine is still in fires the first of its `done` transitions
/// whose guards hold (a completion whose state was left, or whose transitions' guards fail,
/// is dropped). It stops when neither is left, or at an `end` expiry. A round that would
/// exceed [`settle_bound`] refuses the input.
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
    let mut pending: VecDeque<StateId> = completed(model, first).into_iter().collect();
    if automatic_in(
        model,
        config.atoms.clone(),
        pending.iter().copied().collect(),
    )
    .next()
    .is_none()
    {
        return Ok((config, Vec::new()));
    }
    let mut then = Vec::new();
    // Computed at the first automatic step: most inputs take none.
    let mut bound = None;
    while !config.ended {
        let mut ids = select::enabled(model, &config, Trigger::Always, guards).unwrap_or_default();
        if ids.is_empty() {
            ids.extend(completion(model, &config, &mut pending, guards));
        }
        if ids.is_empty() {
            break;
        }
        if then.len() == *bound.get_or_insert_with(|| settle_bound(model)) {
            return Err(Refusal::Unsettled);
        }
        let (next, step) = take_all(model, &config, &ids)?;
        pending.extend(completed(model, &step));
        then.push(step);
        config = next;
    }
    Ok((config, then))
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
        if !config.is_in(model, compound) {
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
