// The API of compound states (rules S16 to S18), as a user meets it: the tree on `State`, the
// machine in a state and in every state around it, the states a step leaves and enters, the
// actions of every level, and the clock of a compound state running on inside it.
#![forbid(unsafe_code)]
#![deny(warnings)]

machine_macro::machine! {
    /// An order with a cancellable group.
    pub mod order = "ui-spec/nested.yaml";
}

use order::{Event, Machine, State, Timer};

#[derive(Default)]
struct Log(Vec<&'static str>);

impl order::Actions for Log {
    fn open_ticket(&mut self) {
        self.0.push("open_ticket");
    }
    fn close_ticket(&mut self) {
        self.0.push("close_ticket");
    }
    fn print_label(&mut self) {
        self.0.push("print_label");
    }
    fn refund(&mut self) {
        self.0.push("refund");
    }
}

fn main() {
    // The tree.
    assert_eq!(State::Boxing.parent(), Some(State::Packing));
    assert_eq!(State::Packing.parent(), Some(State::Open));
    assert_eq!(State::Open.parent(), None);
    assert!(State::Open.is_compound() && !State::Boxing.is_compound());
    assert_eq!(State::Open.initial(), Some(State::Pending));
    assert_eq!(State::Packing.descend(), State::Picking);
    assert_eq!(State::Boxing.depth(), 3);
    assert!(State::Boxing.is_within(State::Open));
    assert!(!State::Shipped.is_within(State::Open));
    assert_eq!(
        State::Boxing.ancestors().collect::<Vec<_>>(),
        [State::Packing, State::Open]
    );

    // A machine starts inside its initial compound state, with the entry actions of every
    // level.
    let mut log = Log::default();
    let mut machine = Machine::start(&mut log);
    assert_eq!(machine.state(), State::Pending);
    assert!(machine.is_in(State::Open) && machine.is_in(State::Pending));
    assert_eq!(machine.configuration().collect::<Vec<_>>(), [State::Pending]);
    assert_eq!(log.0, ["open_ticket"]);

    // A target that is a compound state is entered down to its initial state.
    let step = machine.step(Event::Pay, &()).expect("Pay is accepted in Pending");
    assert_eq!(step.to, State::Picking);
    assert_eq!(step.domain(), Some(State::Open));
    assert_eq!(step.exits().collect::<Vec<_>>(), [State::Pending]);
    assert_eq!(step.entries().collect::<Vec<_>>(), [State::Packing, State::Picking]);
    // The clock of `Open` runs on while the machine moves inside it.
    assert!(!step.restarts(Timer::Expiry));
    machine.step(Event::Box, &()).expect("Box is accepted in Picking");
    assert!(machine.is_in(State::Packing));

    // A transition written on `Open` fires from any state inside it, and leaves every level.
    let mut log = Log::default();
    let step = machine.step(Event::Cancel, &()).expect("Cancel is accepted inside Open");
    step.run(&mut log);
    assert_eq!(step.from, State::Boxing);
    assert_eq!(step.to, State::Cancelled);
    assert_eq!(
        step.exits().collect::<Vec<_>>(),
        [State::Boxing, State::Packing, State::Open]
    );
    assert_eq!(log.0, ["close_ticket", "refund"]);

    // A status poll that reports a compound state gives the machine in its initial state.
    assert_eq!(Machine::at(State::Packing).state(), State::Picking);
    // The timer of a compound state runs in every state inside it.
    assert!(State::Boxing.timers().contains(&Timer::Expiry));
    let mut machine = Machine::at(State::Boxing);
    let step = machine.expire(Timer::Expiry).expect("Open's timeout runs in Boxing");
    assert_eq!(step.to, State::Cancelled);
}
