//! Helpers shared by the workspace tests and benchmarks.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// Keeps the checked-in generated file `relative` (to the workspace) fresh: fails, naming
/// `command` (which writes it), when it does not hold `contents`; with `MACHINE_BLESS` set,
/// writes it instead. The same write-or-check as `machine gen --check` and `machine docs
/// --check`.
///
/// # Panics
///
/// When the file is stale (or cannot be written).
pub fn ensure_fresh(relative: &str, contents: &str, command: &str) {
    let bless = std::env::var_os("MACHINE_BLESS").is_some();
    let freshness =
        machine_cli::write_or_check(&workspace().join(relative), contents.as_bytes(), !bless)
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        freshness != machine_cli::Freshness::Stale,
        "{relative} is stale; regenerate it from the workspace root with\n  {command}\n\
         (or run the tests with MACHINE_BLESS=1)"
    );
}

/// Whether a test may skip when `tool` is missing: not when `.ci/run` requires every tool
/// (`MACHINE_REQUIRE_TOOLS`), where a missing tool fails the test instead.
///
/// # Panics
///
/// When `MACHINE_REQUIRE_TOOLS` is set.
pub fn skip_without(tool: &str) -> bool {
    assert!(
        std::env::var_os("MACHINE_REQUIRE_TOOLS").is_none(),
        "{tool} is required (MACHINE_REQUIRE_TOOLS is set) but not installed"
    );
    eprintln!("{tool} is not installed: the test is skipped");
    true
}

/// The python of the venv `tests/engines/.venv` that `.ci/run` makes (python-statemachine,
/// jsonschema), if it is there.
pub fn venv_python() -> Option<PathBuf> {
    let venv = workspace().join("tests/engines/.venv");
    ["bin/python3", "Scripts/python.exe"]
        .iter()
        .map(|p| venv.join(p))
        .find(|p| p.is_file())
}

/// The model of the spec at `relative` (to the workspace), which must have no errors.
///
/// # Panics
///
/// When the file cannot be read or the spec has errors.
pub fn model(relative: &str) -> machine_core::Model {
    let text = std::fs::read_to_string(workspace().join(relative))
        .unwrap_or_else(|e| panic!("{relative}: {e}"));
    let compiled = machine_core::compile(&machine_core::SourceFile::new(relative, text));
    compiled
        .model
        .unwrap_or_else(|| panic!("{relative} has errors: {:#?}", compiled.diagnostics))
}

/// Runs `node ARGS...` in `dir` (the workspace when `None`) and returns its standard output,
/// failing with its standard error (after `what`) when it fails; `None` when node is not
/// installed (and may be skipped, [`skip_without`]).
///
/// # Panics
///
/// When node cannot be started for another reason, or exits with an error.
pub fn node(dir: Option<&Path>, args: &[&std::ffi::OsStr], what: &str) -> Option<Vec<u8>> {
    let mut command = std::process::Command::new("node");
    command.current_dir(dir.map_or_else(workspace, Path::to_path_buf));
    let output = match command.args(args).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            skip_without("node");
            return None;
        }
        Err(e) => panic!("cannot run node: {e}"),
    };
    assert!(
        output.status.success(),
        "{what}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(output.stdout)
}

/// Mermaid's own parser (`tests/formats/mermaid-parse.mjs`) on `charts`, each `(file name,
/// text)` written into `dir` first: what it read of each, in order. `None` when Mermaid or
/// node is not installed (and may be skipped, [`skip_without`]).
///
/// # Panics
///
/// When a chart cannot be written, node fails ([`node`]), or the script does not answer one
/// JSON line per chart.
pub fn mermaid_parse(dir: &Path, charts: &[(String, String)]) -> Option<Vec<serde_json::Value>> {
    let root = workspace();
    if !root.join("tests/formats/node_modules/mermaid").is_dir()
        && skip_without("Mermaid (`npm ci --prefix tests/formats`)")
    {
        return None;
    }
    std::fs::create_dir_all(dir).expect("a scratch folder");
    let mut files = Vec::new();
    for (name, text) in charts {
        let file = dir.join(format!("{name}.mmd"));
        std::fs::write(&file, text).expect("a scratch file");
        files.push(file.into_os_string());
    }
    let script = root.join("tests/formats/mermaid-parse.mjs");
    let args: Vec<&std::ffi::OsStr> = std::iter::once(script.as_os_str())
        .chain(files.iter().map(std::ffi::OsString::as_os_str))
        .collect();
    let stdout = node(None, &args, "mermaid-parse.mjs failed")?;
    let read: Vec<serde_json::Value> = String::from_utf8_lossy(&stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("the script prints JSON lines"))
        .collect();
    assert_eq!(read.len(), charts.len(), "one answer per chart");
    Some(read)
}

