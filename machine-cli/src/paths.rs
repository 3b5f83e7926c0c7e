//! `machine paths SPEC`: the test paths of a spec (`machine_core::paths`), as text or JSON.

use std::io::Write;
use std::path::Path;

use machine_core::model::Model;
use machine_core::{paths, words};
use serde::ser::{Serialize, Serializer};

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
        Format::Human => words::paths_text(&model, &found),
        Format::Json => {
            // Written as it is serialized: each path is described, written and dropped, so a
            // spec with long paths costs its text, not a tree of JSON values.
            let report = Report {
                machine: &model.name.spec,
                states: States(&model, &found.to_state),
                cover: Described(&model, &found.cover),
                items: found.items.len(),
                uncovered: found
                    .uncovered
                    .iter()
                    .map(|&i| words::item(&model, i))
                    .collect(),
            };
            let mut out = std::io::BufWriter::new(out);
            serde_json::to_writer_pretty(&mut out, &report).map_err(|e| e.to_string())?;
            out.write_all(b"\n")
                .and_then(|()| out.flush())
                .map_err(|e| e.to_string())?;
            return Ok(EXIT_OK);
        }
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    Ok(EXIT_OK)
}

/// The JSON report: the machine, the path to each state, the paths that cover every
/// transition and timeout, how many items there are to cover, and those no path covers.
#[derive(serde::Serialize)]
struct Report<'m> {
    machine: &'m str,
    states: States<'m>,
    cover: Described<'m>,
    items: usize,
    uncovered: Vec<String>,
}

/// Paths, each described as it is written.
struct Described<'m>(&'m Model, &'m [paths::Path]);

impl Serialize for Described<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.1.iter().map(|p| words::describe(self.0, p)))
    }
}

/// Each state with the path that reaches it, if any.
struct States<'m>(&'m Model, &'m [Option<paths::Path>]);

/// One state and its path.
#[derive(serde::Serialize)]
struct StatePath<'m> {
    state: &'m str,
    path: Option<words::PathText>,
}

impl Serialize for States<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Self(model, to_state) = *self;
        serializer.collect_seq(model.states.iter().zip(to_state).map(|(s, p)| StatePath {
            state: &s.name.spec,
            path: p.as_ref().map(|p| words::describe(model, p)),
        }))
    }
}
