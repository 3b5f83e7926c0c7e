//! The hierarchical lifecycle three ways (`machine_peers::nested`: the EC2 instance, whose
//! `Provisioned` superstate takes `TerminateInstances` for the four states inside it): the
//! generated `Machine::step` with `Step::run`, a hand-written nested `match`, and statig 0.4
//! with a superstate, each running the actions of every level. The benchmark refuses to time
//! when a variant's states or actions differ from the generated machine's, then times them in
//! interleaved rounds and prints the median ns per input, the fastest round, and the median
//! over the rounds of each round's ratio to the hand-written `match`.
//!
//! `cargo bench -p machine-peers --bench nested` (`MACHINE_PEERS_ROUNDS=N` for more rounds
//! than 15 on a busy machine).

#[path = "../variants/mod.rs"]
#[allow(dead_code, reason = "the flat peers are timed by benches/peers.rs")]
mod variants;

use std::time::Instant;

use machine_peers::nested::{self, Counters, Generated, Hand, Variant, ec2};
use variants::statig_nested::StatigNested;

/// The trace's seed and length.
const SEED: u64 = 8;
const EVENTS: usize = 1_000_000;
/// Rounds, unless `MACHINE_PEERS_ROUNDS` says otherwise.
const ROUNDS: usize = 15;

/// One variant's timed run, in ns per input, and its samples.
struct Timer {
    name: &'static str,
    run: fn(&[Vec<ec2::Event>], &mut Counters),
    samples: Vec<f64>,
}

fn timer<V: Variant>() -> Timer {
    Timer {
        name: V::NAME,
        run: V::run,
        samples: Vec::new(),
    }
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing of the kind and
    // only wants the target to build and run briefly.
    let timing = std::env::args().any(|a| a == "--bench");
    let (events, rounds) = if timing {
        let rounds = std::env::var("MACHINE_PEERS_ROUNDS")
            .ok()
            .and_then(|n| n.parse().ok())
            .filter(|&n| n > 0)
            .unwrap_or(ROUNDS);
        (EVENTS, rounds)
    } else {
        (10_000, 1)
    };
    let trace = nested::trace(SEED, events);
    for gate in [
        nested::same_run::<Hand>(&trace),
        nested::same_run::<StatigNested>(&trace),
    ] {
        if let Err(difference) = gate {
            panic!("refusing to time variants that do different things: {difference}");
        }
    }
    let count = f64::from(u32::try_from(events).expect("fewer than 2^32 inputs"));
    let mut timers = [
        timer::<Hand>(),
        timer::<Generated>(),
        timer::<StatigNested>(),
    ];
    let mut counters = Counters::default();
    for _ in 0..rounds {
        for timer in &mut timers {
            let start = Instant::now();
            (timer.run)(&trace, &mut counters);
            timer
                .samples
                .push(start.elapsed().as_secs_f64() * 1e9 / count);
        }
    }
    std::hint::black_box(counters);
    // Each round's ratio to the hand-written match of the same round: load that comes and
    // goes between rounds then cancels out.
    let hand = timers[0].samples.clone();
    println!("\nsummary (hierarchical): {rounds} interleaved rounds, {events} inputs, seed {SEED}");
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
