//! What the tests of the figures and tables share: the specs they draw, and Graphviz.

use std::io::Write;
use std::process::{Command, Stdio};

use machine_core::Model;

use crate::yaml_files;

/// The nested spec with history states (rule S19), drawn and tabulated with the good specs.
pub const HISTORY: &str = "tests/fixtures/nested/history.yaml";

/// The nested spec with completion and eventless transitions (rules S20 and S21), drawn and
/// tabulated with the good specs.
pub const AUTOMATIC: &str = "tests/fixtures/nested/automatic.yaml";

/// The nested spec whose timeouts go to history states (rules S7 and S19), drawn and
/// tabulated with the good specs.
pub const HISTORY_TIMEOUTS: &str = "tests/fixtures/nested/history-timeouts.yaml";

/// Every good spec, [`HISTORY`], [`AUTOMATIC`] and [`HISTORY_TIMEOUTS`], as (path relative
/// to the workspace, model).
pub fn good_specs() -> Vec<(String, Model)> {
    let mut paths = yaml_files("spec");
    paths.extend(yaml_files("tests/fixtures/good"));
    paths.push(HISTORY.to_owned());
    paths.push(AUTOMATIC.to_owned());
    paths.push(HISTORY_TIMEOUTS.to_owned());
    paths
        .into_iter()
        .map(|relative| {
            let model = model(&relative);
            (relative, model)
        })
        .collect()
}

pub use crate::model;

/// Runs Graphviz on `dot_text`; `None` when it is not installed.
pub fn graphviz(dot_text: &str, format: &str) -> Option<(bool, String, String)> {
    let mut child = match Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // `.ci/run` installs Graphviz and requires it: there, a missing `dot` fails.
            assert!(
                std::env::var_os("MACHINE_REQUIRE_TOOLS").is_none(),
                "Graphviz is required (MACHINE_REQUIRE_TOOLS is set) but `dot` is not installed"
            );
            return None;
        }
        Err(e) => panic!("cannot run dot: {e}"),
    };
    let mut stdin = child.stdin.take().expect("piped");
    let input = dot_text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("dot runs");
    writer.join().expect("writer").expect("dot reads its input");
    Some((
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ))
}
