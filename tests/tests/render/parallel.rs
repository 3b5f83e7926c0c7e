//! Parallel states (rule S22) in every figure and table: in DOT a heavier frame named
//! `Working ∥` around one dashed frame per region, side by side, each with its own start
//! marker; in Mermaid a composite state whose regions are separated by `--`, as Mermaid's own
//! parser reads it; in the built-in SVG the lines that say where each state is; in the tables
//! the parallel state's regions.

use machine_render::{dot, markdown, mermaid, svg};
use machine_tests::figures::{graphviz, model};

use super::{figure, pairs};

const UPLOAD: &str = "tests/fixtures/parallel/upload.yaml";
/// A parallel state inside a region, and a history state of a parallel state.
const PLAYER: &str = "tests/fixtures/parallel/player.yaml";
/// The specs with parallel states that the figures and tables are snapshot on.
pub(super) const SPECS: [&str; 2] = [UPLOAD, PLAYER];

fn assert_contains(text: &str, expected: &[&str]) {
    for expected in expected {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn a_parallel_state_is_a_heavy_frame_around_dashed_regions() {
    let upload = dot::render(&model(UPLOAD));
    assert_contains(
        &upload,
        &[
            "  subgraph \"cluster_Working\" {\n    label=<<b>Working ∥</b><br/>",
            "exit / close_session</font>>; labeljust=l; style=\"rounded\"; color=\"#34495e\"; penwidth=2.4;\n    \"Working\";\n",
            "    subgraph \"cluster_Transfer\" {\n      label=<<b>Transfer</b><br/><font point-size=\"10\">exit / end_transfer</font>>; labeljust=l; style=\"dashed,rounded\"; color=\"#34495e\"; penwidth=1.2;\n",
            "      \"initial:Transfer\" -> \"Sending\";\n",
            "      \"initial:Scan\" -> \"Scanning\";\n",
            // The regions side by side, their tops level.
            "    { rank=same; \"Working\"; \"Transfer\"; \"initial:Transfer\"; \"Scan\"; \"initial:Scan\"; }\n  }\n",
            // Into the parallel state: to its border; written on it: from its border.
            "  \"start:\" -> \"Working\" [lhead=\"cluster_Working\"];\n",
            "  \"Working\" -> \"Done\" [label=\"done\", weight=8, ltail=\"cluster_Working\"];\n",
            "  \"Working\" -> \"Cancelled\" [label=\"Cancel\", ltail=\"cluster_Working\"];\n",
            "parallel state: its regions are all active at once",
            // Out of a region, to a state outside the parallel state.
            "  \"Infected\" -> \"Quarantined\" [label=\"always / alert\"];\n",
        ],
    );
    // A parallel state has no `initial:`, so no start marker of its own.
    assert!(!upload.contains("initial:Working"), "{upload}");
    // Every transition and timeout between states is drawn.
    assert_eq!(
        figure(&upload).between_states,
        pairs(&[
            ("Sending", "Sent"),
            ("Retrying", "Sending"),
            ("Scanning", "Clean"),
            ("Scanning", "Infected"),
            ("Infected", "Quarantined"),
            ("Sending", "Sending"),
            ("Scanning", "Scanning"),
            ("Working", "Done"),
            ("Working", "Cancelled"),
            ("Sending", "Retrying"),
        ])
    );

    let player = dot::render(&model(PLAYER));
    assert_contains(
        &player,
        &[
            // A parallel state in a region: heavy, inside the dashed region.
            "      subgraph \"cluster_Playing\" {\n        label=<<b>Playing ∥</b>>; labeljust=l; style=\"rounded\"; color=\"#34495e\"; penwidth=2.4;\n",
            "        subgraph \"cluster_Video\" {\n          label=<<b>Video</b>>; labeljust=l; style=\"dashed,rounded\";",
            "        { rank=same; \"Playing\"; \"Video\"; \"initial:Video\"; \"Audio\"; \"initial:Audio\"; }\n",
            // The parallel state's history state sits in the row of its regions' markers.
            "    { rank=same; \"Session\"; \"Playback\"; \"initial:Playback\"; \"Download\"; \"initial:Download\"; \"history:Back\"; }\n",
            "  \"Stopped\" -> \"Playing\" [label=\"Play\", lhead=\"cluster_Playing\"];\n",
            "  \"Playing\" -> \"Stopped\" [label=\"Stop\", ltail=\"cluster_Playing\"];\n",
            "  \"Paused\" -> \"history:Back\" [label=\"Continue\"];\n",
            "  \"Paused\" -> \"Session\" [label=\"Restart\", lhead=\"cluster_Session\"];\n",
        ],
    );
    assert_eq!(
        figure(&player).between_states,
        pairs(&[
            ("Stopped", "Playing"),
            ("Playing", "Stopped"),
            ("Frames", "Buffering"),
            ("Buffering", "Frames"),
            ("Sound", "Muted"),
            ("Muted", "Sound"),
            ("Fetching", "Complete"),
            ("Download", "Download"),
            ("Session", "Paused"),
            ("Paused", "Session"),
            ("Session", "Closed"),
            ("Buffering", "Stopped"),
        ])
    );
}

/// Laid out by Graphviz: each region inside its parallel state's frame, the regions side by
/// side (their frames apart, their start markers on one row), each start marker inside its
/// region, and the parallel state's history circle inside its frame.
#[test]
fn graphviz_draws_the_regions_side_by_side() {
    for (spec, parallels) in [
        (UPLOAD, &[("Working", &["Transfer", "Scan"])][..]),
        (
            PLAYER,
            &[
                ("Session", &["Playback", "Download"]),
                ("Playing", &["Video", "Audio"]),
            ][..],
        ),
    ] {
        let figure = dot::render(&model(spec));
        let Some((ok, json, stderr)) = graphviz(&figure, "json") else {
            return;
        };
        assert!(ok && stderr.trim().is_empty(), "{spec}: {stderr}");
        let laid: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let objects = laid["objects"].as_array().expect("objects");
        let numbers = |name: &str, key: &str| -> Vec<f64> {
            let object = objects
                .iter()
                .find(|o| o["name"] == name)
                .unwrap_or_else(|| panic!("{spec}: no {name}"));
            let text = object[key].as_str().unwrap_or_default();
            text.split(',')
                .map(|n| n.parse().expect("a number"))
                .collect()
        };
        let within =
            |at: &[f64], b: &[f64]| at[0] > b[0] && at[0] < b[2] && at[1] > b[1] && at[1] < b[3];
        for &(parallel, regions) in parallels {
            let frame = numbers(&format!("cluster_{parallel}"), "bb");
            let boxes: Vec<Vec<f64>> = regions
                .iter()
                .map(|r| numbers(&format!("cluster_{r}"), "bb"))
                .collect();
            let mut row = Vec::new();
            for (region, bb) in regions.iter().zip(&boxes) {
                assert!(
                    bb[0] >= frame[0]
                        && bb[2] <= frame[2]
                        && bb[1] >= frame[1]
                        && bb[3] <= frame[3],
                    "{spec}: {region} inside {parallel}"
                );
                let marker = numbers(&format!("initial:{region}"), "pos");
                assert!(
                    within(&marker, bb),
                    "{spec}: the start of {region} inside it"
                );
                row.push(marker[1]);
            }
            assert!(
                row.iter().all(|y| (y - row[0]).abs() < 0.01),
                "{spec}: the starts of {parallel}'s regions on one row"
            );
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    assert!(
                        a[2] <= b[0] || b[2] <= a[0],
                        "{spec}: the regions of {parallel} side by side, apart"
                    );
                }
            }
        }
        if spec == PLAYER {
            let circle = numbers("history:Back", "pos");
            assert!(within(&circle, &numbers("cluster_Session", "bb")));
        }
    }
}

