//! How the import spells what it reads and what it writes: the names it makes of SCXML ids,
//! events and labels, the names inside what `machine`'s export writes, and YAML scalars.

use machine_core::ident::{Case, rust_ident};

/// The name of a guard in a `cond` term: without the `guard_` that `machine`'s export puts
/// before it.
pub(super) fn guard_name(term: &str) -> &str {
    term.strip_prefix("guard_").unwrap_or(term)
}

/// The name of the action a `<log>` stands for: its label, without the `action:` that
/// `machine`'s export puts before it.
pub(super) fn action_name(label: &str) -> &str {
    label.strip_prefix("action:").unwrap_or(label).trim()
}

/// `name`, or `name2`, `name3`... when `taken` has it; the result is taken too.
pub(super) fn unique(name: String, taken: &mut Vec<String>) -> String {
    if !taken.contains(&name) {
        taken.push(name.clone());
        return name;
    }
    let mut candidate = name.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    taken.push(candidate.clone());
    candidate
}

/// A name of the spec language for `text` (an SCXML id, event or label): `text` itself when
/// it is an identifier of the name's Rust case already, else the identifier the spec would make
/// of its letters and digits (`shutting-down` gives `ShuttingDown`, `api.stop` gives
/// `ApiStop`), so that `machine run` scripts name it in one word; the text itself stays the
/// wire name. `case` is the case of the generated identifier; `prefix` goes before a name
/// that would start with a digit or be a keyword.
pub(super) fn name_of(text: &str, case: Case, prefix: &str) -> String {
    let plain = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain && rust_ident(text, case).is_ok_and(|ident| ident == text) {
        return text.to_owned();
    }
    let words: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let words = words.trim();
    let starts_well = words
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    let candidate = if starts_well {
        words.to_owned()
    } else {
        format!("{prefix} {words}")
    };
    rust_ident(&candidate, case)
        .or_else(|_| rust_ident(&format!("{prefix} {candidate}"), case))
        .unwrap_or_else(|_| prefix.to_owned())
}

/// `text` as a YAML scalar: plain when it is a name YAML reads as a string, else quoted.
pub(super) fn scalar(text: &str) -> String {
    let plain = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain { text.to_owned() } else { quoted(text) }
}

/// `text` as a double-quoted YAML scalar (JSON's escapes are YAML's).
pub(super) fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}
