//! `machine paths SPEC`: the test paths of a spec (`machine_core::paths`), as text or JSON.

use std::io::Write;
use std::path::Path;

use machine_core::paths;

use crate::report::ColorChoice;
use crate::{EXIT_FINDINGS, EXIT_OK, Format, spec_file};

pub fn run(
    spec: &Path,
    format: Format,
    color: ColorChoice,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let Some(model) = spec_file::compile(spec, color, err)? else {
        return Ok(EXIT_FINDINGS);
    };
    let found = paths::paths_within(&model, paths::MAX_STEPS)
        .map_err(|too_large| format!("{}: {too_large}", spec.display()))?;
    let text = match format {
        Format::Human => paths::text(&model, &found),
        Format::Json => {
            let describe = |p: &paths::Path| paths::describe(&model, p);
            let json = serde_json::json!({
                "machine": model.name.spec,
                "states": model.states.iter().zip(&found.to_state).map(|(s, p)| {
                    serde_json::json!({ "state": s.name.spec, "path": p.as_ref().map(describe) })
                }).collect::<Vec<_>>(),
                "cover": found.cover.iter().map(describe).collect::<Vec<_>>(),
                "items": found.items.len(),
                "uncovered": found.uncovered.iter().map(|&i| paths::item_label(&model, i)).collect::<Vec<_>>(),
            });
            let mut text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
            text.push('\n');
            text
        }
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
}
