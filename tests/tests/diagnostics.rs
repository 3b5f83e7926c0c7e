//! Diagnostics as users see them: every bad fixture's `machine check` output as a snapshot,
//! the exit codes and the JSON form, hostile inputs (huge, deeply nested, alias bombs), and
//! property tests that no input makes the pipeline panic or point outside the file.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::{Duration, Instant};

use machine_core::{Code, Compiled, Diagnostic, SourceFile, compile};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

const BAD: &str = "tests/fixtures/bad";

/// The workspace root, made the working directory so that paths on the command line, and
/// therefore in the snapshots, are relative (`tests/fixtures/bad/x.yaml`).
fn root() -> &'static Path {
    static CHDIR: Once = Once::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace");
    CHDIR.call_once(|| std::env::set_current_dir(root).expect("the workspace root exists"));
    root
}

struct Run {
    code: u8,
    stdout: String,
    stderr: String,
}

/// Runs `machine ARGS...` in-process; a panic fails the test with the arguments named.
fn machine(args: &[&str]) -> Run {
    root();
    let mut out = Vec::new();
    let mut err = Vec::new();
    let command_line: Vec<&str> = std::iter::once("machine")
        .chain(args.iter().copied())
        .collect();
    let code = catch_unwind(AssertUnwindSafe(|| {
        machine_cli::run(command_line.clone(), &mut out, &mut err)
    }))
    .unwrap_or_else(|_| panic!("`machine {}` panicked", args.join(" ")));
    Run {
        code,
        stdout: String::from_utf8(out).expect("stdout is UTF-8"),
        stderr: String::from_utf8(err).expect("stderr is UTF-8"),
    }
}

fn bad_fixtures() -> Vec<String> {
    let mut fixtures: Vec<String> = std::fs::read_dir(root().join(BAD))
        .expect("the bad fixtures folder exists")
        .map(|entry| entry.expect("a readable entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| Path::new(name).extension().is_some_and(|e| e == "yaml"))
        .map(|name| format!("{BAD}/{name}"))
        .collect();
    fixtures.sort();
    fixtures
}

fn good_specs() -> Vec<String> {
    let mut specs = Vec::new();
    for dir in ["spec/import-export", "spec/samples"] {
        for entry in std::fs::read_dir(root().join(dir)).expect("the spec folder exists") {
            let name = entry.expect("a readable entry").file_name();
            let name = name.to_string_lossy();
            if Path::new(name.as_ref())
                .extension()
                .is_some_and(|e| e == "yaml")
            {
                specs.push(format!("{dir}/{name}"));
            }
        }
    }
    specs.sort();
    specs
}

fn compile_file(relative: &str) -> (SourceFile, Compiled) {
    let bytes = std::fs::read(root().join(relative)).expect("the fixture is readable");
    let source = SourceFile::from_bytes(relative, bytes);
    let compiled = compile(&source);
    (source, compiled)
}

/// How long a hostile input may take before the test calls it a hang: a guard against
/// unbounded work (an exponential alias expansion, a loop), far above what any of them takes
/// on a loaded machine. Speed itself is measured by the benchmarks, not here.
const HANG: Duration = Duration::from_secs(120);

/// Runs `compile` on a thread with a small (2 MiB) stack, failing if it panics, overflows
/// the stack, or hangs (see [`HANG`]).
fn compile_on_small_stack(name: &str, text: String) -> Vec<Diagnostic> {
    let name = name.to_owned();
    let started = Instant::now();
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let source = SourceFile::new(name, text);
            let diagnostics = compile(&source).diagnostics;
            assert_all_inside(&source, &diagnostics);
            diagnostics
        })
        .expect("a thread starts");
    let diagnostics = handle.join().expect("compile panicked");
    let elapsed = started.elapsed();
    assert!(elapsed < HANG, "took {elapsed:?}: unbounded work?");
    diagnostics
}

/// The finding's position lies inside the file: a real line, a column at most one past
/// the line's end, and a byte range on character boundaries.
fn assert_inside(source: &SourceFile, d: &Diagnostic) {
    assert_all_inside(source, std::slice::from_ref(d));
}