/// The relations `(from, to, label)` Mermaid's parser read ([`mermaid_parse`]), in order.
///
/// # Panics
///
/// When the answer has no relations.
pub fn mermaid_relations(read: &serde_json::Value) -> Vec<(String, String, String)> {
    read["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .map(|r| {
            let s = |key: &str| r[key].as_str().unwrap_or_default().to_owned();
            (s("from"), s("to"), s("label"))
        })
        .collect()
}

/// The names of `states`, in order.
pub fn state_names(
    model: &machine_core::Model,
    states: &[machine_core::model::StateId],
) -> Vec<String> {
    states
        .iter()
        .map(|&s| model.state(s).name.spec.clone())
        .collect()
}

/// The timer of `model` named `name`.
///
/// # Panics
///
/// When the model has no such timer.
pub fn timer(model: &machine_core::Model, name: &str) -> machine_core::model::TimerId {
    model
        .timers_with_ids()
        .find_map(|(id, t)| (t.name.spec == name).then_some(id))
        .unwrap_or_else(|| panic!("{} has no timer `{name}`", model.name.spec))
}

/// Runs `machine --color never ARGS...` in-process from the workspace root (the paths in
/// generated headers and diagnostics are relative to it); returns the exit code, standard
/// output and standard error.
pub fn machine(args: &[&str]) -> (u8, String, String) {
    std::env::set_current_dir(workspace()).expect("the workspace root exists");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut command_line = vec!["machine", "--color", "never"];
    command_line.extend_from_slice(args);
    let code = machine_cli::run(command_line, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).expect("the CLI writes UTF-8"),
        String::from_utf8(err).expect("the CLI writes UTF-8"),
    )
}

