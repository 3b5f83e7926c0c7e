//! Writing generated files, or checking that they are fresh: the one place that does it, for
//! `machine gen`, `machine docs`, the figure commands' `-o` and the tests that keep
//! checked-in files fresh.

use std::io::{self, Write};
use std::path::Path;

/// Standard output that remembers when its reader went away (`machine gen spec | head -1`):
/// the command then stops quietly with exit code 0, as Unix tools do, instead of reporting
/// a broken pipe as an error.
pub struct Pipe<'a> {
    inner: &'a mut dyn Write,
    /// Whether a write found the pipe closed.
    pub closed: bool,
}

impl<'a> Pipe<'a> {
    /// Standard output (or any writer) to watch.
    pub fn new(inner: &'a mut dyn Write) -> Self {
        Self {
            inner,
            closed: false,
        }
    }

    fn watch<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        if result
            .as_ref()
            .is_err_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
        {
            self.closed = true;
        }
        result
    }
}

impl Write for Pipe<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.watch(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.watch(result)
    }
}

/// How a generated file compared with what it should hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// It already held exactly these bytes; it was not touched.
    Fresh,
    /// It was missing or different, and has been written.
    Written,
    /// It is missing or different, and was left alone (check mode).
    Stale,
}

/// Gives a command's text: to `output` when one is given (written only when its bytes
/// change), else to standard output.
///
/// # Errors
///
/// When the file or standard output cannot be written, with a message.
pub fn deliver(output: Option<&Path>, text: &str, out: &mut dyn Write) -> Result<(), String> {
    match output {
        Some(path) => write_or_check(path, text.as_bytes(), false).map(|_| ()),
        None => out.write_all(text.as_bytes()).map_err(|e| e.to_string()),
    }
}

/// Makes `path` hold `contents`: writes it (creating its directory) only when its bytes
/// change. With `check`, writes nothing and says whether the file would change.
///
/// # Errors
///
/// When a directory or the file cannot be written, with a message naming it.
pub fn write_or_check(path: &Path, contents: &[u8], check: bool) -> Result<Freshness, String> {
    if std::fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(Freshness::Fresh);
    }
    if check {
        return Ok(Freshness::Stale);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Freshness::Written)
}
