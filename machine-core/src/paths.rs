//! Test paths: from the model, the shortest input sequences that reach every state, and
//! sequences that together fire every transition and expire every timeout (`machine paths`,
//! the generated `TEST_PATHS`).
//!
//! Paths are found by a breadth-first search over the interpreter's configurations
//! ([`semantics::Config`]: state, history, end), one search per start. Every step of the search
//! *is* a [`semantics::step`]: the inputs are events with the guard values that make one chosen
//! candidate fire (rule S3), timeout expiries ([`Input::Expire`]; when they happen is the
//! caller's, rule S10), and resolutions of the fault state ([`Input::ResumeTo`]). A path is
//! therefore a sequence the interpreter accepts, step by step, with the state it reaches.

use std::collections::{HashMap, VecDeque};

use crate::model::{GuardId, Model, StateId, TransitionId};
use crate::semantics::{self, Cause, Config, Input};

/// One input of a path and what it must do.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PathStep {
    /// The input.
    pub input: Input,
    /// For an event: the value of every guard it asks, in the order asked.
    pub guards: Vec<(GuardId, bool)>,
    /// What made the step (the transition that fires, or the timeout that expires).
    pub cause: Cause,
    /// What made the automatic steps the input led to (rules S20 and S21), in order.
    pub then: Vec<Cause>,
    /// The atomic states the input passed through before its automatic steps moved on: the
    /// configuration after each step but the last (with parallel states, every region's).
    pub passed: Vec<StateId>,
    /// The configuration after the step.
    pub after: Config,
}

/// A path: a start and the inputs that follow it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    /// The index of the start in [`Model::starts`].
    pub start: usize,
    /// The inputs, each accepted.
    pub steps: Vec<PathStep>,
}

impl Path {
    /// The state the path ends in.
    pub fn end(&self, model: &Model) -> StateId {
        self.steps
            .last()
            .map_or(model.starts[self.start].state, |s| s.after.state(model))
    }
}

impl Path {
    /// Whether the path ends in `state` (or in a state inside it).
    pub fn ends_in(&self, model: &Model, state: StateId) -> bool {
        match self.steps.last() {
            Some(step) => step.after.is_in(model, state),
            None => Config::start(model, &model.starts[self.start]).is_in(model, state),
        }
    }
}

/// What a path covers: a transition, the expiry of a timer, or a return by a history state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// The transition fires.
    Transition(crate::model::TransitionId),
    /// The timer expires (a timer that spans a set of states: in any state of the set).
    Timer(crate::model::TimerId),
    /// A transition or a timeout to the history state goes back where the machine was (rule
    /// S19), rather than to its default: its compound state was left before.
    Recalled(crate::model::HistoryId),
}

/// The paths of a model, and what they leave out.
#[derive(Clone, Debug, Default)]
pub struct Paths {
    /// For each state (by index), the shortest path that reaches it, if any.
    pub to_state: Vec<Option<Path>>,
    /// Paths that together cover every coverable [`Item`]; none is a prefix of another.
    pub cover: Vec<Path>,
    /// Every item, in model order: transitions, then timers, then history states.
    pub items: Vec<Item>,
    /// Items no input sequence from a start covers.
    pub uncovered: Vec<Item>,
}

/// Every item of a model: its transitions in order, then its timers in [`TimerId`] order,
/// then its history states in order.
///
/// [`TimerId`]: crate::model::TimerId
pub fn items(model: &Model) -> Vec<Item> {
    model
        .transitions_with_ids()
        .map(|(id, _)| Item::Transition(id))
        .chain(model.timers_with_ids().map(|(id, _)| Item::Timer(id)))
        .chain(model.histories_with_ids().map(|(id, _)| Item::Recalled(id)))
        .collect()
}

