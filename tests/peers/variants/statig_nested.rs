//! The EC2 instance for statig 0.4, with `Provisioned` as a superstate: its handler takes
//! `TerminateInstances` for the four states inside it, and its exit action runs when the
//! machine leaves it; the actions count on shared storage, moved in and out of each
//! lifecycle's machine outside the timed inputs.

#![allow(
    clippy::trivially_copy_pass_by_ref,
    clippy::unused_self,
    reason = "statig hands events and storage to the handlers by reference"
)]

use machine_peers::nested::{Counters, Variant, ec2};
use statig::blocking::{self, IntoStateMachineExt as _, Outcome, StateMachine};

/// The statig machine; its storage is the action counters.
#[derive(Default)]
pub struct Ec2 {
    counters: Counters,
}

#[blocking::state_machine(initial = "State::pending()", state(derive(Clone, Copy, Debug)))]
impl Ec2 {
    #[superstate(exit_action = "release_private_ip")]
    fn provisioned(event: &ec2::Event) -> Outcome<State> {
        match event {
            ec2::Event::TerminateInstances => Outcome::Transition(State::shutting_down()),
            _ => Outcome::Super,
        }
    }

    #[state(superstate = "provisioned")]
    fn pending(event: &ec2::Event) -> Outcome<State> {
        match event {
            ec2::Event::Launched => Outcome::Transition(State::running()),
            _ => Outcome::Super,
        }
    }

    #[state(
        superstate = "provisioned",
        entry_action = "bill_compute",
        exit_action = "stop_billing"
    )]
    fn running(event: &ec2::Event) -> Outcome<State> {
        match event {
            ec2::Event::StopInstances => Outcome::Transition(State::stopping()),
            _ => Outcome::Super,
        }
    }

    #[state(superstate = "provisioned")]
    fn stopping(event: &ec2::Event) -> Outcome<State> {
        match event {
            ec2::Event::Stopped => Outcome::Transition(State::stopped()),
            _ => Outcome::Super,
        }
    }

    #[state(superstate = "provisioned")]
    fn stopped(event: &ec2::Event) -> Outcome<State> {
        match event {
            ec2::Event::StartInstances => Outcome::Transition(State::pending()),
            _ => Outcome::Super,
        }
    }

    #[state(entry_action = "delete_root_volume")]
    fn shutting_down(event: &ec2::Event) -> Outcome<State> {
        match event {
            ec2::Event::ShutDown => Outcome::Transition(State::terminated()),
            _ => Outcome::Super,
        }
    }

    #[state]
    fn terminated(event: &ec2::Event) -> Outcome<State> {
        let _ = event;
        Outcome::Super
    }

    #[action]
    fn bill_compute(&mut self) {
        self.counters.ran(0);
    }

    #[action]
    fn stop_billing(&mut self) {
        self.counters.ran(1);
    }

    #[action]
    fn release_private_ip(&mut self) {
        self.counters.ran(2);
    }

    #[action]
    fn delete_root_volume(&mut self) {
        self.counters.ran(3);
    }
}

/// statig 0.4, with a superstate.
pub struct StatigNested;

impl StatigNested {
    /// One lifecycle's machine, holding `counters` while it runs.
    fn machine(counters: &mut Counters) -> StateMachine<Ec2> {
        Ec2 {
            counters: std::mem::take(counters),
        }
        .state_machine()
    }
}

impl Variant for StatigNested {
    const NAME: &'static str = "statig 0.4 (superstate)";
    type Input = ec2::Event;
    type State = ec2::State;

    fn run(trace: &[Vec<ec2::Event>], counters: &mut Counters) {
        for lifecycle in trace {
            let mut machine = Self::machine(counters);
            for event in lifecycle {
                machine.handle(std::hint::black_box(event));
                std::hint::black_box(machine.state());
            }
            counters.clone_from(&machine.inner().counters);
        }
    }

    fn states(trace: &[Vec<ec2::Event>], counters: &mut Counters) -> Vec<ec2::State> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut machine = Self::machine(counters);
            for event in lifecycle {
                machine.handle(event);
                states.push(match machine.state() {
                    State::Pending {} => ec2::State::Pending,
                    State::Running {} => ec2::State::Running,
                    State::Stopping {} => ec2::State::Stopping,
                    State::Stopped {} => ec2::State::Stopped,
                    State::ShuttingDown {} => ec2::State::ShuttingDown,
                    State::Terminated {} => ec2::State::Terminated,
                });
            }
            counters.clone_from(&machine.inner().counters);
        }
        states
    }
}
