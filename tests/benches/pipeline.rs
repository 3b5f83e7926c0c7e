//! Load + lower + check of synthetic specs: N states, 10 transitions per state.
//!
//! `cargo bench -p machine-tests --bench pipeline`

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use machine_core::SourceFile;

fn pipeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("load_lower_check");
    group.sample_size(10);
    for states in [100, 1_000, 10_000] {
        let source = SourceFile::new("synthetic.yaml", machine_tests::synthetic::spec(states, 10));
        let compiled = machine_core::compile(&source);
        assert!(
            compiled.model.is_some(),
            "synthetic spec must be valid: {:?}",
            compiled.diagnostics.first()
        );
        group.throughput(Throughput::Elements(states as u64));
        group.bench_with_input(BenchmarkId::from_parameter(states), &source, |b, source| {
            b.iter(|| machine_core::compile(source));
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
