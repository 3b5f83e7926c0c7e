//! The job lifecycle as a person would write it by hand: `#[repr(u8)]` enums and one
//! `match (state, event)`, with the same behaviour as the generated `Machine::fire` (guards
//! asked lazily in order, the fault state's history, an error naming state, event and reason,
//! refusal once the lifecycle has ended). The reference the generated code is measured
//! against.

use crate::job;

/// A state of the job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
#[allow(missing_docs, reason = "the job spec documents them")]
pub enum State {
    Creating,
    Shipping,
    Received,
    Transferring,
    Packaging,
    Completed,
    Closed,
    Faulted,
}

/// An event of the job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
#[allow(missing_docs, reason = "the job spec documents them")]
pub enum Event {
    UpdateJobProperties,
    MarkShipping,
    Cancel,
    AllDrivesReceived,
    TransferStarted,
    AllDrivesProcessed,
    DrivesShippedBack,
    CloseUnanswered,
    Fault,
    Resolve,
}

/// A guard of the job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs, reason = "the job spec documents them")]
pub enum Guard {
    DeliveryPackageSet,
    ReturnAddressSet,
}

/// The guards' answers.
#[allow(missing_docs, reason = "the job spec documents them")]
pub trait Guards {
    fn delivery_package_set(&self) -> bool;
    fn return_address_set(&self) -> bool;
    fn no_errors(&self) -> bool;
}

/// Why an event was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No transition on the event in the state.
    NoTransition,
    /// This guard did not hold.
    GuardFailed(Guard),
    /// Resolving, with no known state to go back to.
    UnknownHistory,
    /// The lifecycle has ended.
    Ended,
}

/// A refused event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error {
    /// The state the job stays in.
    pub state: State,
    /// The refused event.
    pub event: Event,
    /// Why.
    pub refusal: Refusal,
}

/// A running job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Job {
    state: State,
    faulted_from: Option<State>,
    ended: bool,
}

impl Default for Job {
    fn default() -> Self {
        Self::new()
    }
}

impl Job {
    /// A new job, in `Creating`.
    #[must_use]
    pub const fn new() -> Job {
        Job {
            state: State::Creating,
            faulted_from: None,
            ended: false,
        }
    }

    /// The current state.
    #[must_use]
    pub const fn state(&self) -> State {
        self.state
    }

    /// Fires `event`, returning the new state.
    ///
    /// # Errors
    ///
    /// When the event is refused; the job stays where it is.
    pub fn fire<G: Guards>(&mut self, event: Event, guards: &G) -> Result<State, Error> {
        use Event as E;
        use State as S;
        let refuse = |refusal| {
            Err(Error {
                state: self.state,
                event,
                refusal,
            })
        };
        if self.ended {
            return refuse(Refusal::Ended);
        }
        let to = match (self.state, event) {
            (S::Creating, E::UpdateJobProperties) => S::Creating,
            (S::Creating, E::MarkShipping) => {
                if !guards.delivery_package_set() {
                    return refuse(Refusal::GuardFailed(Guard::DeliveryPackageSet));
                }
                if !guards.return_address_set() {
                    return refuse(Refusal::GuardFailed(Guard::ReturnAddressSet));
                }
                S::Shipping
            }
            (S::Creating | S::Shipping, E::Cancel) => return Ok(self.state),
            (S::Shipping, E::AllDrivesReceived) => S::Received,
            (S::Shipping, E::CloseUnanswered) => S::Closed,
            (S::Received, E::TransferStarted) => S::Transferring,
            (S::Transferring, E::AllDrivesProcessed) => S::Packaging,
            (S::Packaging, E::DrivesShippedBack) => {
                if guards.no_errors() {
                    S::Completed
                } else {
                    S::Closed
                }
            }
            (
                S::Creating | S::Shipping | S::Received | S::Transferring | S::Packaging,
                E::Fault,
            ) => {
                self.faulted_from = Some(self.state);
                S::Faulted
            }
            (S::Faulted, E::Resolve) => match self.faulted_from.take() {
                Some(state) => state,
                None => return refuse(Refusal::UnknownHistory),
            },
            _ => return refuse(Refusal::NoTransition),
        };
        self.state = to;
        Ok(to)
    }
}

impl From<job::Event> for Event {
    fn from(event: job::Event) -> Event {
        match event {
            job::Event::UpdateJobProperties => Event::UpdateJobProperties,
            job::Event::MarkShipping => Event::MarkShipping,
            job::Event::Cancel => Event::Cancel,
            job::Event::AllDrivesReceived => Event::AllDrivesReceived,
            job::Event::TransferStarted => Event::TransferStarted,
            job::Event::AllDrivesProcessed => Event::AllDrivesProcessed,
            job::Event::DrivesShippedBack => Event::DrivesShippedBack,
            job::Event::CloseUnanswered => Event::CloseUnanswered,
            job::Event::Fault => Event::Fault,
            job::Event::Resolve => Event::Resolve,
        }
    }
}

impl From<State> for job::State {
    fn from(state: State) -> job::State {
        match state {
            State::Creating => job::State::Creating,
            State::Shipping => job::State::Shipping,
            State::Received => job::State::Received,
            State::Transferring => job::State::Transferring,
            State::Packaging => job::State::Packaging,
            State::Completed => job::State::Completed,
            State::Closed => job::State::Closed,
            State::Faulted => job::State::Faulted,
        }
    }
}