/// Mermaid: the regions of a parallel state are separated by `--`, and Mermaid's own parser
/// reads every relation as written.
#[test]
fn mermaid_separates_the_regions_and_reads_them() {
    let chart = mermaid::render(&model(UPLOAD));
    assert_contains(
        &chart,
        &[
            "    state \"Working · entry / open_session · exit / close_session\" as Working {\n        state \"Transfer · exit / end_transfer\" as Transfer {\n            [*] --> Sending\n            Sending\n            Retrying\n            Sent\n        }\n        --\n        state \"Scan · exit / end_scan\" as Scan {\n            [*] --> Scanning\n",
        ],
    );
    let player = mermaid::render(&model(PLAYER));
    assert_contains(
        &player,
        &[
            "                }\n                --\n                state \"Audio\" as Audio {\n",
            "        }\n        --\n        state \"Download\" as Download {\n",
        ],
    );

    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("mermaid-parallel");
    let charts = [("upload".to_owned(), chart), ("player".to_owned(), player)];
    let written: Vec<_> = charts.iter().map(|(_, text)| relations(text)).collect();
    let Some(read) = machine_tests::mermaid_parse(&dir, &charts) else {
        return;
    };
    for (read, written) in read.iter().zip(&written) {
        assert!(read.get("error").is_none(), "Mermaid says {read}");
        assert_eq!(read["type"], "stateDiagram");
        let relations = machine_tests::mermaid_relations(read);
        assert_eq!(&relations, written);
    }
}

