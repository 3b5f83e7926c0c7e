// The spec is not well-formed YAML.
machine_macro::machine! {
    mod door = "ui-spec/yaml-syntax.yaml";
}

fn main() {}
