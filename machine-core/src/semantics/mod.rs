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
pub mod history;
pub mod race;
pub mod settle;
pub mod tree;
pub mod wire;

pub use clock::{Clocks, Running};
pub use history::{recall, record};
pub use settle::{completed, settle, settle_bound};
pub use tree::{domain, entered, moves};

use crate::model::{
    EventId, Expiry, GuardId, GuardTest, Model, Origin, Start, StateId, Target, TimerId,
    Transition, TransitionId, Trigger,
};

/// A machine at one moment: everything the rules need to decide the next step.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Config {
    /// The current state.
    pub state: StateId,
    /// While in the fault state: the state it was entered from, when known (rule S5).
    pub history: Option<StateId>,
    /// Whether an `end` timeout has ended the lifecycle (rule S9).
    pub ended: bool,
    /// Rule S19: for each compound state with a history state that the machine has left,
    /// the atomic state it was in when it last left it; sorted by the compound state. Empty
    /// in a spec without history states.
    pub recorded: Vec<(StateId, StateId)>,
}

impl Config {
    /// Rule S1: a lifecycle begins in the state of one of its starts, with no history.
    pub fn start(start: &Start) -> Config {
        Config::at(start.state)
    }

    /// A machine known only by its state (e.g. from a status poll): no history.
    pub fn at(state: StateId) -> Config {
        Config {
            state,
            history: None,
            ended: false,
            recorded: Vec::new(),
        }
    }

    /// Rule S17 for a machine known only by the state a status poll reported: a compound
    /// state is entered down to its initial state, as a transition to it would be.
    pub fn polled(model: &Model, state: StateId) -> Config {
        Config::at(model.descend(state))
    }

    /// The active configuration: the atomic states the machine is in, in document order (one,
    /// while the language has no parallel states). It is also in every state around them.
    pub fn configuration(&self) -> impl Iterator<Item = StateId> + use<> {
        std::iter::once(self.state)
    }

    /// A machine in the fault state, entered from `from`; `None` when `from` is not a state
    /// the fault state is entered from (a final state, the fault state itself, or a spec
    /// without a fault state).
    pub fn faulted(model: &Model, from: StateId) -> Option<Config> {
        let fault = model.fault.as_ref()?;
        fault.sources.contains(&from).then_some(Config {
            state: fault.state,
            history: Some(from),
            ended: false,
            recorded: Vec::new(),
        })
    }
}

