use std::time::Duration;

machine_macro::machine! {
    /// A library book on loan.
    pub mod loan = "loan.yaml";
}

use loan::{Actions, Durations, Event, Guards, Machine, State, Timer};

/// What the desk knows when a member comes by.
struct Desk {
    owes_fines: bool,
    reserved: bool,
    undamaged: bool,
}

impl Guards for Desk {
    fn owes_fines(&self) -> bool {
        self.owes_fines
    }
    fn reserved(&self) -> bool {
        self.reserved
    }
    fn undamaged(&self) -> bool {
        self.undamaged
    }
}

impl Durations for Desk {
    fn loan_period(&self) -> Duration {
        Duration::from_secs(21 * 24 * 60 * 60)
    }
}

/// The effects a step asks for; here, printed.
struct Clerk;

impl Actions for Clerk {
    fn stamp_due_date(&mut self) {
        println!("  (stamp the due date)");
    }
    fn charge_damage(&mut self) {
        println!("  (charge for the damage)");
    }
    fn charge_replacement(&mut self) {
        println!("  (charge for a new copy)");
    }
}

fn main() {
    let mut desk = Desk { owes_fines: true, reserved: false, undamaged: false };
    let mut book = Machine::new();
    book.fire(Event::Catalogued, &desk).unwrap();

    // A member with fines is refused, and the error says why.
    let refused = book.fire(Event::Borrow, &desk).unwrap_err();
    println!("{refused}");
    assert_eq!(book.state(), State::Available);

    desk.owes_fines = false;
    for event in [Event::Borrow, Event::Return, Event::Repaired] {
        let step = book.step(event, &desk).unwrap();
        println!("{event}: {} -> {}", step.from, step.to);
        step.run(&mut Clerk);
    }
    assert_eq!(book.state(), State::Available);

    let period = Timer::OnLoan.timeout().duration(&desk);
    println!("a loan lasts {} days", period.as_secs() / 86_400);
}
