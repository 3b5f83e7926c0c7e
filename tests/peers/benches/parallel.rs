//! The lifecycle with parallel states two ways (`machine_peers::parallel`: the Kubernetes Pod,
//! whose `Running` holds one region per container and completes when both have terminated):
//! the generated `Machine::step` (or `Machine::expire`) with `Step::run`, and a hand-written
//! `match` per region. The benchmark refuses to time when the hand-written configurations or
//! actions differ from the generated machine's, then times both in interleaved rounds and
//! prints the median ns per input, the fastest round, and the median over the rounds of each
//! round's ratio to the hand-written `match`.
//!
//! `cargo bench -p machine-peers --bench parallel` (`MACHINE_PEERS_ROUNDS=N` for more rounds
//! than 15 on a busy machine).

use machine_peers::parallel::{self, Generated, Hand};
use machine_peers::rounds::{self, Timed};

/// The trace's seed and length.
const SEED: u64 = 8;
const EVENTS: usize = 1_000_000;

fn main() {
    let (events, rounds) = rounds::plan(EVENTS);
    let trace = parallel::trace(SEED, events);
    if let Err(difference) = parallel::same_run::<Hand>(&trace) {
        panic!("refusing to time variants that do different things: {difference}");
    }
    let mut timers = [Timed::of::<Hand>(), Timed::of::<Generated>()];
    rounds::time("parallel", SEED, &trace, events, rounds, &mut timers);
}
