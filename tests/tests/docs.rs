//! The checked-in docs are what `machine docs` writes today, and the figure commands of the
//! CLI behave. Every test here runs from the workspace root (the paths in generated headers
//! are relative to it), so they all set the same current directory.

use machine_tests::machine;

const REFERENCE: [&str; 2] = [
    "spec/import-export/job.yaml",
    "spec/import-export/drive.yaml",
];

#[test]
fn checked_in_import_export_docs_are_fresh() {
    let (code, _, err) = machine(&[
        "docs",
        REFERENCE[0],
        REFERENCE[1],
        "--out",
        "docs",
        "--check",
    ]);
    assert_eq!(
        code, 0,
        "docs/import-export.md or its figures are stale:\n{err}"
    );
    let page = std::fs::read_to_string("docs/import-export.md").expect("the page is checked in");
    assert!(page.contains("![The Job lifecycle](import-export/job.svg)"));
    assert!(page.contains("![The Drive lifecycle](import-export/drive.svg)"));
    assert!(page.contains("```mermaid\n---\ntitle: Job\n"));
    assert!(page.contains("### Error table"));
    for svg in ["docs/import-export/job.svg", "docs/import-export/drive.svg"] {
        let text = std::fs::read_to_string(svg).expect("the figures are checked in");
        assert!(
            text.contains("<svg") && text.contains("<!-- machine: from DOT "),
            "{svg}"
        );
    }
}

