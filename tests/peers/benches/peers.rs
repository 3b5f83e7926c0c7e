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

use std::time::Instant;

use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};
use machine_peers::{Generated, Hand, Step, Variant, convert, same_states, trace};
use variants::rust_fsm::RustFsm;
use variants::smlang::Smlang;
use variants::statig::Statig;

/// The trace's seed and length.
const SEED: u64 = 8;
const EVENTS: usize = 1_000_000;
/// Rounds of the interleaved summary, unless `MACHINE_PEERS_ROUNDS` says otherwise.
const ROUNDS: usize = 15;

fn rounds() -> usize {
    std::env::var("MACHINE_PEERS_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(ROUNDS)
}

fn bench<V: Variant>(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    trace: &[Vec<Step>],
) {
    let inputs = convert::<V>(trace);
    group.bench_function(V::NAME, |b| b.iter(|| V::run(&inputs)));
}

/// The median time of one run of `V` over its inputs, in ns per input, over `rounds`.
struct Timer {
    name: &'static str,
    run: Box<dyn Fn() -> f64>,
    samples: Vec<f64>,
}

fn timer<V: Variant + 'static>(trace: &[Vec<Step>]) -> Timer
where
    V::Input: 'static,
{
    let inputs = convert::<V>(trace);
    let count = f64::from(
        u32::try_from(inputs.iter().map(Vec::len).sum::<usize>()).expect("fewer than 2^32 inputs"),
    );
    Timer {
        name: V::NAME,
        run: Box::new(move || {
            let start = Instant::now();
            V::run(&inputs);
            start.elapsed().as_secs_f64() * 1e9 / count
        }),
        samples: Vec::new(),
    }
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
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

    let mut timers = vec![
        timer::<Hand>(&trace),
        timer::<Generated>(&trace),
        timer::<Smlang>(&trace),
        timer::<RustFsm>(&trace),
        timer::<Statig>(&trace),
    ];
    let rounds = rounds();
    for _ in 0..rounds {
        for timer in &mut timers {
            let sample = (timer.run)();
            timer.samples.push(sample);
        }
    }
    // Each round's ratio to the hand-written match of the same round: load that comes and
    // goes between rounds then cancels out.
    let hand = timers[0].samples.clone();
    println!("\nsummary: {rounds} interleaved rounds, {EVENTS} inputs, seed {SEED}");
    println!(
        "| implementation | ns/input (median) | fastest round | ratio to hand-written (median of rounds) |"
    );
    println!("|---|---:|---:|---:|");
    for timer in &mut timers {
        let mut ratios: Vec<f64> = timer
            .samples
            .iter()
            .zip(&hand)
            .map(|(s, h)| s / h)
            .collect();
        let ratio = median(&mut ratios);
        let middle = median(&mut timer.samples);
        let fastest = timer.samples[0];
        println!(
            "| {} | {middle:.2} | {fastest:.2} | {ratio:.2}× |",
            timer.name
        );
    }
}

criterion_group!(benches, peers);
criterion_main!(benches);
