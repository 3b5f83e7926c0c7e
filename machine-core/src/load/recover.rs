//! Going on after a shape error, so that one run reports every one of them.
//!
//! serde stops at the first error. When that error belongs to one `key: value` entry (an
//! unknown or repeated key, a value of the wrong type), the entry is blanked out of the text
//! and the text is read again. Blanking keeps every byte offset and line of the rest of the
//! file, so the positions of later errors stay those of the file as written.

use std::ops::Range;

use serde_saphyr::Error as YamlError;

use crate::source::{SourceFile, Span};

/// What the loader may do after an error.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Recovery {
    /// Blank out this entry and read again. `harmless` when what is blanked carried no
    /// meaning for the spec (an unknown key), so the spec read afterwards is the spec as meant
    /// and may be lowered and checked; `key` is the key blanked otherwise.
    Blank {
        entry: Entry,
        harmless: bool,
        key: Option<String>,
    },
    /// Stop: the error cannot be stepped over.
    Stop,
}

/// How to go on after `err`, whose diagnostic points at `at` in `source`.
pub(super) fn recovery(source: &SourceFile, err: &YamlError, at: Span) -> Recovery {
    use YamlError as E;
    let err = match err.without_snippet() {
        E::AliasError { error, .. } => error.without_snippet(),
        other => other,
    };
    // (harmless, whether `at` is on the value rather than the key)
    let (harmless, on_value) = match err {
        E::SerdeUnknownField { .. } => (true, false),
        // The second entry is dropped: the spec read afterwards lacks what it said.
        E::DuplicateMappingKey { .. } => (false, false),
        E::SerdeInvalidType { .. }
        | E::SerdeInvalidValue { .. }
        | E::InvalidScalar { .. }
        | E::InvalidBooleanStrict { .. } => (false, true),
        _ => return Recovery::Stop,
    };
    let Some(entry) = entry_at(source, at) else {
        return Recovery::Stop;
    };
    // A wrongly typed value is stepped over only when it is written after its key: a value
    // that is a block of its own may be anything, and blanking a part of it could make up
    // errors that are not in the file.
    if on_value && entry.bytes.start >= at.start {
        return Recovery::Stop;
    }
    Recovery::Blank {
        key: (!harmless).then(|| entry.key.clone()),
        entry,
        harmless,
    }
}

/// One `key: value` entry of a mapping, as written.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Entry {
    /// Its bytes, with the comma after it in a flow mapping.
    bytes: Range<usize>,
    /// Its key.
    key: String,
    /// Whether it is the only entry of a block mapping: blanked, it leaves `{}` so that the
    /// mapping stays a mapping.
    alone: bool,
}

/// The `key: value` entry that `at` lies in (on its key or in its value): up to the next `,`
/// or `}` in a flow mapping `{ ... }`, and the key's line plus every more indented line after
/// it in a block mapping.
fn entry_at(source: &SourceFile, at: Span) -> Option<Entry> {
    let text = source.text();
    let line_start = text[..at.start].rfind('\n').map_or(0, |i| i + 1);
    let line = source.line(at.line);
    let before = &text[line_start..at.start];
    if let Some(open) = innermost_open_brace(before) {
        return flow_entry(text, line_start + open + 1, at.start);
    }
    let indent = line.len() - line.trim_start_matches([' ', '-']).len();
    let key_start = line_start + indent;
    let key = key_of(&text[key_start..])?;
    if key_start > at.start && at.line == source.span_at(key_start, 0).line {
        return None;
    }
    let key_column = line[..indent].chars().count();
    let mut end = text[key_start..]
        .find('\n')
        .map_or(text.len(), |i| key_start + i);
    let mut next = at.line + 1;
    loop {
        let following = source.line(next);
        let next_start = end + 1;
        if next_start >= text.len() {
            break;
        }
        let content = following.trim_start();
        let deeper = following.chars().take_while(|c| *c == ' ').count() > key_column;
        if !(content.is_empty() || content.starts_with('#') || deeper) {
            break;
        }
        end = text[next_start..]
            .find('\n')
            .map_or(text.len(), |i| next_start + i);
        next += 1;
    }
    let alone = !has_sibling(source, (1..at.line).rev(), key_column, true)
        && !has_sibling(source, next.., key_column, false);
    Some(Entry {
        bytes: key_start..end,
        key,
        alone,
    })
}

/// Whether one of `lines` (read away from an entry whose key is at `key_column`) holds
/// another key of the same block mapping. Reading up, a list item's `- key:` line is the
/// first of the mapping; reading down, it starts the next item.
fn has_sibling(
    source: &SourceFile,
    lines: impl Iterator<Item = u32>,
    key_column: usize,
    upwards: bool,
) -> bool {
    for line in lines.take_while(|&line| line >= 1 && (line as usize) <= source.line_count()) {
        let text = source.line(line);
        let content = text.trim_start_matches([' ', '-']);
        if content.trim_start().is_empty() || content.starts_with('#') {
            continue;
        }
        let column = text[..text.len() - content.len()].chars().count();
        let dashed = text.trim_start().starts_with('-');
        if column < key_column || (!upwards && dashed && column == key_column) {
            return false;
        }
        if column == key_column {
            return true;
        }
    }
    false
}