#[test]
fn docs_writes_every_format_and_only_changed_files() {
    let dir = std::env::temp_dir().join(format!("machine-docs-test-{}", std::process::id()));
    let out_dir = dir.to_string_lossy().into_owned();
    let args = [
        "docs",
        REFERENCE[0],
        REFERENCE[1],
        "--out",
        &out_dir,
        "--engine",
        "builtin",
    ];
    let (code, out, err) = machine(&args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "9 files written, 0 up to date\n");
    for file in [
        "job.dot",
        "job.mmd",
        "job.svg",
        "job.html",
        "drive.dot",
        "drive.mmd",
        "drive.svg",
        "drive.html",
    ] {
        assert!(dir.join("import-export").join(file).is_file(), "{file}");
    }
    assert!(dir.join("import-export.md").is_file());
    let (code, out, _) = machine(&args);
    assert_eq!((code, out.as_str()), (0, "0 files written, 9 up to date\n"));
    let (code, _, _) = machine(&[&args[..], &["--check"]].concat());
    assert_eq!(code, 0);

    // A changed figure is stale until it is written again.
    let dot_path = dir.join("import-export/job.dot");
    std::fs::write(&dot_path, "digraph {}\n").expect("writable");
    let (code, _, err) = machine(&[&args[..], &["--check"]].concat());
    assert_eq!(code, 1);
    assert!(err.contains("stale:") && err.contains("job.dot"), "{err}");
    let (code, out, _) = machine(&args);
    assert_eq!((code, out.as_str()), (0, "1 file written, 8 up to date\n"));

    // So is a simulator page that was not made from this spec, and the Markdown links it.
    let page = dir.join("import-export/drive.html");
    let html = std::fs::read_to_string(&page).expect("written");
    assert!(
        html.contains("<!-- machine: simulator from DOT ")
            && html.contains("The Drive lifecycle: simulator")
    );
    std::fs::write(&page, html.replace("machine: simulator", "machine: old")).expect("writable");
    let (code, _, err) = machine(&[&args[..], &["--check"]].concat());
    assert_eq!(code, 1);
    assert!(
        err.contains("stale:") && err.contains("drive.html"),
        "{err}"
    );
    let (code, out, _) = machine(&args);
    assert_eq!((code, out.as_str()), (0, "1 file written, 8 up to date\n"));
    let markdown = std::fs::read_to_string(dir.join("import-export.md")).expect("written");
    assert!(
        markdown.contains("[job.html](import-export/job.html)"),
        "{markdown}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The page of a spec with history states (rule S19) explains their circles in its legend and
/// lists them in a table of their own.
#[test]
fn the_docs_page_shows_history_states() {
    let dir = std::env::temp_dir().join(format!("machine-docs-history-{}", std::process::id()));
    let out_dir = dir.to_string_lossy().into_owned();
    let spec = "tests/fixtures/nested/history.yaml";
    let args = [
        "docs", spec, "--out", &out_dir, "--page", "held", "--engine", "builtin",
    ];
    let (code, _, err) = machine(&args);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(dir.join("held.md")).expect("written");
    for expected in [
        "| H, H* | history: back to where it was inside the frame (H*: innermost) |",
        "### History states\n\n| History state | History of | Kind | Default | Description |\n",
        "| `Repack` | `Packing` | shallow (`H`) | `Picking` (its initial state) |  |\n",
        "| `Boxing` | `Unbox` |  | `Repack` (shallow history of `Packing`) |  |  |\n",
    ] {
        assert!(page.contains(expected), "missing {expected:?} in\n{page}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn figure_commands_print_each_format() {
    let (code, dot, _) = machine(&["dot", REFERENCE[0]]);
    assert_eq!(code, 0);
    assert!(
        dot.starts_with(
            "// @generated by machine from spec/import-export/job.yaml — do not edit\n"
        )
    );
    let (code, mermaid, _) = machine(&["mermaid", REFERENCE[1]]);
    assert_eq!(code, 0);
    assert!(mermaid.contains("stateDiagram-v2\n"));
    let (code, tables, _) = machine(&["table", REFERENCE[0]]);
    assert_eq!(code, 0);
    assert!(tables.starts_with("# Job\n\n## States\n\n| State | Description |"));
    let (code, states, _) = machine(&["table", REFERENCE[0], "--only", "errors"]);
    assert_eq!(code, 0);
    assert!(states.starts_with("| State | Event | Resolution / next steps | Transition |\n"));
    let (code, histories, _) =
        machine(&["table", "spec/samples/checkout.yaml", "--only", "histories"]);
    assert_eq!(code, 0);
    assert!(
        histories.starts_with("| History state |") && histories.contains("`Resume`"),
        "{histories}"
    );
    let (code, svg, err) = machine(&["svg", REFERENCE[1], "--engine", "builtin"]);
    assert_eq!(code, 0, "{err}");
    assert!(svg.contains("<!-- machine: from DOT ") && svg.contains("</svg>"));
}

/// A large figure is drawn by the built-in simple layout, with a note on stderr pointing to
/// Graphviz; one too large even for that is refused, naming the spec.
#[test]
fn builtin_svg_says_when_it_draws_a_large_figure_simply_and_refuses_a_huge_one() {
    let dir = std::env::temp_dir().join(format!("machine-svg-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let large = dir.join("large.yaml");
    std::fs::write(&large, machine_tests::synthetic::spec(300, 10)).expect("written");
    let (code, svg, err) = machine(&["svg", &large.to_string_lossy(), "--engine", "builtin"]);
    assert_eq!(code, 0, "{err}");
    assert!(svg.contains("<!-- machine: from DOT ") && svg.contains("</svg>"));
    assert!(
        err.starts_with("note: ")
            && err.contains("large.yaml: the diagram (301 boxes, 2,937 arrows) is too large for the detailed built-in layout")
            && err.contains("Graphviz draws it better")
            && err.contains("`machine svg --engine graphviz`"),
        "{err}"
    );

    let huge = dir.join("huge.yaml");
    std::fs::write(&huge, machine_tests::synthetic::spec(5_000, 1)).expect("written");
    let (code, svg, err) = machine(&["svg", &huge.to_string_lossy(), "--engine", "builtin"]);
    assert_ne!(code, 0);
    assert!(svg.is_empty(), "nothing is written");
    assert!(
        err.contains("huge.yaml: the diagram is too large for the built-in SVG layout")
            && err.contains("`machine svg --engine graphviz`"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn svg_uses_graphviz_when_it_is_installed() {
    let graphviz = std::process::Command::new("dot").arg("-V").output().is_ok();
    let (code, svg, err) = machine(&["svg", REFERENCE[0], "--engine", "graphviz"]);
    if graphviz {
        assert_eq!(code, 0, "{err}");
        assert!(svg.contains("Generated by graphviz"));
        let (_, auto, _) = machine(&["svg", REFERENCE[0]]);
        assert_eq!(auto, svg, "auto picks Graphviz");
    } else {
        assert_eq!(code, 2);
        assert!(err.contains("not installed"), "{err}");
    }
}

#[test]
fn output_file_is_written_only_when_it_changes() {
    let path = std::env::temp_dir().join(format!("machine-dot-test-{}.dot", std::process::id()));
    let file = path.to_string_lossy().into_owned();
    let (code, out, _) = machine(&["dot", REFERENCE[1], "-o", &file]);
    assert_eq!((code, out.as_str()), (0, ""));
    let written = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("written");
    let (code, _, _) = machine(&["dot", REFERENCE[1], "-o", &file]);
    assert_eq!(code, 0);
    let again = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("still there");
    assert_eq!(written, again, "unchanged bytes are not rewritten");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_spec_with_errors_prints_its_diagnostics_and_exits_1() {
    let bad = "tests/fixtures/bad/unreachable-state.yaml";
    for command in ["dot", "svg", "mermaid", "table"] {
        let (code, out, err) = machine(&[command, bad]);
        assert_eq!(code, 1, "{command}");
        assert!(out.is_empty(), "{command} prints no figure");
        assert!(
            err.contains("error[") && err.contains(bad),
            "{command}: {err}"
        );
    }
    let dir = std::env::temp_dir().join(format!("machine-docs-bad-{}", std::process::id()));
    let (code, _, err) = machine(&["docs", REFERENCE[0], bad, "--out", &dir.to_string_lossy()]);
    assert_eq!(code, 1);
    assert!(err.contains("error["), "{err}");
    assert!(!dir.exists(), "nothing is written when a spec has errors");
}

#[test]
fn missing_spec_is_a_usage_error() {
    let (code, _, err) = machine(&["dot", "spec/no-such-spec.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read spec/no-such-spec.yaml"), "{err}");
}

/// A fenced block of a Markdown page: its info string (`yaml`, `console`), its text, and the
/// `<!-- tutorial: replace `OLD` with `NEW` -->` edit written just before it, if any.
type Block = (String, String, Option<(String, String)>);

/// The fenced blocks of a Markdown page, in order.
fn fenced_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    let mut edit = None;
    for line in text.lines() {
        match &mut open {
            None if line.starts_with("```") => {
                open = Some((
                    line.trim_start_matches('`').trim().to_owned(),
                    String::new(),
                ));
            }
            None => {
                if let Some(rest) = line.strip_prefix("<!-- tutorial: replace `") {
                    let (old, rest) = rest.split_once("` with `").expect("`OLD` with `NEW`");
                    let new = rest.strip_suffix("` -->").expect("ends with -->");
                    edit = Some((old.to_owned(), new.to_owned()));
                }
            }
            Some(_) if line == "```" => {
                let (info, body) = open.take().expect("inside a block");
                blocks.push((info, body, edit.take()));
            }
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    blocks
}

/// A command line as a shell splits it: words, and `'...'` as one word.
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in command.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// The README's table of commands has a row, with its exit codes, for every command of
/// `machine --help`.
#[test]
fn the_readme_lists_every_command_with_its_exit_codes() {
    let (code, help, _) = machine(&["--help"]);
    assert_eq!(code, 0);
    let readme =
        std::fs::read_to_string(machine_tests::workspace().join("README.md")).expect("README");
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|&c| c != "help")
        .collect();
    assert!(commands.len() >= 12, "{help}");
    for command in commands {
        let row = readme
            .lines()
            .find(|l| {
                l.starts_with("| `machine ")
                    && l.split('`').nth(1).is_some_and(|cell| {
                        cell.split_whitespace()
                            .nth(1)
                            .is_some_and(|names| names.split("\\|").any(|n| n == command))
                    })
            })
            .unwrap_or_else(|| panic!("README.md has no row for `machine {command}`"));
        assert_eq!(
            row.matches(" | ").count(),
            2,
            "three columns, the last the exit 1: {row}"
        );
    }
}

/// `docs/tutorial.md` as a newcomer follows it: each `machine` command of its console blocks
/// runs on `loan.yaml` as the page has it at that point (its last complete YAML block, with
/// the edit the page names before a block that shows a mistake) and prints exactly what the
/// block shows; its Rust program is `tests/ui/pass/tutorial.rs`, which the ui test compiles
/// and runs; its last spec is `spec/samples/loan.yaml`.
#[test]
fn the_tutorial_runs_as_written() {
    let root = machine_tests::workspace();
    let page = std::fs::read_to_string(root.join("docs/tutorial.md")).expect("the tutorial");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("tutorial");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    let spec_path = dir.join("loan.yaml").to_string_lossy().into_owned();
    let mut spec: Option<String> = None;
    let mut commands = 0;
    let mut rust = Vec::new();
    for (info, body, edit) in fenced_blocks(&page) {
        match info.as_str() {
            "yaml" if body.lines().any(|l| l.starts_with("machine:")) => spec = Some(body),
            "rust" => rust.push(body),
            "console" if body.starts_with("$ machine ") => {
                let mut text = spec.clone().expect("a spec before the first command");
                if let Some((old, new)) = &edit {
                    assert!(text.contains(old.as_str()), "the spec has no `{old}`");
                    text = text.replacen(old.as_str(), new, 1);
                }
                std::fs::write(&spec_path, &text).expect("a scratch file");
                let mut runs = body.split("$ ").skip(1);
                for run in runs.by_ref() {
                    let (command, shown) = run.split_once('\n').unwrap_or((run, ""));
                    let args: Vec<String> = words(command)
                        .into_iter()
                        .skip(1)
                        .map(|w| {
                            if w == "loan.yaml" {
                                spec_path.clone()
                            } else {
                                w
                            }
                        })
                        .collect();
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    let (_, out, err) = machine(&args);
                    let printed = format!("{err}{out}").replace(&spec_path, "loan.yaml");
                    assert_eq!(printed, shown, "docs/tutorial.md: `{command}`");
                    commands += 1;
                }
            }
            _ => {}
        }
    }
    assert!(commands >= 8, "only {commands} commands run");
    let program = std::fs::read_to_string(root.join("tests/ui/pass/tutorial.rs"))
        .expect("the tutorial's program");
    assert_eq!(
        rust,
        [program],
        "the tutorial's Rust is tests/ui/pass/tutorial.rs"
    );
    let sample =
        std::fs::read_to_string(root.join("spec/samples/loan.yaml")).expect("the loan sample");
    let without_comments = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        without_comments(&spec.expect("a spec")),
        without_comments(&sample),
        "the tutorial's last spec is spec/samples/loan.yaml"
    );
}

/// The YAML code blocks of `page` that are complete specs (they have a top-level `machine:`),
/// each with the line its first YAML line is on.
fn complete_examples(page: &str) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(page).expect("the page is checked in");
    let mut examples = Vec::new();
    let mut block: Option<(usize, String)> = None;
    for (index, line) in text.lines().enumerate() {
        match (&mut block, line.trim_end()) {
            (None, "```yaml") => block = Some((index + 2, String::new())),
            (Some(_), "```") => {
                let (line, yaml) = block.take().expect("inside a block");
                if yaml.lines().any(|l| l.starts_with("machine:")) {
                    examples.push((line, yaml));
                }
            }
            (Some((_, yaml)), _) => {
                yaml.push_str(line);
                yaml.push('\n');
            }
            (None, _) => {}
        }
    }
    examples
}

#[test]
fn complete_examples_in_the_docs_check_without_findings() {
    let root = machine_tests::workspace();
    let mut pages = vec!["README.md".to_owned()];
    for entry in std::fs::read_dir(root.join("docs")).expect("docs/ exists") {
        let name = entry.expect("a readable entry").file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".md") {
            pages.push(format!("docs/{name}"));
        }
    }
    pages.sort();
    let mut checked = 0;
    for page in &pages {
        for (line, yaml) in complete_examples(&root.join(page).to_string_lossy()) {
            let source =
                machine_core::SourceFile::new(format!("{page} (example at line {line})"), yaml);
            let compiled = machine_core::compile(&source);
            let findings: Vec<String> = compiled
                .diagnostics
                .iter()
                .map(|d| d.display(&source).to_string())
                .collect();
            assert!(findings.is_empty(), "{}", findings.join("\n"));
            assert!(compiled.model.is_some());
            checked += 1;
        }
    }
    assert!(checked >= 1, "docs/spec-language.md has a complete example");
}

/// The sample pages under `docs/samples/` are what `machine docs` writes for their specs.
#[test]
fn checked_in_sample_pages_are_fresh() {
    let mut samples: Vec<String> = std::fs::read_dir("spec/samples")
        .expect("the samples are checked in")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_owned()))
        .collect();
    samples.sort();
    assert!(samples.len() >= 9, "every sample is found: {samples:?}");
    for sample in &samples {
        let spec = format!("spec/samples/{sample}.yaml");
        let (code, _, err) = machine(&[
            "docs",
            &spec,
            "--out",
            "docs/samples",
            "--page",
            sample,
            "--check",
        ]);
        assert_eq!(
            code, 0,
            "docs/samples/{sample}.md is stale: run `machine docs {spec} --out docs/samples --page {sample}`\n{err}"
        );
    }
}
