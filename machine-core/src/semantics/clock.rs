//! Rules S10 and S13: when timers expire, and which are running. A [`Config`](super::Config)
//! holds no time; [`Clocks`] keep it for callers that have a notion of time (`machine run`,
//! simulations, test paths), and count the steps a service uses to schedule its timers.

use crate::model::{DurationId, Expiry, Model, StateId, TimerId};

use super::{Cause, Step};

/// Rule S10: the values of the named durations (in seconds by `DurationId`) must keep the
/// order the spec declares (`shorter_than:`, followed through). The first pair that does not:
/// a duration and one it must be shorter than.
pub fn misordered(model: &Model, seconds: &[u64]) -> Option<(DurationId, DurationId)> {
    model.durations.iter().enumerate().find_map(|(a, d)| {
        let a = DurationId::from_index(a);
        d.shorter_than.iter().find_map(|&b| {
            let (x, y) = (seconds.get(a.index())?, seconds.get(b.index())?);
            (x >= y).then_some((a, b))
        })
    })
}

/// The clocks of the timers of the current state (its timeouts and the spanning timers
/// whose set holds it), in seconds of a logical time that starts
/// at 0, and the number of steps taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clocks {
    /// The time now.
    now: u64,
    /// How many inputs were accepted since the clocks were created.
    steps: u64,
    /// Whether an `end` timer has ended the lifecycle: no clock runs any more.
    ended: bool,
    /// The timers of the current state, in [`TimerId`] order.
    timers: Vec<Clock>,
    /// The values of the named durations, in seconds by `DurationId`.
    durations: Vec<u64>,
}

/// The clock of one timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Clock {
    timer: TimerId,
    /// When it last started, in seconds.
    since: u64,
    /// The step at which it last started.
    step: u64,
    /// Whether it expired since it last started.
    expired: bool,
}

/// A timer whose clock runs (rule S13).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Running {
    /// The timer.
    pub timer: TimerId,
    /// The step at which its clock last started: 0 for the state the machine was created in,
    /// `n` for the `n`-th accepted input.
    pub since_step: u64,
}

impl Clocks {
    /// Clocks for a machine that has just been created in `config`, at time 0 and step 0:
    /// the clocks of every timer that runs there (in every region, rule S22).
    pub fn new(model: &Model, config: &super::Config) -> Clocks {
        let mut clocks = Clocks {
            now: 0,
            steps: 0,
            ended: false,
            timers: Vec::new(),
            durations: Vec::new(),
        };
        clocks.enter(model, &config.atoms);
        clocks
    }

    /// The same clocks, with the values of the named durations (in seconds by
    /// `DurationId`). A timer whose named duration has no value never expires.
    #[must_use]
    pub fn with_durations(mut self, seconds: Vec<u64>) -> Clocks {
        self.durations = seconds;
        self
    }

    /// Every timer that runs in the configuration `atoms` starts now.
    fn enter(&mut self, model: &Model, atoms: &[StateId]) {
        self.timers = model
            .timers_in_all(atoms)
            .into_iter()
            .map(|(timer, _)| Clock {
                timer,
                since: self.now,
                step: self.steps,
                expired: false,
            })
            .collect();
    }

    /// The time now, in seconds since the clocks were created.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// How many inputs were accepted since the clocks were created.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Follows an accepted input (rule S13): it counts as one step; a timer that expired
    /// stops; the timers of the new state that the step restarts start now (rules S6 and
    /// S14: all of its own when the state was entered), the others keep their clocks (a
    /// spanning timer while the machine moves inside its set); an `end` expiry stops them
    /// all.
    ///
    /// The automatic steps that followed it (rules S20 and S21, [`Step::then`]) belong to the
    /// same input: the same step number, each restarting what it restarts in turn.
    pub fn apply(&mut self, model: &Model, step: &Step) {
        self.steps = self.steps.saturating_add(1);
        for micro in std::iter::once(step).chain(&step.then) {
            self.follow(model, micro);
        }
    }

