//! The timers of a spec, numbered once: every state's timeouts, in state order, become the
//! first entries of [`Model::timers`](crate::model::Model::timers), each named as the
//! generated `Timer` enum names it; the timers under `timers:` follow (`spanning.rs`).

use crate::model::{Name, Scope, State, StateId, Timeout, Timer, TimerId};

/// The states' timeouts as timers, in [`TimerId`] order, with each state's `timeouts` set to
/// its timers' ids. A state's only timeout is named after the state (`Creating`); several are
/// numbered from 1 (`Pending #2`, variant `Pending2`). A variant taken already gets `Timer`
/// appended until it is free.
pub(super) fn of_states(states: &mut [State], timeouts: Vec<Vec<Timeout>>) -> Vec<Timer> {
    let mut timers: Vec<Timer> = Vec::new();
    for (index, (state, own)) in states.iter_mut().zip(timeouts).enumerate() {
        let count = own.len();
        for (at, timeout) in own.into_iter().enumerate() {
            let (mut rust, spec) = if count == 1 {
                (state.name.rust.clone(), state.name.spec.clone())
            } else {
                (
                    format!("{}{}", state.name.rust, at + 1),
                    format!("{} #{}", state.name.spec, at + 1),
                )
            };
            // A state whose name is not an identifier has an empty Rust name: so do its
            // timers (the skeleton of a spec with errors leaves them out).
            if state.name.rust.is_empty() {
                rust.clear();
            } else {
                while timers.iter().any(|t| t.name.rust == rust) {
                    rust.push_str("Timer");
                }
            }
            state.timeouts.push(TimerId::from_index(timers.len()));
            timers.push(Timer {
                name: Name {
                    spec,
                    rust,
                    span: timeout.span,
                },
                scope: Scope::State {
                    state: StateId::from_index(index),
                    index: at,
                },
                timeout,
            });
        }
    }
    timers
}
