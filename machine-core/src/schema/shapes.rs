//! The shapes of the values of the spec language, as the JSON Schema states them: each a type
//! that has only a schema, which the types of [`crate::ast`] name for their keys
//! (`schemars(with = ...)`). They read the patterns of the loader itself (a name, a duration).

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::ident::NAME_PATTERN;
use crate::lower::duration_text::DURATION_PATTERN;

/// Declares a type that only has a schema: the shape of one kind of value.
macro_rules! shape {
    ($(#[$doc:meta])* $name:ident, $schema:expr) => {
        $(#[$doc])*
        pub struct $name;

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

/// A name: one the loader reads as text, whose Rust identifier lowering can make.
fn name() -> serde_json::Value {
    serde_json::json!({ "type": "string", "pattern": NAME_PATTERN })
}

/// A name, or a list of them, each once; `non_empty` when the list needs an item.
fn names(item: &serde_json::Value, non_empty: bool) -> Schema {
    let min = u8::from(non_empty);
    json_schema!({
        "anyOf": [
            item,
            { "type": "array", "items": item, "minItems": min, "uniqueItems": true },
        ],
    })
}

shape!(
    /// Text: any value written after the colon (YAML may read `12` or `true` as another
    /// type; the loader takes its text), but not nothing.
    Text,
    json_schema!({ "type": ["string", "number", "boolean"] })
);

shape!(
    /// A name (`Shipping`, `return_address_set`): ASCII letters, digits, `_`, `-` and
    /// spaces, starting with a letter (after any `_`, `-` or space).
    Name,
    name().try_into().expect("an object")
);

shape!(
    /// One name or a list of names, each once (`[Creating, Shipping]`).
    NameList,
    names(&name(), false)
);

shape!(
    /// One name or a list of at least one name, each once.
    NonEmptyNames,
    names(&name(), true)
);

shape!(
    /// One name or a list of names, where a name may come back (actions run in order).
    Actions,
    json_schema!({
        "anyOf": [name(), { "type": "array", "items": name() }],
    })
);

shape!(
    /// A transition's source: `"*"` alone, a state, or a list of at least one state.
    From,
    json_schema!({
        "anyOf": [
            { "const": "*" },
            name(),
            { "type": "array", "items": name(), "minItems": 1, "uniqueItems": true },
        ],
    })
);

shape!(
    /// A guard list: a guard that must hold (`name`) or must not (`"!name"`, quoted), or a
    /// list of them, each once.
    Guards,
    names(
        &serde_json::json!({ "type": "string", "pattern": format!("^!?{}", &NAME_PATTERN[1..]) }),
        false
    )
);

shape!(
    /// Wire names: one, or a list of at least one, each with a character that is not a space.
    WireNames,
    names(
        &serde_json::json!({ "type": ["string", "number", "boolean"], "pattern": "\\S" }),
        true
    )
);

shape!(
    /// A duration: a whole number above zero and a unit, `s`, `m`, `h`, `d` or `w` (`14d`),
    /// or the name of a duration declared under `durations:`.
    After,
    json_schema!({
        "type": "string",
        "anyOf": [{ "pattern": DURATION_PATTERN }, { "pattern": NAME_PATTERN }],
    })
);

shape!(
    /// Waived checks: each key a check a state may waive, each value the reason.
    Waivers,
    json_schema!({
        "type": "object",
        "propertyNames": {
            "enum": crate::Code::ALL
                .iter()
                .filter(|c| c.is_waivable())
                .map(|c| c.name())
                .collect::<Vec<_>>(),
        },
        "additionalProperties": { "type": ["string", "number", "boolean"], "pattern": "\\S" },
    })
);

shape!(
    /// A history state (rule S19): `shallow` or `deep`, or a mapping with its `type`, the
    /// `default` state entered when the compound state was never left, and its `doc`.
    History,
    json_schema!({
        "anyOf": [
            { "enum": ["shallow", "deep"] },
            {
                "type": "object",
                "properties": {
                    "type": { "enum": ["shallow", "deep"] },
                    "default": name(),
                    "doc": { "type": ["string", "number", "boolean"] },
                },
                "required": ["type"],
                "additionalProperties": false,
            },
        ],
    })
);
