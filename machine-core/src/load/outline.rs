//! Just enough knowledge of YAML's block layout to find, from a position, the key it belongs
//! to and the mapping around it, for wording load errors.

use crate::source::{SourceFile, Span};

/// YAML reads a key written on one line (without `? `) only up to this many characters.
pub(super) const MAX_KEY_CHARS: usize = 1024;

/// Just enough knowledge of YAML's block layout to find, from a position, the key it belongs
/// to and the mapping around it. Only used to word messages: every answer may be `None`, and
/// then the parser's own position is kept.
pub(super) struct Outline<'a> {
    source: &'a SourceFile,
}

/// The layout of one line: the column (0-based, in characters) of its first key or value,
/// and of its `-` when it starts a list item.
#[derive(Clone, Copy)]
struct LineShape {
    content: usize,
    dash: Option<usize>,
}

impl<'a> Outline<'a> {
    /// The outline of `source`.
    pub(super) fn new(source: &'a SourceFile) -> Self {
        Self { source }
    }

    fn shape(&self, line: u32) -> Option<LineShape> {
        let text = self.source.line(line);
        let mut dash = None;
        let mut column = 0;
        let mut chars = text.chars().peekable();
        while let Some(&c) = chars.peek() {
            match c {
                ' ' => {}
                '-' if {
                    let mut ahead = chars.clone();
                    ahead.next();
                    ahead.peek().is_none_or(|n| *n == ' ')
                } =>
                {
                    dash.get_or_insert(column);
                }
                '#' => return None,
                _ => {
                    return Some(LineShape {
                        content: column,
                        dash,
                    });
                }
            }
            chars.next();
            column += 1;
        }
        dash.map(|d| LineShape {
            content: d + 1,
            dash: Some(d),
        })
    }

    /// The key written at the start of `line`'s content, if the line is `key: ...`.
    fn key_on_line(&self, line: u32) -> Option<(usize, String)> {
        let shape = self.shape(line)?;
        let text: String = self.source.line(line).chars().skip(shape.content).collect();
        let key = key_text(&text)?;
        Some((shape.content, key))
    }

    fn span(&self, line: u32, column: usize, len: usize) -> Span {
        self.source
            .span_of_line_column(u64::from(line), column as u64 + 1, len)
    }

    fn column0(at: Span) -> usize {
        (at.column as usize).saturating_sub(1)
    }

    /// The text of `at`'s line before `at`.
    fn start_of_line(&self, at: Span) -> String {
        self.source
            .line(at.line)
            .chars()
            .take(Self::column0(at))
            .collect()
    }

    /// The text from `at` to the end of its line.
    pub(super) fn rest_of_line(&self, at: Span) -> &str {
        let line = self.source.line(at.line);
        let skip = line
            .char_indices()
            .nth(Self::column0(at))
            .map_or(line.len(), |(i, _)| i);
        &line[skip..]
    }

    pub(super) fn is_top_level(&self, at: Span) -> bool {
        Self::column0(at) == 0 && self.parent_key(at).is_none()
    }

    /// For a position on a key, the mapping's first key (or its `{`).
    pub(super) fn mapping_start(&self, at: Span) -> Span {
        let before = self.start_of_line(at);
        if let Some(open) = unmatched_open_brace(&before) {
            return self.span(at.line, open, 1);
        }
        let Some(shape) = self.shape(at.line) else {
            return at;
        };
        let target = Self::column0(at);
        if shape.content != target {
            return at;
        }
        let mut first = at.line;
        if shape.dash.is_none() {
            for line in (1..at.line).rev() {
                let Some(above) = self.shape(line) else {
                    continue;
                };
                if above.content < target {
                    break;
                }
                if above.content == target {
                    first = line;
                    if above.dash.is_some() {
                        break;
                    }
                }
            }
        }
        let len = self
            .key_on_line(first)
            .map_or(1, |(_, key)| key.chars().count());
        self.span(first, target, len)
    }

