// A parallel state is a valid lifecycle that the generated Rust cannot carry yet: the macro
// says so at the parallel state (E0120), and keeps the API's skeleton.
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
    let _ = upload::State::Working;
}
