//! The web outputs in a real browser and with real tools: the simulator page of `machine
//! sim` driven by Debian's Chromium through playwright-core (`tests/web/browser.mjs`), from
//! `file://`, with no network request and no console error; the pages of every spec and of a
//! spec with parallel states (`web/parallel.rs`); the TypeScript module's snapshot; and the
//! rustdoc of `generated-example`, whose `State` shows the diagram as a picture.
//!
//! Chromium (`/usr/bin/chromium`) and `npm ci --prefix tests/web` are needed; missing, a test
//! skips locally and fails under `MACHINE_REQUIRE_TOOLS` (as `.ci/run` sets). Screenshots go
//! to `target/tmp/web/`; look at them after a change to the page.

use std::path::{Path, PathBuf};
use std::process::Command;

use machine_core::paths;
use machine_tests::{machine, model, skip_without, workspace, yaml_files};
use serde_json::{Value, json};

#[path = "web/parallel.rs"]
mod parallel;

/// The largest simulator page of the job lifecycle the issue allows.
const MAX_PAGE_BYTES: usize = 300 * 1024;

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("web");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// `node tests/web/browser.mjs ARGS...`: its report, or `None` when a tool is missing.
fn browser(args: &[&str]) -> Option<Value> {
    let web = workspace().join("tests/web");
    if !Path::new("/usr/bin/chromium").exists() && skip_without("Chromium (apt install chromium)") {
        return None;
    }
    if !web.join("node_modules/playwright-core").is_dir()
        && skip_without("playwright-core (npm ci --prefix tests/web)")
    {
        return None;
    }
    let args: Vec<&std::ffi::OsStr> = std::iter::once(std::ffi::OsStr::new("browser.mjs"))
        .chain(args.iter().map(std::ffi::OsStr::new))
        .collect();
    let stdout = machine_tests::node(Some(&web), &args, "the browser test failed")?;
    Some(serde_json::from_slice(&stdout).expect("the script prints JSON"))
}

/// The events of the `machine run` command the page copied (`--events '...'`).
fn copied_events(report: &Value) -> &str {
    let command = report["script"].as_str().expect("the command");
    command
        .split("--events '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the script")
}

/// Writes the simulator page of `spec` with `machine sim`; its path.
fn sim_page(spec: &str, engine: &str, file: &str) -> PathBuf {
    let path = out_dir().join(file);
    let target = path.to_string_lossy().into_owned();
    let (code, _, err) = machine(&["sim", "--engine", engine, spec, "-o", &target]);
    assert_eq!(code, 0, "machine sim {spec}: {err}");
    path
}

#[test]
fn the_job_page_is_walked_by_clicks_and_keys_in_chromium() {
    let engine = if Command::new("dot").arg("-V").output().is_ok() {
        "graphviz"
    } else {
        "builtin"
    };
    let page = sim_page("spec/import-export/job.yaml", engine, "job.html");
    let size = std::fs::metadata(&page).expect("written").len();
    assert!(
        usize::try_from(size).expect("small") < MAX_PAGE_BYTES,
        "the job page is {size} bytes"
    );
    // The longest covering path made of events only, from the (only) start.
    let model = model("spec/import-export/job.yaml");
    let found = paths::paths(&model);
    let path = found
        .cover
        .iter()
        .filter(|p| {
            p.steps
                .iter()
                .all(|s| matches!(s.input, machine_core::semantics::Input::Event(_)))
        })
        .max_by_key(|p| p.steps.len())
        .expect("a path of events");
    assert!(path.steps.len() >= 4, "a path worth walking");
    let described = machine_core::words::describe(&model, path);
    let path_json = json!({
        "start": model.state(model.starts[path.start].state).name.spec,
        "steps": described.steps,
    });
    let path_file = out_dir().join("job-path.json");
    std::fs::write(&path_file, path_json.to_string()).expect("a scratch file");
    let out = out_dir();
    let Some(report) = browser(&[
        "walk",
        &page.to_string_lossy(),
        &path_file.to_string_lossy(),
        &out.to_string_lossy(),
    ]) else {
        return;
    };
    assert_eq!(report["clicks"], json!(path.steps.len()), "{report}");
    assert_eq!(report["keys"], json!(path.steps.len()), "{report}");
    assert_eq!(report["requests"], json!([]), "no network request");
    assert_eq!(report["errors"], json!([]), "no console error");
    assert!(out.join("job-sim.png").is_file() && out.join("job-sim-dark.png").is_file());
    // The copied Rust test compiles beside the generated job machine, and passes.
    rust_test_passes(
        report["test"].as_str().expect("the Rust test"),
        path.steps.len(),
    );
    let ended = report["endedTest"]
        .as_str()
        .expect("the Rust test of the ended run");
    assert!(
        ended.contains(".is_err());") && ended.contains("machine.expire(job::Timer::Creating)")
    );
    assert!(ended.contains("assert!(machine.is_ended());"), "{ended}");
    rust_test_passes(ended, 1);
    // The copied command replays the same run in `machine run`.
    let events = copied_events(&report);
    let (code, out, err) = machine(&["run", "spec/import-export/job.yaml", "--events", events]);
    assert!(code <= 1, "{err}");
    assert!(out.contains("now in Creating"), "{out}");
}

