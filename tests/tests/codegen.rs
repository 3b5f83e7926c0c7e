//! The code generator: a snapshot of the formatted emitted code for every good spec (a
//! change to a spec or to the generator shows as a readable diff of code), the checked-in
//! expansion in `generated-example` is fresh, and specs with errors still give well-formed
//! code (the errors and the skeleton), never a panic.

use machine_codegen::Options;
use machine_core::SourceFile;
use machine_tests::{ensure_fresh, workspace, yaml_files as specs};
use proc_macro2::Span;

fn source(relative: &str) -> SourceFile {
    let bytes =
        std::fs::read(workspace().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"));
    SourceFile::from_bytes(relative, bytes)
}

fn snapshot_name(relative: &str) -> String {
    relative.trim_end_matches(".yaml").replace(['/', '.'], "__")
}

#[test]
fn emitted_code_of_every_good_spec() {
    let mut all = specs("spec");
    all.extend(specs("tests/fixtures/good"));
    all.extend(specs("tests/fixtures/nested"));
    all.extend(specs("tests/fixtures/parallel"));
    assert!(
        all.iter().any(|s| s == "spec/import-export/job.yaml"),
        "found {all:?}"
    );
    for relative in all {
        let source = source(&relative);
        let compiled = machine_core::compile(&source);
        let model = compiled
            .model
            .unwrap_or_else(|| panic!("{relative} has errors: {:#?}", compiled.diagnostics));
        let code = machine_codegen::file(&model, &Options::new(machine_cli::figures));
        // The same model always gives the same bytes.
        assert_eq!(
            code,
            machine_codegen::file(&model, &Options::new(machine_cli::figures)),
            "{relative}"
        );
        insta::assert_snapshot!(snapshot_name(&relative), code);
    }
}

#[test]
fn serde_derives_follow_the_option() {
    let model = machine_core::compile(&source("spec/import-export/drive.yaml"))
        .model
        .expect("valid");
    let off = machine_codegen::file(&model, &Options::new(machine_cli::figures));
    assert!(!off.contains("serde"));
    let always = machine_codegen::file(
        &model,
        &Options {
            serde: machine_codegen::Serde::Always,
            ..Options::new(machine_cli::figures)
        },
    );
    assert!(always.contains("#[derive(::serde::Serialize, ::serde::Deserialize)]"));
    assert!(always.contains(r#"#[serde(rename = "CompletedMoreInfo")]"#));
    let cfg = machine_codegen::Serde::cfg(r#"feature = "serde""#).expect("a predicate");
    let gated = machine_codegen::file(
        &model,
        &Options {
            serde: cfg,
            ..Options::new(machine_cli::figures)
        },
    );
    assert!(gated.contains(
        r#"#[cfg_attr(feature = "serde", derive(::serde::Serialize, ::serde::Deserialize))]"#
    ));
    assert!(machine_codegen::Serde::cfg("feature = ").is_err());
}

/// `machine gen spec/import-export/NAME.yaml -o generated-example/src/generated/NAME.rs`, run
/// from the workspace root, writes `machine_codegen::file` of the spec named by that relative
/// path; the test compares with that (the CLI's own `--check` is tested below).
#[test]
fn checked_in_expansion_is_fresh() {
    for name in ["job", "drive"] {
        let spec = format!("spec/import-export/{name}.yaml");
        let output = format!("generated-example/src/generated/{name}.rs");
        let expected = machine_codegen::file(
            &machine_core::compile(&source(&spec)).model.expect("valid"),
            &Options::new(machine_cli::figures),
        );
        ensure_fresh(
            &output,
            &expected,
            &format!("cargo run -p machine-cli -- gen {spec} -o {output}"),
        );
    }
}

#[test]
fn gen_check_reports_a_stale_file_and_writes_only_on_change() {
    let dir = std::env::temp_dir().join(format!("machine-gen-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("light.yaml");
    std::fs::write(
        &spec,
        "machine: Light\ninitial: Off\nstates: { Off: {}, On: {} }\nevents: { Flip: {} }\n\
         transitions:\n  - { from: Off, on: Flip, to: On }\n  - { from: On, on: Flip, to: Off }\n",
    )
    .expect("write spec");
    let output = dir.join("light.rs");
    let run = |args: &[&str]| {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let mut all = vec!["machine", "gen", "--color", "never"];
        all.extend_from_slice(args);
        let code = machine_cli::run(all, &mut out, &mut err);
        (
            code,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    };
    let spec_arg = spec.to_string_lossy().into_owned();
    let output_arg = output.to_string_lossy().into_owned();

    let (code, _, err) = run(&[&spec_arg, "-o", &output_arg, "--check"]);
    assert_eq!(code, 1, "a missing file is stale");
    assert!(err.contains("light.rs is stale"), "{err}");

    let (code, _, err) = run(&[&spec_arg, "-o", &output_arg]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote"), "{err}");
    let written = std::fs::read_to_string(&output).expect("written");
    assert!(written.starts_with(&format!(
        "// @generated by machine from {spec_arg} — do not edit\n"
    )));

    let (code, _, err) = run(&[&spec_arg, "-o", &output_arg]);
    assert_eq!(
        (code, err.as_str()),
        (0, ""),
        "unchanged bytes are not written again"
    );
    let (code, _, _) = run(&[&spec_arg, "-o", &output_arg, "--check"]);
    assert_eq!(code, 0);

    std::fs::write(&output, written.replace("Flip", "Flop")).expect("edit");
    let (code, _, err) = run(&[&spec_arg, "-o", &output_arg, "--check"]);
    assert_eq!(code, 1);
    assert!(err.contains("is stale"), "{err}");

    let (code, out, _) = run(&[&spec_arg]);
    assert_eq!(code, 0);
    assert_eq!(out, written, "without -o the code goes to standard output");

    let (code, _, err) = run(&[&spec_arg, "--check"]);
    assert_eq!(code, 2, "--check without -o is a usage error: {err}");

    std::fs::write(&spec, "machine: Light\ninitial: Of\nstates: { Off: {} }\n")
        .expect("break spec");
    let (code, _, err) = run(&[&spec_arg, "-o", &output_arg]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0101"), "the findings are shown: {err}");
    assert!(err.contains("no code generated"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn specs_with_errors_give_errors_and_a_well_formed_skeleton() {
    for relative in specs("tests/fixtures/bad") {
        let source = source(&relative);
        let (body, had_errors) = machine_codegen::expand(
            &source,
            &Options::new(machine_cli::figures),
            Span::call_site(),
        );
        if !had_errors {
            // A fixture of warnings only: the code is generated.
            assert!(
                machine_core::compile(&source)
                    .diagnostics
                    .iter()
                    .all(|d| !d.is_error()),
                "{relative}"
            );
            continue;
        }
        let text = body.to_string();
        assert!(
            text.contains("compile_error"),
            "{relative}: no compile_error! in {text}"
        );
        assert!(
            text.contains(&format!("{relative}:")),
            "{relative}: errors name the file: {text}"
        );
        // Parses as a file: the skeleton (if any) is well-formed Rust.
        let _ = machine_codegen::format(&body);
    }
}

#[test]
fn the_skeleton_keeps_every_name_that_could_be_read() {
    let source = SourceFile::new(
        "broken.yaml",
        "machine: Door\ninitial: Closed\nstates:\n  Closed: {}\n  Open: {}\nevents:\n  Push: {}\n\
         guards:\n  unlocked: {}\ntransitions:\n  - { from: Closed, on: Push, to: Opne, guard: unlocked }\n",
    );
    let (body, had_errors) = machine_codegen::expand(
        &source,
        &Options::new(machine_cli::figures),
        Span::call_site(),
    );
    assert!(had_errors);
    let code = machine_codegen::format(&body);
    assert!(
        code.contains("broken.yaml:11:35: error[E0101]: unknown state `Opne`"),
        "{code}"
    );
    assert!(code.contains("help: did you mean `Open`?"), "{code}");
    for item in [
        "Closed = 0",
        "Open = 1",
        "Push = 0",
        "fn unlocked(&self) -> bool;",
        "pub struct Machine",
    ] {
        assert!(code.contains(item), "the skeleton lacks `{item}`");
    }
}

/// `State` is one byte up to 256 states and two bytes beyond; `Event` likewise.
#[test]
fn state_and_event_reprs_fit_the_count() {
    for (states, repr) in [(2, "u8"), (256, "u8"), (257, "u16")] {
        let source = machine_core::SourceFile::new(
            "synthetic.yaml",
            machine_tests::synthetic::spec(states, 3),
        );
        let model = machine_core::compile(&source)
            .model
            .expect("synthetic specs are valid");
        let code = machine_codegen::module_body(
            &model,
            &machine_codegen::Options::new(machine_cli::figures),
        )
        .to_string();
        let state_enum = code.find("pub enum State").expect("a State enum");
        let before = &code[..state_enum];
        let attr = before
            .rfind("repr")
            .map(|i| &before[i..])
            .expect("State has a repr");
        assert!(
            attr.starts_with(&format!("repr ({repr})")),
            "{states} states: {}",
            &attr[..attr.len().min(20)]
        );
    }
}

/// `State`'s rustdoc repeats the diagram up to 100 states; above, it points to `DOT`, which
/// holds it in every case.
#[test]
fn state_docs_repeat_the_diagram_only_while_it_is_readable() {
    for (states, repeated) in [(100, true), (101, false)] {
        let source = machine_core::SourceFile::new(
            "synthetic.yaml",
            machine_tests::synthetic::spec(states, 2),
        );
        let model = machine_core::compile(&source)
            .model
            .expect("synthetic specs are valid");
        let code = machine_codegen::module_body(
            &model,
            &machine_codegen::Options::new(machine_cli::figures),
        )
        .to_string();
        let state_doc = &code[..code.find("pub enum State").expect("a State enum")];
        assert_eq!(
            state_doc.contains("```dot"),
            repeated,
            "{states} states: the diagram in State's docs"
        );
        assert_eq!(
            state_doc.contains("not repeated here"),
            !repeated,
            "{states} states: the pointer to DOT"
        );
        assert!(code.contains("pub const DOT"), "{states} states: DOT");
    }
}

/// A chain of `n` states: its shortest paths have `n * n / 2` steps in all.
fn chain(n: usize) -> SourceFile {
    use std::fmt::Write as _;
    let mut text = String::from("machine: Chain\ninitial: S0\nstates:\n");
    for i in 0..n {
        let _ = writeln!(text, "  S{i}: {{}}");
    }
    let _ = writeln!(
        text,
        "  S{n}: {{ final: true }}\nevents:\n  Next: {{}}\ntransitions:"
    );
    for i in 0..n {
        let _ = writeln!(text, "  - {{ from: S{i}, on: Next, to: S{} }}", i + 1);
    }
    SourceFile::new(format!("chain-{n}.yaml"), text)
}

/// Test paths grow faster than the spec; the generated code carries them only within a
/// budget, and says so when it does not.
#[test]
fn test_paths_are_carried_within_a_budget() {
    let expand = |n: usize| {
        let model = machine_core::compile(&chain(n))
            .model
            .expect("a chain compiles");
        machine_codegen::file(&model, &machine_codegen::Options::new(machine_cli::figures))
    };
    let small = expand(20);
    let empty = "pub const TEST_PATHS: &[TestPath] = &[];";
    assert!(!small.contains(empty), "a short chain carries its paths");
    assert!(
        small.contains("PathStep {"),
        "a short chain carries its paths"
    );
    for n in [100, 300] {
        let large = expand(n);
        assert!(large.contains(empty), "chain of {n}: no paths carried");
        assert!(
            large.contains("none are carried here"),
            "chain of {n}: the docs say why"
        );
        assert!(large.contains(&format!("`machine paths chain-{n}.yaml` prints them")));
    }
}

/// `State`'s rustdoc: the picture with the DOT source folded below it, or the DOT source
/// alone (`svg = false`), or a note when the figure is too large to lay out at every build.
#[test]
fn state_rustdoc_shows_the_picture_or_says_why_not() {
    fn off(model: &machine_core::Model) -> machine_codegen::Figures {
        machine_codegen::Figures {
            picture: machine_codegen::Picture::Off,
            ..machine_cli::figures(model)
        }
    }
    fn too_large(model: &machine_core::Model) -> machine_codegen::Figures {
        machine_codegen::Figures {
            picture: machine_codegen::Picture::TooLarge,
            ..machine_cli::figures(model)
        }
    }
    let text =
        std::fs::read_to_string(workspace().join("spec/import-export/job.yaml")).expect("readable");
    let model = machine_core::compile(&SourceFile::new("spec/import-export/job.yaml", text))
        .model
        .expect("a good spec");
    let drawn = machine_codegen::file(&model, &Options::new(machine_cli::figures));
    assert!(drawn.contains("/// <div class=\"machine-diagram\"><svg "));
    assert!(drawn.contains("/// <details><summary>The diagram's Graphviz source"));
    let plain = machine_codegen::file(&model, &Options::new(off));
    assert!(!plain.contains("machine-diagram") && !plain.contains("picture is left out"));
    assert!(plain.contains("/// The same as [`DOT`]:\n///\n/// ```dot\n"));
    let noted = machine_codegen::file(&model, &Options::new(too_large));
    assert!(!noted.contains("machine-diagram"));
    assert!(noted.contains("/// The picture is left out: this figure is too large"));
    // The default draws what is small, and notes what is not: a tangled figure of 40 states.
    let large = machine_tests::synthetic::spec(40, 3);
    let large = machine_core::compile(&SourceFile::new("large.yaml", large))
        .model
        .expect("a good spec");
    assert_eq!(
        machine_cli::figures(&large).picture,
        machine_codegen::Picture::TooLarge
    );
}
