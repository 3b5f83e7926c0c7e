//! The job lifecycle five ways, on one fixed trace of 1,000,000 inputs: the generated
//! `Machine::fire`, a hand-written `match`, smlang 0.8, rust-fsm 0.8 and statig 0.4. Each
//! variant's inputs are converted from the trace before timing, and the benchmark refuses to
//! time when any variant's state sequence differs from the generated machine's.
//!
//! Criterion times each variant (`peers/job/...`); then a summary times them in interleaved
//! rounds (each round runs every variant once, so noise from other work on the machine hits
//! all of them alike) and prints the median ns per input, the fastest round, and the median
//! over the rounds of each round's ratio to the hand-written `match` of that round.
//!
//! `cargo bench -p machine-peers --bench peers` (`MACHINE_PEERS_ROUNDS=N` for more rounds
//! than 15 on a busy machine).

#[path = "../variants/mod.rs"]
#[allow(
    dead_code,
    reason = "the hierarchical peer is timed by benches/nested.rs"
)]
mod variants;

use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use machine_peers::rounds::{self, Timed};
use machine_peers::{Generated, Hand, Step, Variant, convert, same_states, trace};
use variants::rust_fsm::RustFsm;
use variants::smlang::Smlang;
use variants::statig::Statig;

/// The trace's seed and length.
const SEED: u64 = 8;
const EVENTS: usize = 1_000_000;
fn bench<V: Variant>(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    trace: &[Vec<Step>],
) {
    let inputs = convert::<V>(trace);
    group.bench_function(V::NAME, |b| b.iter(|| V::run(&inputs)));
}

/// `V`, timed on its own inputs, converted from the trace before timing.
fn timed<V: Variant + 'static>(trace: &[Vec<Step>]) -> Timed<Step>
where
    V::Input: 'static,
{
    let inputs = convert::<V>(trace);
    Timed::with(V::NAME, move |_, _| V::run(&inputs))
}

fn peers(c: &mut Criterion) {
    let trace = trace(SEED, EVENTS);
    let expected = Generated::states(&convert::<Generated>(&trace));
    let gate = [
        same_states::<Hand>(&trace, &expected),
        same_states::<Smlang>(&trace, &expected),
        same_states::<RustFsm>(&trace, &expected),
        same_states::<Statig>(&trace, &expected),
    ];
    for result in gate {
        if let Err(difference) = result {
            panic!("refusing to time variants that do different things: {difference}");
        }
    }

    let mut group = c.benchmark_group("peers/job");
    group.throughput(Throughput::Elements(EVENTS as u64));
    group.sample_size(20);
    bench::<Hand>(&mut group, &trace);
    bench::<Generated>(&mut group, &trace);
    bench::<Smlang>(&mut group, &trace);
    bench::<RustFsm>(&mut group, &trace);
    bench::<Statig>(&mut group, &trace);
    group.finish();

    let mut timers = [
        timed::<Hand>(&trace),
        timed::<Generated>(&trace),
        timed::<Smlang>(&trace),
        timed::<RustFsm>(&trace),
        timed::<Statig>(&trace),
    ];
    rounds::time("job", SEED, &trace, EVENTS, rounds::rounds(), &mut timers);
}

criterion_group!(benches, peers);
criterion_main!(benches);
