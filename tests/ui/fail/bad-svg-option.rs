// `svg` takes `true` or `false`; another option is named in the error.
machine_macro::machine! {
    mod door = "ui-spec/unknown-state.yaml", svg = sometimes;
}

machine_macro::machine! {
    mod light = "ui-spec/unknown-state.yaml", picture = true;
}

fn main() {}
