//! A lifecycle with parallel states, two ways: the Kubernetes Pod (`spec/samples/pod.yaml`:
//! `Running` holds one region per container, `App` and `Shipper`, both active at once), as
//! `machine` generates it and as a hand-written `match` per region ([`Hand`]). `AppExited`
//! moves both regions in one input (the application ends, the shipper flushes its logs),
//! `Running` completes to `Succeeded` when both containers have terminated, `Evicted` leaves
//! both, and the fault state `Unknown` (`NodeLost`) returns to the whole configuration it
//! was entered from (`NodeReady`). The back-off timeout `AppRestart` is an input of the trace
//! ([`Input::Expire`]) beside the events. Every input runs the actions of its microstep and
//! of the completion it led to (exits, the transitions' actions, entries), counted by
//! [`Counters`], so what is compared is the whole of a parallel step: the selection in each
//! region, the states left and entered, the completion, and their actions.

use std::hint::black_box;

machine_macro::machine! {
    /// The Kubernetes Pod, generated from `spec/samples/pod.yaml` by `machine!`.
    pub mod pod = "spec/samples/pod.yaml";
}

use pod::{Event, State, Timer};

pub use crate::rounds::Counters;

/// The actions, counted in this order: `create_sandbox`, `tear_down_sandbox`,
/// `pull_app_image`, `pull_shipper_image`, `flush_logs`, `kill_containers`.
impl pod::Actions for Counters {
    fn create_sandbox(&mut self) {
        self.ran(0);
    }
    fn tear_down_sandbox(&mut self) {
        self.ran(1);
    }
    fn pull_app_image(&mut self) {
        self.ran(2);
    }
    fn pull_shipper_image(&mut self) {
        self.ran(3);
    }
    fn flush_logs(&mut self) {
        self.ran(4);
    }
    fn kill_containers(&mut self) {
        self.ran(5);
    }
}

/// Whether the guard of the Pod holds for one input, as asked by the generated code (through
/// [`pod::Guards`]) and read by the hand-written `match`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// `exit_code_zero`: the application exited with code 0 (asked on `AppExited` only).
    pub exit_code_zero: bool,
}

impl pod::Guards for Facts {
    fn exit_code_zero(&self) -> bool {
        self.exit_code_zero
    }
}

/// One input of the trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// An event, and the guard's answer while it is handled.
    Event(Event, Facts),
    /// A timer expired (`AppRestart`: the back-off delay is over).
    Expire(Timer),
}

/// The atomic states the Pod is in after an input, in document order
/// ([`pod::Machine::configuration`]): one, or one per container while it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Configuration(pub [Option<State>; 2]);

impl Configuration {
    /// The configuration of `machine`.
    ///
    /// # Panics
    ///
    /// When the machine is in more than two atomic states (the Pod has two regions).
    #[must_use]
    pub fn of(machine: pod::Machine) -> Self {
        let mut atoms = machine.configuration();
        let configuration = Configuration([atoms.next(), atoms.next()]);
        assert!(atoms.next().is_none(), "the Pod has two regions");
        configuration
    }
}

pub use crate::rounds::Variant;

/// One input to the generated machine: `Machine::step` for an event, `Machine::expire` for a
/// timer; the step taken, if any.
#[inline]
fn take(machine: &mut pod::Machine, input: Input) -> Option<pod::Step> {
    match input {
        Input::Event(event, facts) => machine.step(event, &facts).ok(),
        Input::Expire(timer) => machine.expire(timer).ok(),
    }
}

/// The generated machine: `Machine::step` (or `Machine::expire`), then `Step::run` for the
/// actions of the microstep and of the completion it led to.
pub struct Generated;

impl Variant for Generated {
    const NAME: &'static str = "machine (generated)";
    type Input = Input;
    type State = Configuration;

    fn run(trace: &[Vec<Input>], counters: &mut Counters) {
        for lifecycle in trace {
            let mut machine = pod::Machine::new();
            for &input in lifecycle {
                if let Some(step) = take(&mut machine, black_box(input)) {
                    step.run(counters);
                }
            }
            black_box(machine);
        }
    }

    fn states(trace: &[Vec<Input>], counters: &mut Counters) -> Vec<Configuration> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut machine = pod::Machine::new();
            for &input in lifecycle {
                if let Some(step) = take(&mut machine, input) {
                    step.run(counters);
                }
                states.push(Configuration::of(machine));
            }
        }
        states
    }
}

/// The Pod's phase (`status.phase`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Waiting to be scheduled.
    Pending,
    /// Bound to a node, its containers running side by side.
    Running,
    /// Both containers terminated.
    Succeeded,
    /// Evicted.
    Failed,
    /// The node stopped reporting.
    Unknown,
}