/// The items a step covers: what made it, and, for a transition to a history state whose
/// compound state was left before (it remembers one after the step: rule S19), the return.
pub fn items_of(model: &Model, cause: Cause, after: &Config) -> impl Iterator<Item = Item> {
    let (made, goes_to) = match cause {
        Cause::Transition(id) => (Item::Transition(id), Some(model.transition(id).target)),
        Cause::Timeout(timer) => (
            Item::Timer(timer),
            model.timer(timer).timeout.expiry.target(),
        ),
    };
    let recalled = match goes_to {
        Some(crate::model::Target::Recall(h)) => {
            let state = model.history(h).state;
            after
                .recorded
                .iter()
                .any(|&(s, _)| s == state)
                .then_some(Item::Recalled(h))
        }
        _ => None,
    };
    std::iter::once(made).chain(recalled)
}

/// The items an input covers: those of its step ([`items_of`]) and of each automatic step it
/// led to.
pub fn covered<'a>(model: &'a Model, step: &'a PathStep) -> impl Iterator<Item = Item> + 'a {
    std::iter::once(step.cause)
        .chain(step.then.iter().copied())
        .flat_map(move |cause| items_of(model, cause, &step.after))
}

/// Guard values under which `candidates[index]` fires (rules S3 and S15): its tests pass, and
/// each earlier candidate has a test that fails. Which test of an earlier candidate fails is
/// searched depth first, the first test first, within a small budget; `None` when no values
/// (or none found within the budget) let the candidate fire.
fn answers(
    model: &Model,
    candidates: &[TransitionId],
    index: usize,
) -> Option<Vec<(GuardId, bool)>> {
    let mut values: Vec<(GuardId, bool)> = model
        .transition(candidates[index])
        .guards
        .iter()
        .map(|t| (t.guard, !t.negated))
        .collect();
    let mut budget = 10_000usize;
    fail_each(model, &candidates[..index], &mut values, &mut budget).then_some(values)
}

/// The value `values` gives `guard`, if it gives one.
fn value(values: &[(GuardId, bool)], guard: GuardId) -> Option<bool> {
    values.iter().find(|(g, _)| *g == guard).map(|&(_, h)| h)
}

/// Extends `values` so that every transition of `earlier` has a guard test that fails.
fn fail_each(
    model: &Model,
    earlier: &[TransitionId],
    values: &mut Vec<(GuardId, bool)>,
    budget: &mut usize,
) -> bool {
    let Some((&first, rest)) = earlier.split_first() else {
        return true;
    };
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let tests = &model.transition(first).guards;
    if tests
        .iter()
        .any(|&t| value(values, t.guard).is_some_and(|h| !semantics::passes(t, h)))
    {
        return fail_each(model, rest, values, budget);
    }
    for &test in tests {
        if value(values, test.guard).is_some() {
            continue;
        }
        // The answer that makes the test fail: a plain guard does not hold, a negated one does.
        values.push((test.guard, test.negated));
        if fail_each(model, rest, values, budget) {
            return true;
        }
        values.pop();
    }
    false
}

/// The inputs to try in `config`, each with the guard values that make it take one
/// particular candidate, in a stable order: events (each candidate in try order), expiries,
/// resolutions.
pub fn inputs(model: &Model, config: &Config) -> Vec<(Input, Vec<(GuardId, bool)>)> {
    let mut inputs = Vec::new();
    // With parallel states, each region's candidates (rule S25).
    for &atom in &config.atoms {
        for event in model.accepted_events(atom) {
            let candidates: Vec<_> = semantics::candidates(model, atom, event).collect();
            for index in 0..candidates.len() {
                if let Some(values) = answers(model, &candidates, index)
                    && !inputs.contains(&(Input::Event(event), values.clone()))
                {
                    inputs.push((Input::Event(event), values));
                }
            }
        }
    }
    // A timer another always beats to leaving the state never expires there; a guarded
    // timer expires with its guard tests passing (rule S15).
    inputs.extend(
        model
            .timers_in_all(&config.atoms)
            .into_iter()
            .filter(|&(timer, _)| {
                config.atoms.iter().any(|&atom| {
                    model.timers_in(atom).any(|(id, _)| id == timer)
                        && semantics::race::beaten_by(model, atom, timer).is_none()
                })
            })
            .map(|(timer, t)| {
                let values = t
                    .timeout
                    .guards
                    .iter()
                    .map(|g| (g.guard, !g.negated))
                    .collect();
                (Input::Expire(timer), values)
            }),
    );
    if let Some(fault) = &model.fault
        && config.atoms == [fault.state]
    {
        inputs.extend(
            fault
                .resume_to
                .iter()
                .map(|&s| (Input::ResumeTo(s), Vec::new())),
        );
    }
    with_automatic(model, inputs)
}