/// The entry of a flow mapping whose entries start at byte `open`, around byte `at`.
fn flow_entry(text: &str, open: usize, at: usize) -> Option<Entry> {
    let start = open + last_separator(&text[open..at]).map_or(0, |i| i + 1);
    let start = start + (text[start..].len() - text[start..].trim_start().len());
    let mut depth = 0_usize;
    let mut quote = None;
    // The last character outside quotes that is not a space: a quote opens a scalar only
    // where a scalar starts.
    let mut previous = ',';
    let mut end = None;
    for (i, c) in text[start..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => continue,
            (None, '"' | '\'') if matches!(previous, ',' | ':' | '[' | '{') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') if depth > 0 => depth -= 1,
            (None, '}') => {
                end = Some((i, i));
                break;
            }
            (None, ',') if depth == 0 => {
                end = Some((i, i + 1));
                break;
            }
            (None, '\n') => return None,
            _ => {}
        }
        if !c.is_whitespace() {
            previous = c;
        }
    }
    let (entry_end, blank_end) = end?;
    let entry = &text[start..start + entry_end];
    let key = entry.split_once(':').map_or(entry, |(key, _)| key);
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then(|| Entry {
        bytes: start..start + blank_end,
        key: key.to_owned(),
        alone: false,
    })
}

/// The byte index (in `text`) just after the last `{` that is not closed.
fn innermost_open_brace(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '{' => open.push(i),
            '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

/// The last `,` of `text` outside brackets.
fn last_separator(text: &str) -> Option<usize> {
    let mut depth = 0_usize;
    let mut last = None;
    for (i, c) in text.char_indices() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => last = Some(i),
            _ => {}
        }
    }
    last
}

/// The key `text` starts with, when it starts with `key:`.
fn key_of(text: &str) -> Option<String> {
    let line = text.lines().next()?;
    let (key, _) = line.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then(|| key.to_owned())
}

/// `text` with `entry` replaced by spaces (and `{}` when it was alone in its mapping), line
/// breaks kept: every other byte stays where it is.
pub(super) fn blank(text: &mut String, entry: &Entry) {
    let mut blanked: String = text[entry.bytes.clone()]
        .bytes()
        .map(|b| {
            if b == b'\n' || b == b'\r' {
                b as char
            } else {
                ' '
            }
        })
        .collect();
    if entry.alone {
        // A key and its colon take at least two bytes.
        blanked.replace_range(..2, "{}");
    }
    text.replace_range(entry.bytes.clone(), &blanked);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanked(text: &str, at: &str) -> String {
        let source = SourceFile::new("t.yaml", text);
        let start = text.find(at).expect("the marker is in the text");
        let entry = entry_at(&source, source.span_at(start, at.len())).expect("an entry");
        let mut text = text.to_owned();
        blank(&mut text, &entry);
        text
    }

    #[test]
    fn a_block_entry_goes_with_its_deeper_lines() {
        let text = "a:\n  bad:\n    - x\n\n    - y\n  good: 1\n";
        assert_eq!(
            blanked(text, "bad"),
            "a:\n      \n       \n\n       \n  good: 1\n"
        );
    }

    #[test]
    fn the_only_entry_of_a_mapping_leaves_an_empty_mapping() {
        let text = "a:\n  bad: 1\n  # note\nb: 2\n";
        assert_eq!(blanked(text, "bad"), "a:\n  {}    \n        \nb: 2\n");
    }

    #[test]
    fn the_first_key_of_a_list_item_leaves_its_dash() {
        let text = "- bad: 1\n  on: x\n- bad: 2\n";
        assert_eq!(blanked(text, "bad"), "-       \n  on: x\n- bad: 2\n");
        let text = "- from: 1\n  bad: x\n- on: 2\n";
        assert_eq!(blanked(text, "bad"), "- from: 1\n        \n- on: 2\n");
    }

    #[test]
    fn a_flow_entry_goes_with_its_comma() {
        assert_eq!(
            blanked("{ a: 1, bad: [2, 3], c: 4 }", "bad"),
            "{ a: 1,              c: 4 }"
        );
        assert_eq!(blanked("{ a: 1, bad: 2 }", "2"), "{ a: 1,        }");
        assert_eq!(blanked("x: { doc: a, b c }", "b c"), "x: { doc: a,     }");
    }

    #[test]
    fn blanking_keeps_offsets_of_multibyte_text() {
        let mut text = "é: 1\nb: 2\n".to_owned();
        let entry = Entry {
            bytes: 0..6,
            key: "é".to_owned(),
            alone: false,
        };
        blank(&mut text, &entry);
        assert_eq!(text.len(), "é: 1\nb: 2\n".len());
        assert!(text.ends_with("\nb: 2\n"));
    }
}
