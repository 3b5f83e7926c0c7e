//! Reading spec files from disk, and writing outputs only when their bytes change.

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

/// Writes `contents` to `path` unless the file already holds exactly these bytes.
/// Returns whether the file was written.
#[allow(dead_code)]
pub fn write_if_changed(path: &Path, contents: &[u8]) -> Result<bool, String> {
    if std::fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(false);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(true)
}
