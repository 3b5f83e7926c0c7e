// Two errors in one spec: both are shown at once.
machine_macro::machine! {
    mod door = "ui-spec/two-errors.yaml";
}

fn main() {}
