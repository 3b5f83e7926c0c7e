// A spec with compound states is valid, but the generated code does not express them yet:
// one located error (E0119), and the skeleton of the API, so code using the module sees no
// cascade of "cannot find type" errors.
machine_macro::machine! {
    mod order = "ui-spec/nested.yaml";
}

fn main() {
    let machine = order::Machine::new();
    let _ = machine.state();
}
