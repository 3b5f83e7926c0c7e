//! The built-in SVG layout (`machine svg --engine builtin`) over generated shapes: chains,
//! tangles (also with ten transitions per state), ladders, local tangles, back edges and trees
//! of 10 to 1,000 states. Each is drawn
//! by the layout `svg::draw` picks (named in the benchmark's id with the work it counted);
//! for each shape, the largest size that layout-rs still gets is timed as `edge`, the worst
//! case the limits allow. Then the simple layered layout on chains forced through it, and the
//! refusal of a figure too large even for that.
//!
//! `cargo bench -p machine-tests --bench svg`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use machine_core::{Model, SourceFile};
use machine_render::svg;
use machine_tests::synthetic::{self, Shape};

fn model(shape: Shape, states: usize, per_state: usize) -> Model {
    let text = synthetic::shaped(shape, states, per_state);
    machine_core::compile(&SourceFile::new("synthetic.yaml", text))
        .model
        .expect("synthetic specs are valid")
}

/// The largest number of states (from 2 to 1,000) for which a figure of `shape` with
/// `per_state` transitions per state still goes to layout-rs.
fn edge(shape: Shape, per_state: usize) -> usize {
    let (mut fits, mut over) = (2, 1_001);
    while over - fits > 1 {
        let mid = usize::midpoint(fits, over);
        if svg::fits(svg::layout_work(&model(shape, mid, per_state))) {
            fits = mid;
        } else {
            over = mid;
        }
    }
    fits
}

fn layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("svg_builtin");
    group.sample_size(10);
    for shape in Shape::ALL {
        let mut sizes: Vec<(String, usize, usize)> = [10, 30, 100, 300, 1_000]
            .into_iter()
            .map(|states| (states.to_string(), states, 3))
            .collect();
        // With one transition per state every shape is a chain: timed once.
        let per_states: &[usize] = if shape == Shape::Tangle {
            &[1, 2, 3, 5]
        } else {
            &[2, 3, 5]
        };
        for &per_state in per_states {
            let states = edge(shape, per_state);
            sizes.push((format!("edge-{states}"), states, per_state));
        }
        if shape == Shape::Tangle {
            sizes.extend([100, 300, 1_000].map(|states| (states.to_string(), states, 10)));
        }
        for (label, states, per_state) in sizes {
            let model = model(shape, states, per_state);
            let drawing = svg::draw(&model).expect("drawn");
            let steps = match drawing.work.steps {
                u64::MAX => "uncounted".to_owned(),
                steps => steps.to_string(),
            };
            let name = format!(
                "{}/{label}x{per_state}/{}/nodes={}/steps={steps}",
                shape.name(),
                if drawing.simple {
                    "layered"
                } else {
                    "layout-rs"
                },
                drawing.work.nodes,
            );
            group.bench_with_input(BenchmarkId::from_parameter(name), &model, |b, model| {
                b.iter(|| svg::draw(model));
            });
        }
    }
    // Chains through the layered layout, for its growth on one shape.
    for states in [100, 300, 1_000] {
        let model = model(Shape::Tangle, states, 1);
        let name = format!("layered-forced/chain/{states}");
        group.bench_with_input(BenchmarkId::from_parameter(name), &model, |b, model| {
            b.iter(|| svg::render_layered(model));
        });
    }
    let model = model(Shape::Tangle, svg::MAX_LAYERED_NODES, 1);
    assert!(svg::draw(&model).is_err(), "refused");
    group.bench_with_input(
        BenchmarkId::from_parameter("refused/chain/5000"),
        &model,
        |b, model| b.iter(|| svg::draw(model)),
    );
    group.finish();
}

criterion_group!(benches, layout);
criterion_main!(benches);
