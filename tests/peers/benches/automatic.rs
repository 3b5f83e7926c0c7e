//! The lifecycle with automatic transitions two ways (`machine_peers::automatic`: the CI check
//! run, whose `Picked` is left at once by eventless transitions and whose `InProgress`
//! decides the conclusion on its completion): the generated `Machine::step` with `Step::run`,
//! and a hand-written `match` that takes the same decisions inline. The guards' answers
//! change with every input. The benchmark refuses to time when the hand-written states or
//! actions differ from the generated machine's, then times both in interleaved rounds and
//! prints the median ns per input, the fastest round, and the median over the rounds of each
//! round's ratio to the hand-written `match`.
//!
//! `cargo bench -p machine-peers --bench automatic` (`MACHINE_PEERS_ROUNDS=N` for more rounds
//! than 15 on a busy machine).

use machine_peers::automatic::{self, Generated, Hand};
use machine_peers::rounds::{self, Timed};

/// The trace's seed and length.
const SEED: u64 = 8;
const EVENTS: usize = 1_000_000;

fn main() {
    let (events, rounds) = rounds::plan(EVENTS);
    let trace = automatic::trace(SEED, events);
    if let Err(difference) = automatic::same_run::<Hand>(&trace) {
        panic!("refusing to time variants that do different things: {difference}");
    }
    let mut timers = [Timed::of::<Hand>(), Timed::of::<Generated>()];
    rounds::time("automatic", SEED, &trace, events, rounds, &mut timers);
}
