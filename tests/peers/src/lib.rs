//! The Import/Export job lifecycle five ways, driven by one trace: the code `machine` generates
//! (through `machine!`), a hand-written `match` ([`hand`]), and the peers smlang 0.8, rust-fsm
//! 0.8 and statig 0.4 (in `variants/`, since the peers are dev-dependencies of this crate
//! only). The benchmark (`benches/peers.rs`) times them; the equivalence test
//! (`tests/equivalence.rs`) and the benchmark's gate check that every variant goes through the
//! same states.
//!
//! The trace is a list of lifecycles, each a list of [`Step`]s (an event and the answers of the
//! three guards), made by a seeded pseudo-random walk; each variant converts it to its own
//! event type before anything is timed ([`Variant::convert`]).
#![forbid(unsafe_code)]

pub mod automatic;
pub mod hand;
pub mod nested;
pub mod parallel;
pub mod rounds;

machine_macro::machine! {
    /// The Import/Export job, generated from `spec/import-export/job.yaml` by `machine!`.
    pub mod job = "spec/import-export/job.yaml";
}

use job::{Event, State};

/// One input of the trace: an event, and whether each guard holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The event.
    pub event: Event,
    /// The guards' answers.
    pub facts: Facts,
}

/// Whether each guard of the job lifecycle holds, as asked by the generated code and the
/// hand-written `match`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// `delivery_package_set`.
    pub delivery_package_set: bool,
    /// `return_address_set`.
    pub return_address_set: bool,
    /// `no_errors`.
    pub no_errors: bool,
}

impl job::Guards for Facts {
    fn delivery_package_set(&self) -> bool {
        self.delivery_package_set
    }
    fn return_address_set(&self) -> bool {
        self.return_address_set
    }
    fn no_errors(&self) -> bool {
        self.no_errors
    }
}

impl hand::Guards for Facts {
    fn delivery_package_set(&self) -> bool {
        self.delivery_package_set
    }
    fn return_address_set(&self) -> bool {
        self.return_address_set
    }
    fn no_errors(&self) -> bool {
        self.no_errors
    }
}

/// One implementation of the lifecycle, as the benchmark drives it.
pub trait Variant {
    /// Its name in the report.
    const NAME: &'static str;
    /// Its own input type: its event, with the guard answers where it takes them.
    type Input: Copy;
    /// A trace step as its own input (done before timing).
    fn convert(step: Step) -> Self::Input;
    /// Runs every lifecycle of `trace` from a new machine: the timed loop.
    fn run(trace: &[Vec<Self::Input>]);
    /// The state after every input of every lifecycle of `trace`, in the generated `State`
    /// (for the equivalence gate).
    fn states(trace: &[Vec<Self::Input>]) -> Vec<State>;
}

/// The trace converted to `V`'s inputs.
pub fn convert<V: Variant>(trace: &[Vec<Step>]) -> Vec<Vec<V::Input>> {
    trace
        .iter()
        .map(|lifecycle| lifecycle.iter().map(|&step| V::convert(step)).collect())
        .collect()
}

/// The generated machine: `Machine::fire` from `machine!`.
pub struct Generated;

impl Variant for Generated {
    const NAME: &'static str = "machine (generated)";
    type Input = Step;

    fn convert(step: Step) -> Step {
        step
    }

    fn run(trace: &[Vec<Step>]) {
        for lifecycle in trace {
            let mut machine = job::Machine::new();
            for step in lifecycle {
                let _ = std::hint::black_box(machine.fire(step.event, &step.facts));
            }
            std::hint::black_box(machine);
        }
    }

    fn states(trace: &[Vec<Step>]) -> Vec<State> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut machine = job::Machine::new();
            for step in lifecycle {
                let _ = machine.fire(step.event, &step.facts);
                states.push(machine.state());
            }
        }
        states
    }
}

/// The hand-written `match` ([`hand::Job`]).
pub struct Hand;

impl Variant for Hand {
    const NAME: &'static str = "hand-written match";
    type Input = (hand::Event, Facts);

    fn convert(step: Step) -> Self::Input {
        (hand::Event::from(step.event), step.facts)
    }

    fn run(trace: &[Vec<Self::Input>]) {
        for lifecycle in trace {
            let mut job = hand::Job::new();
            for (event, facts) in lifecycle {
                let _ = std::hint::black_box(job.fire(*event, facts));
            }
            std::hint::black_box(job);
        }
    }

    fn states(trace: &[Vec<Self::Input>]) -> Vec<State> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut job = hand::Job::new();
            for (event, facts) in lifecycle {
                let _ = job.fire(*event, facts);
                states.push(State::from(job.state()));
            }
        }
        states
    }
}

/// The first place where `V`'s states differ from the generated machine's on `trace`:
/// `Err` with a message, so that the benchmark refuses to time it.
pub fn same_states<V: Variant>(trace: &[Vec<Step>], expected: &[State]) -> Result<(), String> {
    let states = V::states(&convert::<V>(trace));
    let flat: Vec<Step> = trace.iter().flatten().copied().collect();
    rounds::same_states(V::NAME, &flat, &states, expected)
}

/// A seeded trace of about `events` inputs: lifecycles from `Creating`, each a pseudo-random
/// walk that picks, three times in four, an event the current state has a transition on (from
/// the generated [`State::transitions`]) and otherwise any event (often refused); guards hold
/// four times in five. A lifecycle stops in a final state or after 200 inputs.
pub fn trace(seed: u64, events: usize) -> Vec<Vec<Step>> {
    let mut random = SplitMix(seed);
    let mut trace = Vec::new();
    let mut total = 0;
    while total < events {
        let mut machine = job::Machine::new();
        let mut lifecycle = Vec::new();
        while !machine.state().is_final() && lifecycle.len() < 200 && total < events {
            let accepted = machine.state().transitions();
            let event = if random.below(4) < 3 && !accepted.is_empty() {
                accepted[random.below(accepted.len())].event
            } else {
                Event::ALL[random.below(Event::ALL.len())]
            };
            let facts = Facts {
                delivery_package_set: random.below(5) > 0,
                return_address_set: random.below(5) > 0,
                no_errors: random.below(5) > 0,
            };
            let _ = machine.fire(event, &facts);
            lifecycle.push(Step { event, facts });
            total += 1;
        }
        trace.push(lifecycle);
    }
    trace
}

/// `SplitMix64`: a small seeded generator, so the trace is the same on every machine.
pub(crate) struct SplitMix(pub(crate) u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` is small, so the modulo bias does not matter here).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("below n, which is a usize")
    }
}
