//! The built-in SVG's simple layered layout (`svg::render_layered`), used for figures too
//! large for layout-rs: well-formed XML, one box per state, one arrow per edge of the figure,
//! every arrow ending on a box, no two boxes overlapping, the same bytes every time.

use std::collections::BTreeSet;

use machine_core::model::Target;
use machine_core::{Model, SourceFile, compile};
use machine_render::svg;
use machine_tests::synthetic::Shape;
use machine_tests::workspace;

fn synthetic(states: usize, per_state: usize) -> Model {
    let text = machine_tests::synthetic::spec(states, per_state);
    compile(&SourceFile::new("synthetic.yaml", text))
        .model
        .expect("synthetic specs are valid")
}

fn reference(relative: &str) -> Model {
    let path = workspace().join(relative);
    let text = std::fs::read_to_string(&path).expect("reference spec");
    compile(&SourceFile::new(relative, text))
        .model
        .expect("reference specs are valid")
}

/// A box of the figure: left, top, width, height.
type Rect = (f64, f64, f64, f64);

fn number(node: roxmltree::Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{name} of {node:?}"))
}

/// The boxes of the states (named by their first text line), every other box or circle,
/// and the end point of every arrow.
struct Figure {
    states: Vec<(String, Rect)>,
    others: Vec<Rect>,
    arrow_ends: Vec<(f64, f64)>,
}

fn read(svg: &str, model: &Model) -> Figure {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let names: BTreeSet<&str> = model.states.iter().map(|s| s.name.spec.as_str()).collect();
    let mut boxes: Vec<Rect> = Vec::new();
    let mut figure = Figure {
        states: Vec::new(),
        others: Vec::new(),
        arrow_ends: Vec::new(),
    };
    for node in doc.descendants() {
        match node.tag_name().name() {
            "rect" => boxes.push((
                number(node, "x"),
                number(node, "y"),
                number(node, "width"),
                number(node, "height"),
            )),
            "circle" => {
                let r = number(node, "r");
                let (x, y) = (number(node, "cx"), number(node, "cy"));
                boxes.push((x - r, y - r, 2. * r, 2. * r));
            }
            "path" => {
                let d = node.attribute("d").expect("a path has d");
                let words: Vec<f64> = d
                    .split([' ', 'M', 'C', 'L'])
                    .filter(|w| !w.is_empty())
                    .map(|w| w.parse().expect("a coordinate"))
                    .collect();
                let n = words.len();
                figure.arrow_ends.push((words[n - 2], words[n - 1]));
            }
            "text" if node.attribute("class") == Some("node") => {
                let first = node
                    .children()
                    .find(roxmltree::Node::is_element)
                    .and_then(|t| t.text())
                    .unwrap_or_default();
                let rect = boxes.pop().expect("a text follows its box or circle");
                if names.contains(first) {
                    figure.states.push((first.to_owned(), rect));
                } else {
                    figure.others.push(rect);
                }
            }
            _ => {}
        }
    }
    figure.others.extend(boxes);
    figure
}

/// Whether `(x, y)` is on the border of `rect` (within a rounding of the coordinates).
fn on_border((x, y): (f64, f64), (left, top, w, h): Rect) -> bool {
    const EPS: f64 = 0.11;
    let inside_x = x >= left - EPS && x <= left + w + EPS;
    let inside_y = y >= top - EPS && y <= top + h + EPS;
    let on_x = (x - left).abs() < EPS || (x - left - w).abs() < EPS;
    let on_y = (y - top).abs() < EPS || (y - top - h).abs() < EPS;
    (on_x && inside_y) || (on_y && inside_x)
}

