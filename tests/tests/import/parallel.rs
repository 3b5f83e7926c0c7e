//! Parallel states through SCXML (rules S22 to S29): a foreign chart's `<parallel>` becomes a
//! state with `parallel: true`, a `<history>` inside it the parallel state's `history:`, an
//! `initial` naming a state in each region the state entering gives anyway; the spec runs as
//! SCXML does; what a spec's regions cannot carry is refused, located; and every parallel
//! fixture and 240 generated parallel specs round trip.

use machine_export::import;
use machine_tests::{machine, yaml_files};

use super::{refused_at, round_trip};

/// A microwave oven as another SCXML tool would write it: the door and the heater side by
/// side, both taking `open`, started in a state of each region, with a history the plug
/// returns to.
const OVEN: &str = r#"<scxml xmlns="http://www.w3.org/2005/07/scxml" version="1.0" initial="closed off">
  <parallel id="oven">
    <onentry><log label="light on"/></onentry>
    <transition event="unplug" target="unplugged"/>
    <history id="back" type="deep">
      <transition target="door heater"/>
    </history>
    <state id="door" initial="closed">
      <state id="closed"><transition event="open" target="open"/></state>
      <state id="open"><transition event="close" target="closed"/></state>
    </state>
    <state id="heater" initial="off">
      <state id="off"><transition event="start" target="heating"/></state>
      <state id="heating">
        <onexit><log label="beep"/></onexit>
        <transition event="open" target="off"/>
      </state>
    </state>
  </parallel>
  <state id="unplugged">
    <transition event="plug" target="back"/>
  </state>
</scxml>
"#;

#[test]
fn a_foreign_charts_parallel_states_are_carried() {
    let source = machine_core::SourceFile::new("oven.scxml", OVEN);
    let spec = import::scxml(&source).unwrap_or_else(|e| panic!("{e:?}"));
    for written in [
        "initial: Oven\n",
        "  Oven:\n    wire: \"oven\"\n    parallel: true\n",
        "    history:\n      Back: deep\n",
        "{ from: Unplugged, on: Plug, to: Back }",
    ] {
        assert!(spec.contains(written), "{written}:\n{spec}");
    }
    assert!(!spec.contains("  Oven:\n    wire: \"oven\"\n    parallel: true\n    initial"));
    let path = std::env::temp_dir().join(format!("machine-oven-{}.yaml", std::process::id()));
    std::fs::write(&path, &spec).expect("a scratch file");
    let path = path.to_string_lossy().into_owned();
    let (code, _, err) = machine(&["check", &path]);
    assert_eq!(code, 0, "{err}\n{spec}");
    // As SCXML runs it: `open` moves both regions at once; the plug returns to both.
    for (events, configuration) in [
        ("Start, Open", "in Oven/Door/Open, Oven/Heater/Off"),
        (
            "Start, Unplug, Plug",
            "in Oven/Door/Closed, Oven/Heater/Heating",
        ),
    ] {
        let (code, run, err) = machine(&["run", &path, "--events", events]);
        assert_eq!(code, 0, "{events}: {err}");
        assert!(
            run.lines()
                .rev()
                .nth(1)
                .is_some_and(|l| l.ends_with(configuration)),
            "{events}: {configuration}\n{run}"
        );
    }
    let (_, run, _) = machine(&["run", &path, "--events", "Start, Open"]);
    assert!(run.contains("actions: beep"), "{run}");
    let _ = std::fs::remove_file(&path);
}

/// Every parallel fixture, exported to SCXML and imported, is the same spec (`machine diff`
/// finds no change): regions, a parallel state inside a region, history states of parallel
/// states (with a default inside a region), completions, timeouts, a fault state.
#[test]
fn every_parallel_fixture_round_trips() {
    let fixtures = yaml_files("tests/fixtures/parallel");
    assert!(fixtures.len() >= 4, "{fixtures:?}");
    for name in fixtures {
        let yaml =
            std::fs::read_to_string(machine_tests::workspace().join(&name)).expect("the fixture");
        round_trip(&name, &yaml).unwrap_or_else(|| panic!("{name} can be exported"));
    }
}

