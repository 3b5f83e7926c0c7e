// The API of completion and eventless transitions (rules S20 and S21), as a user meets it: an
// input and the automatic steps it leads to, where the machine settled, the actions of every
// step, a status API's compound state and its conclusion, and the guards the automatic steps
// ask.
#![forbid(unsafe_code)]
#![deny(warnings)]

machine_macro::machine! {
    /// A CI check run.
    pub mod run = "ui-spec/check-run.yaml";
}

machine_macro::machine! {
    /// Two states that hand the machine to each other without an event.
    pub mod flip = "ui-spec/flip.yaml";
}

use run::{Event, Machine, State, Trigger};

#[derive(Default)]
struct Log(Vec<&'static str>);

impl run::Actions for Log {
    fn allocate_runner(&mut self) {
        self.0.push("allocate_runner");
    }
    fn release_runner(&mut self) {
        self.0.push("release_runner");
    }
    fn send_webhook(&mut self) {
        self.0.push("send_webhook");
    }
    fn clear_logs(&mut self) {
        self.0.push("clear_logs");
    }
}

/// The answers of one input.
struct Answers {
    skip: bool,
    passed: bool,
}

impl run::Guards for Answers {
    fn condition_false(&self) -> bool {
        self.skip
    }
    fn all_steps_passed(&self) -> bool {
        self.passed
    }
    fn neutral_exit(&self) -> bool {
        false
    }
}

fn main() {
    let go = Answers {
        skip: false,
        passed: true,
    };
    let mut machine = Machine::new();
    // Picking the job evaluates its condition at once: the step to `Picked`, then the
    // eventless one into the job, which the machine settles in.
    let mut log = Log::default();
    let step = machine.step(Event::Pick, &go).expect("Pick is accepted");
    step.run(&mut log);
    assert_eq!(step.to, State::Picked);
    let then: Vec<_> = step.then().collect();
    assert_eq!(then.len(), 1);
    assert_eq!(then[0].transition().map(|t| t.trigger), Some(Trigger::Always));
    assert_eq!(step.settled(), State::SettingUp);
    assert_eq!(machine.state(), State::SettingUp);
    assert!(machine.is_in(State::InProgress));
    assert_eq!(log.0, ["allocate_runner"]);

    // The last step completes `InProgress`: its completion decides the conclusion.
    for event in [Event::RunnerReady, Event::StepsDone] {
        machine.fire(event, &go).expect("accepted");
    }
    let mut log = Log::default();
    let step = machine.step(Event::CleanedUp, &go).expect("accepted");
    step.run(&mut log);
    assert_eq!(step.to, State::Finished);
    assert_eq!(step.settled(), State::Success);
    assert!(machine.is_in(State::Completed));
    assert_eq!(log.0, ["release_runner", "send_webhook"]);
    // The status API reports the compound state and the conclusion.
    assert_eq!("completed".parse::<State>(), Ok(State::Completed));
    assert_eq!(machine.state().to_string(), "success");
    assert!(run::SETTLE_BOUND >= 1);

    // A skipped job goes straight to its conclusion; `fire` gives where it settled.
    let mut machine = Machine::new();
    let skip = Answers {
        skip: true,
        passed: false,
    };
    assert_eq!(machine.fire(Event::Pick, &skip), Ok(State::Skipped));

    // Answers that flip at every question would loop: the input is refused at the bound,
    // and the machine stays where it was.
    let mut machine = flip::Machine::new();
    let refused = machine.step(flip::Event::Go, &Flipping(std::cell::Cell::new(false)));
    assert_eq!(
        refused.map_err(|e| e.refusal),
        Err(flip::Refusal::Unsettled)
    );
    assert_eq!(machine.state(), flip::State::Idle);
    let settled = machine.fire(flip::Event::Go, &Flipping(std::cell::Cell::new(true)));
    assert_eq!(settled, Ok(flip::State::A));
}

/// A guard whose answer changes each time it is asked.
struct Flipping(std::cell::Cell<bool>);

impl flip::Guards for Flipping {
    fn up(&self) -> bool {
        self.0.set(!self.0.get());
        self.0.get()
    }
}
