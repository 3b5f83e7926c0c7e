//! A lifecycle with automatic transitions, two ways: the CI check run
//! (`spec/samples/check-run.yaml`), as `machine` generates it and as a hand-written `match`
//! ([`Hand`]). When a runner picks the job, the eventless transitions of `Picked` skip it or
//! start it (rule S21); when `CleanedUp` enters `Finished`, the completion of `InProgress`
//! decides the conclusion from the guards (rule S20); `Rerequest`, written once on
//! `Completed`, runs the job again from any conclusion. Every input runs the actions of the
//! step and of the automatic steps it led to (the entry of `InProgress`, its exit and the
//! entry of `Completed`), counted by [`Counters`], and the guards' answers change from one
//! input to the next ([`Facts`]), so what is compared is the whole of an input: the dispatch,
//! the automatic steps, the guards they ask and the actions.

use std::hint::black_box;

machine_macro::machine! {
    /// The CI check run, generated from `spec/samples/check-run.yaml` by `machine!`.
    pub mod check_run = "spec/samples/check-run.yaml";
}

use check_run::{Event, State};

/// Whether each guard of the check run holds for one input, as asked by the generated code
/// (through [`check_run::Guards`]) and read by the hand-written `match`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// `condition_false`: the job's `if:` condition does not hold.
    pub condition_false: bool,
    /// `all_steps_passed`.
    pub all_steps_passed: bool,
    /// `neutral_exit`.
    pub neutral_exit: bool,
}

impl check_run::Guards for Facts {
    fn condition_false(&self) -> bool {
        self.condition_false
    }
    fn all_steps_passed(&self) -> bool {
        self.all_steps_passed
    }
    fn neutral_exit(&self) -> bool {
        self.neutral_exit
    }
}

/// One input of the trace: an event, and the guards' answers while it is handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Input {
    /// The event.
    pub event: Event,
    /// The guards' answers.
    pub facts: Facts,
}

pub use crate::rounds::Counters;

/// The actions, counted in this order: `allocate_runner`, `release_runner`, `send_webhook`, `clear_logs`.
impl check_run::Actions for Counters {
    fn allocate_runner(&mut self) {
        self.ran(0);
    }
    fn release_runner(&mut self) {
        self.ran(1);
    }
    fn send_webhook(&mut self) {
        self.ran(2);
    }
    fn clear_logs(&mut self) {
        self.ran(3);
    }
}

pub use crate::rounds::Variant;

/// The generated machine: `Machine::step`, which takes the automatic steps too, then
/// `Step::run` for the actions of the step and of every automatic step.
pub struct Generated;

impl Variant for Generated {
    const NAME: &'static str = "machine (generated)";
    type Input = Input;
    type State = State;

    fn run(trace: &[Vec<Input>], counters: &mut Counters) {
        for lifecycle in trace {
            let mut machine = check_run::Machine::new();
            for input in lifecycle {
                if let Ok(step) = machine.step(black_box(input.event), &input.facts) {
                    step.run(counters);
                }
            }
            black_box(machine);
        }
    }

    fn states(trace: &[Vec<Input>], counters: &mut Counters) -> Vec<State> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut machine = check_run::Machine::new();
            for input in lifecycle {
                if let Ok(step) = machine.step(input.event, &input.facts) {
                    step.run(counters);
                }
                states.push(machine.state());
            }
        }
        states
    }
}

/// The check run as a person would write it by hand: one `match (state, event)` in which
/// the arm of `Pick` evaluates the job's `if:` condition at once (the eventless choice of
/// `Picked`, which is never a resting state) and the arm of `CleanedUp` decides the
/// conclusion at once (the completion of `InProgress`), each running the actions of the
/// states it leaves and enters inline; a refused event is an error naming state and event.
pub struct Hand;

/// A refused event of [`Hand`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The state the check run stays in.
    pub state: State,
    /// The refused event.
    pub event: Event,
}

