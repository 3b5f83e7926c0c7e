//! Reading spec files from disk, and the names they are shown by.

use std::path::Path;

use machine_core::SourceFile;

/// Reads a spec file. The name shown in diagnostics is the path as given on the command line.
pub fn read(path: &Path) -> Result<SourceFile, String> {
    if path.is_dir() {
        return Err(format!(
            "{} is a directory, not a spec file",
            path.display()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(SourceFile::from_bytes(display_name(path), bytes))
}

/// The path with `/` separators, as diagnostics and generated headers show it.
pub fn display_name(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
