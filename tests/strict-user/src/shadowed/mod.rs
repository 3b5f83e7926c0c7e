//! A module whose names shadow the prelude and `core`: the emitted code must use absolute
//! paths only.

#![allow(non_camel_case_types, non_snake_case, clippy::upper_case_acronyms)]

/// Shadows `core::result::Result`.
pub struct Result;
/// Shadows `core::option::Option`.
pub struct Option;
/// Shadows `Result::Ok`.
pub struct Ok;
/// Shadows `Result::Err`.
pub struct Err;
/// Shadows `Option::Some`.
pub struct Some;
/// Shadows `Option::None`.
pub struct None;
/// Shadows the `Default` trait.
pub trait Default {}
/// Shadows the `Copy` trait.
pub trait Copy {}
/// Shadows the `Debug` trait.
pub trait Debug {}
/// Shadows the `core` crate.
pub mod core {}

machine_macro::machine! {
    /// The job lifecycle, beside the shadowing names.
    pub mod job = "spec/import-export/job.yaml";
}

// The checked-in expansion, beside the shadowing names (docs: the file's inner docs).
#[rustfmt::skip] // prettyplease formats it, and `machine gen --check` keeps it so
#[path = "../../../../generated-example/src/generated/drive.rs"]
pub mod drive;