/// The relations `A --> B : label` written outside the composite states (Mermaid keeps those
/// inside, the regions' initial states, to their composite), `[*]` as Mermaid names it.
fn relations(text: &str) -> Vec<(String, String, String)> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.ends_with(" {") {
            depth += 1;
        } else if line == "}" {
            depth -= 1;
        } else if let Some((from, rest)) = line.split_once(" --> ")
            && depth == 0
        {
            let (to, label) = rest.split_once(" : ").unwrap_or((rest, ""));
            let from = if from == "[*]" { "root_start" } else { from };
            out.push((from.to_owned(), to.to_owned(), label.to_owned()));
        }
    }
    out
}

/// The built-in SVG draws no frames: the line under each state's name says where it is.
#[test]
fn the_builtin_svg_says_where_each_state_is() {
    for (spec, lines) in [
        (
            UPLOAD,
            &[
                "parallel: Transfer ∥ Scan",
                "region of Working ∥, enters Sending",
                "region of Working ∥, enters Scanning",
                "in Working ∥ Transfer",
                "in Working ∥ Scan",
            ][..],
        ),
        (
            PLAYER,
            &[
                "parallel: Playback ∥ Download",
                "in Session ∥ Playback, parallel: Video ∥ Audio",
                "region of Playing ∥, enters Frames",
                "in Playing ∥ Video",
                "in Session ∥ Download",
            ][..],
        ),
    ] {
        let model = model(spec);
        for drawn in [
            svg::render(&model).expect("small"),
            svg::render_layered(&model).expect("small"),
        ] {
            for line in lines {
                assert!(
                    drawn.contains(&format!(">{line}<")),
                    "{spec}: {line}\n{drawn}"
                );
            }
        }
    }
}

#[test]
fn the_state_table_names_the_regions() {
    let upload = markdown::state_table(&model(UPLOAD));
    assert_contains(
        &upload,
        &[
            "| `Working` (initial) (parallel: `Transfer` ∥ `Scan`) |  | entry: `open_session`; exit: `close_session` |",
            "| `Transfer` (enters `Sending`) | `Working` | exit: `end_transfer` |",
            "| `Sending` | `Transfer` |",
        ],
    );
    let player = model(PLAYER);
    assert_contains(
        &markdown::state_table(&player),
        &["| `Playing` (parallel: `Video` ∥ `Audio`) | `Playback` |"],
    );
    assert_contains(
        &markdown::history_table(&player),
        &[
            "| `Back` | `Session` | deep (`H*`) | `Session` (each region at its initial state) |  |\n",
        ],
    );
}
