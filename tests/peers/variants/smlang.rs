//! The job lifecycle for smlang 0.8. Closest faithful form: smlang has no history, so the
//! fault state carries the state it was entered from as state data (`Faulted(Origin)`), set by
//! one action per source state, and `Resolve` is five guarded transitions on it (tried in
//! order). Guard answers travel as event data of the two guarded events.

use machine_peers::{Facts, Step, Variant, job};
use smlang::statemachine;

/// The state the fault state was entered from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Creating,
    Shipping,
    Received,
    Transferring,
    Packaging,
}

statemachine! {
    derive_states: [Clone, Copy, Debug],
    derive_events: [Clone, Copy, Debug],
    transitions: {
        *Creating + UpdateJobProperties = Creating,
        Creating + MarkShipping(Facts) [delivery_package_set && return_address_set] = Shipping,
        Creating + Cancel = _,
        Shipping + Cancel = _,
        Shipping + AllDrivesReceived = Received,
        Shipping + CloseUnanswered = Closed,
        Received + TransferStarted = Transferring,
        Transferring + AllDrivesProcessed = Packaging,
        Packaging + DrivesShippedBack(Facts) [no_errors] = Completed,
        Packaging + DrivesShippedBack(Facts) [!no_errors] = Closed,
        Creating + Fault / from_creating = Faulted(Origin),
        Shipping + Fault / from_shipping = Faulted(Origin),
        Received + Fault / from_received = Faulted(Origin),
        Transferring + Fault / from_transferring = Faulted(Origin),
        Packaging + Fault / from_packaging = Faulted(Origin),
        Faulted(Origin) + Resolve [was_creating] = Creating,
        Faulted(Origin) + Resolve [was_shipping] = Shipping,
        Faulted(Origin) + Resolve [was_received] = Received,
        Faulted(Origin) + Resolve [was_transferring] = Transferring,
        Faulted(Origin) + Resolve [was_packaging] = Packaging,
    }
}

/// The machine's context: nothing; guards read event and state data.
pub struct Context;

impl StateMachineContext for Context {
    fn delivery_package_set(&self, facts: &Facts) -> Result<bool, ()> {
        Ok(facts.delivery_package_set)
    }
    fn return_address_set(&self, facts: &Facts) -> Result<bool, ()> {
        Ok(facts.return_address_set)
    }
    fn no_errors(&self, facts: &Facts) -> Result<bool, ()> {
        Ok(facts.no_errors)
    }
    fn from_creating(&mut self) -> Result<Origin, ()> {
        Ok(Origin::Creating)
    }
    fn from_shipping(&mut self) -> Result<Origin, ()> {
        Ok(Origin::Shipping)
    }
    fn from_received(&mut self) -> Result<Origin, ()> {
        Ok(Origin::Received)
    }
    fn from_transferring(&mut self) -> Result<Origin, ()> {
        Ok(Origin::Transferring)
    }
    fn from_packaging(&mut self) -> Result<Origin, ()> {
        Ok(Origin::Packaging)
    }
    fn was_creating(&self, from: &Origin) -> Result<bool, ()> {
        Ok(*from == Origin::Creating)
    }
    fn was_shipping(&self, from: &Origin) -> Result<bool, ()> {
        Ok(*from == Origin::Shipping)
    }
    fn was_received(&self, from: &Origin) -> Result<bool, ()> {
        Ok(*from == Origin::Received)
    }
    fn was_transferring(&self, from: &Origin) -> Result<bool, ()> {
        Ok(*from == Origin::Transferring)
    }
    fn was_packaging(&self, from: &Origin) -> Result<bool, ()> {
        Ok(*from == Origin::Packaging)
    }
}

/// smlang 0.8.
pub struct Smlang;

impl Variant for Smlang {
    const NAME: &'static str = "smlang 0.8";
    type Input = Events;

    fn convert(step: Step) -> Events {
        match step.event {
            job::Event::UpdateJobProperties => Events::UpdateJobProperties,
            job::Event::MarkShipping => Events::MarkShipping(step.facts),
            job::Event::Cancel => Events::Cancel,
            job::Event::AllDrivesReceived => Events::AllDrivesReceived,
            job::Event::TransferStarted => Events::TransferStarted,
            job::Event::AllDrivesProcessed => Events::AllDrivesProcessed,
            job::Event::DrivesShippedBack => Events::DrivesShippedBack(step.facts),
            job::Event::CloseUnanswered => Events::CloseUnanswered,
            job::Event::Fault => Events::Fault,
            job::Event::Resolve => Events::Resolve,
        }
    }

    fn run(trace: &[Vec<Events>]) {
        for lifecycle in trace {
            let mut machine = StateMachine::new(Context);
            for &event in lifecycle {
                let _ = std::hint::black_box(machine.process_event(event));
            }
            std::hint::black_box(machine.state());
        }
    }

    fn states(trace: &[Vec<Events>]) -> Vec<job::State> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut machine = StateMachine::new(Context);
            for &event in lifecycle {
                let _ = machine.process_event(event);
                states.push(match machine.state() {
                    States::Creating => job::State::Creating,
                    States::Shipping => job::State::Shipping,
                    States::Received => job::State::Received,
                    States::Transferring => job::State::Transferring,
                    States::Packaging => job::State::Packaging,
                    States::Completed => job::State::Completed,
                    States::Closed => job::State::Closed,
                    States::Faulted(_) => job::State::Faulted,
                });
            }
        }
        states
    }
}