/// The application container's state (region `App`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum App {
    /// `AppWaiting`.
    Waiting,
    /// `AppRunning`.
    Running,
    /// `AppBackOff`.
    BackOff,
    /// `AppTerminated`.
    Terminated,
}

/// The log shipper's state (region `Shipper`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shipper {
    /// `ShipperWaiting`.
    Waiting,
    /// `ShipperRunning`.
    Running,
    /// `ShipperTerminated`.
    Terminated,
}

/// The Pod as a person would write two regions by hand: a phase byte and one byte per
/// container, one `match` on the phase, then, while running, one `match` per region on the
/// input; a refused input is an error naming the phase and the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hand {
    phase: Phase,
    /// While `Unknown`: the phase the node was lost in (the containers keep their states).
    lost_in: Phase,
    app: App,
    shipper: Shipper,
}

/// A refused input of [`Hand`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The phase the Pod stays in.
    pub phase: Phase,
    /// The refused input.
    pub input: Input,
}

impl Default for Hand {
    fn default() -> Self {
        Hand::new()
    }
}

impl Hand {
    /// A Pod waiting to be scheduled.
    #[must_use]
    pub const fn new() -> Self {
        Hand {
            phase: Phase::Pending,
            lost_in: Phase::Pending,
            app: App::Waiting,
            shipper: Shipper::Waiting,
        }
    }

    /// The atomic states the Pod is in, as the generated machine names them.
    #[must_use]
    pub const fn configuration(&self) -> Configuration {
        let alone = match self.phase {
            Phase::Pending => State::Pending,
            Phase::Succeeded => State::Succeeded,
            Phase::Failed => State::Failed,
            Phase::Unknown => State::Unknown,
            Phase::Running => {
                return Configuration([
                    Some(match self.app {
                        App::Waiting => State::AppWaiting,
                        App::Running => State::AppRunning,
                        App::BackOff => State::AppBackOff,
                        App::Terminated => State::AppTerminated,
                    }),
                    Some(match self.shipper {
                        Shipper::Waiting => State::ShipperWaiting,
                        Shipper::Running => State::ShipperRunning,
                        Shipper::Terminated => State::ShipperTerminated,
                    }),
                ]);
            }
        };
        Configuration([Some(alone), None])
    }

    /// One input: the transitions of the phase, running the actions of the states left and
    /// entered inline (the exit of `Running` before the eviction's `kill_containers`).
    ///
    /// # Errors
    ///
    /// [`Refused`] when no region has a transition on the input.
    #[inline]
    pub fn fire(&mut self, input: Input, actions: &mut Counters) -> Result<(), Refused> {
        use pod::Actions as _;
        match (self.phase, input) {
            (Phase::Pending, Input::Event(Event::Scheduled, _)) => {
                actions.create_sandbox();
                actions.pull_app_image();
                actions.pull_shipper_image();
                self.phase = Phase::Running;
                self.app = App::Waiting;
                self.shipper = Shipper::Waiting;
            }
            (Phase::Running, Input::Event(Event::Evicted, _)) => {
                actions.tear_down_sandbox();
                actions.kill_containers();
                self.phase = Phase::Failed;
            }
            (phase @ (Phase::Pending | Phase::Running), Input::Event(Event::NodeLost, _)) => {
                if phase == Phase::Running {
                    actions.tear_down_sandbox();
                }
                self.lost_in = phase;
                self.phase = Phase::Unknown;
            }
            (Phase::Unknown, Input::Event(Event::NodeReady, _)) => {
                if self.lost_in == Phase::Running {
                    actions.create_sandbox();
                    if self.app == App::Waiting {
                        actions.pull_app_image();
                    }
                    if self.shipper == Shipper::Waiting {
                        actions.pull_shipper_image();
                    }
                }
                self.phase = self.lost_in;
            }
            (Phase::Running, input) => return self.containers(input, actions),
            (phase, input) => return Err(Refused { phase, input }),
        }
        Ok(())
    }