/// Compiles `test` (the page's "copy as a Rust test") with the checked-in expansion of the
/// job machine as module `job`, runs it, and checks it asserted every step.
fn rust_test_passes(test: &str, steps: usize) {
    let generated = workspace().join("generated-example/src/generated/job.rs");
    rust_test_passes_beside("job", &generated, test, steps);
}

/// Compiles `test` with the generated code in `generated` as module `module`, runs it, and
/// checks it asserted every step.
fn rust_test_passes_beside(module: &str, generated: &Path, test: &str, steps: usize) {
    assert!(
        test.contains("#[test]") && test.contains(&format!("{module}::Machine::new()")),
        "{test}"
    );
    assert_eq!(
        test.matches("assert_eq!(step.to, ").count(),
        steps,
        "{test}"
    );
    let dir = out_dir();
    let source = dir.join(format!("copied_{module}_test.rs"));
    std::fs::write(
        &source,
        format!(
            "#[path = {:?}]\n#[allow(dead_code, clippy::all)]\nmod {module};\n\n{test}",
            generated.to_string_lossy()
        ),
    )
    .expect("a scratch file");
    let binary = dir.join(format!("copied_{module}_test"));
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let built = Command::new(rustc)
        .args(["--edition", "2024", "--test", "-o"])
        .arg(&binary)
        .arg(&source)
        .output()
        .expect("rustc runs");
    assert!(
        built.status.success(),
        "the copied Rust test does not compile:\n{}\n{test}",
        String::from_utf8_lossy(&built.stderr)
    );
    let ran = Command::new(&binary).output().expect("the test runs");
    let out = String::from_utf8_lossy(&ran.stdout);
    assert!(
        ran.status.success() && out.contains(&format!("test {module}_simulated_run ... ok")),
        "the copied Rust test fails:\n{out}{}",
        String::from_utf8_lossy(&ran.stderr)
    );
}