/// Rules S20 and S21: the guards of automatic transitions are asked after the input's step,
/// with the same answers. Each input is also tried with the tests of each guarded automatic
/// transition passing, and with the first test of every one of them failing (so that the
/// machine can rest where an automatic transition would leave), when they agree with its own
/// values: paths take the automatic transitions, and reach what lies past them.
fn with_automatic(
    model: &Model,
    inputs: Vec<(Input, Vec<(GuardId, bool)>)>,
) -> Vec<(Input, Vec<(GuardId, bool)>)> {
    let guarded: Vec<&[crate::model::GuardTest]> = model
        .transitions
        .iter()
        .filter(|t| t.trigger.is_automatic() && !t.guards.is_empty())
        .map(|t| t.guards.as_slice())
        .collect();
    if guarded.is_empty() {
        return inputs;
    }
    // The answers each transition's tests need to pass; the first test of each failing.
    let passing = |tests: &[crate::model::GuardTest]| -> Vec<(GuardId, bool)> {
        tests.iter().map(|t| (t.guard, !t.negated)).collect()
    };
    let failing: Vec<(GuardId, bool)> = guarded
        .iter()
        .map(|tests| (tests[0].guard, tests[0].negated))
        .collect();
    let mut all = Vec::with_capacity(inputs.len() * (guarded.len() + 2));
    for (input, values) in inputs {
        let variants = guarded
            .iter()
            .map(|tests| passing(tests))
            .chain(std::iter::once(failing.clone()));
        for wanted in variants {
            let mut more = values.clone();
            let agrees = wanted.iter().all(|&(guard, holds)| {
                if let Some(given) = value(&more, guard) {
                    given == holds
                } else {
                    more.push((guard, holds));
                    true
                }
            });
            if agrees && more != values && !all.contains(&(input, more.clone())) {
                all.push((input, more));
            }
        }
        all.push((input, values));
    }
    all
}

/// Applies one input through the interpreter, answering guards from `values` (others do not
/// hold); the step, with the guards as asked.
pub fn apply(
    model: &Model,
    config: &Config,
    input: Input,
    values: &[(GuardId, bool)],
) -> Option<PathStep> {
    let mut asked = Vec::new();
    let mut answer = |guard: GuardId| {
        let holds = values
            .iter()
            .find(|(g, _)| *g == guard)
            .is_some_and(|&(_, h)| h);
        asked.push((guard, holds));
        holds
    };
    let (after, step) = semantics::step(model, config.clone(), input, &mut answer).ok()?;
    Some(PathStep {
        input,
        guards: asked,
        cause: step.cause,
        then: step.then.iter().map(|s| s.cause).collect(),
        passed: std::iter::once(&step)
            .chain(&step.then)
            .take(step.then.len())
            .flat_map(|s| s.atoms.iter().copied())
            .collect(),
        after,
    })
}

/// The search from one start: for every configuration reached, the step that first reached
/// it and the configuration before.
struct Search {
    start: usize,
    order: Vec<Config>,
    parent: HashMap<Config, Option<(Config, PathStep)>>,
}

impl Search {
    /// The search from start number `start`; `None` once it has found more than `max`
    /// configurations (parallel regions multiply them, rule S22).
    fn run(model: &Model, start: usize, max: usize) -> Option<Search> {
        let first = Config::start(model, &model.starts[start]);
        let mut search = Search {
            start,
            order: vec![first.clone()],
            parent: HashMap::from([(first.clone(), None)]),
        };
        let mut queue = VecDeque::from([first]);
        while let Some(config) = queue.pop_front() {
            for (input, values) in inputs(model, &config) {
                let Some(step) = apply(model, &config, input, &values) else {
                    continue;
                };
                let next = step.after.clone();
                if let std::collections::hash_map::Entry::Vacant(slot) =
                    search.parent.entry(next.clone())
                {
                    slot.insert(Some((config.clone(), step)));
                    search.order.push(next.clone());
                    queue.push_back(next);
                    if search.order.len() > max {
                        return None;
                    }
                }
            }
        }
        Some(search)
    }

