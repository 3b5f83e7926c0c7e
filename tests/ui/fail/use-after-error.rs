// Code that uses the generated module after a spec error: only the spec's error is shown,
// since the macro still emits the API's skeleton (every name it could read).
machine_macro::machine! {
    mod door = "ui-spec/unknown-state.yaml";
}

fn main() {
    let mut machine = door::Machine::new();
    let state: door::State = machine.fire(door::Event::Push, &()).unwrap_or(door::State::Closed);
    assert!(state.can_reach(door::State::Open) || door::TRANSITIONS.is_empty());
    let _ = "Open".parse::<door::State>();
}
