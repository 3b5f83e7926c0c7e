//! The built-in SVG layout (`machine svg --engine builtin`): chains of N states (layout size
//! 2N), a tangled spec just under the limit, and the refusal of specs past it, whose cost is
//! the linear size estimate alone.
//!
//! `cargo bench -p machine-tests --bench svg`

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use machine_core::render::svg;
use machine_core::{Model, SourceFile};

fn model(states: usize, per_state: usize) -> Model {
    let text = machine_tests::synthetic::spec(states, per_state);
    machine_core::compile(&SourceFile::new("synthetic.yaml", text))
        .model
        .expect("synthetic specs are valid")
}

fn layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("svg_builtin");
    group.sample_size(10);
    for (name, states, per_state) in [
        ("chain/100", 100, 1),
        ("chain/300", 300, 1),
        ("chain/750", 750, 1),
        ("tangled/30x3", 30, 3),
    ] {
        let model = model(states, per_state);
        assert!(svg::render(&model).is_ok(), "{name} is drawn");
        group.bench_with_input(BenchmarkId::from_parameter(name), &model, |b, model| {
            b.iter(|| svg::render(model));
        });
    }
    for (name, states, per_state) in [
        ("refused/300x10", 300, 10),
        ("refused/1000x10", 1_000, 10),
        ("refused/chain/1000", 1_000, 1),
    ] {
        let model = model(states, per_state);
        assert!(svg::render(&model).is_err(), "{name} is refused");
        group.bench_with_input(BenchmarkId::from_parameter(name), &model, |b, model| {
            b.iter(|| svg::render(model));
        });
    }
    group.finish();
}

criterion_group!(benches, layout);
criterion_main!(benches);