    /// The shortest path to `config`.
    fn path_to(&self, config: &Config) -> Path {
        let mut steps = Vec::new();
        let mut at = config;
        while let Some(Some((before, step))) = self.parent.get(at) {
            steps.push(step.clone());
            at = before;
        }
        steps.reverse();
        Path {
            start: self.start,
            steps,
        }
    }
}

/// At most how many steps `machine paths` writes in all ([`paths_within`]): the paths to the
/// states alone grow with the square of a lifecycle's longest chain (a chain of 10,000 states
/// has 50 million steps of them), and each step is kept in memory.
pub const MAX_STEPS: usize = 5_000_000;

/// At most how many configurations `machine paths` searches from each start
/// ([`paths_within`]): with parallel states they are the product of the regions' states.
pub const MAX_CONFIGURATIONS: usize = 50_000;

/// The paths of a model would be larger than allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TooLarge {
    /// They would have more steps than allowed.
    Steps {
        /// How many steps they could have, at most: the shortest paths to the states, plus
        /// one path of the longest length for each transition and timeout.
        steps: usize,
        /// The limit.
        max: usize,
    },
    /// The machine reaches more configurations than the search keeps.
    Configurations {
        /// The limit.
        max: usize,
    },
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            TooLarge::Steps { steps, max } => write!(
                f,
                "the test paths of this lifecycle could have up to {steps} steps in all, more \
                 than the {max} allowed (`max-path-steps`): the paths to its states grow with \
                 the square of its longest chain of states; split the lifecycle into several \
                 machines"
            ),
            TooLarge::Configurations { max } => write!(
                f,
                "this lifecycle reaches more than {max} configurations from one start, more \
                 than the search for test paths keeps (`max-configurations`): the regions of a \
                 parallel state multiply them; split the lifecycle into several machines, or \
                 give the regions fewer states"
            ),
        }
    }
}

impl std::error::Error for TooLarge {}

/// The test paths of `model`, unless they could have more than `max` steps in all: that is
/// found from the breadth-first searches alone, before any path is built.
pub fn paths_within(model: &Model, max: usize) -> Result<Paths, TooLarge> {
    paths_bounded(model, max, MAX_CONFIGURATIONS)
}

/// [`paths_within`] with a limit of `configurations` searched from each start.
pub fn paths_bounded(model: &Model, max: usize, configurations: usize) -> Result<Paths, TooLarge> {
    let searches = search_all(model, configurations).ok_or(TooLarge::Configurations {
        max: configurations,
    })?;
    let steps = bound(model, &searches);
    if steps > max {
        return Err(TooLarge::Steps { steps, max });
    }
    Ok(build(model, &searches))
}

/// The test paths of `model`. Their size grows with the square of the longest chain of
/// states: for a spec from a user, [`paths_within`] refuses one too large first.
pub fn paths(model: &Model) -> Paths {
    let searches = search_all(model, usize::MAX);
    // Without a limit every search finishes.
    build(model, &searches.unwrap_or_default())
}

fn search_all(model: &Model, max: usize) -> Option<Vec<Search>> {
    (0..model.starts.len())
        .map(|start| Search::run(model, start, max))
        .collect()
}