/// Rule S1: the actions starting a machine at `start` runs: the `entry:` actions of its
/// initial state and of every state around it, outermost first, as entering them by a step
/// would (rule S12). A machine created in a state by other means (a status poll) runs none.
pub fn start_actions(model: &Model, start: &Start) -> Vec<crate::model::ActionId> {
    entered(model, None, start.state)
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
    /// The state before.
    pub from: StateId,
    /// The state after (the same as `from` when nothing moved).
    pub to: StateId,
    /// What made the step.
    pub cause: Cause,
    /// Whether `to` was entered (anew, for a self-transition): false for an internal
    /// transition, a `notify` expiry and an `end` expiry.
    pub entered: bool,
    /// The states left, innermost first (rule S16): `from` and those around it up to the
    /// transition's domain. Empty when nothing was entered.
    pub exits: Vec<StateId>,
    /// The states entered, outermost first (rule S16): those from below the domain down to
    /// `to`. Empty when nothing was entered.
    pub entries: Vec<StateId>,
    /// The timers of `to` whose clocks start again (rules S6 and S14), in [`TimerId`] order.
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

/// Rules S2 to S6: an event fires the transition [`select`] picks, which moves to the state
/// [`target`] names; [`enter`] keeps the history and [`restarts`] says which clocks start
/// again.
fn fire(
    model: &Model,
    config: &Config,
    event: EventId,
    guards: &mut dyn Guards,
) -> Result<(Config, Step), Refusal> {
    let id = select(model, config.state, event, guards)?;
    take(model, config, id)
}

/// Rules S4 to S6, S16 and S19: transition `id`, selected in `config`, fires: the machine
/// moves to the state its target names; [`enter`] keeps the history and [`restarts`] says
/// which clocks start again.
pub fn take(model: &Model, config: &Config, id: TransitionId) -> Result<(Config, Step), Refusal> {
    let transition = model.transition(id);
    let (to, exits, entries) = match transition.target {
        Target::Internal => (config.state, Vec::new(), Vec::new()),
        Target::State(written) => {
            // The domain is the target's as written; `to` is where entering it leads.
            let (exits, entries) = moves(model, config.state, transition.from, written);
            (model.descend(written), exits, entries)
        }
        Target::History => {
            let to = config.history.ok_or(Refusal::UnknownHistory)?;
            let (exits, entries) = moves(model, config.state, transition.from, to);
            (to, exits, entries)
        }
        Target::Recall(h) => history::recall_moves(model, config, transition.from, h),
    };
    let step = Step {
        from: config.state,
        to,
        cause: Cause::Transition(id),
        entered: !entries.is_empty(),
        restarts: restarts_entering(model, config.state, to, &entries, Some(transition)),
        exits,
        entries,
        then: Vec::new(),
    };
    Ok((enter(model, config, to, &step.exits), step))
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
/// ([`select`]) and the generated dispatch both cut with it.
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
/// pass, or the refusal [`select`] gives. Automatic transitions are selected alike (rules
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
/// moving anywhere else forgets it. The interpreter ([`enter`]) and the generated code
/// (compiled from this function) both decide with it.
pub fn history_effect(from_fault: bool, to_fault: bool) -> HistoryEffect {
    match (from_fault, to_fault) {
        (_, false) => HistoryEffect::Forget,
        (false, true) => HistoryEffect::Remember,
        (true, true) => HistoryEffect::Keep,
    }
}

/// Rules S5 and S19: moving to `to` from `config`, leaving `exits` ([`history_effect`],
/// [`record`]).
pub fn enter(model: &Model, config: &Config, to: StateId, exits: &[StateId]) -> Config {
    let fault = model.fault.as_ref().map(|f| f.state);
    let history = match history_effect(Some(config.state) == fault, Some(to) == fault) {
        HistoryEffect::Remember => Some(config.state),
        HistoryEffect::Keep => config.history,
        HistoryEffect::Forget => None,
    };
    Config {
        state: to,
        history,
        ended: false,
        recorded: record(model, config, exits),
    }
}

/// Rules S6 and S14 as one decision over the facts they read about a step and a timer:
/// whether the timer spans a set of states (`spanning`), whether the step starts in one of
/// the timer's states (`from_in`) and ends in one (`to_in`), whether it entered its target
/// (`entered`: anew for a self-transition; not for an internal transition or an expiry that
/// does not move), and whether the event that fired is one of the timer's `reset_by`
/// (`reset`). A timer restarts only where it runs (`to_in`): on one of its `reset_by` events,
/// or when the step entered its state (S6); a spanning timer only when the step entered its
/// set from outside, so it keeps running while the machine moves inside the set,
/// self-transitions included (S14). The interpreter ([`restarts`]) and the generated code
/// (compiled from this function) both decide with it.
#[allow(
    clippy::fn_params_excessive_bools,
    reason = "a decision over five facts, which the code generator compiles fact by fact"
)]
pub fn restarts_timer(
    spanning: bool,
    from_in: bool,
    to_in: bool,
    entered: bool,
    reset: bool,
) -> bool {
    to_in && (reset || (entered && !(spanning && from_in)))
}

/// Rule S6's `reset`: whether firing `transition` restarts `timer` (where the timer runs),
/// besides what entering a state restarts: the timers its `restarts:` names, or, when it does
/// not say, those whose `reset_by` lists its event.
pub fn resets(model: &Model, transition: &Transition, timer: TimerId) -> bool {
    match &transition.restarts {
        Some(listed) => listed.contains(&timer),
        // An eventless or completion transition has no event for `reset_by` to list.
        None => transition
            .event()
            .is_some_and(|event| event_resets(model, event, timer)),
    }
}

/// What a timer's `reset_by` says of `event`: whether a transition on it restarts the timer
/// when the transition does not say otherwise with `restarts:` ([`resets`]).
pub fn event_resets(model: &Model, event: EventId, timer: TimerId) -> bool {
    model.timer(timer).timeout.reset_by.contains(&event)
}

/// Rules S6 and S14 for a step of a flat spec, which enters `to` alone or nothing
/// (`entered`): [`restarts_entering`].
pub fn restarts(
    model: &Model,
    from: StateId,
    to: StateId,
    entered: bool,
    fired: Option<&Transition>,
) -> Vec<TimerId> {
    let entries: &[StateId] = if entered { &[to] } else { &[] };
    restarts_entering(model, from, to, entries, fired)
}

/// Rules S6, S14 and S18: which timers that run in `to` start their clocks again after a
/// step from `from` that entered `entries` ([`restarts_timer`] for each, [`resets`] for the
/// transition that fired), in [`TimerId`] order. A state's timer (a compound state's too)
/// counts as entered when its state is among `entries`; a spanning timer when the step
/// entered anything, and its set is entered from outside when `from` lies outside every
/// state of the set. An input that is refused restarts nothing.
pub fn restarts_entering(
    model: &Model,
    from: StateId,
    to: StateId,
    entries: &[StateId],
    fired: Option<&Transition>,
) -> Vec<TimerId> {
    model
        .timers_in(to)
        .filter(|&(id, timer)| {
            let entered = match timer.state() {
                Some(home) => entries.contains(&home),
                None => !entries.is_empty(),
            };
            restarts_timer(
                timer.is_spanning(),
                timer.states().iter().any(|&s| model.is_within(from, s)),
                true,
                entered,
                fired.is_some_and(|t| resets(model, t, id)),
            )
        })
        .map(|(id, _)| id)
        .collect()
}

