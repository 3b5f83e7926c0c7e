//! Spec source text and positions in it.

use std::fmt;

/// A region of a spec file: 1-based line and column of its start, and its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// 1-based line of the first character.
    pub line: u32,
    /// 1-based column (in characters) of the first character.
    pub column: u32,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
}

impl Span {
    /// The span of the first character of the file, for findings about the whole file.
    pub const START: Span = Span {
        line: 1,
        column: 1,
        start: 0,
        end: 0,
    };
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One spec file: the name it is shown under (a path relative to the project) and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    /// Byte offset of the first byte that is not UTF-8, if any.
    invalid_utf8_at: Option<usize>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A source from text that is already known to be UTF-8.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self::build(name.into(), text.into(), None)
    }

    /// A source from raw bytes. Bytes that are not UTF-8 are replaced for display, and
    /// [`crate::compile`] reports the first of them.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => Self::build(name.into(), text, None),
            Err(err) => {
                let at = err.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
                // Positions are computed on the lossy text; the prefix before `at` is unchanged.
                Self::build(name.into(), text, Some(at))
            }
        }
    }

    fn build(name: String, text: String, invalid_utf8_at: Option<usize>) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            name,
            text,
            invalid_utf8_at,
            line_starts,
        }
    }

    /// The name the file is shown under in diagnostics and generated headers.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text (with invalid UTF-8 replaced by U+FFFD).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Byte offset of the first invalid UTF-8 byte, if the file was not UTF-8.
    pub fn invalid_utf8_at(&self) -> Option<usize> {
        self.invalid_utf8_at
    }

    /// The span of `len` bytes starting at byte `offset` (clamped to the text).
    pub fn span_at(&self, offset: usize, len: usize) -> Span {
        let start = self.floor_char_boundary(offset.min(self.text.len()));
        let end = self.floor_char_boundary(start.saturating_add(len).min(self.text.len()));
        let line_index = self.line_starts.partition_point(|&s| s <= start) - 1;
        let line_start = self.line_starts[line_index];
        let column = self.text[line_start..start].chars().count() + 1;
        Span {
            line: u32::try_from(line_index + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            start,
            end,
        }
    }

    /// The span of a 1-based line and character column, `len` characters long.
    pub fn span_of_line_column(&self, line: u64, column: u64, len: usize) -> Span {
        let line_index = usize::try_from(line.max(1) - 1)
            .unwrap_or(usize::MAX)
            .min(self.line_starts.len() - 1);
        let line_start = self.line_starts[line_index];
        let line_text = self.line_text(line_index);
        let skip = usize::try_from(column.max(1) - 1).unwrap_or(usize::MAX);
        let start = line_start
            + line_text
                .char_indices()
                .nth(skip)
                .map_or(line_text.len(), |(i, _)| i);
        let len_bytes = self.text[start..]
            .char_indices()
            .nth(len)
            .map_or(self.text.len() - start, |(i, _)| i);
        self.span_at(start, len_bytes)
    }

    /// The text of the 0-based line `index`, without its line break.
    fn line_text(&self, index: usize) -> &str {
        let start = self.line_starts[index];
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |&next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The text of the 1-based line `line`, or `""` past the end.
    pub fn line(&self, line: u32) -> &str {
        let index = (line as usize).saturating_sub(1);
        if index < self.line_starts.len() {
            self.line_text(index)
        } else {
            ""
        }
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The source text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    fn floor_char_boundary(&self, mut i: usize) -> usize {
        while !self.text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}