/// At most how many steps the paths have: the depth of each state (its shortest path), and
/// for each item one path as long as the deepest configuration and one more step.
fn bound(model: &Model, searches: &[Search]) -> usize {
    let mut shortest: Vec<Option<usize>> = vec![None; model.states.len()];
    let mut deepest = 0;
    for search in searches {
        let mut depth: HashMap<&Config, usize> = HashMap::with_capacity(search.order.len());
        for config in &search.order {
            let d = match search.parent.get(config) {
                Some(Some((before, _))) => depth.get(before).map_or(0, |d| d + 1),
                _ => 0,
            };
            depth.insert(config, d);
            deepest = deepest.max(d);
            for atom in &config.atoms {
                let slot = &mut shortest[atom.index()];
                *slot = Some(slot.map_or(d, |s| s.min(d)));
            }
        }
    }
    let to_states: usize = shortest.iter().flatten().sum();
    to_states.saturating_add(items(model).len().saturating_mul(deepest + 1))
}

fn build(model: &Model, searches: &[Search]) -> Paths {
    let mut to_state: Vec<Option<Path>> = vec![None; model.states.len()];
    let all = items(model);
    let mut covering: HashMap<Item, Path> = HashMap::new();
    for search in searches {
        for config in &search.order {
            let path = search.path_to(config);
            // A path to a state reaches every compound state around it too; it wins over one
            // of the same length that only passes through the state (rules S20 and S21).
            for state in semantics::active(model, &config.atoms) {
                let slot = &mut to_state[state.index()];
                if slot.as_ref().is_none_or(|p| {
                    p.steps.len() > path.steps.len()
                        || (p.steps.len() == path.steps.len() && !p.ends_in(model, state))
                }) {
                    *slot = Some(path.clone());
                }
            }
            for (input, values) in inputs(model, config) {
                let Some(step) = apply(model, config, input, &values) else {
                    continue;
                };
                // A state an input only passes through (rules S20 and S21) is reached by
                // the path through that input.
                for &passed in &step.passed {
                    for state in model.self_and_ancestors(passed) {
                        let slot = &mut to_state[state.index()];
                        if slot
                            .as_ref()
                            .is_none_or(|p| p.steps.len() > path.steps.len() + 1)
                        {
                            let mut through = path.clone();
                            through.steps.push(step.clone());
                            *slot = Some(through);
                        }
                    }
                }
                for item in covered(model, &step) {
                    let longer = covering
                        .get(&item)
                        .is_some_and(|p| p.steps.len() > path.steps.len() + 1);
                    if !covering.contains_key(&item) || longer {
                        let mut through = path.clone();
                        through.steps.push(step.clone());
                        covering.insert(item, through);
                    }
                }
            }
        }
    }
    let uncovered = all
        .iter()
        .copied()
        .filter(|i| !covering.contains_key(i))
        .collect();
    let mut cover: Vec<Path> = all.iter().filter_map(|i| covering.remove(i)).collect();
    cover.sort_by_key(|p| (p.start, p.steps.len()));
    // One path may cover two items (a transition to a history state and the return by it):
    // it is kept once, where it first comes.
    let mut seen = std::collections::BTreeSet::new();
    cover.retain(|p| seen.insert((p.start, p.steps.clone())));
    let kept = without_prefixes(cover);
    Paths {
        to_state,
        cover: kept,
        items: all,
        uncovered,
    }
}

/// `paths` (distinct) without those that are the beginning of another, in their order. In
/// lexicographic order a path that begins another is directly followed by one it begins, so
/// one sort and one look at each neighbour do (where comparing every pair grew with the
/// square of the number of paths).
fn without_prefixes(paths: Vec<Path>) -> Vec<Path> {
    let mut order: Vec<usize> = (0..paths.len()).collect();
    order.sort_by(|&a, &b| {
        (paths[a].start, &paths[a].steps).cmp(&(paths[b].start, &paths[b].steps))
    });
    let mut begins_another = vec![false; paths.len()];
    for pair in order.windows(2) {
        let (short, long) = (&paths[pair[0]], &paths[pair[1]]);
        begins_another[pair[0]] = short.start == long.start
            && short.steps.len() < long.steps.len()
            && long.steps[..short.steps.len()] == short.steps[..];
    }
    paths
        .into_iter()
        .zip(begins_another)
        .filter_map(|(path, drop)| (!drop).then_some(path))
        .collect()
}
