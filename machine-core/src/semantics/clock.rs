//! Rule S10: when timeouts expire. A [`Config`](super::Config) holds no time; [`Clocks`] keep
//! it for callers that have a notion of time (`machine run`, simulations, test paths).

use crate::model::{Model, StateId};

use super::Step;

/// The clocks of the current state's timeouts, in seconds of a logical time that starts at 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clocks {
    /// The time now.
    now: u64,
    /// For each timeout of the current state, when its clock last started.
    started: Vec<u64>,
    /// For each timeout of the current state, whether it expired since its clock started.
    expired: Vec<bool>,
}

impl Clocks {
    /// Clocks for a machine that has just entered `state` at time 0.
    pub fn new(model: &Model, state: StateId) -> Clocks {
        let count = model.state(state).timeouts.len();
        Clocks {
            now: 0,
            started: vec![0; count],
            expired: vec![false; count],
        }
    }

    /// The time now, in seconds since the clocks were created.
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Follows a step: when the state was entered, every clock of the new state starts now;
    /// otherwise the clocks the step restarts start again (rule S6).
    pub fn apply(&mut self, model: &Model, step: &Step) {
        if step.entered {
            *self = Clocks {
                now: self.now,
                ..Clocks::new(model, step.to)
            };
            self.started.fill(self.now);
        } else {
            for &index in &step.restarts {
                if let (Some(started), Some(expired)) =
                    (self.started.get_mut(index), self.expired.get_mut(index))
                {
                    *started = self.now;
                    *expired = false;
                }
            }
        }
    }

    /// Rule S10: the next timeout of `state` to expire, no later than `until`, and when. A
    /// timeout expires when its clock reaches its duration, once per start of its clock;
    /// timeouts due at the same instant expire in spec order. Moves the time to that instant
    /// and marks the timeout expired; the caller then applies
    /// [`Input::Expire`](super::Input::Expire) and [`Clocks::apply`]s the step. `None` (and
    /// the time moved to `until`) when nothing is due by then.
    pub fn next_due(&mut self, model: &Model, state: StateId, until: u64) -> Option<usize> {
        let due = model
            .state(state)
            .timeouts
            .iter()
            .enumerate()
            .filter(|&(index, _)| !self.expired.get(index).copied().unwrap_or(true))
            .map(|(index, t)| {
                let start = self.started.get(index).copied().unwrap_or(self.now);
                (start.saturating_add(t.after.seconds), index)
            })
            .filter(|&(at, _)| at <= until)
            .min();
        if let Some((at, index)) = due {
            self.now = self.now.max(at);
            if let Some(expired) = self.expired.get_mut(index) {
                *expired = true;
            }
            Some(index)
        } else {
            self.now = self.now.max(until);
            None
        }
    }
}
