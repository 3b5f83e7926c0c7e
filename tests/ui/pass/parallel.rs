// A lifecycle with a parallel state, through the macro: both regions run at once (rules S22
// to S29), and the machine shows its configuration.
machine_macro::machine! {
    mod upload = yaml "
machine: Upload
initial: Working
states:
  Working:
    parallel: true
    states:
      Send: { initial: Sending, states: { Sending: {}, Sent: { final: true } } }
      Scan: { initial: Scanning, states: { Scanning: {}, Clean: { final: true } } }
  Done: { final: true }
events: { Uploaded: {}, ScanOk: {} }
transitions:
  - { from: Sending, on: Uploaded, to: Sent }
  - { from: Scanning, on: ScanOk, to: Clean }
  - { from: Working, done: true, to: Done }
";
}

fn main() {
    use upload::{Event, Machine, State};
    let mut machine = Machine::new();
    assert_eq!(machine.state(), State::Working);
    assert!(machine.configuration().eq([State::Sending, State::Scanning]));
    let step = machine.step(Event::Uploaded, &()).expect("the upload finishes");
    assert!(step.configuration().eq([State::Sent, State::Scanning]));
    assert!(machine.is_in(State::Sent) && machine.is_in(State::Scan));
    // Both regions are done: `Working` completes (rule S28) and the machine moves on.
    let step = machine.step(Event::ScanOk, &()).expect("the scan finishes");
    assert_eq!(step.settled(), State::Done);
    assert!(machine.configuration().eq([State::Done]));
}