fn assert_all_inside(source: &SourceFile, diagnostics: &[Diagnostic]) {
    let text = source.text();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    for d in diagnostics {
        let spans = std::iter::once(d.span).chain(d.labels.iter().map(|l| l.span));
        for span in spans {
            assert!(span.line >= 1 && span.column >= 1, "{d:?}");
            assert!(
                span.line as usize <= line_starts.len(),
                "line past the end: {d:?}"
            );
            let line_chars = source.line(span.line).chars().count();
            assert!(
                span.column as usize <= line_chars + 1,
                "column past the line: {d:?}"
            );
            assert!(span.start <= span.end && span.end <= text.len(), "{d:?}");
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "{d:?}"
            );
            assert_eq!(
                line_starts.partition_point(|&s| s <= span.start),
                span.line as usize,
                "line and byte offset disagree: {d:?}"
            );
        }
        // The plain form (used inside `compile_error!`) renders too.
        let _ = d.display(source).to_string();
    }
}

#[test]
fn there_are_enough_bad_fixtures() {
    let count = bad_fixtures().len();
    assert!(count >= 30, "only {count} bad fixtures");
}

/// One snapshot per fixture, of exactly what `machine check --color never FILE` prints.
#[test]
fn bad_fixture_snapshots() {
    for path in bad_fixtures() {
        let run = machine(&["--color", "never", "check", &path]);
        let name = Path::new(&path)
            .file_stem()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        insta::with_settings!({
            description => format!("machine check --color never {path}"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, run.stderr);
        });
    }
}

#[test]
fn bad_fixtures_fail_with_positions() {
    for path in bad_fixtures() {
        let (source, compiled) = compile_file(&path);
        assert!(!compiled.diagnostics.is_empty(), "{path}: no findings");
        let run = machine(&["--color", "never", "check", &path]);
        assert!(run.stdout.is_empty(), "{path}: human output goes to stderr");
        let headers = run
            .stderr
            .lines()
            .filter(|l| l.starts_with("error[") || l.starts_with("warning["))
            .count();
        assert_eq!(
            headers,
            compiled.diagnostics.len(),
            "{path}:\n{}",
            run.stderr
        );
        for d in &compiled.diagnostics {
            assert_inside(&source, d);
            let at = format!("┌─ {path}:{}:{}", d.span.line, d.span.column);
            assert!(
                run.stderr.contains(&at),
                "{path}: `{at}` is not shown:\n{}",
                run.stderr
            );
        }
        if compiled.has_errors() {
            assert_eq!(run.code, 1, "{path}:\n{}", run.stderr);
            assert!(compiled.model.is_none(), "{path}: errors but a model");
        } else {
            assert_eq!(run.code, 0, "{path}: warnings alone must not fail");
            let strict = machine(&["--color", "never", "check", "--deny-warnings", &path]);
            assert_eq!(
                strict.code, 1,
                "{path}: --deny-warnings must fail on warnings"
            );
        }
    }
}

