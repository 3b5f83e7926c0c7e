//! The `machine!` macro's expansion time: `machine_codegen::expand`, which is what the macro
//! runs once it has read the file (load + lower + check + emit tokens). Measured for the job
//! spec and for synthetic specs of 100, 1,000 and 10,000 states (10 transitions per state),
//! plus the prettyplease formatting `machine gen` adds for the job spec.
//!
//! `cargo bench -p machine-tests --bench codegen`

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use machine_codegen::Options;
use machine_core::SourceFile;
use proc_macro2::Span;

fn expand(c: &mut Criterion) {
    let job = SourceFile::new(
        "spec/import-export/job.yaml",
        include_str!("../../spec/import-export/job.yaml"),
    );
    let options = Options::new(machine_cli::figures);
    let mut group = c.benchmark_group("expand");
    group.sample_size(10);
    group.bench_function("job", |b| {
        b.iter(|| machine_codegen::expand(&job, &options, Span::call_site()));
    });
    for states in [100, 1_000, 10_000] {
        let source = SourceFile::new("synthetic.yaml", machine_tests::synthetic::spec(states, 10));
        let (_, errors) = machine_codegen::expand(&source, &options, Span::call_site());
        assert!(!errors, "the synthetic spec must be valid");
        group.throughput(Throughput::Elements(states as u64));
        group.bench_with_input(
            BenchmarkId::new("synthetic", states),
            &source,
            |b, source| {
                b.iter(|| machine_codegen::expand(source, &options, Span::call_site()));
            },
        );
    }
    group.finish();

    let model = machine_core::compile(&job)
        .model
        .expect("the job spec is valid");
    c.bench_function("gen_file/job", |b| {
        b.iter(|| machine_codegen::file(&model, &options));
    });
}

criterion_group!(benches, expand);
criterion_main!(benches);