    /// The key that a mapping or list starting at `at` is the value of.
    pub(super) fn parent_key(&self, at: Span) -> Option<String> {
        let shape = self.shape(at.line)?;
        let indent = shape.dash.unwrap_or(shape.content);
        for line in (1..at.line).rev() {
            let Some(above) = self.shape(line) else {
                continue;
            };
            let opens_block = self.source.line(line).trim_end().ends_with(':');
            if above.content < indent
                || (shape.dash.is_some() && above.content == indent && opens_block)
            {
                return self.key_on_line(line).map(|(_, k)| k);
            }
        }
        None
    }

    /// The key whose value is at `at`: written before it on the same line, or the parent key
    /// of a block that starts at `at`.
    pub(super) fn context_key(&self, at: Span) -> Option<String> {
        let before = self.start_of_line(at);
        let mut before = before.trim_end();
        // `key: &anchor value` and `key: !tag value`: the value's key is before the anchor.
        if let Some((head, last)) = before.rsplit_once(' ')
            && last.starts_with(['&', '!'])
        {
            before = head.trim_end();
        }
        if let Some(key_end) = before.strip_suffix(':') {
            let key = key_end
                .rsplit(['{', ',', '[', ' '])
                .next()
                .unwrap_or("")
                .trim_matches(['"', '\'']);
            return (!key.is_empty()).then(|| key.to_owned());
        }
        if !before.trim_start_matches(['-', ' ']).is_empty() {
            return None;
        }
        self.parent_key(at)
    }

    /// For a position on `key` in `key: value`, the value; otherwise `at`.
    pub(super) fn value_of_key(&self, at: Span) -> Span {
        let rest = self.rest_of_line(at);
        let Some(key) = key_text(rest) else {
            return at;
        };
        let Some(colon) = rest.find(':') else {
            return at;
        };
        let after = &rest[colon + 1..];
        let value = after.trim_start();
        let value = value.split(" #").next().unwrap_or("").trim_end();
        if value.is_empty() || key.is_empty() {
            return at;
        }
        let skipped = rest[..=colon].chars().count() + after.chars().count()
            - after.trim_start().chars().count();
        self.span(at.line, Self::column0(at) + skipped, value.chars().count())
    }

    /// For a position just after `key:`, the key.
    pub(super) fn key_before(&self, at: Span) -> Span {
        match self.key_on_line(at.line) {
            Some((column, key)) => self.span(at.line, column, key.chars().count()),
            None => at,
        }
    }

    /// A key `key` written earlier in the same mapping as the key at `at`.
    pub(super) fn earlier_sibling_key(&self, at: Span, key: &str) -> Option<Span> {
        let shape = self.shape(at.line)?;
        let target = Self::column0(at);
        if shape.content != target {
            return None;
        }
        for line in (1..at.line).rev() {
            let Some(above) = self.shape(line) else {
                continue;
            };
            if above.content < target {
                return None;
            }
            if above.content == target {
                if let Some((column, k)) = self.key_on_line(line)
                    && k == key
                {
                    return Some(self.span(line, column, k.chars().count()));
                }
                if above.dash.is_some() {
                    return None;
                }
            }
        }
        None
    }

    /// For a key at `at` in a flow mapping, written without a value right after a comma
    /// (`{ doc: Put Job, then Update. }`): the entry before the comma, its key and its value
    /// joined with the text cut off by the comma, as the author probably meant them.
    pub(super) fn comma_in_flow_value(&self, at: Span) -> Option<(String, String)> {
        let before = self.start_of_line(at);
        let open = unmatched_open_brace(&before)?;
        let entries: String = before.chars().skip(open + 1).collect();
        // The blanks between the comma and the cut-off text, kept as written.
        let gap = &entries[entries.trim_end().len()..];
        let previous = entries.trim_end().strip_suffix(',')?;
        let previous = previous.rsplit(',').next()?;
        let (key, value) = previous.split_once(':')?;
        let value = value.trim();
        let rest = self.rest_of_line(at);
        let mut cut_off = &rest[..rest.find('}').unwrap_or(rest.len())];
        if let Some(next_key) = cut_off.find(": ") {
            // A later entry of the mapping: the cut-off text ends at the comma before it.
            cut_off = &cut_off[..cut_off[..next_key].rfind(',')?];
        }
        let cut_off = cut_off.trim_end();
        if value.is_empty() || value.starts_with(['"', '\'', '[', '{']) || cut_off.is_empty() {
            return None;
        }
        Some((key.trim().to_owned(), format!("{value},{gap}{cut_off}")))
    }