    /// One step of an input ([`Clocks::apply`]), without counting it.
    fn follow(&mut self, model: &Model, step: &Step) {
        if self.ended {
            return;
        }
        if let Cause::Timeout(timer) = step.cause {
            if let Some(clock) = self.timers.iter_mut().find(|c| c.timer == timer) {
                clock.expired = true;
            }
            if let Expiry::End(_) = model.timer(timer).timeout.expiry {
                self.ended = true;
                self.timers.clear();
                return;
            }
        }
        let old = std::mem::take(&mut self.timers);
        let (now, steps) = (self.now, self.steps);
        self.timers = model
            .timers_in_all(&step.atoms)
            .into_iter()
            .map(|(timer, _)| {
                let fresh = Clock {
                    timer,
                    since: now,
                    step: steps,
                    expired: false,
                };
                if step.restarts.contains(&timer) {
                    fresh
                } else {
                    old.iter()
                        .find(|c| c.timer == timer)
                        .copied()
                        .unwrap_or(fresh)
                }
            })
            .collect();
    }

    /// Rule S7: `timer` fell due and its expiry was refused, whatever the refusal (one of its
    /// guards, or automatic steps that would not settle, rule S21): it stops, as if it had
    /// expired, until its clock starts again. So a refused expiry never falls due again at
    /// the same instant. A timer whose clock does not run is left alone.
    pub fn refused(&mut self, timer: TimerId) {
        if let Some(clock) = self.timers.iter_mut().find(|c| c.timer == timer) {
            clock.expired = true;
        }
    }

    /// Rule S13: the timers whose clocks run now, in [`TimerId`] order: the current state's,
    /// except those that expired since they last started; none once the lifecycle ended.
    pub fn running(&self) -> Vec<Running> {
        self.timers
            .iter()
            .filter(|c| !c.expired && !self.ended)
            .map(|c| Running {
                timer: c.timer,
                since_step: c.step,
            })
            .collect()
    }

    /// Rule S10: when `timer` falls due, in seconds since the clocks were created: when its
    /// clock last started plus its duration. `None` when its clock does not run (a timer of
    /// another state, one that expired since it last started, or the lifecycle has ended), or
    /// when its named duration has no value.
    pub fn due(&self, model: &Model, timer: TimerId) -> Option<u64> {
        let clock = self.timers.iter().find(|c| c.timer == timer)?;
        self.due_of(model, clock)
    }

    /// Moves the time forward to `at` (never back), expiring nothing: the caller applies
    /// what falls due.
    pub fn advance(&mut self, at: u64) {
        self.now = self.now.max(at);
    }

    fn due_of(&self, model: &Model, clock: &Clock) -> Option<u64> {
        if clock.expired || self.ended {
            return None;
        }
        let timeout = &model.timer(clock.timer).timeout;
        let after = match timeout.after.named {
            Some(id) => *self.durations.get(id.index())?,
            None => timeout.after.seconds,
        };
        Some(clock.since.saturating_add(after))
    }

    /// Rule S10: the next timer to expire, no later than `until`, and when. A timer expires
    /// when its clock reaches its duration, once per start of its clock; timers due at the
    /// same instant expire in [`TimerId`] order. Moves the time to that instant; the caller
    /// then applies [`Input::Expire`](super::Input::Expire) and [`Clocks::apply`]s the step.
    /// `None` (and the time moved to `until`) when nothing is due by then.
    pub fn next_due(&mut self, model: &Model, until: u64) -> Option<TimerId> {
        let due = self
            .timers
            .iter()
            .filter_map(|c| Some((self.due_of(model, c)?, c.timer)))
            .filter(|&(at, _)| at <= until)
            .min();
        if let Some((at, timer)) = due {
            self.now = self.now.max(at);
            Some(timer)
        } else {
            self.now = self.now.max(until);
            None
        }
    }
}