#[test]
fn every_check_code_has_a_bad_fixture() {
    let mut seen = BTreeSet::new();
    for path in bad_fixtures() {
        seen.extend(compile_file(&path).1.diagnostics.iter().map(|d| d.code));
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        // `xstate-gap` is no check of a spec but a warning of the XState export: its
        // fixture is tests/fixtures/export/xstate-gaps.yaml, in the engines test. Nor are the
        // findings of `machine import`, about SCXML documents (tests/fixtures/import/, in the
        // import test).
        .filter(|&&c| {
            !matches!(
                c,
                Code::TooLarge | Code::XstateGap | Code::ImportInvalid | Code::ImportUnsupported
            ) && !seen.contains(&c)
        })
        .map(|c| c.as_str())
        .collect();
    assert!(missing.is_empty(), "no bad fixture produces {missing:?}");
}

/// The code table of docs/spec-language.md lists exactly the codes, with their names,
/// severities and whether they can be waived: adding a code without documenting it fails.
#[test]
fn the_docs_list_every_code() {
    let doc = std::fs::read_to_string(root().join("docs/spec-language.md"))
        .expect("the spec language page is readable");
    let table: Vec<Vec<&str>> = doc
        .lines()
        .skip_while(|line| !line.starts_with("| code | name | severity | waivable |"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| line.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let documented: Vec<[String; 4]> = table
        .iter()
        .map(|cells| {
            let [code, name, severity, waivable, _what] = cells.as_slice() else {
                panic!("a row of the code table has five cells: {cells:?}");
            };
            [code, &name.trim_matches('`'), severity, waivable].map(|c| (*c).to_owned())
        })
        .collect();
    let real: Vec<[String; 4]> = Code::ALL
        .iter()
        .map(|c| {
            [
                c.as_str(),
                c.name(),
                c.severity().as_str(),
                if c.is_waivable() { "yes" } else { "no" },
            ]
            .map(str::to_owned)
        })
        .collect();
    assert_eq!(
        documented, real,
        "docs/spec-language.md's code table is stale"
    );
}

/// The checks of the fault resume and of timeouts find nothing in the specs that are meant
/// to be good (the reference and sample specs, the good fixtures).
#[test]
fn fault_and_timeout_checks_pass_good_specs() {
    let quiet = [
        Code::ResetNeverOccurs,
        Code::FaultResumeTransition,
        Code::DeadTimeout,
        Code::SimultaneousTimeouts,
    ];
    let specs: Vec<String> = good_specs()
        .into_iter()
        .chain(machine_tests::yaml_files("tests/fixtures/good"))
        .collect();
    let mut with_timeouts = 0;
    for path in &specs {
        let (_, compiled) = compile_file(path);
        let found: Vec<&Diagnostic> = compiled
            .diagnostics
            .iter()
            .filter(|d| quiet.contains(&d.code))
            .collect();
        assert!(found.is_empty(), "{path}: {found:#?}");
        let model = compiled.model.expect("a good spec lowers");
        if model.states.iter().any(|s| s.timeouts.len() > 1) {
            with_timeouts += 1;
        }
    }
    assert!(
        with_timeouts >= 2,
        "too few good specs with several timeouts in a state"
    );
}

/// An incident's transition from the fault state on the resume event hides the resume too,
/// and when its target is already a `resume_to`, the help says to remove it.
#[test]
fn incident_transition_on_the_resume_event() {
    let text = "machine: Ticket\ninitial: Open\nstates:\n  Open: {}\n  Faulted: {}\n  Done: { final: true }\nevents: { Close: {}, Fault: {}, Resolve: {} }\ntransitions:\n  - { from: Open, on: Close, to: Done }\nfault: { state: Faulted, on: Fault, resume: Resolve, resume_to: [Done] }\nincidents:\n  Stuck:\n    in: [Faulted]\n    event: Nobody resolves it.\n    resolution: Closed by hand.\n    transition: { on: Resolve, to: Done }\n";
    let compiled = compile(&SourceFile::new("incident.yaml", text.to_owned()));
    let [d] = compiled.diagnostics.as_slice() else {
        panic!("one finding expected: {:#?}", compiled.diagnostics);
    };
    assert_eq!(d.code, Code::FaultResumeTransition);
    assert_eq!(d.labels.len(), 1, "{d:?}");
    let help = d.help.as_deref().unwrap_or_default();
    assert!(
        help.contains("already under the fault's `resume_to:`"),
        "{help}"
    );
}

/// A misspelled section is the one finding shown: the findings of the graph checks that
/// follow from the transitions it leaves out are only counted.
#[test]
fn a_misspelled_section_is_the_one_finding_and_the_rest_is_counted() {
    let (_, compiled) = compile_file(&format!("{BAD}/misspelled-section.yaml"));
    let messages: Vec<&str> = compiled
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages, ["unknown key `transition` in the spec"]);
    assert!(compiled.left_out >= 10, "{}", compiled.left_out);
    let run = machine(&[
        "--color",
        "never",
        "check",
        &format!("{BAD}/misspelled-section.yaml"),
    ]);
    assert!(
        run.stderr.ends_with(&format!(
            "1 error, 0 warnings in 1 file; {} findings of the graph checks left out, as they may follow from the error above\n",
            compiled.left_out
        )),
        "{}",
        run.stderr
    );
}

/// Root causes first: the findings of the file's shape (loading, codes E0001 to E0006) come
/// before the others, and each group reads top to bottom like the file.
#[test]
fn findings_are_sorted_shape_first_then_by_position() {
    let is_shape = |d: &Diagnostic| d.code.as_str() < "E0100";
    for path in bad_fixtures() {
        let (_, compiled) = compile_file(&path);
        let shape = compiled
            .diagnostics
            .iter()
            .take_while(|d| is_shape(d))
            .count();
        let (first, rest) = compiled.diagnostics.split_at(shape);
        assert!(
            !rest.iter().any(is_shape),
            "{path}: a shape finding after another kind"
        );
        for group in [first, rest] {
            let starts: Vec<usize> = group.iter().map(|d| d.span.start).collect();
            assert!(starts.is_sorted(), "{path}: {starts:?}");
        }
    }
    let (_, compiled) = compile_file(&format!("{BAD}/many-errors.yaml"));
    let codes: Vec<&str> = compiled
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["E0108", "E0101", "E0105", "E0101", "E0102"]);
}

/// The real job spec with one `to:` misspelled.
#[test]
fn misspelled_target_in_the_job_spec() {
    let job = std::fs::read_to_string(root().join("spec/import-export/job.yaml"))
        .expect("the job spec is readable");
    let at = job
        .find("to: Shipping\n")
        .expect("the job spec has `to: Shipping`")
        + 4;
    let tampered = format!("{}Shiping{}", &job[..at], &job[at + "Shipping".len()..]);
    let source = SourceFile::new("spec/import-export/job.yaml", tampered);
    let compiled = compile(&source);
    assert!(compiled.model.is_none());
    let [d] = compiled.diagnostics.as_slice() else {
        panic!("one finding expected: {:#?}", compiled.diagnostics);
    };
    let line = job[..at].matches('\n').count() + 1;
    let column = at - job[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    assert_eq!(d.code, Code::UnknownState);
    assert_eq!(
        (d.span.line as usize, d.span.column as usize),
        (line, column)
    );
    assert_eq!(source.slice(d.span), "Shiping");
    assert!(d.message.contains("`Shiping`"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("did you mean `Shipping`?"));
    insta::assert_snapshot!("job-shiping-typo", d.display(&source).to_string());
}

/// A waived check disappears, and only the waived state's.
#[test]
fn a_waiver_removes_the_finding() {
    let path = format!("{BAD}/trap-state.yaml");
    let (_, compiled) = compile_file(&path);
    let codes: Vec<Code> = compiled.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::TrapState]);
    let text = std::fs::read_to_string(root().join(&path)).expect("readable");
    let waived = text.replace(
        "  Jammed:\n",
        "  Jammed:\n    allow:\n      trap-state: Jammed doors are replaced, outside this lifecycle.\n",
    );
    assert_ne!(waived, text);
    let compiled = compile(&SourceFile::new("waived.yaml", waived));
    assert!(
        compiled.diagnostics.is_empty(),
        "{:#?}",
        compiled.diagnostics
    );
    assert!(compiled.model.is_some());
}

#[test]
fn good_specs_pass() {
    let specs = good_specs();
    assert!(specs.len() >= 5, "{specs:?}");
    for path in &specs {
        let run = machine(&["--color", "never", "check", path]);
        assert_eq!(run.code, 0, "{path}:\n{}", run.stderr);
        assert_eq!(run.stderr, "0 errors, 0 warnings in 1 file\n", "{path}");
    }
    let mut args = vec!["check", "--deny-warnings"];
    args.extend(specs.iter().map(String::as_str));
    let run = machine(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with(&format!("0 errors, 0 warnings in {} files\n", specs.len()))
    );
}

#[test]
fn json_output() {
    let path = format!("{BAD}/many-errors.yaml");
    let (_, compiled) = compile_file(&path);
    let run = machine(&["check", "--format", "json", &path]);
    assert_eq!(run.code, 1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let findings = json.as_array().expect("a JSON array");
    assert_eq!(findings.len(), compiled.diagnostics.len());
    for (f, d) in findings.iter().zip(&compiled.diagnostics) {
        assert_eq!(f["file"], path.as_str());
        assert_eq!(f["line"], d.span.line);
        assert_eq!(f["column"], d.span.column);
        assert_eq!(f["start"], d.span.start);
        assert_eq!(f["end"], d.span.end);
        assert_eq!(f["code"], d.code.as_str());
        assert_eq!(f["check"], d.code.name());
        assert_eq!(f["severity"], "error");
        assert_eq!(f["message"], d.message.as_str());
        assert_eq!(
            f["help"],
            d.help.as_deref().expect("every finding here has a help")
        );
        assert!(f["labels"].is_array());
    }

    let run = machine(&["check", "--format", "json", "spec/samples/order.yaml"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&run.stdout).expect("JSON"),
        serde_json::json!([])
    );

    let run = machine(&[
        "check",
        "--format",
        "json",
        &format!("{BAD}/unused-guard.yaml"),
    ]);
    assert_eq!(run.code, 0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(json[0]["severity"], "warning");
    assert_eq!(json[0]["code"], "W0302");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let run = machine(&["check", "tests/fixtures/no-such-spec.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("tests/fixtures/no-such-spec.yaml"),
        "{}",
        run.stderr
    );

    let run = machine(&["check", BAD]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is a directory"), "{}", run.stderr);

    // A missing file among good ones still fails with 2, after checking the others.
    let run = machine(&["check", "spec/samples/order.yaml", "missing.yaml"]);
    assert_eq!(run.code, 2);

    for args in [
        &["check"][..],
        &["check", "--format", "xml", "spec/samples/order.yaml"],
        &["--frobnicate"],
        &["no-such-command"],
        &[],
    ] {
        let run = machine(args);
        assert_eq!(run.code, 2, "machine {args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty(), "machine {args:?} says nothing");
    }
}

#[test]
fn deeply_nested_documents_are_rejected() {
    let depth = 100_000;
    let cases = [
        (
            "flow lists at the top",
            "[".repeat(depth) + &"]".repeat(depth),
        ),
        (
            "flow mappings at the top",
            "{a: ".repeat(depth) + &"}".repeat(depth),
        ),
        (
            "flow lists in a name",
            format!("machine: {}{}", "[".repeat(depth), "]".repeat(depth)),
        ),
        (
            "flow lists in `from:`",
            format!(
                "machine: M\ninitial: A\nstates: {{ A: {{}} }}\ntransitions:\n  - from: {}A{}\n",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        ),
        (
            "unclosed flow lists",
            "machine: M\ndoc: ".to_owned() + &"[".repeat(depth),
        ),
        (
            "block mappings",
            (0..2_000).fold(
                "machine: M\ninitial: A\nstates:\n".to_owned(),
                |mut s, i| {
                    let _ = writeln!(s, "{}k{i}:", " ".repeat(2 * (i + 1)));
                    s
                },
            ),
        ),
        (
            "block lists",
            (0..2_000).fold(
                "machine: M\ninitial: A\nstates: {}\nevents:\n".to_owned(),
                |mut s, i| {
                    let _ = writeln!(s, "{}-", " ".repeat(2 * (i + 1)));
                    s
                },
            ),
        ),
    ];
    for (what, text) in cases {
        let diagnostics = compile_on_small_stack(what, text);
        // Loading steps over the deep entry and goes on, so lowering may add findings of its
        // own (`initial: A` names no state once the entry is gone).
        assert!(
            diagnostics.iter().any(|d| matches!(
                d.code,
                Code::YamlSyntax | Code::InvalidStructure | Code::TooLarge
            )),
            "{what}: a finding about the nesting expected: {diagnostics:#?}"
        );
    }
}

/// "Billion laughs": each anchor is a list of ten aliases of the previous one.
fn alias_bomb(levels: usize, at: &str) -> String {
    let mut text = String::from("machine: M\ninitial: A\nstates:\n  A: { final: true }\n");
    let _ = writeln!(
        text,
        "x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"
    );
    for i in 1..levels {
        let aliases = vec![format!("*x{}", i - 1); 10].join(", ");
        let _ = writeln!(text, "x{i}: &x{i} [{aliases}]");
    }
    let _ = writeln!(text, "{at}: *x{}", levels - 1);
    text
}

#[test]
fn alias_bombs_are_rejected_quickly() {
    let mut cases = vec![
        ("bomb under an unknown key", alias_bomb(12, "bomb")),
        ("bomb as the events", alias_bomb(12, "events")),
        ("bomb as the doc", alias_bomb(12, "doc")),
    ];
    // Inside a spec section, so no unknown key stops the parser before the aliases.
    let mut nested = String::from("machine: M\ninitial: A\nstates:\n  A: { final: true }\n");
    nested.push_str(
        "transitions:\n  - from: &f0 [A, A, A, A, A, A, A, A, A, A]\n    on: E\n    to: A\n",
    );
    for i in 1..12 {
        let aliases = vec![format!("*f{}", i - 1); 10].join(", ");
        let _ = writeln!(nested, "  - from: &f{i} [{aliases}]\n    on: E\n    to: A");
    }
    cases.push(("bomb in `from:` lists", nested));
    for (what, text) in cases {
        let diagnostics = compile_on_small_stack(what, text);
        assert!(
            diagnostics.iter().any(|d| matches!(
                d.code,
                Code::YamlSyntax | Code::InvalidStructure | Code::TooLarge
            )),
            "{what}: {diagnostics:#?}"
        );
    }
}

#[test]
fn alias_budget_reports_too_large() {
    let mut text = String::from(
        "machine: M\ninitial: A\nstates:\n  A: { final: true }\nevents: { E: {} }\ntransitions:\n  - &t { from: A, on: E, internal: true }\n",
    );
    for _ in 0..20_000 {
        text.push_str("  - *t\n");
    }
    let diagnostics = compile_on_small_stack("aliases", text);
    let [d] = diagnostics.as_slice() else {
        panic!("one finding expected: {diagnostics:#?}");
    };
    assert_eq!(d.code, Code::TooLarge, "{d:?}");
    assert!(
        d.span.line > 7,
        "the position names where the budget ran out: {d:?}"
    );
}

#[test]
fn huge_documents_are_rejected_quickly() {
    let limit = machine_core::load::MAX_SPEC_BYTES;
    let mut text = String::from("machine: M\ninitial: S0\nstates:\n");
    let mut i = 0;
    while text.len() <= limit {
        let _ = writeln!(text, "  S{i}: {{ doc: \"{}\" }}", "x".repeat(200));
        i += 1;
    }
    let diagnostics = compile_on_small_stack("huge", text);
    let [d] = diagnostics.as_slice() else {
        panic!("one finding expected: {diagnostics:#?}");
    };
    assert_eq!(d.code, Code::TooLarge);
    assert!(d.span.line > 1000, "{d:?}");
}

/// Tens of thousands of findings cost time linear in their number.
#[test]
fn many_findings_stay_cheap() {
    let states = machine_core::limits::MAX_STATES;
    let mut text = String::from("machine: M\ninitial: S0\nstates:\n");
    for i in 0..states {
        let _ = writeln!(text, "  S{i}: {{}}");
    }
    let diagnostics = compile_on_small_stack("as many lone states as allowed", text);
    // Every state but the initial one is unreachable, and every one is a trap.
    assert_eq!(diagnostics.len(), 2 * states - 1);
}

// Property tests.

fn assert_never_panics_and_stays_inside(name: &str, bytes: Vec<u8>) {
    let source = SourceFile::from_bytes(name, bytes);
    let compiled = catch_unwind(|| compile(&source))
        .unwrap_or_else(|_| panic!("compile panicked on {:?}", source.text()));
    assert_all_inside(&source, &compiled.diagnostics);
    assert_eq!(compiled.model.is_some(), !compiled.has_errors());
}

fn real_specs() -> Vec<(String, String)> {
    good_specs()
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(root().join(&path)).expect("readable");
            (path, text)
        })
        .collect()
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Truncate(usize),
    Insert(usize, char),
    Indent(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop::sample::select(vec![
        ':', '-', '*', '&', '#', '[', ']', '{', '}', '"', '\'', '\t', '\n', ' ', '|', '>', '!',
        '%', '@', '`', ',', '?', 'é', '\u{feff}', '\r', '\0',
    ]);
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), prop_oneof![interesting, any::<char>()])
            .prop_map(|(at, c)| Mutation::Insert(at, c)),
        any::<usize>().prop_map(Mutation::Indent),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let n = lines.len().max(1);
    let boundary = |at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match *mutation {
        Mutation::Delete(i) if !lines.is_empty() => {
            lines.remove(i % n);
            lines.concat()
        }
        Mutation::Duplicate(i) if !lines.is_empty() => {
            lines.insert(i % n, lines[i % n]);
            lines.concat()
        }
        Mutation::Swap(a, b) if !lines.is_empty() => {
            lines.swap(a % n, b % n);
            lines.concat()
        }
        Mutation::Indent(i) if !lines.is_empty() => {
            let mut out: Vec<String> = lines.iter().map(|&l| l.to_owned()).collect();
            out[i % n].insert(0, ' ');
            out.concat()
        }
        Mutation::Truncate(at) => text[..boundary(at)].to_owned(),
        Mutation::Insert(at, c) => {
            let at = boundary(at);
            format!("{}{c}{}", &text[..at], &text[at..])
        }
        _ => text.to_owned(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        assert_never_panics_and_stays_inside("arbitrary.yaml", text.into_bytes());
    }

    #[test]
    fn yaml_like_text_never_panics(text in "(machine|initial|states|from|to|on|  |- |: |\\*|&a|\\[|\\]|\\{|\\}|\"|#|\n|[A-Za-z0-9 ]){0,60}") {
        assert_never_panics_and_stays_inside("yaml-like.yaml", text.into_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        assert_never_panics_and_stays_inside("bytes.yaml", bytes);
    }

    #[test]
    fn mutated_real_specs_never_panic(
        which in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let specs = real_specs();
        let (path, text) = &specs[which.index(specs.len())];
        let mutated = mutations.iter().fold(text.clone(), |text, m| apply(&text, m));
        assert_never_panics_and_stays_inside(path, mutated.into_bytes());
    }
}

/// Mutated specs through the whole command line, renderer included.
#[test]
fn mutated_specs_render_without_panics() {
    let dir = std::env::temp_dir().join(format!("machine-diagnostics-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let specs = real_specs();
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (
        any::<prop::sample::Index>(),
        prop::collection::vec(mutation(), 1..5),
    );
    for case in 0..64 {
        let (which, mutations) = strategy.new_tree(&mut runner).expect("a value").current();
        let (_, text) = &specs[which.index(specs.len())];
        let mutated = mutations
            .iter()
            .fold(text.clone(), |text, m| apply(&text, m));
        let path: PathBuf = dir.join(format!("case-{case}.yaml"));
        std::fs::write(&path, &mutated).expect("writable");
        let path = path.to_string_lossy().into_owned();
        for format in ["human", "json"] {
            let run = machine(&["--color", "always", "check", "--format", format, &path]);
            assert!(run.code <= 1, "{path}: exit {}:\n{}", run.code, run.stderr);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A random machine: states `S0..`, some final, transitions on events `E0..` with optional
/// guards `g0..`. Returns the YAML and, per state, its targets.
#[derive(Clone, Debug)]
struct RandomMachine {
    finals: Vec<bool>,
    transitions: Vec<(usize, usize, usize, Option<usize>)>,
    events: usize,
    guards: usize,
}

fn random_machine() -> impl Strategy<Value = RandomMachine> {
    (1usize..8, 1usize..4, 0usize..3).prop_flat_map(|(states, events, guards)| {
        let transition = (
            0..states,
            0..events,
            0..states,
            prop::option::weighted(0.3, 0..guards.max(1)),
        );
        (
            prop::collection::vec(prop::bool::weighted(0.3), states),
            prop::collection::vec(transition, 0..12),
        )
            .prop_map(move |(finals, transitions)| RandomMachine {
                finals,
                transitions: transitions
                    .into_iter()
                    .map(|(f, e, t, g)| (f, e, t, g.filter(|_| guards > 0)))
                    .collect(),
                events,
                guards,
            })
    })
}

impl RandomMachine {
    fn yaml(&self) -> String {
        let mut y = String::from("machine: Random\ninitial: S0\nstates:\n");
        for (i, &f) in self.finals.iter().enumerate() {
            let _ = writeln!(y, "  S{i}: {{ final: {f} }}");
        }
        y.push_str("events:\n");
        for e in 0..self.events {
            let _ = writeln!(y, "  E{e}: {{}}");
        }
        y.push_str(if self.guards == 0 {
            "guards: {}\n"
        } else {
            "guards:\n"
        });
        for g in 0..self.guards {
            let _ = writeln!(y, "  g{g}: {{}}");
        }
        y.push_str(if self.transitions.is_empty() {
            "transitions: []\n"
        } else {
            "transitions:\n"
        });
        for &(from, event, to, guard) in &self.transitions {
            let _ = write!(y, "  - from: S{from}\n    on: E{event}\n    to: S{to}\n");
            if let Some(g) = guard {
                let _ = writeln!(y, "    guard: g{g}");
            }
        }
        y
    }

    fn reachable(&self) -> Vec<bool> {
        let mut seen = vec![false; self.finals.len()];
        let mut todo = vec![0];
        while let Some(s) = todo.pop() {
            if !std::mem::replace(&mut seen[s], true) {
                todo.extend(self.transitions.iter().filter(|t| t.0 == s).map(|t| t.2));
            }
        }
        seen
    }
}

/// The words of a message between backticks: the names it mentions.
fn quoted(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_machines_are_checked_consistently(m in random_machine()) {
        let source = SourceFile::new("random.yaml", m.yaml());
        let compiled = compile(&source);
        prop_assert_eq!(compiled.model.is_some(), !compiled.has_errors());
        let reachable = m.reachable();
        let mut unreachable = BTreeSet::new();
        let mut traps = BTreeSet::new();
        for d in &compiled.diagnostics {
            assert_inside(&source, d);
            // The finding points at one of the names it mentions.
            let names = quoted(&d.message);
            prop_assert!(names.contains(&source.slice(d.span)), "{:?} points at {:?}", d, source.slice(d.span));
            if d.code == Code::UnreachableState {
                unreachable.insert(source.slice(d.span).to_owned());
            }
            if d.code == Code::TrapState {
                traps.insert(source.slice(d.span).to_owned());
            }
        }
        let expected: BTreeSet<String> = (0..m.finals.len())
            .filter(|&s| !m.finals[s] && !m.transitions.iter().any(|t| t.0 == s && t.2 != s))
            .map(|s| format!("S{s}"))
            .collect();
        prop_assert_eq!(traps, expected);
        let expected: BTreeSet<String> = (0..m.finals.len())
            .filter(|&s| !reachable[s])
            .map(|s| format!("S{s}"))
            .collect();
        prop_assert_eq!(unreachable, expected);
    }
}

/// YAML's merge keys and aliases are read as YAML defines them: the keys a mapping writes
/// win over merged ones, and every use of an alias is a copy.
#[test]
fn merge_keys_and_aliases_give_the_values_yaml_defines() {
    let text = "machine: Door\ninitial: Closed\nstates:\n  Closed: &closed { doc: Closed., allow: &why { trap-state: Kept. } }\n  Shut:\n    <<: *closed\n    doc: Shut.\n  Ajar: { <<: [{ doc: First. }, { doc: Second., allow: *why }] }\n";
    let loaded = machine_core::load::load(&SourceFile::new("merge.yaml", text));
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let spec = loaded.spec.expect("the spec loads");
    let state = |name: &str| {
        let (_, def) = spec
            .states
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .expect("the state is declared");
        (
            def.doc.as_ref().map(|d| d.value.clone()),
            def.allow
                .iter()
                .map(|(k, v)| (k.value.clone(), v.value.clone()))
                .collect::<Vec<_>>(),
        )
    };
    let kept = vec![("trap-state".to_owned(), "Kept.".to_owned())];
    assert_eq!(state("Closed"), (Some("Closed.".into()), kept.clone()));
    assert_eq!(state("Shut"), (Some("Shut.".into()), kept.clone()));
    assert_eq!(state("Ajar"), (Some("First.".into()), kept));
}