    /// The length in characters of the key written at `at`, when it is longer than YAML
    /// allows a key on one line to be ([`MAX_KEY_CHARS`]).
    pub(super) fn over_long_key_at(&self, at: Span) -> Option<usize> {
        let rest = self.rest_of_line(at);
        let key = match rest.strip_prefix(['"', '\'']) {
            Some(quoted) => &quoted[..quoted.find(['"', '\'']).unwrap_or(quoted.len())],
            None => &rest[..rest.find(':').unwrap_or(rest.len())],
        };
        let length = key.chars().count();
        (length > MAX_KEY_CHARS).then_some(length)
    }

    /// What is written at `at`, in words.
    pub(super) fn found_at(&self, at: Span) -> &'static str {
        let rest = self.rest_of_line(at);
        if rest.starts_with('[') || rest == "-" || rest.starts_with("- ") {
            "a list"
        } else if rest.starts_with('{') || key_text(rest).is_some() {
            "a mapping"
        } else {
            "a single value"
        }
    }

    /// A `[` or `{` on one of the few lines before `at` that is not closed on its line: the
    /// usual cause of a parser error a line or two later.
    pub(super) fn unclosed_bracket_before(&self, at: Span) -> Option<(u32, char)> {
        let first = at.line.saturating_sub(3).max(1);
        (first..=at.line).rev().find_map(|line| {
            let mut depth: Vec<char> = Vec::new();
            let mut quote = None;
            for c in self.source.line(line).chars() {
                match (quote, c) {
                    (Some(q), c) if c == q => quote = None,
                    (None, '"' | '\'') => quote = Some(c),
                    (None, '#') => break,
                    (None, '[' | '{') => depth.push(c),
                    (None, ']' | '}') => {
                        depth.pop();
                    }
                    // Inside quotes, and any other character.
                    _ => {}
                }
            }
            depth.first().map(|&open| (line, open))
        })
    }

    /// The alias written at `at` (`*name`), or `*` alone.
    pub(super) fn alias_at(&self, at: Span) -> String {
        let rest = self.rest_of_line(at);
        let rest = rest.strip_prefix('*').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
            .take(64)
            .collect();
        format!("*{name}")
    }
}

/// The key of `text` if it starts with `key:` (followed by a space or the end of the line).
fn key_text(text: &str) -> Option<String> {
    let text = text.trim_start_matches(['-', ' ']);
    let (key, rest) = if let Some(quoted) = text.strip_prefix('"') {
        let end = quoted.find('"')?;
        (&quoted[..end], &quoted[end + 1..])
    } else if let Some(quoted) = text.strip_prefix('\'') {
        let end = quoted.find('\'')?;
        (&quoted[..end], &quoted[end + 1..])
    } else {
        let end = text
            .find(": ")
            .or_else(|| text.trim_end().strip_suffix(':').map(str::len))?;
        (&text[..end], &text[end..])
    };
    let rest = rest.trim_start_matches(' ');
    (rest.starts_with(": ") || rest.trim_end() == ":" || rest.starts_with(":\t"))
        .then(|| key.trim().to_owned())
        .filter(|k| !k.is_empty() && !k.starts_with(['{', '[', '#', '&', '*', '!', '|', '>']))
}

/// The column (in characters) of the last `{` in `text` that is not closed.
fn unmatched_open_brace(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    for (column, c) in text.chars().enumerate() {
        match c {
            '{' => open.push(column),
            '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}
