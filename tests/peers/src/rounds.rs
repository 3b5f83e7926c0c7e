//! What the benchmarks of a lifecycle against a hand-written `match` share (`benches/nested.rs`,
//! `benches/automatic.rs`, `benches/parallel.rs`, and the summary of `benches/peers.rs`): the
//! counted actions every variant performs, the variants and their equivalence gate, how many
//! rounds and inputs to time, the interleaved rounds, and the summary table.

use std::time::Instant;

/// The actions, counted: every variant performs the same ones in the same order, and the
/// equivalence gate compares the log ([`Counters::log`]). Each lifecycle numbers its actions
/// (four, or six for the Pod) in the order its module's documentation gives.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// How many times each action ran.
    pub counts: [u64; 6],
    /// A hash of the order the actions ran in.
    pub log: u64,
}

impl Counters {
    /// Records action `index` (in the order of [`Counters::counts`]).
    pub fn ran(&mut self, index: usize) {
        self.counts[index] += 1;
        self.log = self.log.wrapping_mul(31).wrapping_add(index as u64 + 1);
    }
}

/// One implementation of a lifecycle, as its benchmark drives it.
pub trait Variant {
    /// Its name in the report.
    const NAME: &'static str;
    /// One input of the trace.
    type Input: std::fmt::Debug;
    /// What the equivalence gate compares after each input.
    type State: PartialEq + std::fmt::Debug;
    /// Runs every lifecycle of `trace` from its start, performing the actions on `counters`:
    /// the timed loop.
    fn run(trace: &[Vec<Self::Input>], counters: &mut Counters);
    /// The state after every input of every lifecycle of `trace` (for the equivalence gate).
    fn states(trace: &[Vec<Self::Input>], counters: &mut Counters) -> Vec<Self::State>;
}

/// The first place where `V`'s states or actions differ from those of `G` (the generated
/// machine) on `trace`: `Err` with a message, so that the benchmark refuses to time it.
///
/// # Errors
///
/// The first input after which the states differ, or the actions when they do.
pub fn same_run<V, G>(trace: &[Vec<G::Input>]) -> Result<(), String>
where
    G: Variant,
    V: Variant<Input = G::Input, State = G::State>,
{
    let (mut expected_actions, mut actions) = (Counters::default(), Counters::default());
    let expected = G::states(trace, &mut expected_actions);
    let states = V::states(trace, &mut actions);
    let flat: Vec<&G::Input> = trace.iter().flatten().collect();
    same_states(V::NAME, &flat, &states, &expected)?;
    if actions != expected_actions {
        return Err(format!(
            "{} runs other actions than the generated machine: {actions:?} instead of {expected_actions:?}",
            V::NAME
        ));
    }
    Ok(())
}

/// The first input after which `states` (of the variant called `name`) differ from
/// `expected` (the generated machine's): `Err` with a message naming it, the input and both
/// states.
///
/// # Errors
///
/// The first difference, or a different length.
pub fn same_states<I: std::fmt::Debug, S: PartialEq + std::fmt::Debug>(
    name: &str,
    inputs: &[I],
    states: &[S],
    expected: &[S],
) -> Result<(), String> {
    match (0..states.len().max(expected.len())).find(|&i| states.get(i) != expected.get(i)) {
        Some(at) => Err(format!(
            "{name} differs from the generated machine at input {at} ({:?}): {:?} instead of {:?}",
            inputs.get(at),
            states.get(at),
            expected.get(at)
        )),
        None => Ok(()),
    }
}

/// How many interleaved rounds to time: `MACHINE_PEERS_ROUNDS`, 15 unless it says otherwise.
pub fn rounds() -> usize {
    std::env::var("MACHINE_PEERS_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(15)
}

/// How many inputs and rounds to time: `cargo bench` passes `--bench`, and times `inputs`
/// inputs in [`rounds`] rounds; `cargo test --benches` passes nothing of the kind and only
/// wants the target to build and run briefly (10,000 inputs, one round).
pub fn plan(inputs: usize) -> (usize, usize) {
    if std::env::args().any(|a| a == "--bench") {
        (inputs, rounds())
    } else {
        (10_000, 1)
    }
}

/// A timed run over a trace of `I`.
type Run<I> = Box<dyn Fn(&[Vec<I>], &mut Counters)>;

/// One variant's timed run, and its samples in ns per input.
pub struct Timed<I> {
    name: &'static str,
    run: Run<I>,
    samples: Vec<f64>,
}

impl<I> Timed<I> {
    /// The variant `V`, run on the trace as it is.
    pub fn of<V: Variant<Input = I> + 'static>() -> Self {
        Timed::with(V::NAME, V::run)
    }

    /// The variant called `name` that `run` drives (on inputs of its own, converted from the
    /// trace beforehand, when it reads another input type).
    pub fn with(name: &'static str, run: impl Fn(&[Vec<I>], &mut Counters) + 'static) -> Self {
        Timed {
            name,
            run: Box::new(run),
            samples: Vec::new(),
        }
    }
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Times every variant of `timers` on `trace` (`inputs` inputs in all) in `rounds`
/// interleaved rounds, then prints the median ns per input, the fastest round, and the median
/// over the rounds of each round's ratio to the first variant (the hand-written `match`): load
/// that comes and goes between rounds then cancels out.
///
/// # Panics
///
/// With 2^32 inputs or more.
pub fn time<I>(
    title: &str,
    seed: u64,
    trace: &[Vec<I>],
    inputs: usize,
    rounds: usize,
    timers: &mut [Timed<I>],
) {
    let count = f64::from(u32::try_from(inputs).expect("fewer than 2^32 inputs"));
    let mut counters = Counters::default();
    for _ in 0..rounds {
        for timer in timers.iter_mut() {
            let start = Instant::now();
            (timer.run)(trace, &mut counters);
            timer
                .samples
                .push(start.elapsed().as_secs_f64() * 1e9 / count);
        }
    }
    std::hint::black_box(counters);
    let Some(hand) = timers.first().map(|t| t.samples.clone()) else {
        return;
    };
    println!("\nsummary ({title}): {rounds} interleaved rounds, {inputs} inputs, seed {seed}");
    println!(
        "| implementation | ns/input (median) | fastest round | ratio to hand-written (median of rounds) |"
    );
    println!("|---|---:|---:|---:|");
    for timer in timers.iter_mut() {
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
