//! The JSON Schema of the spec language, generated from the AST types in [`crate::ast`], so
//! editors validate and complete what the loader accepts: the types of [`crate::ast`] give
//! the keys, which are required, and each key's help text; the types of [`shapes`] give the
//! shape of each value as loading and lowering check it (no `null` where a value is needed,
//! names that can become identifiers, durations, non-empty lists, one expiry per timeout,
//! `to:` or `internal: true`). `spec/machine.schema.json` is this text; a test keeps it
//! fresh, and `tests/tests/schema.rs` validates every spec and bad fixture against it with a
//! JSON Schema validator. What only the CLI can catch (names that must exist, keywords,
//! collisions, the graph rules) is listed in `docs/spec-language.md`.

pub mod shapes;

/// The schema as pretty-printed JSON, ending in a newline.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(crate::ast::Spec);
    // A schema is a JSON value, and serializing a JSON value cannot fail.
    let mut text = serde_json::to_string_pretty(&schema).expect("a JSON value serializes");
    text.push('\n');
    text
}
