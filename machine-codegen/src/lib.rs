//! `machine-codegen`: checked model -> Rust tokens -> formatted Rust.
