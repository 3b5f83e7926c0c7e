//! The timers of a spec, numbered once: every state's timeouts, in state order, become the
//! first entries of [`Model::timers`](crate::model::Model::timers), each named as the
//! generated `Timer` enum names it; the timers under `timers:` follow (`spanning.rs`). Then
//! what refers to timers by name: a transition's `restarts:`.

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::model::{Name, Scope, State, StateId, Timeout, Timer, TimerId};
use crate::spanned::Names;

/// The states' timeouts as timers, in [`TimerId`] order, with each state's `timeouts` set to
/// their ids. A timeout named in the spec (`name:`) keeps its name; the others are named
/// after their state: a state's only timeout is `Creating`, several are numbered from 1
/// (`Pending #2`, variant `Pending2`). A variant taken already gets `Timer` appended until
/// it is free.
pub(super) fn of_states(
    states: &mut [State],
    timeouts: Vec<Vec<(Option<Name>, Timeout)>>,
) -> Vec<Timer> {
    let mut timers: Vec<Timer> = Vec::new();
    for (index, (state, own)) in states.iter_mut().zip(timeouts).enumerate() {
        let count = own.len();
        for (at, (given, timeout)) in own.into_iter().enumerate() {
            let named = given.is_some();
            let name = given.unwrap_or_else(|| {
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
                    while timers.iter().any(|t| !t.named && t.name.rust == rust) {
                        rust.push_str("Timer");
                    }
                }
                Name {
                    spec,
                    rust,
                    span: timeout.span,
                }
            });
            state.timeouts.push(TimerId::from_index(timers.len()));
            timers.push(Timer {
                name,
                named,
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

impl super::Lowerer<'_> {
    /// A timer the spec names (`name:` of a timeout, or a timer under `timers:`) becomes a
    /// variant of the `Timer` enum: it must differ from every other timer's.
    pub(super) fn check_timer_names(&mut self, timers: &[Timer], states: &[State]) {
        for (index, timer) in timers.iter().enumerate() {
            let name = &timer.name;
            if !timer.named || name.rust.is_empty() {
                continue;
            }
            let earlier_named = timers[..index]
                .iter()
                .find(|t| t.named && t.name.rust == name.rust);
            if let Some(first) = earlier_named {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateName,
                        name.span,
                        format!("timer `{}` is declared twice", name.spec),
                    )
                    .with_secondary(first.name.span, "first declared here")
                    .with_help("give each timer its own name"),
                );
                continue;
            }
            let clash = timers
                .iter()
                .find(|t| !t.named && t.name.rust == name.rust)
                .and_then(Timer::state);
            if let Some(state) = clash {
                let state = &states[state.index()];
                self.push(
                    Diagnostic::new(
                        Code::IdentifierCollision,
                        name.span,
                        format!(
                            "timer `{}` and a timeout of state `{}` both become `Timer::{}` in Rust",
                            name.spec, state.name.spec, name.rust
                        ),
                    )
                    .with_secondary(state.name.span, "the state is declared here")
                    .with_help(format!("rename the timer, e.g. `{}Expiry`", name.rust)),
                );
            }
        }
    }

    /// A transition's `restarts:`: the timers it names, each once, each running in every
    /// state the transition goes to (`to`: one per source it is written for).
    pub(super) fn restarts(
        &mut self,
        names: &Names,
        timers: &[Timer],
        to: &[StateId],
        states: &[State],
    ) -> Vec<TimerId> {
        let mut restarts = Vec::new();
        for name in names.iter() {
            let Some(index) = timers.iter().position(|t| t.name.spec == name.value) else {
                let known = timers.iter().map(|t| t.name.spec.as_str());
                let help = did_you_mean(&name.value, known).unwrap_or_else(|| {
                    if timers.is_empty() {
                        "the spec has no timers: remove `restarts:`".to_owned()
                    } else {
                        let all: Vec<&str> = timers.iter().map(|t| t.name.spec.as_str()).collect();
                        format!("the timers are `{}`", all.join("`, `"))
                    }
                });
                self.push(
                    Diagnostic::new(
                        Code::UnknownTimer,
                        name.span,
                        format!("unknown timer `{}`", name.value),
                    )
                    .with_label("no timer has this name")
                    .with_help(help),
                );
                continue;
            };
            let id = TimerId::from_index(index);
            if restarts.contains(&id) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateName,
                        name.span,
                        format!("timer `{}` is listed twice", name.value),
                    )
                    .with_help("remove the repeated timer"),
                );
                continue;
            }
            if let Some(&away) = to.iter().find(|s| !timers[index].states().contains(s)) {
                let state = &states[away.index()].name.spec;
                let here: Vec<&str> = timers
                    .iter()
                    .filter(|t| t.states().contains(&away))
                    .map(|t| t.name.spec.as_str())
                    .collect();
                self.push(
                    Diagnostic::new(
                        Code::UnknownTimer,
                        name.span,
                        format!(
                            "timer `{}` does not run in `{state}`, where this transition goes, so it cannot restart it",
                            name.value
                        ),
                    )
                    .with_label("does not run there")
                    .with_help(if here.is_empty() {
                        format!("no timer runs in `{state}`: remove it from `restarts:`")
                    } else {
                        format!("the timers that run in `{state}` are `{}`", here.join("`, `"))
                    }),
                );
                continue;
            }
            restarts.push(id);
        }
        restarts
    }
}