/// The `.yaml` files under `dir` (relative to the workspace), recursively, sorted, as
/// workspace-relative paths with `/` separators.
pub fn yaml_files(dir: &str) -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
    }
    let root = workspace();
    let mut found = Vec::new();
    walk(&root.join(dir), &mut found);
    let mut names: Vec<String> = found
        .iter()
        .map(|p| {
            p.strip_prefix(&root)
                .expect("under the workspace")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    names.sort();
    names
}

pub mod figures;
pub mod nestedgen;

pub mod synthetic {
    //! Synthetic specs of any size and shape, for benchmarks and property tests.

    use std::fmt::Write;

    /// The shape of a synthetic spec's graph: how each state's transitions are chosen.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Shape {
        /// [`spec`]: a chain, plus transitions to pseudo-random states (a tangle).
        Tangle,
        /// Each state to the next `per_state` states: exponentially many paths.
        Ladder,
        /// The ladder, its transitions written from the last state up.
        LadderUpsideDown,
        /// A chain, plus transitions to pseudo-random states at most six ahead.
        Local,
        /// A chain, plus transitions back to pseudo-random states at most four behind.
        Back,
        /// A tree: state `i` to states `per_state * i + 1` to `per_state * i + per_state`;
        /// the leaves are final.
        Tree,
    }

    impl Shape {
        /// Every shape.
        pub const ALL: [Shape; 6] = [
            Shape::Tangle,
            Shape::Ladder,
            Shape::LadderUpsideDown,
            Shape::Local,
            Shape::Back,
            Shape::Tree,
        ];

        /// The shape's name, for benchmark and test messages.
        pub fn name(self) -> &'static str {
            match self {
                Shape::Tangle => "tangle",
                Shape::Ladder => "ladder",
                Shape::LadderUpsideDown => "ladder-upside-down",
                Shape::Local => "local",
                Shape::Back => "back",
                Shape::Tree => "tree",
            }
        }
    }

    /// A well-formed spec with `states` states (`S0` initial, the last one final) and about
    /// `per_state` transitions out of each state, on `per_state` events.
    ///
    /// Every state `Si` moves to `Si+1` on `E0` (so all are reachable and the final state can
    /// always be reached), and on the other events to pseudo-random states chosen by a fixed
    /// linear congruential sequence, so the same arguments always give the same text.
    pub fn spec(states: usize, per_state: usize) -> String {
        shaped(Shape::Tangle, states, per_state)
    }

    /// A well-formed spec of `states` states in the given `shape`, with about `per_state`
    /// transitions out of each state (one per event `E0`, `E1`, ...). The same arguments
    /// always give the same text.
    pub fn shaped(shape: Shape, states: usize, per_state: usize) -> String {
        assert!(
            states >= 2,
            "a synthetic spec needs an initial and a final state"
        );
        let per_state = per_state.max(1);
        let is_final = |i: usize| match shape {
            Shape::Tree => per_state * i + 1 >= states,
            _ => i == states - 1,
        };
        let mut out = String::with_capacity(states * per_state * 48);
        let _ = writeln!(out, "machine: Synthetic{states}");
        let _ = writeln!(out, "doc: A synthetic machine of {states} states.");
        out.push_str("initial: S0\nstates:\n");
        for i in 0..states {
            let _ = writeln!(out, "  S{i}:\n    doc: State number {i}.");
            if is_final(i) {
                out.push_str("    final: true\n");
            }
        }
        out.push_str("events:\n");
        for e in 0..per_state {
            let _ = writeln!(out, "  E{e}: {{}}");
        }
        out.push_str("transitions:\n");
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut random = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap_or(0)
        };
        let sources: Vec<usize> = match shape {
            Shape::LadderUpsideDown => (0..states - 1).rev().collect(),
            _ => (0..states).filter(|&i| !is_final(i)).collect(),
        };
        for i in sources {
            for e in 0..per_state {
                let to = match shape {
                    Shape::Tree => per_state * i + e + 1,
                    Shape::Ladder | Shape::LadderUpsideDown => i + 1 + e,
                    _ if e == 0 => i + 1,
                    Shape::Tangle => random() % states,
                    Shape::Local => i + random() % 7,
                    Shape::Back => i - (random() % 5).min(i),
                };
                if to < states {
                    let _ = writeln!(out, "  - {{ from: S{i}, on: E{e}, to: S{to} }}");
                } else if !matches!(shape, Shape::Tree) {
                    let _ = writeln!(out, "  - {{ from: S{i}, on: E{e}, to: S{} }}", states - 1);
                }
            }
        }
        out
    }
}

/// The state of `model` named `name` (its name in the spec).
///
/// # Panics
///
/// When the model has no such state.
pub fn state(model: &machine_core::Model, name: &str) -> machine_core::model::StateId {
    model
        .state_ids()
        .find(|&s| model.state(s).name.spec == name)
        .unwrap_or_else(|| panic!("{} has no state `{name}`", model.name.spec))
}

/// The event of `model` named `name`, as an input.
///
/// # Panics
///
/// When the model has no such event.
pub fn event(model: &machine_core::Model, name: &str) -> machine_core::semantics::Input {
    let id = model
        .event_ids()
        .find(|&e| model.event(e).name.spec == name)
        .unwrap_or_else(|| panic!("{} has no event `{name}`", model.name.spec));
    machine_core::semantics::Input::Event(id)
}

/// The guard of `model` named `name`.
///
/// # Panics
///
/// When the model has no such guard.
pub fn guard(model: &machine_core::Model, name: &str) -> machine_core::model::GuardId {
    let index = model
        .guards
        .iter()
        .position(|g| g.name.spec == name)
        .unwrap_or_else(|| panic!("{} has no guard `{name}`", model.name.spec));
    machine_core::model::GuardId::from_index(index)
}
