//! The JSON Schema of the spec language, generated from the AST types in [`crate::ast`], so
//! editors validate and complete exactly what the loader accepts.
//! `spec/machine.schema.json` is this text; a test keeps it fresh.

/// The schema as pretty-printed JSON, ending in a newline.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(crate::ast::Spec);
    // A schema is a JSON value, and serializing a JSON value cannot fail.
    let mut text = serde_json::to_string_pretty(&schema).expect("a JSON value serializes");
    text.push('\n');
    text
}