    /// `input` while the containers run: one `match` per region, each running the actions of
    /// its own transition inline; no input has actions in both regions, so this is the order
    /// of rule S27 (exits, transitions' actions, entries). The Pod succeeds when both
    /// containers have terminated.
    #[inline]
    fn containers(&mut self, input: Input, actions: &mut Counters) -> Result<(), Refused> {
        use pod::Actions as _;
        let app = match (self.app, input) {
            (App::Waiting, Input::Event(Event::AppStarted, _)) => Some(App::Running),
            (App::Running, Input::Event(Event::AppExited, facts)) => {
                Some(if facts.exit_code_zero {
                    App::Terminated
                } else {
                    App::BackOff
                })
            }
            (App::BackOff, Input::Expire(Timer::AppRestart)) => {
                actions.pull_app_image();
                Some(App::Waiting)
            }
            _ => None,
        };
        let shipper = match (self.shipper, input) {
            (Shipper::Waiting, Input::Event(Event::ShipperStarted, _)) => Some(Shipper::Running),
            (Shipper::Running, Input::Event(Event::ShipperExited, _)) => {
                actions.pull_shipper_image();
                Some(Shipper::Waiting)
            }
            (Shipper::Waiting | Shipper::Running, Input::Event(Event::AppExited, facts))
                if facts.exit_code_zero =>
            {
                actions.flush_logs();
                Some(Shipper::Terminated)
            }
            _ => None,
        };
        if app.is_none() && shipper.is_none() {
            return Err(Refused {
                phase: self.phase,
                input,
            });
        }
        self.app = app.unwrap_or(self.app);
        self.shipper = shipper.unwrap_or(self.shipper);
        if self.app == App::Terminated && self.shipper == Shipper::Terminated {
            actions.tear_down_sandbox();
            self.phase = Phase::Succeeded;
        }
        Ok(())
    }
}

impl Variant for Hand {
    const NAME: &'static str = "hand-written match per region";
    type Input = Input;
    type State = Configuration;

    fn run(trace: &[Vec<Input>], counters: &mut Counters) {
        for lifecycle in trace {
            let mut pod = Hand::new();
            for &input in lifecycle {
                let _ = black_box(pod.fire(black_box(input), counters));
            }
            black_box(pod);
        }
    }

    fn states(trace: &[Vec<Input>], counters: &mut Counters) -> Vec<Configuration> {
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut pod = Hand::new();
            for &input in lifecycle {
                let _ = pod.fire(input, counters);
                states.push(pod.configuration());
            }
        }
        states
    }
}

/// The first place where `V`'s configurations or actions differ from the generated
/// machine's on `trace` ([`crate::rounds::same_run`]).
///
/// # Errors
///
/// The first input after which the configurations differ, or the actions when they do.
pub fn same_run<V: Variant<Input = Input, State = Configuration>>(
    trace: &[Vec<Input>],
) -> Result<(), String> {
    crate::rounds::same_run::<V, Generated>(trace)
}

/// A seeded trace of about `events` inputs: lifecycles from `Pending`, each a pseudo-random
/// walk that picks, seven times in eight, an input some active region accepts (the events of
/// each atomic state and of the states around it, from the generated
/// [`State::accepted_events`], and the expiry of its timers, [`State::timers`]) and otherwise
/// any input (often refused); among the accepted ones `Evicted` is picked one time in twelve
/// and `NodeLost` one time in four, so a Pod goes through several crashes, restarts and lost
/// nodes first. The application exits with code 0 one time in three. A lifecycle stops when
/// the Pod has succeeded or failed.
pub fn trace(seed: u64, events: usize) -> Vec<Vec<Input>> {
    let mut random = crate::SplitMix(seed);
    let mut trace = Vec::new();
    let mut total = 0;
    while total < events {
        let mut machine = pod::Machine::new();
        let mut lifecycle = Vec::new();
        while !machine.state().is_final() && total < events {
            let mut accepted: Vec<Input> = Vec::new();
            for atom in machine.configuration() {
                let events = atom.accepted_events().iter();
                let inputs = events
                    .map(|&event| Input::Event(event, Facts::default()))
                    .chain(atom.timers().iter().map(|&timer| Input::Expire(timer)));
                for input in inputs {
                    if !accepted.contains(&input) {
                        accepted.push(input);
                    }
                }
            }
            accepted.retain(|input| match input {
                Input::Event(Event::Evicted, _) => random.below(12) == 0,
                Input::Event(Event::NodeLost, _) => random.below(4) == 0,
                _ => true,
            });
            let pick = if random.below(8) < 7 && !accepted.is_empty() {
                accepted[random.below(accepted.len())]
            } else {
                let any = random.below(Event::ALL.len() + Timer::ALL.len());
                Event::ALL.get(any).map_or_else(
                    || Input::Expire(Timer::ALL[any - Event::ALL.len()]),
                    |&event| Input::Event(event, Facts::default()),
                )
            };
            let input = match pick {
                Input::Event(event, _) => Input::Event(
                    event,
                    Facts {
                        exit_code_zero: random.below(3) == 0,
                    },
                ),
                expire @ Input::Expire(_) => expire,
            };
            let _ = take(&mut machine, input);
            lifecycle.push(input);
            total += 1;
        }
        trace.push(lifecycle);
    }
    trace
}
