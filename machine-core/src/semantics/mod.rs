//! What a checked [`Model`] does: the reference interpreter.
//!
//! This module is the definition of a machine's behaviour. Each rule is one small function,
//! numbered like the rules of the "Semantics" section of `docs/spec-language.md` (S1, S2, ...);
//! the code generator compiles the same rules into Rust, and the differential tests drive the
//! generated code and this interpreter side by side to keep the two equal. A new construct of
//! the spec language gets its rule here first.
//!
//! A machine is a [`Config`] (the current state, the state the fault state was entered from,
//! and whether the lifecycle has ended). [`step`] applies one [`Input`] to it and returns the
//! next configuration with the [`Step`] taken, or the [`Refusal`] that leaves the machine where
//! it was. Time is not part of a configuration: an input says which timeout expired. The
//! [`Clocks`] of [`clock`] decide *when* timeouts expire, for callers that keep time.

pub mod clock;
mod config;
pub mod history;
pub mod micro;
pub mod race;
mod restart;
pub mod select;
pub mod settle;
pub mod tree;
pub mod wire;

pub use clock::{Clocks, Running};
pub use config::{Config, active, summary};
pub use history::{recall, record};
pub use restart::{
    event_resets, resets, restarts, restarts_config, restarts_entering, restarts_timer,
};
pub use settle::{completed, settle, settle_bound};
pub use tree::{domain, entered, moves};

use crate::model::{
    EventId, Expiry, GuardId, GuardTest, Model, Origin, Start, StateId, Target, TimerId,
    TransitionId, Trigger,
};
use micro::Move;

/// Rule S1: the actions starting a machine at `start` runs: the `entry:` actions of its
/// initial state and of every state around it, outermost first, as entering them by a step
/// would (rule S12). A machine created in a state by other means (a status poll) runs none.
pub fn start_actions(model: &Model, start: &Start) -> Vec<crate::model::ActionId> {
    active(model, &Config::start(model, start).atoms)
        .iter()
        .flat_map(|&s| model.state(s).entry.iter().copied())
        .collect()
}

/// One input to a machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// An event happened (rules S2 to S6).
    Event(EventId),
    /// This timer expired (rule S7).
    Expire(TimerId),
    /// A resolution leaves the fault state for this state (rule S8).
    ResumeTo(StateId),
}

/// What made a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cause {
    /// This transition fired.
    Transition(TransitionId),
    /// This timer, one of [`Step::from`]'s, expired.
    Timeout(TimerId),
}

/// What one accepted input did.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Step {
    /// The state before: the summary of the configuration ([`Config::state`], rule S22).
    pub from: StateId,
    /// The state after (the same as `from` when nothing moved): the summary of
    /// [`Step::atoms`].
    pub to: StateId,
    /// What made the step.
    pub cause: Cause,
    /// Rules S25 and S26: the other transitions that fired with [`Step::cause`] in the same
    /// microstep, one per region of a parallel state, in the order selected. Empty without
    /// parallel states.
    pub also: Vec<TransitionId>,
    /// The atomic states the machine is in after the step, in document order (rule S22).
    pub atoms: Vec<StateId>,
    /// Whether the step entered a state (anew, for a self-transition): false for an
    /// internal transition, a `notify` expiry and an `end` expiry.
    pub entered: bool,
    /// The states left, innermost first and in reverse document order (rules S16 and S27):
    /// the active states inside the transitions' domains. Empty when nothing was entered.
    pub exits: Vec<StateId>,
    /// The states entered, outermost first and in document order (rules S16, S23 and S27):
    /// the states inside the domains the machine is in after the step. Empty when nothing
    /// was entered.
    pub entries: Vec<StateId>,
    /// The timers running after the step whose clocks start again (rules S6 and S14), in
    /// [`TimerId`] order.
    pub restarts: Vec<TimerId>,
    /// Rules S20 and S21: the automatic steps the input led to after this one, in the order
    /// taken (eventless transitions and completions); the machine settles in the last one's
    /// `to`. Empty in those steps themselves, and in a spec without automatic transitions.
    pub then: Vec<Step>,
}

/// Why an input was refused. The machine stays where it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// The state has no transition on the event.
    NoTransition,
    /// Every transition on the event needs a guard that does not hold: this is the first
    /// guard that failed, on the first transition tried (rule S3).
    GuardFailed(GuardId),
    /// As [`Refusal::GuardFailed`], where the first test that failed is a negated one
    /// (`!name`, rule S15): the guard holds.
    GuardHolds(GuardId),
    /// The transition returns to the state the fault state was entered from, and it is not
    /// known (rule S4).
    UnknownHistory,
    /// A resolution asked for a state the machine cannot resume to from here (rule S8).
    CannotResumeTo(StateId),
    /// The timer is not one of the current state's, nor a spanning timer whose set holds
    /// it (rule S7).
    NoTimeout,
    /// The input led to more automatic steps than rule S21's bound ([`settle_bound`]): the
    /// machine would not settle.
    Unsettled,
    /// The lifecycle has ended: nothing happens any more (rule S9).
    Ended,
}

