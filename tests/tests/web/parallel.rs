//! The simulator page of a spec with parallel states (rules S22 to S29) in Chromium
//! (`tests/web/browser.mjs parallel`): every region's state highlighted, the states around them
//! framed, the configuration in the status; an event handled in both regions clicked on the
//! diagram; the page's log says what `machine run` says, and the copied command replays the run
//! to the same configuration.

use std::process::Command;

use machine_tests::machine;
use serde_json::{Value, json};

use super::{browser, copied_events, out_dir, sim_page};

#[test]
fn a_parallel_page_highlights_every_region_in_chromium() {
    let spec = "tests/fixtures/parallel/regions.yaml";
    let engine = if Command::new("dot").arg("-V").output().is_ok() {
        "graphviz"
    } else {
        "builtin"
    };
    let page = sim_page(spec, engine, "regions.html");
    let png = out_dir().join("parallel-sim.png");
    let Some(report) = browser(&["parallel", &page.to_string_lossy(), &png.to_string_lossy()])
    else {
        return;
    };
    assert_eq!(report["checks"], json!(21), "{report}");
    assert_eq!(report["diagram"], json!(2), "Step is drawn in both regions");
    assert_eq!(report["requests"], json!([]), "no network request");
    assert_eq!(report["errors"], json!([]), "no console error");
    let events = copied_events(&report);
    assert_eq!(events, "Leave, +20s, Pause, Return, Fault, resume(Both)");
    let (code, out, err) = machine(&["run", spec, "--events", events, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<Value> = out
        .lines()
        .skip(1)
        .map(|line| serde_json::from_str(line).expect("JSON lines"))
        .collect();
    let words: Vec<&str> = lines
        .iter()
        .map(|line| line["step"].as_str().expect("a step"))
        .collect();
    assert_eq!(
        report["log"],
        json!(words),
        "the page words each step as machine run does"
    );
    assert_eq!(
        lines.last().expect("a line")["configuration"],
        json!(["L2", "R2"])
    );
    // The copied Rust test asserts every active state; the generated Rust does not carry
    // parallel states yet, so it is read, not compiled.
    let test = report["test"].as_str().expect("the Rust test");
    for line in [
        "assert_eq!(machine.state(), regions::State::Both);",
        "assert!(machine.is_in(regions::State::L2));",
        "assert!(machine.is_in(regions::State::R2));",
        "// remembers L2, R2 in Outer",
    ] {
        assert!(test.contains(line), "{test}");
    }
}