/// One input of the hand-written check run.
///
/// # Errors
///
/// [`Refused`] when the state has no transition on the event.
#[inline]
pub fn hand_fire(
    state: &mut State,
    event: Event,
    facts: &Facts,
    actions: &mut Counters,
) -> Result<State, Refused> {
    use check_run::Actions as _;
    let to = match (*state, event) {
        (State::Queued, Event::Pick) => {
            if facts.condition_false {
                actions.send_webhook();
                State::Skipped
            } else {
                actions.allocate_runner();
                State::SettingUp
            }
        }
        (State::Queued, Event::Cancel) => {
            actions.send_webhook();
            State::Cancelled
        }
        (State::SettingUp, Event::RunnerReady) => State::Running,
        (State::Running, Event::StepsDone) => State::CleaningUp,
        (State::CleaningUp, Event::CleanedUp) => {
            actions.release_runner();
            actions.send_webhook();
            if facts.all_steps_passed {
                State::Success
            } else if facts.neutral_exit {
                State::Neutral
            } else {
                State::Failure
            }
        }
        (State::SettingUp | State::Running | State::CleaningUp, Event::Cancel) => {
            actions.release_runner();
            actions.send_webhook();
            State::Cancelled
        }
        (
            State::Success
            | State::Failure
            | State::Neutral
            | State::Cancelled
            | State::Skipped
            | State::TimedOut,
            Event::Rerequest,
        ) => {
            actions.clear_logs();
            State::Queued
        }
        (state, event) => return Err(Refused { state, event }),
    };
    *state = to;
    Ok(to)
}

impl Variant for Hand {
    const NAME: &'static str = "hand-written match";
    type Input = Input;
    type State = State;

    fn run(trace: &[Vec<Input>], counters: &mut Counters) {
        for lifecycle in trace {
            let mut state = State::Queued;
            for input in lifecycle {
                let _ = black_box(hand_fire(
                    &mut state,
                    black_box(input.event),
                    &input.facts,
                    counters,
                ));
            }
            black_box(state);
        }
    }

    fn states(trace: &[Vec<Input>], counters: &mut Counters) -> Vec<State> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut state = State::Queued;
            for input in lifecycle {
                let _ = hand_fire(&mut state, input.event, &input.facts, counters);
                states.push(state);
            }
        }
        states
    }
}

/// The first place where `V`'s states or actions differ from the generated machine's on
/// `trace` ([`crate::rounds::same_run`]).
///
/// # Errors
///
/// The first input after which the states differ, or the actions when they do.
pub fn same_run<V: Variant<Input = Input, State = State>>(
    trace: &[Vec<Input>],
) -> Result<(), String> {
    crate::rounds::same_run::<V, Generated>(trace)
}

/// A seeded trace of about `events` inputs: lifecycles from `Queued`, each a pseudo-random
/// walk that picks, seven times in eight, an event the current state accepts (from the
/// generated [`State::accepted_events`]) and otherwise any event (often refused); `Cancel`
/// is picked among the accepted ones one time in eight, so most runs reach a conclusion.
/// The guards' answers are drawn anew for every input: the `if:` condition fails one time
/// in five, every step passes three times in five, and a step asks for a neutral
/// conclusion one time in three. A lifecycle stops, one time in three, once the run is
/// completed; otherwise the walk goes on (a `Rerequest` re-runs it).
pub fn trace(seed: u64, events: usize) -> Vec<Vec<Input>> {
    let mut random = crate::SplitMix(seed);
    let mut trace = Vec::new();
    let mut total = 0;
    while total < events {
        let mut machine = check_run::Machine::new();
        let mut lifecycle = Vec::new();
        while total < events {
            if machine.is_in(State::Completed) && random.below(3) == 0 {
                break;
            }
            let accepted: Vec<Event> = machine
                .state()
                .accepted_events()
                .iter()
                .copied()
                .filter(|&e| e != Event::Cancel || random.below(8) == 0)
                .collect();
            let event = if random.below(8) < 7 && !accepted.is_empty() {
                accepted[random.below(accepted.len())]
            } else {
                Event::ALL[random.below(Event::ALL.len())]
            };
            let facts = Facts {
                condition_false: random.below(5) == 0,
                all_steps_passed: random.below(5) < 3,
                neutral_exit: random.below(3) == 0,
            };
            let _ = machine.fire(event, &facts);
            lifecycle.push(Input { event, facts });
            total += 1;
        }
        trace.push(lifecycle);
    }
    trace
}