/// The answers to the guard questions of one input. Guards are asked lazily, in the order
/// rule S3 says, so an implementation can record which were asked.
pub trait Guards {
    /// Whether `guard` holds now.
    fn holds(&mut self, guard: GuardId) -> bool;
}

impl<F: FnMut(GuardId) -> bool> Guards for F {
    fn holds(&mut self, guard: GuardId) -> bool {
        self(guard)
    }
}

/// Applies `input` to `config`: the next configuration and the step taken, with the
/// automatic steps it led to ([`settle()`], rules S20 and S21) in [`Step::then`], or why the
/// input was refused (the machine then stays in `config`).
pub fn step(
    model: &Model,
    config: Config,
    input: Input,
    guards: &mut dyn Guards,
) -> Result<(Config, Step), Refusal> {
    if config.ended {
        return Err(Refusal::Ended);
    }
    let (next, mut step) = match input {
        Input::Event(event) => fire(model, &config, event, guards),
        Input::Expire(timer) => expire(model, config, timer, guards),
        Input::ResumeTo(to) => resume_to(model, &config, to),
    }?;
    let (settled, then) = settle(model, next, &step, guards)?;
    step.then = then;
    Ok((settled, step))
}

/// Rules S2 to S6 and S25: an event fires the transitions [`select::enabled`] picks (one,
/// without parallel states), which move the machine as [`take_all`] says.
fn fire(
    model: &Model,
    config: &Config,
    event: EventId,
    guards: &mut dyn Guards,
) -> Result<(Config, Step), Refusal> {
    let ids = select::enabled(model, config, Trigger::Event(event), guards)?;
    take_all(model, config, &ids)
}

/// Rules S4 to S6, S16 and S19: transition `id`, selected in `config`, fires alone
/// ([`take_all`]).
pub fn take(model: &Model, config: &Config, id: TransitionId) -> Result<(Config, Step), Refusal> {
    take_all(model, config, &[id])
}

/// Rules S4 to S6, S16, S19 and S27: the transitions `ids` (at least one, conflict-free, in
/// the order selected) fire together in `config`, in one microstep ([`micro::microstep`]);
/// [`restarts_config`] says which clocks start again.
pub fn take_all(
    model: &Model,
    config: &Config,
    ids: &[TransitionId],
) -> Result<(Config, Step), Refusal> {
    let (&first, also) = ids.split_first().ok_or(Refusal::NoTransition)?;
    let fired: Vec<Move> = ids.iter().map(|&id| micro::move_of(model, id)).collect();
    let moved = micro::microstep(model, config, &fired)?;
    let step = Step {
        from: config.state(model),
        to: moved.config.state(model),
        cause: Cause::Transition(first),
        also: also.to_vec(),
        entered: !moved.entries.is_empty(),
        restarts: restarts_config(model, config, &moved.config.atoms, &moved.entries, ids),
        atoms: moved.config.atoms.clone(),
        exits: moved.exits,
        entries: moved.entries,
        then: Vec::new(),
    };
    Ok((moved.config, step))
}

/// Rules S2 and S16: the transitions a state has for an event, in the order they are tried:
/// the state's own, then those of the state around it, and so on outwards (the innermost
/// win). Of one state: those written under `transitions`, then those of incidents, then the
/// fault state's entry and exits (the return to history first, then the `resume_to`
/// states).
pub fn candidates(
    model: &Model,
    state: StateId,
    event: EventId,
) -> impl Iterator<Item = TransitionId> + '_ {
    triggered(model, state, Trigger::Event(event))
}

/// Rules S2, S16, S20 and S21: the transitions with `trigger` of `state` and of the states
/// around it, innermost first, each state's in the order written ([`candidates`] for an
/// event).
pub fn triggered(
    model: &Model,
    state: StateId,
    trigger: Trigger,
) -> impl Iterator<Item = TransitionId> + '_ {
    model
        .self_and_ancestors(state)
        .flat_map(|s| model.transitions_from(s))
        .filter(move |(_, t)| t.trigger == trigger)
        .map(|(id, _)| id)
}

