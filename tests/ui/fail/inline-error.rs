// An inline spec with an error: positions are within the YAML text.
machine_macro::machine! {
    mod light = yaml "
machine: Light
initial: Of
states: { Off: {}, On: {} }
";
}

fn main() {}
