// A transition names a state that does not exist: the error names the spec file, line and
// column, with the "did you mean" help.
machine_macro::machine! {
    mod door = "ui-spec/unknown-state.yaml";
}

fn main() {}