/// Rule S3 as a cut: of the candidates of one state and event, in the order they are tried,
/// those that are tried at all: every one up to and including the first without guards,
/// which always fires. `unguarded` says whether a candidate has no guard. The interpreter
/// ([`select()`]) and the generated dispatch both cut with it.
pub fn tried<T>(
    candidates: impl IntoIterator<Item = T>,
    mut unguarded: impl FnMut(&T) -> bool,
) -> impl Iterator<Item = T> {
    let mut past_unguarded = false;
    candidates.into_iter().take_while(move |candidate| {
        let tried = !past_unguarded;
        past_unguarded = past_unguarded || unguarded(candidate);
        tried
    })
}

/// Rule S3: the first candidate whose guard tests all pass ([`passes`], rule S15) fires. A
/// transition's guards are asked in the order it lists them, and asking stops at the first
/// test that fails; guards of other events are never asked. When none fires, the refusal
/// names the first test that failed on the first candidate tried ([`failed_test`]), or says
/// there was no candidate.
pub fn select(
    model: &Model,
    state: StateId,
    event: EventId,
    guards: &mut dyn Guards,
) -> Result<TransitionId, Refusal> {
    first_passing(model, candidates(model, state, event), guards)
}

/// Rule S3 over `candidates` in the order they are tried: the first whose guard tests all
/// pass, or the refusal [`select()`] gives. Automatic transitions are selected alike (rules
/// S20 and S21), a refusal then meaning only that none is taken.
pub fn first_passing(
    model: &Model,
    candidates: impl Iterator<Item = TransitionId>,
    guards: &mut dyn Guards,
) -> Result<TransitionId, Refusal> {
    let mut refusal = Refusal::NoTransition;
    for id in tried(candidates, |&id| model.transition(id).guards.is_empty()) {
        match first_failing(&model.transition(id).guards, guards) {
            None => return Ok(id),
            Some(failed) => {
                if refusal == Refusal::NoTransition {
                    refusal = failed_test(failed);
                }
            }
        }
    }
    Err(refusal)
}

/// Rules S3 and S15: the first of `tests` that fails ([`passes`]), asking their guards in
/// order and stopping there; `None` when every test passes. A transition's guards and a
/// timer's are asked alike.
pub fn first_failing(tests: &[GuardTest], guards: &mut dyn Guards) -> Option<GuardTest> {
    tests
        .iter()
        .copied()
        .find(|&test| !passes(test, guards.holds(test.guard)))
}

/// Rule S15: a guard test passes when its guard holds, or, for a negated one (`!name`), when
/// it does not. The guard is asked either way.
pub fn passes(test: GuardTest, holds: bool) -> bool {
    holds != test.negated
}

/// Rule S15: the refusal a failed guard test gives, when it is the first to fail (rule S3):
/// the guard does not hold, or, negated, it holds.
pub fn failed_test(test: GuardTest) -> Refusal {
    if test.negated {
        Refusal::GuardHolds(test.guard)
    } else {
        Refusal::GuardFailed(test.guard)
    }
}

/// What a move does to the state the fault state remembers (rule S5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HistoryEffect {
    /// The move enters the fault state from another state: it remembers that state.
    Remember,
    /// The move stays in the fault state: what it remembers stays.
    Keep,
    /// The move goes anywhere else: it forgets.
    Forget,
}

/// Rule S5 as a decision over the two facts it reads: whether a move starts in the fault
/// state (`from_fault`) and whether it ends there (`to_fault`). Entering the fault state from
/// another state remembers that state (the history); staying in the fault state keeps it;
/// moving anywhere else forgets it. The interpreter ([`micro::microstep`]) and the generated code
/// (compiled from this function) both decide with it.
pub fn history_effect(from_fault: bool, to_fault: bool) -> HistoryEffect {
    match (from_fault, to_fault) {
        (_, false) => HistoryEffect::Forget,
        (false, true) => HistoryEffect::Remember,
        (true, true) => HistoryEffect::Keep,
    }
}

