//! Timers that span a set of states (`timers:`, rule S14): their names, their states, and
//! what their expiry does.

use crate::ast::SpanningTimerDef;
use crate::diagnostic::{Code, Diagnostic};
use crate::ident::Case;
use crate::model::{Expiry, Scope, State, StateId, Timer};

impl super::Lowerer<'_> {
    /// The spanning timers, in spec order. Their names become variants of the `Timer` enum
    /// beside the states' timeouts (`check_timer_names` in `timers.rs` keeps them apart).
    pub(super) fn spanning_timers(
        &mut self,
        defs: &[SpanningTimerDef],
        states: &[State],
    ) -> Vec<Timer> {
        let mut timers = Vec::new();
        for def in defs {
            let name = self.name(&def.name, Case::UpperCamel, "timer");
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
                named: true,
                scope: Scope::Set(set),
                timeout,
            });
        }
        timers
    }
}
