//! Plain-text helpers shared by the renderers. Escaping is not here: each format escapes its
//! own way, once, in its own module.

/// The text on one line: every run of whitespace (newlines included) becomes one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The paragraphs of a doc text (separated by blank lines), each on one line.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(one_line(&current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(one_line(&current.join(" ")));
    }
    out
}

/// Breaks `text` into lines of at most `width` characters where it can (a longer word gets a
/// line of its own). Characters, not bytes, are counted, so non-ASCII text wraps too.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `a`, `a or b`, `a, b or c`.
pub(crate) fn either(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// FNV-1a, 64 bits: a stable fingerprint of a text (not for security).
pub(crate) fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("  ", 6), Vec::<String>::new());
        assert_eq!(wrap("ünïcödé wörds", 7), ["ünïcödé", "wörds"]);
    }

    #[test]
    fn splits_paragraphs() {
        assert_eq!(paragraphs("a\nb\n\n\nc\n"), ["a b", "c"]);
    }

    #[test]
    fn lists_alternatives() {
        let items = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(either(&items(&["a"])), "a");
        assert_eq!(either(&items(&["a", "b"])), "a or b");
        assert_eq!(either(&items(&["a", "b", "c"])), "a, b or c");
    }
}
