//! `machine-export`: a checked [`Model`] for other engines: an `XState` v5
//! machine config ([`xstate`], JSON) and a W3C SCXML document ([`scxml`]); and the way back, an
//! SCXML document as a spec ([`import`]).
//!
//! Like every renderer, each export is a pure function of the model. The tests replay the
//! exports in the engines that read them (`XState` under node, python-statemachine's SCXML
//! processor), on the same inputs as the interpreter in `machine_core::semantics`.
#![forbid(unsafe_code)]

use machine_core::model::{HistoryId, Model, StateId, TimerId};

pub mod import;
pub mod scxml;
pub mod xstate;

/// Why `model` cannot be exported for another engine (`format` names it: `XState`,
/// `SCXML`), or `None` when it can. A timer that spans several states (rule S14) keeps its
/// clock while the machine moves between them; neither export can say that faithfully, so
/// it is refused rather than exported with other behaviour. The message names the timer and
/// where it is written.
pub fn unexportable(model: &Model, format: &str) -> Option<String> {
    let (_, timer) = model.spanning_timers().next()?;
    let span = timer.name.span;
    Some(format!(
        "{}:{}:{}: timer `{}` spans several states (`timers:`), and the {format} export cannot \
         keep one clock across states; export a copy of the spec without `timers:`, or give \
         each state a timeout of its own",
        model.source_name, span.line, span.column, timer.name.spec
    ))
}

/// Whether the exports send a transition written on `source` to history state `history`
/// through a transient state of their own, a child of the history's compound state whose one
/// eventless transition goes to the history: when `source` lies two or more levels inside
/// that compound state.
///
/// Rule S19 takes such a step out of every state inside the compound state, then back in to
/// where the history leads, as the transition domain is defined (the innermost compound state
/// holding every state the step leaves or enters). The W3C algorithm (appendix D), which
/// `XState` follows (and python-statemachine, where the history leads to its default), leaves
/// only the states inside the innermost compound state around both the source and the
/// history's recorded atomic state (or its default), yet enters every state inside the
/// history's compound state down to there: a compound state around both would be entered
/// again, its `<onentry>` run and its delayed events sent twice, while it never left.
/// Going to a child of the compound state first, then from there to the history, leaves and
/// enters what rule S19 does in any W3C engine. From the compound state itself, from outside
/// it, or from a state directly inside it, the transition domain is the same either way.
///
/// Never for the history of a parallel state: what it returns to holds a state of every
/// region, so the W3C domain lies around the parallel state, as rule S24 takes it; and a
/// transient state inside a parallel state would be one more region.
pub fn detours(model: &Model, source: StateId, history: HistoryId) -> bool {
    let owner = model.history(history).state;
    !model.is_parallel(owner) && model.ancestors(source).skip(1).any(|a| a == owner)
}

/// Whether some transition to `history` goes through the exports' transient state
/// ([`detours`]).
pub fn detoured(model: &Model, history: HistoryId) -> bool {
    let to = machine_core::model::Target::Recall(history);
    let by_transition = model
        .transitions
        .iter()
        .any(|t| t.target == to && detours(model, t.from, history));
    // A state's timeout is written on its state (the exports refuse spanning timers).
    let by_timeout = model.timers.iter().any(|timer| {
        timer.timeout.expiry.target() == Some(to)
            && timer.state().is_some_and(|s| detours(model, s, history))
    });
    by_transition || by_timeout
}

/// What the exports' transient state on the way to `history` is for ([`detours`]), as its
/// doc.
pub fn recall_doc(model: &Model, history: HistoryId) -> String {
    let history = model.history(history);
    let owner = &model.state(history.state).name.spec;
    format!(
        "The way to history state {} from two or more levels inside {owner}: it leaves every \
         state inside {owner} first (rule S19).",
        history.name.spec
    )
}

/// Rule S6 for transition `t`: the timers it restarts that the step leaves as they are (it
/// does not enter their states again), in [`TimerId`] order. For an internal transition, every
/// timer it restarts (its state's and those of the states around it); for one with a target,
/// those of its domain (rule S16) and of the states around the domain. SCXML restarts them in
/// the transition's content; `XState` only by re-entering a state.
pub fn kept_restarts(model: &Model, t: &machine_core::model::Transition) -> Vec<TimerId> {
    use machine_core::model::Target;
    use machine_core::semantics;
    let domain = match t.target {
        Target::Internal => {
            return semantics::restarts(model, t.from, t.from, false, Some(t));
        }
        Target::State(to) => semantics::domain(model, t.from, to),
        Target::Recall(h) => {
            semantics::history::recall_domain(model, t.from, model.history(h).state)
        }
        Target::History => None,
    };
    let mut timers: Vec<TimerId> = domain
        .into_iter()
        .flat_map(|d| model.self_and_ancestors(d))
        .flat_map(|s| model.own_timers_in(s))
        .filter(|&(timer, _)| semantics::resets(model, t, timer))
        .map(|(timer, _)| timer)
        .collect();
    timers.sort_unstable();
    timers
}

/// The states the exports' default of `history` targets: its default, or, for a history of a
/// parallel state (rule S29), one in each region, in document order: the default in the region
/// that holds it, every other region itself (entered at its initial state); without a
/// `default:`, every region. So the default's targets always span the regions, as what a
/// history of a parallel state records does, and a transition to it from inside the parallel
/// state has its domain around it (rule S24) whether anything was recorded or not.
pub fn history_targets(model: &Model, history: &machine_core::model::History) -> Vec<StateId> {
    if !model.is_parallel(history.state) {
        return vec![history.default];
    }
    model
        .children(Some(history.state))
        .iter()
        .map(|&region| {
            if model.is_within(history.default, region) {
                history.default
            } else {
                region
            }
        })
        .collect()
}
