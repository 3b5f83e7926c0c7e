//! Escaping for XML, the one format behind the SCXML export and the built-in SVG.

/// `text` as the value of a double-quoted XML attribute (or as element text): markup
/// characters and both quotes as entities, line breaks and tabs as character references (an
/// attribute keeps them only so), and characters XML 1.0 cannot hold as U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if !holds(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// `text` with each character XML 1.0 cannot hold (control characters but tab and line
/// breaks, U+FFFE, U+FFFF) as U+FFFD: for XML another library wrote, whose markup is escaped
/// already (layout-rs's SVG).
pub(crate) fn only_held_chars(text: &str) -> String {
    text.chars()
        .map(|c| if holds(c) { c } else { '\u{fffd}' })
        .collect()
}

/// Whether XML 1.0 can hold `c` (tab, line feed and carriage return among the controls).
fn holds(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !((c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}')
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_quotes_breaks_and_control_characters() {
        assert_eq!(
            escape("a\"<b>&'\n]]>-->"),
            "a&quot;&lt;b&gt;&amp;&apos;&#10;]]&gt;--&gt;"
        );
        assert_eq!(escape("bell\u{7}"), "bell\u{fffd}");
    }

    #[test]
    fn only_held_chars_keeps_markup_and_breaks() {
        assert_eq!(
            super::only_held_chars("a<b>\tc\u{1b}\n"),
            "a<b>\tc\u{fffd}\n"
        );
    }
}