fn overlap(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// The edges of a synthetic spec's figure: one per pair of states joined by transitions,
/// plus the start's.
fn synthetic_edges(model: &Model) -> usize {
    let pairs: BTreeSet<_> = model
        .transitions
        .iter()
        .filter_map(|t| match t.target {
            Target::State(to) => Some((t.from, to)),
            _ => None,
        })
        .collect();
    pairs.len() + 1
}

fn check(model: &Model, svg: &str, arrows: usize) {
    let figure = read(svg, model);
    let mut drawn: Vec<&str> = figure.states.iter().map(|(n, _)| n.as_str()).collect();
    drawn.sort_unstable();
    let mut names: Vec<&str> = model.states.iter().map(|s| s.name.spec.as_str()).collect();
    names.sort_unstable();
    assert_eq!(drawn, names, "one box per state");
    assert_eq!(figure.arrow_ends.len(), arrows, "one arrow per edge");
    let all: Vec<Rect> = figure
        .states
        .iter()
        .map(|(_, r)| *r)
        .chain(figure.others.iter().copied())
        .collect();
    for &end in &figure.arrow_ends {
        assert!(
            all.iter().any(|&r| on_border(end, r)),
            "the arrow ending at {end:?} ends on a box"
        );
    }
    apart(&figure);
}

/// No two states' boxes overlap.
fn apart(figure: &Figure) {
    // Sorted by top: only states whose vertical ranges meet can overlap.
    let mut states: Vec<Rect> = figure.states.iter().map(|(_, r)| *r).collect();
    states.sort_by(|a, b| a.1.total_cmp(&b.1));
    for (i, &a) in states.iter().enumerate() {
        for &b in states[i + 1..].iter().take_while(|b| b.1 < a.1 + a.3) {
            assert!(!overlap(a, b), "{a:?} and {b:?} overlap");
        }
    }
}

#[test]
fn a_dense_figure_is_drawn_whole_and_well_formed() {
    // 300 states with ten transitions each: far too large for layout-rs.
    let model = synthetic(300, 10);
    assert!(!svg::fits(svg::layout_work(&model)));
    let drawing = svg::draw(&model).expect("drawn, not refused");
    assert!(drawing.simple);
    let note = drawing
        .note()
        .expect("a note says Graphviz draws it better");
    assert!(note.contains("machine svg --engine graphviz"), "{note}");
    assert_eq!(
        drawing.svg,
        svg::render_layered(&model).expect("drawn"),
        "draw uses the layered layout past the limit"
    );
    check(&model, &drawing.svg, synthetic_edges(&model));
}

#[test]
fn every_good_spec_draws_through_the_layered_layout() {
    for relative in machine_tests::yaml_files("tests/fixtures/good")
        .into_iter()
        .chain(machine_tests::yaml_files("spec"))
        .chain(machine_tests::yaml_files("tests/fixtures/nested"))
        .chain(machine_tests::yaml_files("tests/fixtures/parallel"))
    {
        let model = reference(&relative);
        let svg = svg::render_layered(&model).expect("small");
        let figure = read(&svg, &model);
        assert_eq!(figure.states.len(), model.states.len(), "{relative}");
        for &end in &figure.arrow_ends {
            let boxes = figure.states.iter().map(|(_, r)| r).chain(&figure.others);
            assert!(
                boxes.copied().any(|r| on_border(end, r)),
                "{relative}: the arrow ending at {end:?} ends on a box"
            );
        }
        assert_eq!(
            svg,
            svg::render_layered(&model).expect("small"),
            "{relative}"
        );
    }
}

#[test]
fn a_chain_is_drawn_past_the_layout_rs_limit() {
    let model = synthetic(1_000, 1);
    let drawing = svg::draw(&model).expect("drawn, not refused");
    assert!(drawing.simple && drawing.work.nodes > svg::MAX_BUILTIN_LAYOUT_NODES);
    check(&model, &drawing.svg, 1_000);
    // Within the limit layout-rs draws, and there is nothing to say.
    let small = svg::draw(&synthetic(20, 2)).expect("small");
    assert!(!small.simple && small.note().is_none());
}

#[test]
fn a_wide_fan_out_keeps_its_states_apart() {
    // One state with an event to each of 200 others, which go on to a few shared ones: wide
    // layers whose boxes are pulled towards the same parents.
    use std::fmt::Write as _;
    let mut text = String::from("machine: Fan\ninitial: Hub\nstates:\n  Hub: {}\n");
    for i in 0..200 {
        let _ = writeln!(text, "  Spoke{i}: {{}}");
    }
    for i in 0..5 {
        let _ = writeln!(text, "  Rim{i}: {{ final: true }}");
    }
    text.push_str("events:\n");
    for i in 0..200 {
        let _ = writeln!(text, "  To{i}: {{}}");
    }
    text.push_str("  Out: {}\ntransitions:\n");
    for i in 0..200 {
        let _ = writeln!(text, "  - {{ from: Hub, on: To{i}, to: Spoke{i} }}");
        let _ = writeln!(text, "  - {{ from: Spoke{i}, on: Out, to: Rim{} }}", i % 5);
    }
    let compiled = compile(&SourceFile::new("fan.yaml", text));
    let model = compiled.model.expect("valid");
    let svg = svg::render_layered(&model).expect("drawn");
    check(&model, &svg, 401);
}

#[test]
fn the_layered_figure_is_deterministic() {
    let model = synthetic(120, 4);
    let first = svg::render_layered(&model).expect("drawn");
    for _ in 0..3 {
        assert_eq!(first, svg::render_layered(&model).expect("drawn"));
    }
}

#[test]
fn a_figure_too_large_even_for_the_layered_layout_is_refused() {
    let model = synthetic(svg::MAX_LAYERED_NODES, 1);
    // The states and the start marker.
    let refused = svg::draw(&model).expect_err("too large");
    assert_eq!(
        (refused.nodes, refused.arrows),
        (svg::MAX_LAYERED_NODES + 1, svg::MAX_LAYERED_NODES)
    );
    let message = refused.to_string();
    assert!(
        message.contains("machine svg --engine graphviz") && message.contains("5000 boxes"),
        "{message}"
    );
    assert_eq!(svg::render_layered(&model), Err(refused));
}

#[test]
fn snapshot_of_a_small_figure_in_the_layered_layout() {
    let model = reference("spec/import-export/job.yaml");
    insta::assert_snapshot!(
        "job.layered.svg",
        svg::render_layered(&model).expect("small")
    );
}

/// History states (rule S19) in the layered layout: each a circle with its `H` or `H*`, its
/// name and its compound state, with a dashed arrow to its default.
#[test]
fn snapshot_of_history_states_in_the_layered_layout() {
    let model = reference("tests/fixtures/nested/history.yaml");
    let svg = svg::render_layered(&model).expect("small");
    check(&model, &svg, 16);
    insta::assert_snapshot!("history.layered.svg", svg);
}

/// Parallel states (rule S22) in the layered layout, which draws no frames: the line under
/// each state's name says where it is (`parallel: Transfer ∥ Scan`, `region of Working ∥,
/// enters Sending`, `in Working ∥ Transfer`).
#[test]
fn snapshot_of_parallel_states_in_the_layered_layout() {
    let model = reference("tests/fixtures/parallel/upload.yaml");
    let svg = svg::render_layered(&model).expect("small");
    check(&model, &svg, 11);
    insta::assert_snapshot!("upload.layered.svg", svg);
}

/// Free text (a `notify:` note, the machine's doc in the legend) is escaped for XML, control
/// characters included, in both built-in layouts.
#[test]
fn free_text_with_markup_and_control_characters_stays_well_formed() {
    let text = "machine: Bell\ndoc: \"Rings <loud> & \\\"long\\\" \\a\"\ninitial: Ringing\nstates:\n  Ringing:\n    timeouts:\n      - { after: 1h, notify: \"the <desk> & 'night' \\a\\x1b\" }\n    allow: { trap-state: \"Rings forever.\" }\n";
    let model = compile(&SourceFile::new("bell.yaml", text))
        .model
        .expect("a valid spec");
    for svg in [
        svg::render_layered(&model).expect("drawn"),
        svg::render(&model).expect("drawn"),
    ] {
        roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    }
}

fn shaped(shape: Shape, states: usize, per_state: usize) -> Model {
    let text = machine_tests::synthetic::shaped(shape, states, per_state);
    compile(&SourceFile::new("shaped.yaml", text))
        .model
        .unwrap_or_else(|| panic!("{} {states}x{per_state} is valid", shape.name()))
}

/// Every generated shape, from 10 to 1,000 states, is sent to a layout whose work is bounded:
/// to layout-rs only when both of its counts are within the limits that the benchmark
/// (`benches/svg.rs`) times, else to the layered layout, close to linear. The measure counts
/// what layout-rs places and compares whatever the shape: the counts of a shape grow with
/// its width, and past the limits the shape goes to the layered layout.
#[test]
fn every_shape_goes_to_a_layout_whose_work_is_bounded() {
    let mut by_layout_rs = BTreeSet::new();
    let mut by_layered = BTreeSet::new();
    for shape in Shape::ALL {
        for states in [10, 30, 100, 300, 1_000] {
            for per_state in [1, 3, 10] {
                let model = shaped(shape, states, per_state);
                let work = svg::layout_work(&model);
                if svg::fits(work) {
                    assert!(
                        work.nodes <= svg::MAX_BUILTIN_LAYOUT_NODES
                            && work.steps <= svg::MAX_BUILTIN_LAYOUT_STEPS,
                        "{}: {work:?}",
                        shape.name()
                    );
                    by_layout_rs.insert(shape.name());
                } else {
                    by_layered.insert(shape.name());
                }
            }
        }
    }
    let every: BTreeSet<&str> = Shape::ALL.iter().map(|s| s.name()).collect();
    assert_eq!(
        by_layout_rs, every,
        "small figures of every shape go to layout-rs"
    );
    assert_eq!(by_layered, every, "large figures of every shape do not");
    for relative in machine_tests::yaml_files("spec") {
        let work = svg::layout_work(&reference(&relative));
        assert!(
            svg::fits(work),
            "{relative} is drawn by layout-rs: {work:?}"
        );
    }
}

/// Shapes that took layout-rs minutes: a ladder of 30 states (each state to the next three)
/// has few nodes but exponentially many paths, which layout-rs's checks followed, and a
/// ladder written from the last state up made its search for cycles follow them too. Both are
/// now drawn by layout-rs, whose checks are off and which is given the arrows in layer order.
#[test]
fn ladders_are_drawn_by_layout_rs() {
    for shape in [Shape::Ladder, Shape::LadderUpsideDown] {
        let model = shaped(shape, 30, 3);
        let drawing = svg::draw(&model).expect("drawn");
        assert!(!drawing.simple, "{}: {:?}", shape.name(), drawing.work);
        assert!(drawing.svg.contains(">S29<"), "{}", shape.name());
    }
}

/// A figure whose placement layout-rs asserts against (its edge fixer's `loc.x >= leftmost`)
/// is drawn by the simple layout instead of taking the caller down: `machine svg`, and the
/// rustdoc picture of a build.
#[test]
fn a_figure_layout_rs_panics_on_is_drawn_simply() {
    let model = reference("tests/fixtures/layout/edge-fixer.yaml");
    let drawing = svg::draw(&model).expect("small enough");
    assert!(
        drawing.simple,
        "layout-rs no longer fails on it: drop the fixture"
    );
    let figure = read(&drawing.svg, &model);
    assert_eq!(figure.states.len(), model.states.len(), "one box per state");
    apart(&figure);
}
