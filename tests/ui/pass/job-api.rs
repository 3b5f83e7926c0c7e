// Every part of the emitted API, on the Import/Export job and drive specs, checked at run
// time: enums and their text, parsing, the transition table and `select`, the machine with
// guards, refusals and fault history, timeouts, incidents, reachability and paths, the DOT.
#![forbid(unsafe_code)]
#![deny(warnings)]

use std::collections::HashSet;

machine_macro::machine! {
    /// The job.
    pub mod job = "ui-spec/job.yaml";
}

machine_macro::machine! {
    /// The drive, with serde derives.
    pub(crate) mod drive = "ui-spec/drive.yaml", serde;
}

/// The facts the job's guards ask about.
struct Facts {
    package: bool,
    address: bool,
    errors: bool,
}

impl job::Guards for Facts {
    fn delivery_package_set(&self) -> bool {
        self.package
    }
    fn return_address_set(&self) -> bool {
        self.address
    }
    fn no_errors(&self) -> bool {
        !self.errors
    }
}

fn main() {
    use job::{Event, Machine, State};

    // Enums: one byte, spec order, names, wire names, docs, flags.
    assert_eq!(std::mem::size_of::<State>(), 1);
    assert_eq!(std::mem::size_of::<Event>(), 1);
    assert_eq!(State::COUNT, 8);
    assert_eq!(State::ALL[0], State::Creating);
    assert_eq!(State::INITIAL, &[State::Creating]);
    assert_eq!(State::FINAL, &[State::Completed, State::Closed]);
    assert_eq!(State::FAULT, State::Faulted);
    assert!(State::Completed.is_final() && !State::Creating.is_final());
    assert!(State::Creating.is_initial() && State::Faulted.is_fault());
    assert!(State::Received.doc().starts_with("All drives have been received"));
    assert_eq!(State::from_index(State::Packaging.index()), Some(State::Packaging));
    assert_eq!(State::from_index(99), None);
    assert_eq!(job::NAME, "Job");
    assert_eq!(job::SOURCE, "ui-spec/job.yaml");
    let distinct: HashSet<State> = State::ALL.iter().copied().collect();
    assert_eq!(distinct.len(), State::COUNT);

    // Display / FromStr on wire names; the error names the bad string.
    assert_eq!(State::Shipping.to_string(), "Shipping");
    assert_eq!("Transferring".parse::<State>(), Ok(State::Transferring));
    let error = "Shipped".parse::<State>().unwrap_err();
    assert_eq!(error.input(), "Shipped");
    assert_eq!(error.kind(), job::ParseKind::State);
    assert_eq!(error.to_string(), r#"unknown Job state: "Shipped""#);
    let long = "x".repeat(100);
    let error = long.parse::<Event>().unwrap_err();
    assert!(error.is_truncated() && error.input().len() == 64);
    assert_eq!(Event::from_wire("MarkShipping"), Some(Event::MarkShipping));
    assert_eq!(Event::MarkShipping.name(), "MarkShipping");
    assert_eq!(Event::ALL.len(), Event::COUNT);
    assert!(!Event::Cancel.doc().is_empty());
    let drive_error = "Lost".parse::<drive::State>().unwrap_err();
    assert_eq!(drive_error.to_string(), r#"unknown Drive state: "Lost""#);
    assert_eq!(drive::State::CompletedMoreInfo.wire(), "CompletedMoreInfo");

    // Guards, `select` and the table.
    let none = Facts { package: false, address: false, errors: false };
    let all = Facts { package: true, address: true, errors: false };
    let refused = job::select(State::Creating, Event::MarkShipping, &none).unwrap_err();
    assert_eq!(refused.refusal, job::Refusal::GuardFailed(job::Guard::DeliveryPackageSet));
    assert_eq!(
        refused.to_string(),
        "Job refused event `MarkShipping` in state `Creating`: guard `delivery_package_set` does not hold"
    );
    let half = Facts { package: true, address: false, errors: false };
    assert_eq!(
        job::select(State::Creating, Event::MarkShipping, &half).unwrap_err().refusal,
        job::Refusal::GuardFailed(job::Guard::ReturnAddressSet)
    );
    let transition = job::select(State::Creating, Event::MarkShipping, &all).unwrap();
    assert_eq!(transition.target, job::Target::State(State::Shipping));
    assert_eq!(
        transition.guards,
        &[(job::Guard::DeliveryPackageSet, true), (job::Guard::ReturnAddressSet, true)]
    );
    assert_eq!(transition.origin, job::Origin::Spec);
    assert_eq!(job::Guard::NoErrors.name(), "no_errors");
    assert!(job::Guard::ALL.iter().all(|g| !g.doc().is_empty()));
    let no_transition = job::select(State::Completed, Event::Fault, &all).unwrap_err();
    assert_eq!(no_transition.refusal, job::Refusal::NoTransition);
    assert_eq!((no_transition.state, no_transition.event), (State::Completed, Event::Fault));
    assert!(State::Creating.transitions().iter().all(|t| t.from == State::Creating));
    let total: usize = State::ALL.iter().map(|s| s.transitions().len()).sum();
    assert_eq!(total, job::TRANSITIONS.len());
    assert!(State::Shipping.accepts(Event::CloseUnanswered));
    assert!(!State::Received.accepts(Event::Cancel));
    assert_eq!(State::Packaging.accepted_events(), &[Event::DrivesShippedBack, Event::Fault]);
    let close = State::Shipping.transitions().iter().find(|t| t.event == Event::CloseUnanswered).unwrap();
    assert_eq!(close.origin, job::Origin::Incident(job::Incident::PackageNotArrived));

    // The machine: internal and self-transitions, guards tried in order, timeouts restarting.
    let mut machine = Machine::new();
    assert_eq!(machine, Machine::default());
    let step = machine.step(Event::Cancel, &all).unwrap();
    assert_eq!((step.from, step.to, step.entered()), (State::Creating, State::Creating, false));
    let step = machine.step(Event::UpdateJobProperties, &all).unwrap();
    assert!(step.entered() && step.restarts(job::Timer::Creating));
    assert_eq!(machine.fire(Event::MarkShipping, &none).unwrap_err().state, State::Creating);
    assert_eq!(machine.state(), State::Creating, "a refused event leaves the state");
    assert_eq!(machine.fire(Event::MarkShipping, &all), Ok(State::Shipping));
    machine.fire(Event::AllDrivesReceived, &all).unwrap();
    machine.fire(Event::TransferStarted, &all).unwrap();
    machine.fire(Event::AllDrivesProcessed, &all).unwrap();
    let with_errors = Facts { package: true, address: true, errors: true };
    let mut twin = machine;
    assert_eq!(machine.fire(Event::DrivesShippedBack, &all), Ok(State::Completed));
    assert_eq!(twin.fire(Event::DrivesShippedBack, &with_errors), Ok(State::Closed));

    // The fault state remembers where it was entered from.
    let mut machine = Machine::at(State::Received);
    assert_eq!(machine.fire(Event::Fault, &all), Ok(State::Faulted));
    assert_eq!(machine.faulted_from(), Some(State::Received));
    assert_eq!(machine.fire(Event::Resolve, &all), Ok(State::Received));
    assert_eq!(machine.faulted_from(), None);
    let mut unknown = Machine::at(State::Faulted);
    assert_eq!(unknown.fire(Event::Resolve, &all).unwrap_err().refusal, job::Refusal::UnknownHistory);
    assert_eq!(
        unknown.resume_to(State::Shipping).unwrap_err().refusal,
        job::Refusal::CannotResumeTo(State::Shipping)
    );
    let mut known = Machine::faulted(State::Packaging).unwrap();
    assert!(Machine::faulted(State::Completed).is_none());
    assert_eq!(known.resume_to(State::Packaging).unwrap().to, State::Packaging);

    // Timeouts as data.
    let timeout = &State::Creating.timeouts()[0];
    assert_eq!(timeout.after, std::time::Duration::from_secs(14 * 24 * 3600));
    assert_eq!(timeout.after_text, "14d");
    assert!(matches!(timeout.expiry, job::Expiry::End(text) if text.contains("deletes")));
    assert!(timeout.is_reset_by(Event::UpdateJobProperties));
    assert!(matches!(State::Shipping.timeouts()[0].expiry, job::Expiry::Notify(_)));
    assert!(State::Received.timeouts().is_empty());
    let drive_timeout = &drive::State::Specified.timeouts()[0];
    assert_eq!(drive_timeout.expiry, drive::Expiry::Transition(drive::State::NeverReceived));
    assert_eq!(State::Creating.timers(), &[job::Timer::Creating]);
    assert_eq!(job::Timer::Creating.timeout(), timeout);
    assert_eq!(job::Timer::Creating.state(), State::Creating);

    // An expiry is a step like an event's; a timer of another state is refused.
    let mut machine = Machine::new();
    let running: Vec<job::Running> = machine.running().collect();
    assert_eq!(running, [job::Running { timer: job::Timer::Creating, since: 0 }]);
    assert_eq!(running[0].after(), timeout.after);
    machine.fire(Event::Cancel, &all).unwrap();
    machine.fire(Event::UpdateJobProperties, &all).unwrap();
    assert_eq!(machine.steps(), 2);
    assert_eq!(machine.running().map(|r| r.since).collect::<Vec<_>>(), [2], "the self-transition restarted it");
    let refused = machine.expire(job::Timer::Shipping).unwrap_err();
    assert_eq!(refused, job::Refusal::NoTimeout);
    assert!(core::mem::size_of::<job::Refusal>() <= 2);
    let step = machine.expire(job::Timer::Creating).unwrap();
    assert_eq!((step.from, step.to, step.timer(), step.transition()), (State::Creating, State::Creating, Some(job::Timer::Creating), None));
    assert!(!step.entered() && machine.is_ended());
    assert_eq!(machine.running().count(), 0, "no timer runs once the lifecycle ended");
    assert_eq!(machine.expire(job::Timer::Creating), Err(job::Refusal::Ended));
    let mut drive_machine = drive::Machine::at(drive::State::Specified);
    let step = drive_machine.expire(drive::Timer::Specified).unwrap();
    assert_eq!(step.cause, drive::Cause::Timeout(drive::Timer::Specified));
    assert!(step.entered() && step.to == drive::State::NeverReceived);

    // Incidents per state, with resolutions.
    assert_eq!(
        State::Creating.incidents(),
        &[job::Incident::DrivesArrivedBeforeShipping, job::Incident::ExtraDriveInPackage]
    );
    let incident = job::Incident::PackageNotArrived;
    assert_eq!(incident.states(), &[State::Shipping]);
    assert_eq!(incident.transition(), Some((Event::CloseUnanswered, State::Closed)));
    assert!(incident.resolution().contains("30 days"));
    assert!(!incident.what_happened().is_empty());
    assert_eq!(job::Incident::DrivesArrivedBeforeShipping.no_state(), Some("Undefined"));
    assert_eq!(drive::Incident::WITHOUT_STATE, &[drive::Incident::DriveOfNoJob]);
    assert_eq!(job::Incident::ALL.len(), 5);

    // Reachability and shortest paths; a history exit adds no shortcut.
    assert!(State::Creating.can_reach(State::Closed));
    assert!(State::Creating.can_reach(State::Creating));
    assert!(!State::Transferring.can_reach(State::Shipping));
    assert!(!State::Faulted.can_reach(State::Creating));
    assert!(State::Received.path_to(State::Shipping).is_none());
    let path = State::Shipping.path_to(State::Completed).unwrap();
    assert_eq!((path.at(), path.to(), path.len()), (State::Shipping, State::Completed, 4));
    let states: Vec<State> = path.clone().map(|m| m.to).collect();
    assert_eq!(states, [State::Received, State::Transferring, State::Packaging, State::Completed]);
    let events: Vec<job::Via> = path.map(|m| m.via).collect();
    assert_eq!(events[0], job::Via::Event(Event::AllDrivesReceived));
    assert!(State::Closed.path_to(State::Closed).unwrap().is_empty());
    let timed = drive::State::Specified.path_to(drive::State::NeverReceived).unwrap();
    let only: Vec<drive::Move> = timed.collect();
    assert_eq!(only.len(), 1);
    assert!(matches!(only[0].via, drive::Via::Event(drive::Event::PackageArrivedWithoutDrive)));

    // Named starts.
    let import = drive::Machine::new(drive::Start::Import);
    assert_eq!(import.state(), drive::State::Specified);
    assert_eq!(drive::Start::Export.state(), drive::State::Received);
    assert_eq!(drive::Start::Export.to_string(), "export");
    assert_eq!(drive::State::INITIAL, &[drive::State::Specified, drive::State::Received]);

    // Serde with wire names.
    let json = serde_json::to_string(&drive::State::CompletedMoreInfo).unwrap();
    assert_eq!(json, r#""CompletedMoreInfo""#);
    assert_eq!(serde_json::from_str::<drive::State>(r#""ShippedBack""#).unwrap(), drive::State::ShippedBack);
    assert!(serde_json::from_str::<drive::State>(r#""Lost""#).is_err());

    // The diagram.
    assert!(job::DOT.contains("digraph \"Job\""));
    assert!(drive::DOT.contains("\"NeverReceived\""));
}
