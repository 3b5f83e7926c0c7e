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

use machine_peers::nested::{self, Generated, Hand};
use machine_peers::rounds::{self, Timed};
use variants::statig_nested::StatigNested;

/// The trace's seed and length.
const SEED: u64 = 8;
const EVENTS: usize = 1_000_000;

fn main() {
    let (events, rounds) = rounds::plan(EVENTS);
    let trace = nested::trace(SEED, events);
    for gate in [
        nested::same_run::<Hand>(&trace),
        nested::same_run::<StatigNested>(&trace),
    ] {
        if let Err(difference) = gate {
            panic!("refusing to time variants that do different things: {difference}");
        }
    }
    let mut timers = [
        Timed::of::<Hand>(),
        Timed::of::<Generated>(),
        Timed::of::<StatigNested>(),
    ];
    rounds::time("hierarchical", SEED, &trace, events, rounds, &mut timers);
}
