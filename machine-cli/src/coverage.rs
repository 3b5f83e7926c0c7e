//! `machine coverage SPEC TRACE`: what a recorded trace exercised ([`crate::trace`]),
//! as text or JSON, and optionally drawn on the DOT diagram.
//!
//! A trace is JSON lines, one object per line: `state` (required; spec or wire name), `event`
//! or `timeout` (what brought the object there, when known), `object` (which one, when a trace
//! follows several) and `machine` (lines of another machine are skipped, so one trace can hold
//! a job and its drives). Blank lines are skipped.

use std::io::Write;
use std::path::Path;

use crate::trace::{self as coverage, Observation};
use machine_render::dot;
use serde_json::Value;

use crate::report::ColorChoice;
use crate::{EXIT_FINDINGS, EXIT_OK, Format, spec_file, write_or_check};

/// What `machine coverage` was asked.
pub struct Coverage<'a> {
    pub spec: &'a Path,
    pub trace: &'a Path,
    pub format: Format,
    pub dot: Option<&'a Path>,
}

pub fn run(
    args: &Coverage,
    color: ColorChoice,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let Some(model) = spec_file::compile(args.spec, color, err)? else {
        return Ok(EXIT_FINDINGS);
    };
    let name = spec_file::display_name(args.trace);
    let text = std::fs::read_to_string(args.trace)
        .map_err(|e| format!("cannot read {}: {e}", args.trace.display()))?;
    let trace = read_trace(&text, &model.name.spec, &model.name.rust)
        .map_err(|(line, column, message)| format!("{name}:{line}:{column}: {message}"))?;
    let found = coverage::coverage(&model, &trace);
    if let Some(path) = args.dot {
        write_or_check(
            path,
            dot::render_coverage(&model, &found.drawn()).as_bytes(),
            false,
        )?;
    }
    let report = match args.format {
        Format::Human => {
            let mut report = coverage::text(&model, &found);
            if !found.problems.is_empty() {
                report.push_str("\n(line numbers are of ");
                report.push_str(&name);
                report.push_str("; fix the trace, or the spec if the spec is what is wrong)\n");
            }
            report
        }
        Format::Json => {
            let json = serde_json::json!({
                "machine": model.name.spec,
                "trace": name,
                "lines": found.observations,
                "objects": found.objects,
                "states": {
                    "exercised": found.state_names(&model, true),
                    "not_exercised": found.state_names(&model, false),
                },
                "items": {
                    "exercised": found.item_labels(&model, true),
                    "not_exercised": found.item_labels(&model, false),
                },
                "problems": found.problems,
            });
            let mut text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
            text.push('\n');
            text
        }
    };
    out.write_all(report.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(if found.problems.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}

/// The observations of `text` that belong to the machine (by its spec or Rust name); an error
/// names the line, the column and what to write instead.
pub fn read_trace(
    text: &str,
    machine: &str,
    rust_name: &str,
) -> Result<Vec<Observation>, (usize, usize, String)> {
    let mut trace = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(raw).map_err(|e| (line, e.column(), format!("not JSON: {e}")))?;
        let Value::Object(fields) = value else {
            return Err((line, 1, expected("a JSON object")));
        };
        let string = |key: &str| -> Result<Option<String>, (usize, usize, String)> {
            match fields.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err((line, 1, expected(&format!("`{key}` as a string")))),
            }
        };
        if let Some(other) = fields.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err((line, 1, expected(&format!("no key `{other}`"))));
        }
        if string("machine")?.is_some_and(|m| m != machine && m != rust_name) {
            continue;
        }
        let Some(state) = string("state")? else {
            return Err((line, 1, expected("a `state`")));
        };
        let timeout = match fields.get("timeout") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_u64()
                    .and_then(|i| usize::try_from(i).ok())
                    .ok_or_else(|| (line, 1, expected("`timeout` as an index (0, 1, ...)")))?,
            ),
        };
        trace.push(Observation {
            line,
            object: string("object")?.unwrap_or_default(),
            state,
            event: string("event")?,
            timeout,
        });
    }
    Ok(trace)
}

/// The keys a trace line may have.
const KEYS: [&str; 5] = ["machine", "object", "state", "event", "timeout"];

fn expected(what: &str) -> String {
    format!(
        "expected {what}; a trace line looks like {{\"object\": \"job\", \"state\": \"Shipping\", \
         \"event\": \"MarkShipping\"}} (keys: `machine`, `object`, `state`, `event` or `timeout`)"
    )
}
