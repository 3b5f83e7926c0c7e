// Input the macro does not understand: the error points at it.
machine_macro::machine! {
    mod door = "ui-spec/unknown-state.yaml", serde = features;
}

machine_macro::machine! {
    mod light = json "{}";
}

fn main() {}
