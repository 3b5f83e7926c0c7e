//! The built-in SVG layout (`machine svg --engine builtin`): layout-rs on the figures it draws
//! (chains of N states, layout size 2N, and a tangled spec just under its limit), the simple
//! layered layout on the larger ones (N states with 10 transitions each, and chains forced
//! through it), and the refusal of a figure too large even for that, whose cost is building
//! the figure alone.
//!
//! `cargo bench -p machine-tests --bench svg`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use machine_core::{Model, SourceFile};
use machine_render::svg;

fn model(states: usize, per_state: usize) -> Model {
    let text = machine_tests::synthetic::spec(states, per_state);
    machine_core::compile(&SourceFile::new("synthetic.yaml", text))
        .model
        .expect("synthetic specs are valid")
}

fn layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("svg_builtin");
    group.sample_size(10);
    for (name, states, per_state, simple) in [
        ("layout-rs/chain/100", 100, 1, false),
        ("layout-rs/chain/300", 300, 1, false),
        ("layout-rs/chain/750", 750, 1, false),
        ("layout-rs/tangled/30x3", 30, 3, false),
        ("layered/100x10", 100, 10, true),
        ("layered/300x10", 300, 10, true),
        ("layered/1000x10", 1_000, 10, true),
        ("layered/chain/1000", 1_000, 1, true),
    ] {
        let model = model(states, per_state);
        let drawing = svg::draw(&model).expect("drawn");
        assert_eq!(drawing.simple, simple, "{name}");
        group.bench_with_input(BenchmarkId::from_parameter(name), &model, |b, model| {
            b.iter(|| svg::draw(model));
        });
    }
    // The same chains through the layered layout, for its growth on one shape.
    for states in [100, 300] {
        let model = model(states, 1);
        let name = format!("layered-forced/chain/{states}");
        group.bench_with_input(BenchmarkId::from_parameter(name), &model, |b, model| {
            b.iter(|| svg::render_layered(model));
        });
    }
    let model = model(svg::MAX_LAYERED_NODES, 1);
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