/// The DHCP client's page: its named durations keep the `shorter_than:` order, and its
/// guarded timeout expires now with the guard toggled off (refused; the timer stops) and on.
/// The copied command replays the run in `machine run`, and the copied Rust test passes
/// beside `machine gen`'s code.
#[test]
fn a_nested_page_highlights_the_tree_in_chromium() {
    if Command::new("dot").arg("-V").output().is_err() {
        assert!(
            std::env::var_os("MACHINE_REQUIRE_TOOLS").is_none(),
            "Graphviz is required (MACHINE_REQUIRE_TOOLS is set)"
        );
        return;
    }
    let spec = "tests/fixtures/nested/semantics.yaml";
    let page = sim_page(spec, "graphviz", "nested.html");
    let png = out_dir().join("nested-sim.png");
    let Some(report) = browser(&["nested", &page.to_string_lossy(), &png.to_string_lossy()]) else {
        return;
    };
    assert_eq!(report["checks"], json!(11), "{report}");
    assert_eq!(report["requests"], json!([]), "no network request");
    assert_eq!(report["errors"], json!([]), "no console error");
    // The copied Rust test passes beside `machine gen`'s code for the nested spec.
    let generated = out_dir().join("nested_order.rs");
    let (code, _, err) = machine(&["gen", spec, "-o", &generated.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let test = report["test"].as_str().expect("the Rust test");
    let steps = test.matches("assert_eq!(step.to, ").count();
    assert!(steps >= 2, "{test}");
    rust_test_passes_beside("nested_order", &generated, test, steps);
}

/// The page of a spec with history states (rule S19): its events (the first by its label on
/// the diagram, where the layout draws it) go back by a deep and a shallow history, the log
/// and the status say so, and the copied Rust test (which asserts
/// what `Machine::remembered` says) passes beside `machine gen`'s code; the copied command
/// replays the run in `machine run`.
#[test]
fn a_history_page_goes_back_where_it_was_in_chromium() {
    let spec = "tests/fixtures/nested/history.yaml";
    let engine = if Command::new("dot").arg("-V").output().is_ok() {
        "graphviz"
    } else {
        "builtin"
    };
    let page = sim_page(spec, engine, "history.html");
    let png = out_dir().join("history-sim.png");
    let Some(report) = browser(&["history", &page.to_string_lossy(), &png.to_string_lossy()])
    else {
        return;
    };
    assert_eq!(report["checks"], json!(10), "{report}");
    assert_eq!(report["requests"], json!([]), "no network request");
    assert_eq!(report["errors"], json!([]), "no console error");
    let events = copied_events(&report);
    assert_eq!(events, "Pay, Box, Hold, Release, Hold, Restart");
    let (code, out, err) = machine(&["run", spec, "--events", events]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("OnHold -> Boxing (by Resume, the deep history of Open)")
            && out.contains("now in Picking (every input accepted)"),
        "{out}"
    );
    let generated = out_dir().join("held_order.rs");
    let (code, _, err) = machine(&["gen", spec, "-o", &generated.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let test = report["test"].as_str().expect("the Rust test");
    assert!(
        test.contains("assert_eq!(machine.remembered(held_order::State::Packing), Some(held_order::State::Boxing));"),
        "{test}"
    );
    rust_test_passes_beside("held_order", &generated, test, 6);
}

/// The page of a spec with eventless and completion transitions (rules S20 and S21): each
/// input's automatic steps are in the log, on lines of their own, in `machine run`'s words
/// (the copied command replays the run, and `machine run` says the same), the automatic
/// transitions are marked on the diagram and listed by the events, never clickable; the
/// copied Rust test (which asserts where each input settled) passes beside `machine gen`'s
/// code.
#[test]
fn an_automatic_page_takes_its_own_steps_in_chromium() {
    let spec = "tests/fixtures/nested/automatic.yaml";
    let engine = if Command::new("dot").arg("-V").output().is_ok() {
        "graphviz"
    } else {
        "builtin"
    };
    let page = sim_page(spec, engine, "automatic.html");
    let png = out_dir().join("automatic-sim.png");
    let Some(report) = browser(&["automatic", &page.to_string_lossy(), &png.to_string_lossy()])
    else {
        return;
    };
    assert_eq!(report["checks"], json!(21), "{report}");
    assert_eq!(report["requests"], json!([]), "no network request");
    assert_eq!(report["errors"], json!([]), "no console error");
    let events = copied_events(&report);
    assert_eq!(
        events,
        "Submit[!card_valid], Submit[card_valid], Approve[risky, !fraud], Pick[!fraud], Accept[!fraud]"
    );
    let (code, out, err) = machine(&["run", spec, "--events", events, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    // Each line of the page's log: the input's step, then each automatic step on a line of
    // its own (`then ...`); joined with `; `, they read as `machine run` words the input.
    let log: Vec<String> = report["log"]
        .as_array()
        .expect("the log")
        .iter()
        .map(|entry| {
            let lines: Vec<&str> = entry
                .as_array()
                .expect("lines")
                .iter()
                .map(|line| line.as_str().expect("text"))
                .collect();
            lines.join("; ")
        })
        .collect();
    let words: Vec<String> = out
        .lines()
        .skip(1)
        .map(|line| {
            let line: Value = serde_json::from_str(line).expect("JSON lines");
            line["step"].as_str().expect("a step").to_owned()
        })
        .collect();
    assert_eq!(log, words);
    assert!(
        words[4].ends_with(
            "then Decided -> Confirmed (Review completed); actions: log_review, send_confirmation"
        ),
        "{words:?}"
    );
    let generated = out_dir().join("card_payment.rs");
    let (code, _, err) = machine(&["gen", spec, "-o", &generated.to_string_lossy()]);
    assert_eq!(code, 0, "{err}");
    let test = report["test"].as_str().expect("the Rust test");
    assert!(
        test.contains("assert_eq!(step.settled(), card_payment::State::Confirmed);"),
        "{test}"
    );
    rust_test_passes_beside("card_payment", &generated, test, 5);
}

#[test]
fn the_dhcp_page_expires_a_guarded_timer_as_toggled() {
    let spec = "spec/samples/dhcp-client.yaml";
    let page = sim_page(spec, "builtin", "dhcp-client.html");
    let Some(report) = browser(&["timers", &page.to_string_lossy()]) else {
        return;
    };
    assert_eq!(report["requests"], json!([]), "no network request");
    assert_eq!(report["errors"], json!([]), "no console error");
    let events = copied_events(&report);
    assert_eq!(
        events,
        "Start, expire(SelectionWindow)[!offer_received], +10s, expire(SelectionWindow)[offer_received]"
    );
    let mut run = vec!["run", spec, "--events", events];
    let command = report["script"].as_str().expect("the command");
    for duration in command.split("--duration '").skip(1) {
        run.extend(["--duration", duration.split('\'').next().expect("quoted")]);
    }
    let (code, out, err) = machine(&run);
    assert_eq!(code, 1, "one input refused: {out}{err}");
    assert!(out.contains("now in Requesting (1 input refused)"), "{out}");
    let generated = out_dir().join("dhcp_client.rs");
    let target = generated.to_string_lossy().into_owned();
    let (code, _, err) = machine(&["gen", spec, "-o", &target]);
    assert_eq!(code, 0, "{err}");
    let test = report["test"].as_str().expect("the Rust test");
    assert!(
        test.contains("machine.expire(dhcp_client::Timer::SelectionWindow, &Facts {"),
        "{test}"
    );
    rust_test_passes_beside("dhcp_client", &generated, test, 3);
}

#[test]
fn every_spec_has_a_page_that_runs_in_chromium() {
    let mut pages = Vec::new();
    for (index, spec) in yaml_files("spec").into_iter().enumerate() {
        let model = model(&spec);
        let stem = spec.replace('/', "__").replace(".yaml", "");
        for engine in ["builtin", "graphviz"] {
            if engine == "graphviz" && Command::new("dot").arg("-V").output().is_err() {
                continue;
            }
            let file = sim_page(&spec, engine, &format!("{stem}.{engine}.html"));
            let shot = (index < 2).then(|| format!("{stem}.{engine}.png"));
            pages.push(json!({
                "file": file,
                "start": model.state(model.starts[0].state).name.spec,
                "shot": shot,
            }));
        }
    }
    let list = out_dir().join("pages.json");
    std::fs::write(&list, Value::Array(pages.clone()).to_string()).expect("a scratch file");
    let Some(report) = browser(&[
        "smoke",
        &list.to_string_lossy(),
        &out_dir().to_string_lossy(),
    ]) else {
        return;
    };
    assert_eq!(report["pages"], json!(pages.len()), "{report}");
    assert_eq!(report["requests"], json!([]));
    assert_eq!(report["errors"], json!([]));
}

/// The part of a TypeScript module that is the spec's own (the runtime before it is the same
/// in every module, and is held equal to the interpreter by `tests/differential`).
fn lifecycle_part(module: &str) -> &str {
    let at = module
        .find("// ---- the lifecycle")
        .expect("the module has its lifecycle part");
    &module[at..]
}

#[test]
fn typescript_modules_of_every_good_spec() {
    for spec in yaml_files("spec")
        .into_iter()
        .chain(yaml_files("tests/fixtures/good"))
        .chain(yaml_files("tests/fixtures/parallel"))
    {
        let (code, module, err) = machine(&["gen", "--lang", "typescript", &spec]);
        assert_eq!(code, 0, "{spec}: {err}");
        assert!(
            module.starts_with(&format!(
                "// @generated by machine from {spec} — do not edit\n"
            )),
            "{spec}"
        );
        // The runtime, once, with its types uncommented; no enum and no namespace, so node's
        // type stripping runs it.
        let runtime = machine_web::runtime::typescript();
        assert_eq!(module.matches(&runtime).count(), 1, "{spec}");
        assert!(!module.contains("/*:"), "{spec}: a comment type is left");
        for word in ["enum ", "namespace ", "declare ", "import "] {
            assert!(
                !module.lines().any(|l| l.trim_start().starts_with(word)),
                "{spec}: `{word}` is not erasable or not dependency-free"
            );
        }
        insta::assert_snapshot!(
            format!(
                "typescript__{}",
                spec.replace('/', "__").trim_end_matches(".yaml")
            ),
            lifecycle_part(&module)
        );
    }
}

#[test]
fn gen_typescript_refuses_rust_options_and_checks_stale_files() {
    let (code, _, err) = machine(&[
        "gen",
        "--lang",
        "typescript",
        "--serde",
        "spec/samples/traffic-light.yaml",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--serde and --serde-cfg are for Rust"),
        "{err}"
    );
    let file = out_dir().join("traffic-light.ts");
    let target = file.to_string_lossy().into_owned();
    let args = [
        "gen",
        "--lang",
        "typescript",
        "spec/samples/traffic-light.yaml",
        "-o",
        &target,
    ];
    let (code, _, err) = machine(&args);
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = machine(&[&args[..], &["--check"]].concat());
    assert_eq!(code, 0);
    std::fs::write(&file, "// old\n").expect("writable");
    let (code, _, err) = machine(&[&args[..], &["--check"]].concat());
    assert_eq!(code, 1);
    assert!(
        err.contains("machine gen spec/samples/traffic-light.yaml --lang typescript -o"),
        "{err}"
    );
}

/// The page around its figure and its script: the skeleton every spec gets, the model as the
/// runtime reads it, no external reference of any kind.
#[test]
fn simulator_page_of_the_job() {
    let model = model("spec/import-export/job.yaml");
    let svg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>figure</text></svg>\n";
    let page = machine_web::page::render(&machine_web::page::Page {
        model: &model,
        svg,
        layout: "a test",
    });
    assert!(!page.contains("<?xml"), "the prologue is dropped");
    for reference in ["src=", "href=", "http://", "https://", "@import", "url("] {
        let outside_svg = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assert!(
            !outside_svg.contains(reference),
            "the page refers to `{reference}`"
        );
    }
    let script_at = page.find("<script type=\"module\">").expect("a script");
    let script_end = page.rfind("</script>").expect("closed");
    assert!(page[script_at..script_end].contains(&machine_web::runtime::javascript()));
    let style_at = page.find("<style>").expect("a style");
    let style_end = page.find("</style>").expect("closed");
    let skeleton = format!(
        "{}<style>…</style>{}<script type=\"module\">…{}",
        &page[..style_at],
        &page[style_end + "</style>".len()..script_at],
        &page[script_end..]
    );
    insta::assert_snapshot!("simulator_page_of_the_job", skeleton);
}

/// `cargo doc` of `generated-example` (in a target directory of its own): `State`'s page
/// holds the diagram as a picture, one box per state, with the DOT source folded below.
#[test]
fn rustdoc_of_generated_example_shows_the_diagram() {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rustdoc");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(workspace())
        .args([
            "doc",
            "--offline",
            "--locked",
            "--no-deps",
            "-q",
            "-p",
            "generated-example",
        ])
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo doc failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in ["job", "drive"] {
        let page = target.join(format!("doc/generated_example/{name}/enum.State.html"));
        let html = std::fs::read_to_string(&page).expect("rustdoc wrote the page");
        let at = html
            .find("<div class=\"machine-diagram\"><svg")
            .unwrap_or_else(|| panic!("{name}: no picture in {}", page.display()));
        let end = at + html[at..].find("</svg>").expect("the picture ends");
        let svg = &html[at..end];
        let spec = model(&format!("spec/import-export/{name}.yaml"));
        // The rounded boxes of the picture, by the first line of their text: each state once
        // (the other rounded box is the "any non-final state" of the fault entry).
        let boxes: Vec<&str> = svg
            .split("<rect ")
            .skip(1)
            .filter(|chunk| {
                chunk
                    .split('>')
                    .next()
                    .is_some_and(|tag| tag.contains("rx=\"12\""))
            })
            .filter_map(|chunk| {
                let text = chunk.split("<tspan").nth(1)?;
                let start = text.find('>')? + 1;
                let end = text.find("</tspan>")?;
                text.get(start..end)
            })
            .collect();
        for state in &spec.states {
            assert_eq!(
                boxes.iter().filter(|b| **b == state.name.spec).count(),
                1,
                "{name}: state {} is not one box of the picture: {boxes:?}",
                state.name.spec
            );
        }
        assert_eq!(boxes.len(), spec.states.len() + 1, "{name}: {boxes:?}");
        assert!(
            html[end..].contains("<details><summary>The diagram"),
            "{name}: the DOT source is folded below"
        );
    }
    let picture = target.join("doc/generated_example/job/enum.State.html");
    let shot = out_dir().join("rustdoc-job-state.png");
    if browser(&[
        "shot",
        &format!("file://{}#diagram", picture.display()),
        &shot.to_string_lossy(),
    ])
    .is_some()
    {
        assert!(shot.is_file());
    }
}
