//! A lifecycle with a superstate, three ways: the EC2 instance (`spec/samples/ec2-instance.yaml`:
//! `Provisioned` holds `Pending`, `Running`, `Stopping` and `Stopped`, and one
//! `TerminateInstances` written on it leaves any of them), as `machine` generates it, as a
//! hand-written nested `match` ([`Hand`]), and for statig 0.4 with a superstate
//! (`variants/statig_nested.rs`). Each step runs its actions on every level (the exit of
//! `Running`, then of `Provisioned`, then the entry of `ShuttingDown`), counted by
//! [`Counters`], so what is compared is the whole of a hierarchical step: the dispatch, the
//! states left and entered, and their actions.

use std::hint::black_box;

machine_macro::machine! {
    /// The EC2 instance, generated from `spec/samples/ec2-instance.yaml` by `machine!`.
    pub mod ec2 = "spec/samples/ec2-instance.yaml";
}

use ec2::{Event, State};

pub use crate::rounds::Counters;

/// The actions, counted in this order: `bill_compute`, `stop_billing`, `release_private_ip`, `delete_root_volume`.
impl ec2::Actions for Counters {
    fn bill_compute(&mut self) {
        self.ran(0);
    }
    fn stop_billing(&mut self) {
        self.ran(1);
    }
    fn release_private_ip(&mut self) {
        self.ran(2);
    }
    fn delete_root_volume(&mut self) {
        self.ran(3);
    }
}

pub use crate::rounds::Variant;

/// The generated machine: `Machine::step`, then `Step::run` for the actions of every level.
pub struct Generated;

impl Variant for Generated {
    const NAME: &'static str = "machine (generated)";
    type Input = Event;
    type State = State;

    fn run(trace: &[Vec<Event>], counters: &mut Counters) {
        for lifecycle in trace {
            let mut machine = ec2::Machine::new();
            for &event in lifecycle {
                if let Ok(step) = machine.step(black_box(event), &()) {
                    step.run(counters);
                }
            }
            black_box(machine);
        }
    }

    fn states(trace: &[Vec<Event>], counters: &mut Counters) -> Vec<State> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut machine = ec2::Machine::new();
            for &event in lifecycle {
                if let Ok(step) = machine.step(event, &()) {
                    step.run(counters);
                }
                states.push(machine.state());
            }
        }
        states
    }
}

/// The lifecycle as a person would write it with a superstate: one `match (state, event)`
/// whose `TerminateInstances` arm covers the four states of `Provisioned` with one pattern,
/// running the exit actions of the state left and of `Provisioned`, then the entry of
/// `ShuttingDown`; a refused event is an error naming state and event.
pub struct Hand;

/// A refused event of [`Hand`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The state the instance stays in.
    pub state: State,
    /// The refused event.
    pub event: Event,
}

/// One input of the hand-written lifecycle.
///
/// # Errors
///
/// [`Refused`] when the state has no transition on the event.
#[inline]
pub fn hand_fire(
    state: &mut State,
    event: Event,
    actions: &mut Counters,
) -> Result<State, Refused> {
    use ec2::Actions as _;
    let to = match (*state, event) {
        (State::Pending, Event::Launched) => {
            actions.bill_compute();
            State::Running
        }
        (State::Running, Event::StopInstances) => {
            actions.stop_billing();
            State::Stopping
        }
        (State::Stopping, Event::Stopped) => State::Stopped,
        (State::Stopped, Event::StartInstances) => State::Pending,
        (
            State::Pending | State::Running | State::Stopping | State::Stopped,
            Event::TerminateInstances,
        ) => {
            if *state == State::Running {
                actions.stop_billing();
            }
            actions.release_private_ip();
            actions.delete_root_volume();
            State::ShuttingDown
        }
        (State::ShuttingDown, Event::ShutDown) => State::Terminated,
        (state, event) => return Err(Refused { state, event }),
    };
    *state = to;
    Ok(to)
}

impl Variant for Hand {
    const NAME: &'static str = "hand-written nested match";
    type Input = Event;
    type State = State;

    fn run(trace: &[Vec<Event>], counters: &mut Counters) {
        for lifecycle in trace {
            let mut state = State::Pending;
            for &event in lifecycle {
                let _ = black_box(hand_fire(&mut state, black_box(event), counters));
            }
            black_box(state);
        }
    }

    fn states(trace: &[Vec<Event>], counters: &mut Counters) -> Vec<State> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut state = State::Pending;
            for &event in lifecycle {
                let _ = hand_fire(&mut state, event, counters);
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
pub fn same_run<V: Variant<Input = Event, State = State>>(
    trace: &[Vec<Event>],
) -> Result<(), String> {
    crate::rounds::same_run::<V, Generated>(trace)
}

/// A seeded trace of about `events` inputs: lifecycles from `Pending`, each a pseudo-random
/// walk that picks, seven times in eight, an event the current state accepts (its own or
/// `Provisioned`'s, from the generated [`State::accepted_events`]) and otherwise any event
/// (often refused); `TerminateInstances` is picked among the accepted ones one time in
/// twelve, so an instance goes through several start and stop cycles first. A lifecycle
/// stops when the instance is terminated.
pub fn trace(seed: u64, events: usize) -> Vec<Vec<Event>> {
    let mut random = crate::SplitMix(seed);
    let mut trace = Vec::new();
    let mut total = 0;
    while total < events {
        let mut machine = ec2::Machine::new();
        let mut lifecycle = Vec::new();
        while !machine.state().is_final() && total < events {
            let accepted: Vec<Event> = machine
                .state()
                .accepted_events()
                .iter()
                .copied()
                .filter(|&e| e != Event::TerminateInstances || random.below(12) == 0)
                .collect();
            let event = if random.below(8) < 7 && !accepted.is_empty() {
                accepted[random.below(accepted.len())]
            } else {
                Event::ALL[random.below(Event::ALL.len())]
            };
            let _ = machine.fire(event, &());
            lifecycle.push(event);
            total += 1;
        }
        trace.push(lifecycle);
    }
    trace
}