/// Rule S7: a timer of the current state expires (any other timer is refused): one of its
/// timeouts, or a spanning timer whose set holds it (rule S14). Its guard tests are asked
/// first, in order, as a transition's are (rules S3 and S15): when one fails the expiry is
/// refused with it ([`failed_test`]), and the timer stops until its clock starts again
/// ([`Clocks::refused_with`]). `to:` moves the machine there (entering it like a transition,
/// rule S5, so every clock of the target starts; to a history state as a transition to it
/// does, rule S19); `end:` ends the lifecycle (rule S9) and
/// `notify:` changes nothing. The caller decides which timer is due ([`Clocks`]).
pub fn expire(
    model: &Model,
    config: Config,
    timer: TimerId,
    guards: &mut dyn Guards,
) -> Result<(Config, Step), Refusal> {
    let from = config.state;
    let (_, timer_def) = model
        .timers_in(from)
        .find(|&(id, _)| id == timer)
        .ok_or(Refusal::NoTimeout)?;
    let timeout = &timer_def.timeout;
    if let Some(failed) = first_failing(&timeout.guards, guards) {
        return Err(failed_test(failed));
    }
    // A spanning timer is written on no one state: its move leaves from where the machine is.
    let source = timer_def.state().unwrap_or(from);
    let (next, (exits, entries)) = match timeout.expiry {
        Expiry::Transition(written) => {
            let to = model.descend(written);
            let (exits, entries) = moves(model, from, source, written);
            (enter(model, &config, to, &exits), (exits, entries))
        }
        Expiry::Recall(h) => {
            let (to, exits, entries) = history::recall_moves(model, &config, source, h);
            (enter(model, &config, to, &exits), (exits, entries))
        }
        Expiry::End(_) => (
            Config {
                ended: true,
                ..config
            },
            (Vec::new(), Vec::new()),
        ),
        Expiry::Notify(_) => (config, (Vec::new(), Vec::new())),
    };
    let step = Step {
        from,
        to: next.state,
        cause: Cause::Timeout(timer),
        entered: !entries.is_empty(),
        restarts: restarts_entering(model, from, next.state, &entries, None),
        exits,
        entries,
        then: Vec::new(),
    };
    Ok((next, step))
}

/// Rule S8: a resolution leaves the fault state for `to`, which must be the state it was
/// entered from (when known) or one of the fault's `resume_to` states. Outside the fault
/// state nothing can be resumed.
pub fn resume_to(model: &Model, config: &Config, to: StateId) -> Result<(Config, Step), Refusal> {
    let exit = model.transitions_from(config.state).find(|(_, t)| {
        t.origin == Origin::FaultExit
            && match t.target {
                Target::State(state) => state == to,
                Target::History => config.history == Some(to),
                Target::Internal | Target::Recall(_) => false,
            }
    });
    let Some((id, _)) = exit else {
        return Err(Refusal::CannotResumeTo(to));
    };
    let (exits, entries) = moves(model, config.state, config.state, to);
    let to = model.descend(to);
    let next = enter(model, config, to, &exits);
    let step = Step {
        from: config.state,
        to,
        cause: Cause::Transition(id),
        entered: true,
        restarts: restarts_entering(model, config.state, to, &entries, None),
        exits,
        entries,
        then: Vec::new(),
    };
    Ok((next, step))
}

/// Rule S12: the actions a step runs, in order: the `exit:` actions of the states it leaves
/// (innermost first, rule S16), then the transition's (or the expired timeout's)
/// `actions:`, then the `entry:` actions of the states it enters (outermost first). In a flat
/// spec a step that enters its target (anew, for a self-transition) leaves its source and
/// enters its target; one that does not (an internal transition, a `notify` or `end`
/// expiry) runs only the transition's or timeout's own actions.
pub fn actions(model: &Model, step: &Step) -> Vec<crate::model::ActionId> {
    let own = match step.cause {
        Cause::Transition(id) => model.transition(id).actions.as_slice(),
        Cause::Timeout(timer) => model.timer(timer).timeout.actions.as_slice(),
    };
    let exits = step.exits.iter().flat_map(|&s| model.state(s).exit.iter());
    let entries = step
        .entries
        .iter()
        .flat_map(|&s| model.state(s).entry.iter());
    exits.chain(own).chain(entries).copied().collect()
}

/// Rules S12, S20 and S21: the actions an accepted input runs: its step's ([`actions`]),
/// then those of each automatic step it led to ([`Step::then`]), in order.
pub fn input_actions(model: &Model, step: &Step) -> Vec<crate::model::ActionId> {
    std::iter::once(step)
        .chain(&step.then)
        .flat_map(|s| actions(model, s))
        .collect()
}
