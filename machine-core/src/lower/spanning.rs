//! Timers that span a set of states (`timers:`, rule S14): their names, their states, and
//! what their expiry does.

use crate::ast::SpanningTimerDef;
use crate::diagnostic::{Code, Diagnostic};
use crate::ident::Case;
use crate::model::{Expiry, Scope, State, StateId, Timer};

impl super::Lowerer<'_> {
    /// The spanning timers, in spec order. Their names become variants of the `Timer` enum
    /// beside the states' timeouts (`of_states` in `timers.rs`), so a name may clash with
    /// those.
    pub(super) fn spanning_timers(
        &mut self,
        defs: &[SpanningTimerDef],
        states: &[State],
        of_states: &[Timer],
    ) -> Vec<Timer> {
        let mut taken: Vec<(String, crate::source::Span)> = Vec::new();
        let mut timers = Vec::new();
        for def in defs {
            let name = self.name(&def.name, Case::UpperCamel, "timer");
            if !name.rust.is_empty() {
                self.check_timer_name(&name, states, of_states, &taken);
                taken.push((name.rust.clone(), name.span));
            }
            let mut set: Vec<StateId> = Vec::new();
            for state in def.states.iter() {
                if let Some(id) = self.state(state)
                    && !set.contains(&id)
                {
                    set.push(id);
                }
            }
            if def.states.iter().next().is_none() {
                self.push(
                    Diagnostic::new(
                        Code::InvalidTimeout,
                        def.name.span,
                        format!("timer `{}` spans no state", def.name.value),
                    )
                    .with_help(
                        "list the states its clock runs across: `states: [Polling, SlowDown]`",
                    ),
                );
                continue;
            }
            let timeout = self.timeout(&def.expiry);
            let Some(timeout) = timeout else { continue };
            if let Expiry::Transition(to) = timeout.expiry
                && set.contains(&to)
                && let Some(span) = def.expiry.to.as_ref().map(|t| t.span)
            {
                let target = &states[to.index()].name.spec;
                self.push(
                    Diagnostic::new(
                        Code::InvalidTimeout,
                        span,
                        format!(
                            "timer `{}` moves to `{target}`, which is one of its own states, so its expiry never leaves the set",
                            def.name.value
                        ),
                    )
                    .with_label("inside the set")
                    .with_help(format!(
                        "move to a state outside `states:`, or use `notify:` to stay; to restart the clock in `{target}`, give it a timeout of its own"
                    )),
                );
                continue;
            }
            timers.push(Timer {
                name,
                scope: Scope::Set(set),
                timeout,
            });
        }
        timers
    }

    /// A spanning timer's variant must differ from every other `Timer` variant.
    fn check_timer_name(
        &mut self,
        name: &crate::model::Name,
        states: &[State],
        of_states: &[Timer],
        taken: &[(String, crate::source::Span)],
    ) {
        if let Some((_, first)) = taken.iter().find(|(rust, _)| *rust == name.rust) {
            self.push(
                Diagnostic::new(
                    Code::DuplicateName,
                    name.span,
                    format!("timer `{}` is declared twice", name.spec),
                )
                .with_secondary(*first, "first declared here")
                .with_help("give each timer under `timers:` its own name"),
            );
            return;
        }
        let clash = of_states
            .iter()
            .find(|t| t.name.rust == name.rust)
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
