// The API of history states (rule S19), as a user meets it: where the machine was when it
// last left a compound state, a transition back there, deep or shallow, and the actions and
// the states entered of a step whose target is known only at run time.
#![forbid(unsafe_code)]
#![deny(warnings)]

machine_macro::machine! {
    /// An order that is put on hold and taken up again where it was.
    pub mod order = "ui-spec/history.yaml";
}

use order::{Event, Machine, State, Target};

#[derive(Default)]
struct Log(Vec<&'static str>);

impl order::Actions for Log {
    fn open_ticket(&mut self) {
        self.0.push("open_ticket");
    }
    fn close_ticket(&mut self) {
        self.0.push("close_ticket");
    }
    fn ask_payment(&mut self) {
        self.0.push("ask_payment");
    }
    fn start_packing(&mut self) {
        self.0.push("start_packing");
    }
    fn stop_packing(&mut self) {
        self.0.push("stop_packing");
    }
    fn print_label(&mut self) {
        self.0.push("print_label");
    }
    fn note(&mut self) {
        self.0.push("note");
    }
}

fn main() {
    let mut log = Log::default();
    let mut machine = Machine::start(&mut log);
    // Nothing is remembered until the machine leaves a compound state.
    assert_eq!(machine.remembered(State::Open), None);
    for event in [Event::Pay, Event::Box] {
        machine.step(event, &()).expect("accepted");
    }
    let hold = machine.step(Event::Hold, &()).expect("Hold is accepted in Boxing");
    assert_eq!(hold.to, State::OnHold);
    assert_eq!(machine.remembered(State::Open), Some(State::Boxing));
    assert_eq!(machine.remembered(State::Packing), Some(State::Boxing));
    // `Machine` stays `Copy`: try both histories from the same place.
    let held = machine;

    // The deep history goes back to Boxing, entering every level on the way.
    let mut log = Log::default();
    let step = machine.step(Event::Release, &()).expect("Release is accepted");
    assert_eq!(step.to, State::Boxing);
    let order::Cause::Transition(t) = step.cause else {
        unreachable!("an event fired a transition")
    };
    assert_eq!(
        t.target,
        Target::Recall { state: State::Open, deep: true, default: State::Pending }
    );
    assert_eq!(step.entries().collect::<Vec<_>>(), [State::Open, State::Packing, State::Boxing]);
    step.run(&mut log);
    assert_eq!(log.0, ["open_ticket", "start_packing", "print_label"]);

    // The shallow one goes back to Packing, the state directly inside Open, and enters it
    // anew: Picking.
    let mut machine = held;
    let step = machine.step(Event::Restart, &()).expect("Restart is accepted");
    assert_eq!(step.to, State::Picking);
    assert!(machine.is_in(State::Packing));

    // A machine from a status poll remembers nothing: the history's default.
    let mut polled = Machine::at(State::OnHold);
    assert_eq!(polled.fire(Event::Restart, &()), Ok(State::Picking));
}
