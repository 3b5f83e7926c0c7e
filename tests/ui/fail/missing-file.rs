// The spec file does not exist.
machine_macro::machine! {
    mod door = "ui-spec/no-such-spec.yaml";
}

fn main() {}
