//! The built-in SVG renderer, which draws without Graphviz: every good spec with every state
//! named, large and tangled specs, and the switch from layout-rs to the layered layout at its
//! limit.

use machine_core::{SourceFile, compile};
use machine_render::{dot, svg};
use machine_tests::figures::{good_specs, model};
use machine_tests::yaml_files;

/// Every good spec and every spec with parallel states (rule S22), whose regions it names
/// under each state (`in Working ∥ Transfer`).
#[test]
fn builtin_svg_draws_every_good_spec() {
    let parallel = yaml_files("tests/fixtures/parallel")
        .into_iter()
        .map(|relative| {
            let model = model(&relative);
            (relative, model)
        });
    for (relative, model) in good_specs().into_iter().chain(parallel) {
        let svg = svg::render(&model).expect("every good spec is small enough to lay out");
        assert!(
            svg.contains("<svg width=") && svg.trim_end().ends_with("</svg>"),
            "{relative}"
        );
        for state in &model.states {
            assert!(
                svg.contains(&format!(">{}<", state.name.spec)),
                "{relative}: state {} is drawn",
                state.name.spec
            );
        }
        // Text is escaped for XML.
        assert!(
            !svg.contains("<wire>") && !svg.contains("<team>"),
            "{relative}"
        );
    }
}

#[test]
fn builtin_svg_survives_large_and_tangled_specs() {
    for (states, per_state) in [(2, 1), (8, 2), (16, 3)] {
        let text = machine_tests::synthetic::spec(states, per_state);
        let compiled = compile(&SourceFile::new("synthetic.yaml", text));
        let model = compiled.model.expect("synthetic specs are valid");
        assert!(svg::render(&model).expect("small").contains("</svg>"));
        assert!(dot::render(&model).contains("digraph"));
    }
}

/// A chain of `states` states (`S0 -> S1 -> ...`, one event): layout-rs places each state,
/// the label of its arrow, the start marker and the legend, `2 * states + 1` nodes.
fn chain(states: usize) -> machine_core::Model {
    let text = machine_tests::synthetic::spec(states, 1);
    let compiled = compile(&SourceFile::new("chain.yaml", text));
    compiled.model.expect("synthetic specs are valid")
}

#[test]
fn builtin_svg_uses_layout_rs_up_to_its_limit_and_the_layered_layout_past_it() {
    let at = chain((svg::MAX_BUILTIN_LAYOUT_NODES - 1) / 2);
    assert_eq!(
        svg::layout_work(&at).nodes,
        svg::MAX_BUILTIN_LAYOUT_NODES - 1
    );
    let drawn = svg::draw(&at).expect("at the limit");
    assert!(!drawn.simple && drawn.note().is_none() && drawn.svg.contains("</svg>"));
    assert_eq!(svg::render(&at).as_ref(), Ok(&drawn.svg));

    let past = chain(svg::MAX_BUILTIN_LAYOUT_NODES.div_ceil(2));
    let drawn = svg::draw(&past).expect("past the limit, drawn simply");
    assert!(drawn.simple, "past the limit");
    assert_eq!(drawn.work.nodes, svg::MAX_BUILTIN_LAYOUT_NODES + 1);
    assert_eq!(svg::render_layered(&past).as_ref(), Ok(&drawn.svg));
    let note = drawn.note().expect("a note");
    assert!(
        note.contains("machine svg --engine graphviz")
            && note.contains(&format!("({} boxes, {} arrows)", drawn.boxes, drawn.arrows)),
        "{note}"
    );
}

#[test]
fn builtin_svg_draws_dense_specs_without_layout_rs() {
    // 300 states with ten transitions each: the arrows cross so many layers that layout-rs
    // would run for many minutes; the layered layout draws it.
    let text = machine_tests::synthetic::spec(300, 10);
    let model = compile(&SourceFile::new("dense.yaml", text))
        .model
        .expect("synthetic specs are valid");
    assert!(svg::layout_work(&model).nodes > svg::MAX_BUILTIN_LAYOUT_NODES);
    let drawn = svg::draw(&model).expect("drawn");
    assert!(drawn.simple && drawn.svg.contains("</svg>"));
}
