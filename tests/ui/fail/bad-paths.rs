// Paths that are not a spec file inside the crate: a directory, an absolute path, a path
// leaving the crate, and an empty path.
machine_macro::machine! {
    mod directory = "ui-spec";
}

machine_macro::machine! {
    mod absolute = "/etc/machine.yaml";
}

machine_macro::machine! {
    mod outside = "../spec/job.yaml";
}

machine_macro::machine! {
    mod empty = "";
}

fn main() {}
