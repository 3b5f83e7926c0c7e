//! Turning spec names into Rust identifiers, in one place.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The Rust case a spec name is converted to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Types and enum variants: states, events, incidents, starts, the machine.
    UpperCamel,
    /// Functions: guards.
    Snake,
}

/// Every Rust keyword, strict, reserved and edition-dependent, so a generated identifier is
/// valid in every edition.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `word` is a Rust keyword in some edition.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// The names [`rust_ident`] can turn into an identifier, as a regular expression for the JSON
/// Schema: the allowed characters, and a letter before any digit. Keywords and collisions are
/// for the checks only. `tests/tests/schema.rs` holds the two equal on every fixture.
pub const NAME_PATTERN: &str = "^[_-]*[A-Za-z][A-Za-z0-9_ -]*$";

/// The Rust identifier for a spec name, or why there is none.
pub fn rust_ident(name: &str, case: Case) -> Result<String, String> {
    if name.trim().is_empty() {
        return Err("the name is empty".into());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' ')))
    {
        let shown = if c.is_control() || c.is_whitespace() {
            c.escape_default().to_string()
        } else {
            c.to_string()
        };
        return Err(format!(
            "`{name}` contains `{shown}`; names may use ASCII letters, digits, `_`, `-` and spaces"
        ));
    }
    let ident = match case {
        Case::UpperCamel => name.to_upper_camel_case(),
        Case::Snake => name.to_snake_case(),
    };
    if ident.is_empty() || ident.chars().all(|c| c == '_') {
        return Err(format!(
            "`{name}` has no letters to make an identifier from"
        ));
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!(
            "`{name}` starts with a digit, which a Rust identifier cannot"
        ));
    }
    if is_keyword(&ident) {
        return Err(format!(
            "`{name}` becomes `{ident}`, which is a Rust keyword"
        ));
    }
    Ok(ident)
}
