//! The timers of a model: states' timeouts and spanning timers, numbered by [`TimerId`].

use super::{Model, SpanningTimer, StateId, Timeout, TimerId};

impl Model {
    /// Every timer of the spec, in [`TimerId`] order: its id, the state whose timeout it is,
    /// the timeout's index in that state's list, and the timeout.
    pub fn timers(&self) -> impl Iterator<Item = (TimerId, StateId, usize, &Timeout)> {
        self.state_ids()
            .flat_map(move |s| {
                self.state(s)
                    .timeouts
                    .iter()
                    .enumerate()
                    .map(move |(i, t)| (s, i, t))
            })
            .enumerate()
            .map(|(id, (s, i, t))| (TimerId::from_index(id), s, i, t))
    }

    /// The timer `id` when it is a state's timeout: its state, its index there, and the
    /// timeout; `None` for a spanning timer and past the last.
    pub fn timer(&self, id: TimerId) -> Option<(StateId, usize, &Timeout)> {
        self.timers()
            .nth(id.index())
            .map(|(_, state, index, timeout)| (state, index, timeout))
    }

    /// How many timers are states' timeouts: the first spanning timer's id.
    fn state_timer_count(&self) -> usize {
        self.states.iter().map(|s| s.timeouts.len()).sum()
    }

    /// The timers that span a set of states, with their ids, in [`TimerId`] order (after
    /// every state's timeouts).
    pub fn spanning_timers(&self) -> impl Iterator<Item = (TimerId, &SpanningTimer)> {
        let first = self.state_timer_count();
        self.spanning
            .iter()
            .enumerate()
            .map(move |(i, t)| (TimerId::from_index(first + i), t))
    }

    /// The spanning timer `id`; `None` for a state's timeout and past the last.
    pub fn spanning_timer(&self, id: TimerId) -> Option<&SpanningTimer> {
        let index = id.index().checked_sub(self.state_timer_count())?;
        self.spanning.get(index)
    }

    /// The timeout of any timer (a state's or a spanning one); `None` past the last.
    pub fn timeout_of(&self, id: TimerId) -> Option<&Timeout> {
        match self.timer(id) {
            Some((_, _, timeout)) => Some(timeout),
            None => self.spanning_timer(id).map(|t| &t.timeout),
        }
    }

    /// How a timer is called in messages and tables: `State` timeout `after` for a state's
    /// timeout, its name for a spanning timer.
    pub fn timer_name(&self, id: TimerId) -> String {
        match (self.timer(id), self.spanning_timer(id)) {
            (Some((state, _, timeout)), _) => {
                format!(
                    "`{}` after {}",
                    self.state(state).name.spec,
                    timeout.after.text
                )
            }
            (None, Some(spanning)) => format!("`{}`", spanning.name.spec),
            (None, None) => format!("timer {}", id.0),
        }
    }

    /// The timers whose clocks run while the machine is in `state`, in [`TimerId`] order:
    /// the state's timeouts, then the spanning timers whose set holds it.
    pub fn timers_in(&self, state: StateId) -> impl Iterator<Item = (TimerId, &Timeout)> {
        self.timers()
            .filter(move |&(_, s, _, _)| s == state)
            .map(|(id, _, _, timeout)| (id, timeout))
            .chain(
                self.spanning_timers()
                    .filter(move |(_, t)| t.states.contains(&state))
                    .map(|(id, t)| (id, &t.timeout)),
            )
    }

    /// The timeouts of `state` alone, without spanning timers, in [`TimerId`] order.
    pub fn own_timers_in(&self, state: StateId) -> impl Iterator<Item = (TimerId, &Timeout)> {
        self.timers()
            .filter(move |&(_, s, _, _)| s == state)
            .map(|(id, _, _, timeout)| (id, timeout))
    }

    /// The names of the timers, in [`TimerId`] order, each as `(rust, spec)`: the variant
    /// of the generated `Timer` enum and how tables show it. A state's only timeout is
    /// named after the state (`Shipping`); several are numbered from 1 (`Pending1`,
    /// `Pending #1`); a name taken already gets `Timer` appended until it is free. A
    /// spanning timer has its own `name:`.
    pub fn timer_names(&self) -> Vec<(String, String)> {
        let mut taken: Vec<String> = Vec::new();
        let mut names = Vec::new();
        for (_, state, index, _) in self.timers() {
            let s = self.state(state);
            let (mut rust, spec) = if s.timeouts.len() == 1 {
                (s.name.rust.clone(), s.name.spec.clone())
            } else {
                (
                    format!("{}{}", s.name.rust, index + 1),
                    format!("{} #{}", s.name.spec, index + 1),
                )
            };
            while taken.contains(&rust) {
                rust.push_str("Timer");
            }
            taken.push(rust.clone());
            names.push((rust, spec));
        }
        // Checked against the states' timer names when the spec was loaded (rule S14).
        names.extend(
            self.spanning
                .iter()
                .map(|t| (t.name.rust.clone(), t.name.spec.clone())),
        );
        names
    }
}