/// Rule S7: a timer of the current configuration expires (any other timer is refused): one
/// of its timeouts, or a spanning timer whose set holds it (rule S14). Its guard tests are
/// asked first, in order, as a transition's are (rules S3 and S15): when one fails the expiry
/// is refused with it ([`failed_test`]). A refused expiry stops the timer until its clock
/// starts again ([`Clocks::refused`]), whatever the refusal. `to:` moves the machine there (entering it like a transition
/// written on the timer's state, rule S5, so every clock of the target starts; to a history
/// state as a transition to it does, rule S19); `end:` ends the lifecycle (rule S9) and
/// `notify:` changes nothing. The caller decides which timer is due ([`Clocks`]).
pub fn expire(
    model: &Model,
    config: Config,
    timer: TimerId,
    guards: &mut dyn Guards,
) -> Result<(Config, Step), Refusal> {
    let from = config.state(model);
    let (_, timer_def) = model
        .timers_in_all(&config.atoms)
        .into_iter()
        .find(|&(id, _)| id == timer)
        .ok_or(Refusal::NoTimeout)?;
    let timeout = &timer_def.timeout;
    if let Some(failed) = first_failing(&timeout.guards, guards) {
        return Err(failed_test(failed));
    }
    // A spanning timer is written on no one state: its move leaves from where the machine is.
    let source = timer_def.state().unwrap_or(from);
    let target = match timeout.expiry {
        Expiry::Transition(to) => Some(Target::State(to)),
        Expiry::Recall(h) => Some(Target::Recall(h)),
        Expiry::End(_) | Expiry::Notify(_) => None,
    };
    let (next, exits, entries, restarts) = if let Some(target) = target {
        let moved = micro::microstep(model, &config, &[Move { source, target }])?;
        let restarts = restarts_config(model, &config, &moved.config.atoms, &moved.entries, &[]);
        (moved.config, moved.exits, moved.entries, restarts)
    } else {
        // Nothing is entered and no transition fired: no clock starts again.
        let ended = matches!(timeout.expiry, Expiry::End(_));
        let next = Config {
            ended: ended || config.ended,
            ..config
        };
        (next, Vec::new(), Vec::new(), Vec::new())
    };
    let step = Step {
        from,
        to: next.state(model),
        cause: Cause::Timeout(timer),
        also: Vec::new(),
        entered: !entries.is_empty(),
        restarts,
        atoms: next.atoms.clone(),
        exits,
        entries,
        then: Vec::new(),
    };
    Ok((next, step))
}

/// Rule S8: a resolution leaves the fault state for `to`, which must be the state it was
/// entered from (when known: the summary of the configuration it was entered from) or one of
/// the fault's `resume_to` states. Outside the fault state nothing can be resumed.
pub fn resume_to(model: &Model, config: &Config, to: StateId) -> Result<(Config, Step), Refusal> {
    let [at] = config.atoms[..] else {
        return Err(Refusal::CannotResumeTo(to));
    };
    let exit = model.transitions_from(at).find(|(_, t)| {
        t.origin == Origin::FaultExit
            && match t.target {
                Target::State(state) => state == to,
                Target::History => config
                    .history
                    .as_ref()
                    .is_some_and(|h| summary(model, h) == to),
                Target::Internal | Target::Recall(_) => false,
            }
    });
    let Some((id, exit)) = exit else {
        return Err(Refusal::CannotResumeTo(to));
    };
    let target = match exit.target {
        Target::History => Target::History,
        _ => Target::State(to),
    };
    let moved = micro::microstep(model, config, &[Move { source: at, target }])?;
    let step = Step {
        from: at,
        to: moved.config.state(model),
        cause: Cause::Transition(id),
        also: Vec::new(),
        entered: true,
        // A resolution is not an event: no `reset_by` applies.
        restarts: restarts_config(model, config, &moved.config.atoms, &moved.entries, &[]),
        atoms: moved.config.atoms.clone(),
        exits: moved.exits,
        entries: moved.entries,
        then: Vec::new(),
    };
    Ok((moved.config, step))
}

/// Rules S12 and S27: the actions a step runs, in order: the `exit:` actions of the states
/// it leaves (innermost first, rule S16), then the transition's (or the expired timeout's)
/// `actions:` and those of the transitions that fired with it (in the order selected), then the `entry:` actions of the states it enters (outermost first). In a flat
/// spec a step that enters its target (anew, for a self-transition) leaves its source and
/// enters its target; one that does not (an internal transition, a `notify` or `end`
/// expiry) runs only the transition's or timeout's own actions.
pub fn actions(model: &Model, step: &Step) -> Vec<crate::model::ActionId> {
    let own = match step.cause {
        Cause::Transition(id) => model.transition(id).actions.as_slice(),
        Cause::Timeout(timer) => model.timer(timer).timeout.actions.as_slice(),
    };
    let also = step
        .also
        .iter()
        .flat_map(|&id| model.transition(id).actions.iter());
    let exits = step.exits.iter().flat_map(|&s| model.state(s).exit.iter());
    let entries = step
        .entries
        .iter()
        .flat_map(|&s| model.state(s).entry.iter());
    exits
        .chain(own)
        .chain(also)
        .chain(entries)
        .copied()
        .collect()
}

/// Rules S12, S20 and S21: the actions an accepted input runs: its step's ([`actions`]),
/// then those of each automatic step it led to ([`Step::then`]), in order.
pub fn input_actions(model: &Model, step: &Step) -> Vec<crate::model::ActionId> {
    std::iter::once(step)
        .chain(&step.then)
        .flat_map(|s| actions(model, s))
        .collect()
}
