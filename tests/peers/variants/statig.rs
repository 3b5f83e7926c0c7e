//! The job lifecycle for statig 0.4. Closest faithful form: statig has no history, so the
//! fault state keeps the state it was entered from in state-local storage
//! (`State::faulted(Origin)`); guard answers travel as event data of the two guarded events.
//! Unhandled events are deferred to the (absent) superstate and so ignored, statig's way of
//! refusing.

#![allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "statig hands events and state-local storage to the handlers by reference"
)]

use machine_peers::{Facts, Step, Variant, job};
use statig::blocking::{self, IntoStateMachineExt as _, Outcome, StateMachine};

/// The state the fault state was entered from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Creating,
    Shipping,
    Received,
    Transferring,
    Packaging,
}

/// The job's events, with the guards' answers of the guarded ones.
#[derive(Clone, Copy, Debug)]
pub enum Event {
    UpdateJobProperties,
    MarkShipping(Facts),
    Cancel,
    AllDrivesReceived,
    TransferStarted,
    AllDrivesProcessed,
    DrivesShippedBack(Facts),
    CloseUnanswered,
    Fault,
    Resolve,
}

/// The statig machine (no shared storage).
#[derive(Default)]
pub struct Job;

#[blocking::state_machine(initial = "State::creating()", state(derive(Clone, Copy, Debug)))]
impl Job {
    #[state]
    fn creating(event: &Event) -> Outcome<State> {
        match event {
            Event::UpdateJobProperties => Outcome::Transition(State::creating()),
            Event::MarkShipping(facts)
                if facts.delivery_package_set && facts.return_address_set =>
            {
                Outcome::Transition(State::shipping())
            }
            Event::Cancel => Outcome::Handled,
            Event::Fault => Outcome::Transition(State::faulted(Origin::Creating)),
            _ => Outcome::Super,
        }
    }

    #[state]
    fn shipping(event: &Event) -> Outcome<State> {
        match event {
            Event::Cancel => Outcome::Handled,
            Event::AllDrivesReceived => Outcome::Transition(State::received()),
            Event::CloseUnanswered => Outcome::Transition(State::closed()),
            Event::Fault => Outcome::Transition(State::faulted(Origin::Shipping)),
            _ => Outcome::Super,
        }
    }

    #[state]
    fn received(event: &Event) -> Outcome<State> {
        match event {
            Event::TransferStarted => Outcome::Transition(State::transferring()),
            Event::Fault => Outcome::Transition(State::faulted(Origin::Received)),
            _ => Outcome::Super,
        }
    }

    #[state]
    fn transferring(event: &Event) -> Outcome<State> {
        match event {
            Event::AllDrivesProcessed => Outcome::Transition(State::packaging()),
            Event::Fault => Outcome::Transition(State::faulted(Origin::Transferring)),
            _ => Outcome::Super,
        }
    }

    #[state]
    fn packaging(event: &Event) -> Outcome<State> {
        match event {
            Event::DrivesShippedBack(facts) if facts.no_errors => {
                Outcome::Transition(State::completed())
            }
            Event::DrivesShippedBack(_) => Outcome::Transition(State::closed()),
            Event::Fault => Outcome::Transition(State::faulted(Origin::Packaging)),
            _ => Outcome::Super,
        }
    }

    #[state]
    fn completed(event: &Event) -> Outcome<State> {
        let _ = event;
        Outcome::Super
    }

    #[state]
    fn closed(event: &Event) -> Outcome<State> {
        let _ = event;
        Outcome::Super
    }

    #[state]
    fn faulted(from: &Origin, event: &Event) -> Outcome<State> {
        match event {
            Event::Resolve => Outcome::Transition(match from {
                Origin::Creating => State::creating(),
                Origin::Shipping => State::shipping(),
                Origin::Received => State::received(),
                Origin::Transferring => State::transferring(),
                Origin::Packaging => State::packaging(),
            }),
            _ => Outcome::Super,
        }
    }
}

/// statig 0.4.
pub struct Statig;

impl Variant for Statig {
    const NAME: &'static str = "statig 0.4";
    type Input = Event;

    fn convert(step: Step) -> Event {
        match step.event {
            job::Event::UpdateJobProperties => Event::UpdateJobProperties,
            job::Event::MarkShipping => Event::MarkShipping(step.facts),
            job::Event::Cancel => Event::Cancel,
            job::Event::AllDrivesReceived => Event::AllDrivesReceived,
            job::Event::TransferStarted => Event::TransferStarted,
            job::Event::AllDrivesProcessed => Event::AllDrivesProcessed,
            job::Event::DrivesShippedBack => Event::DrivesShippedBack(step.facts),
            job::Event::CloseUnanswered => Event::CloseUnanswered,
            job::Event::Fault => Event::Fault,
            job::Event::Resolve => Event::Resolve,
        }
    }

    fn run(trace: &[Vec<Event>]) {
        for lifecycle in trace {
            let mut machine: StateMachine<Job> = Job.state_machine();
            for event in lifecycle {
                machine.handle(event);
                std::hint::black_box(machine.state());
            }
            std::hint::black_box(machine.state());
        }
    }

    fn states(trace: &[Vec<Event>]) -> Vec<job::State> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut machine: StateMachine<Job> = Job.state_machine();
            for event in lifecycle {
                machine.handle(event);
                states.push(match machine.state() {
                    State::Creating {} => job::State::Creating,
                    State::Shipping {} => job::State::Shipping,
                    State::Received {} => job::State::Received,
                    State::Transferring {} => job::State::Transferring,
                    State::Packaging {} => job::State::Packaging,
                    State::Completed {} => job::State::Completed,
                    State::Closed {} => job::State::Closed,
                    State::Faulted { .. } => job::State::Faulted,
                });
            }
        }
        states
    }
}
