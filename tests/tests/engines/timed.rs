//! A test path as an engine with a clock takes it. A path's steps take no time, and its
//! expiries happen when the path says (rule S10 leaves when to the caller); an engine's delayed
//! events fall due on its clock, so before the timer a path expires, every timer due earlier
//! expires first, each asking its guards of the step's answers (false unless the step says).
//! Without parallel states such a timer never leaves the state (the paths offer no expiry
//! that another always beats, `semantics::race`), and the path's step reaches what the path
//! says; with parallel states a timer of another region may move that region first. The
//! engines then follow the clock, and so does the interpreter here: the path is replayed from
//! what the clock gives, and cut where the interpreter no longer accepts its next step, or
//! where two timers fall due at one instant in an order the engine may take otherwise
//! ([`ambiguous`]).

use machine_core::model::TimerId;
use machine_core::semantics::{self, Clocks, Config, Input, Step};
use machine_core::{Model, paths};

/// One step of a path on a clock.
pub struct Timed {
    /// For an expiry: the instants before its own at which timers due before it expired, in
    /// order, in seconds since the path started; empty for an event or a resolution.
    pub earlier: Vec<u64>,
    /// For an expiry: when it falls due.
    pub due: Option<u64>,
    /// What the input led to: the steps of the timers due before it that were accepted, its
    /// own, then those of the timers due at the same instant after it (rule S10: in
    /// [`TimerId`](machine_core::model::TimerId) order), which an engine's clock expires at once.
    pub taken: Vec<Step>,
    /// The configuration after them.
    pub after: Config,
}

/// Whether an engine may expire `a` and `b`, falling due at one instant, in another order
/// than rule S10's (timer order): SCXML and `XState` take delayed events of one instant in
/// the order they were sent, and the longer one was sent first.
pub fn ambiguous(model: &Model, a: TimerId, b: TimerId) -> bool {
    let seconds = |t: TimerId| {
        let after = &model.timer(t).timeout.after;
        after
            .named
            .map_or(after.seconds, |named| durations(model)[named.index()])
    };
    let (first, then) = (a.min(b), a.max(b));
    a != b && seconds(then) > seconds(first)
}

/// Whether a timer other than `timer` falls due on `clocks` at `at`, in an order an engine
/// may take otherwise ([`ambiguous`]).
fn at_once(model: &Model, clocks: &Clocks, timer: TimerId, at: u64) -> bool {
    clocks
        .running()
        .iter()
        .any(|r| clocks.due(model, r.timer) == Some(at) && ambiguous(model, timer, r.timer))
}

/// How many timers at most may expire before the one a path expires.
const EARLIER: usize = 100;

/// The values the replays give the named durations, in seconds by `DurationId`: an hour, two
/// hours, and so on, so that no two are equal.
pub fn durations(model: &Model) -> Vec<u64> {
    (1..=model.durations.len() as u64)
        .map(|i| i * 3600)
        .collect()
}

/// The clocks of a path that starts in `config`, with [`durations`].
pub fn clocks(model: &Model, config: &Config) -> Clocks {
    Clocks::new(model, config).with_durations(durations(model))
}

/// `step` of a path from `config`, on `clocks`; `None` when the interpreter does not take it
/// there (the clock took the machine elsewhere first: the rest of the path is not replayed).
pub fn timed_step(
    model: &Model,
    config: Config,
    step: &paths::PathStep,
    clocks: &mut Clocks,
) -> Option<Timed> {
    let mut answer = |guard| {
        step.guards
            .iter()
            .find(|(g, _)| *g == guard)
            .is_some_and(|&(_, holds)| holds)
    };
    let (mut earlier, mut taken) = (Vec::new(), Vec::new());
    let mut config = config;
    // An earlier timer's step may start the clock of this one again, so that it is due later,
    // or never: another timer always starts it again first (the path is cut there).
    let mut rounds = 0..EARLIER;
    let due = match step.input {
        Input::Expire(timer) => loop {
            rounds.next()?;
            let due = clocks.due(model, timer)?;
            match clocks.next_due(model, due) {
                Some(first) if first != timer => {
                    if at_once(model, clocks, first, clocks.now()) {
                        return None;
                    }
                    earlier.push(clocks.now());
                    expire(model, &mut config, first, clocks, &mut answer, &mut taken);
                }
                _ => {
                    if at_once(model, clocks, timer, due) {
                        return None;
                    }
                    clocks.advance(due);
                    // The engine's clock expires those due at the same instant at once.
                    earlier.retain(|&at| at < due);
                    break Some(due);
                }
            }
        },
        _ => None,
    };
    let (mut after, own) = semantics::step(model, config, step.input, &mut answer).ok()?;
    clocks.apply(model, &own);
    taken.push(own);
    if !model.has_parallel() {
        assert_eq!(after, step.after, "the path replays on the interpreter");
    }
    if let Some(due) = due {
        while let Some(same) = clocks.next_due(model, due) {
            expire(model, &mut after, same, clocks, &mut answer, &mut taken);
        }
    }
    Some(Timed {
        earlier,
        due,
        taken,
        after,
    })
}

/// `timer` falls due on `clocks` with the machine in `config`: its expiry, unless a guard
/// refuses it (rule S7).
fn expire(
    model: &Model,
    config: &mut Config,
    timer: TimerId,
    clocks: &mut Clocks,
    answer: &mut dyn semantics::Guards,
    taken: &mut Vec<Step>,
) {
    match semantics::step(model, config.clone(), Input::Expire(timer), answer) {
        Ok((next, one)) => {
            clocks.apply(model, &one);
            taken.push(one);
            *config = next;
        }
        Err(_) => clocks.refused(timer),
    }
}