#[test]
fn parallel_states_a_spec_cannot_carry_are_refused_located() {
    // Regions `a` and `b` of `p`, each a compound state, then `x`.
    let chart = |initial: &str, inside: &str, b: &str| {
        format!(
            "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" version=\"1.0\" initial=\"{initial}\">\n\
             <parallel id=\"p\">\n{inside}\n\
             <state id=\"a\" initial=\"a1\"><state id=\"a1\"><transition event=\"go\" target=\"a2\"/></state><state id=\"a2\"/></state>\n\
             <state id=\"b\">{b}</state>\n\
             </parallel>\n<state id=\"x\"><transition event=\"back\" target=\"p\"/></state>\n</scxml>"
        )
    };
    let regions = "<state id=\"b1\"/><state id=\"b2\"/>";
    for (text, at, what) in [
        (
            chart("p", "", ""),
            "5:1",
            "region `b` of parallel state `p` has no states inside it",
        ),
        (
            chart("p", "<final id=\"f\"/>", regions),
            "3:1",
            "`f` is a `<final>` directly inside parallel state `p`",
        ),
        (
            chart("p", "<parallel id=\"q\"><state id=\"q1\"/></parallel>", regions),
            "3:1",
            "region `q` of parallel state `p` is itself a `<parallel>`",
        ),
        (
            chart("p", "", regions).replace("<parallel id=\"p\">", "<parallel id=\"p\" initial=\"a\">"),
            "2:1",
            "parallel state `p` has an `initial`",
        ),
        (
            chart("a2 b1", "", regions),
            "1:1",
            "`initial=\"a2 b1\"` starts in `a2 b1`, where entering `p` starts in `a1 b1`",
        ),
        (
            chart("a1 x", "", regions),
            "1:1",
            "names states that are not in one state's regions",
        ),
        (
            chart("p", "<history id=\"h\"><transition target=\"a2 b2\"/></history>", regions),
            "3:17",
            "the default transition of history state `h` targets `a2 b2`, which no one state inside `p` enters",
        ),
        (
            chart("p", "", regions).replace("target=\"p\"", "target=\"a2 b2\""),
            "7:15",
            "a transition to several states at once",
        ),
        (
            chart("p", "<transition event=\"done.state.p\" target=\"x\"/>", regions),
            "3:1",
            "region `a` of `p` has no `<final>` directly inside it, so `done.state.p` never comes",
        ),
        (
            "<scxml xmlns=\"http://www.w3.org/2005/07/scxml\" version=\"1.0\">\n<parallel id=\"p\"/>\n</scxml>".to_owned(),
            "2:1",
            "parallel state `p` has no regions",
        ),
    ] {
        refused_at(&text, at, what);
    }
    // Where SCXML would start them anyway, a state in each region is read as the state.
    let source = machine_core::SourceFile::new("doc.scxml", chart("a1 b1", "", regions));
    let spec = import::scxml(&source).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(spec.contains("\ninitial: P\n"), "{spec}");
}

/// The generated parallel specs (`machine_tests::nestedgen::parallel`) round trip too: regions
/// inside compound states and a parallel state inside a region, completions of regions and
/// parallel states, timeouts on parallel states and in regions with `reset_by`, history states
/// of parallel states and around them, fault states.
#[test]
fn generated_parallel_specs_round_trip() {
    let carried = (0..240)
        .filter_map(|seed| {
            let yaml = machine_tests::nestedgen::parallel::spec(seed);
            round_trip(&format!("parallel/{seed}"), &yaml)
        })
        .count();
    eprintln!("{carried} generated parallel specs round trip");
    assert!(
        carried >= 200,
        "{carried} generated parallel specs round trip"
    );
}
