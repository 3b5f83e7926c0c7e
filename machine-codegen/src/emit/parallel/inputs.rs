//! Rules S2 to S9, S15, S20, S21, S25, S26 and S28 in `mod engine` (`engine.rs`): selection
//! (`semantics::select`), the inputs (`semantics::{fire, expire, resume_to}`) and settling
//! (`semantics::settle`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::context::Context;

/// Rules S2, S3, S15, S25 and S26: selection.
pub fn select() -> TokenStream {
    quote! {
        /// Rules S3 and S15: the first of `tests` that fails, asking in order.
        fn first_failing(tests: &[(usize, bool)], guards: &dyn Fn(usize) -> bool) -> Option<(usize, bool)> {
            tests.iter().copied().find(|&(guard, needed)| guards(guard) != needed)
        }

        /// Rule S3 over `rows` in the order tried: the first whose tests all pass.
        fn first_passing(rows: impl Iterator<Item = usize>, guards: &dyn Fn(usize) -> bool) -> Result<usize, Refusal> {
            let mut refusal = Refusal::NoTransition;
            for row in rows {
                match first_failing(ROWS[row].tests, guards) {
                    None => return Ok(row),
                    Some((guard, needed)) => {
                        if refusal == Refusal::NoTransition {
                            refusal = failed(guard, needed);
                        }
                    }
                }
            }
            Err(refusal)
        }

        /// The rows of `state` (not of the states around it) with `trigger`.
        fn own(state: State, trigger: Trig) -> impl Iterator<Item = usize> {
            (TRANSITION_STARTS[state as usize]..TRANSITION_STARTS[state as usize + 1])
                .filter(move |&row| ROWS[row].trigger == trigger)
        }

        /// Rules S2 and S16: the rows with `trigger` of `atom` and the states around it,
        /// innermost first.
        fn triggered(atom: State, trigger: Trig) -> impl Iterator<Item = usize> {
            ::core::iter::once(atom).chain(atom.ancestors()).flat_map(move |s| own(s, trigger))
        }

        /// Rule S25: the rows with `trigger` enabled in `config`, without conflicts (S26).
        pub(super) fn enabled(config: &Config, trigger: Trig, guards: &dyn Fn(usize) -> bool) -> Result<Rows, Refusal> {
            let mut found = Rows::NONE;
            let mut refusal = Refusal::NoTransition;
            for &atom in config.atoms.as_slice() {
                match first_passing(triggered(atom, trigger), guards) {
                    Ok(row) => {
                        if !found.as_slice().contains(&row) {
                            found.push(row);
                        }
                    }
                    Err(r) => {
                        if refusal == Refusal::NoTransition {
                            refusal = r;
                        }
                    }
                }
            }
            if found.len == 0 {
                Err(refusal)
            } else {
                Ok(without_conflicts(config, found))
            }
        }

        /// Rule S26: of `enabled`, in the order selected, the rows that fire together.
        fn without_conflicts(config: &Config, enabled: Rows) -> Rows {
            if enabled.len < 2 {
                return enabled;
            }
            let mut kept = [(0, Set::EMPTY); WIDTH];
            let mut count = 0;
            for &t1 in enabled.as_slice() {
                let exits1 = exit_set(config, t1);
                let source1 = ROWS[t1].from;
                let mut dropped = [false; WIDTH];
                let mut preempted = false;
                for (i, &(t2, exits2)) in kept[..count].iter().enumerate() {
                    if !exits1.meets(exits2) {
                        continue;
                    }
                    let source2 = ROWS[t2].from;
                    if source1 != source2 && source1.is_within(source2) {
                        dropped[i] = true;
                    } else {
                        preempted = true;
                        break;
                    }
                }
                if !preempted {
                    let mut next = 0;
                    for i in 0..count {
                        if !dropped[i] {
                            kept[next] = kept[i];
                            next += 1;
                        }
                    }
                    if let Some(slot) = kept.get_mut(next) {
                        *slot = (t1, exits1);
                        next += 1;
                    }
                    count = next;
                }
            }
            let mut rows = Rows::NONE;
            for &(row, _) in &kept[..count] {
                rows.push(row);
            }
            rows
        }
    }
}

/// Rules S4 to S9 and S20 to S28: inputs.
pub fn emit(cx: &Context) -> TokenStream {
    let resume = cx.has_fault.then(|| {
        quote! {
            /// Rule S8: a resolution leaves the fault state for `to`.
            pub(super) fn resume_to(config: &Config, to: State) -> Result<(Config, Micro), Refusal> {
                let [at] = *config.atoms.as_slice() else {
                    return Err(Refusal::CannotResumeTo(to));
                };
                let exit = own_rows(at).find(|&row| {
                    ROWS[row].fault_exit
                        && match ROWS[row].target {
                            To::State(state) => state == to,
                            To::History => config.history.is_some_and(|h| summary(&h) == to),
                            _ => false,
                        }
                });
                let Some(row) = exit else {
                    return Err(Refusal::CannotResumeTo(to));
                };
                let target = match ROWS[row].target {
                    To::History => To::History,
                    _ => To::State(to),
                };
                let moved = microstep(config, &[Move { source: at, target }])?;
                let micro = Micro {
                    from: at,
                    to: summary(&moved.config.atoms),
                    cause: Fired::Row(row),
                    also: Rows::NONE,
                    entered: true,
                    restarts: restarts(config, &moved.config.atoms, moved.entries, &[]),
                    atoms: moved.config.atoms,
                    exits: moved.exits,
                    entries: moved.entries,
                };
                Ok((moved.config, micro))
            }

            /// Every row of `state` itself.
            fn own_rows(state: State) -> ::core::ops::Range<usize> {
                TRANSITION_STARTS[state as usize]..TRANSITION_STARTS[state as usize + 1]
            }
        }
    });
    let expire = cx.has_timeouts.then(|| {
        quote! {
            /// Rule S7: timer `timer` of the configuration expires.
            pub(super) fn expire(config: &Config, timer: usize, guards: &dyn Fn(usize) -> bool) -> Result<(Config, Micro), Refusal> {
                let from = summary(&config.atoms);
                if !running_in(&config.atoms).contains(timer) {
                    return Err(Refusal::NoTimeout);
                }
                let t = &TIMER_ROWS[timer];
                if let Some((guard, needed)) = first_failing(t.tests, guards) {
                    return Err(failed(guard, needed));
                }
                let source = t.home.unwrap_or(from);
                let (next, exits, entries, restarted) = match t.expiry {
                    To::Internal | To::End => {
                        let ended = t.expiry == To::End;
                        let next = Config { ended: ended || config.ended, ..*config };
                        (next, Set::EMPTY, Set::EMPTY, Set::EMPTY)
                    }
                    target => {
                        let moved = microstep(config, &[Move { source, target }])?;
                        let restarted = restarts(config, &moved.config.atoms, moved.entries, &[]);
                        (moved.config, moved.exits, moved.entries, restarted)
                    }
                };
                let micro = Micro {
                    from,
                    to: summary(&next.atoms),
                    cause: Fired::Timer(timer),
                    also: Rows::NONE,
                    entered: !entries.is_empty(),
                    restarts: restarted,
                    atoms: next.atoms,
                    exits,
                    entries,
                };
                Ok((next, micro))
            }
        }
    });
    let settle = if cx.automatic {
        quote! {
            /// Rules S20 and S28: the states a microstep completes, in order.
            fn completed(micro: &Micro, pending: &mut Pending) {
                let mut finals = Set::EMPTY;
                for &a in micro.atoms.as_slice() {
                    if a.is_final() && !micro.entries.contains(a as usize) {
                        finals.insert(a as usize);
                    }
                }
                for entered in micro.entries.iter().map(|s| State::ALL[s]).filter(|s| s.is_final()) {
                    finals.insert(entered as usize);
                    let Some(compound) = entered.parent() else {
                        continue;
                    };
                    pending.push(compound);
                    if let Some(parallel) = compound.parent().filter(|&p| STATE_PARALLEL[p as usize]) {
                        let all_final = STATE_REGIONS[parallel as usize].iter().all(|&region| {
                            finals.iter().any(|f| State::ALL[f].parent() == Some(region))
                        });
                        if all_final {
                            pending.push(parallel);
                        }
                    }
                }
            }

            /// The completions not yet taken, oldest first.
            struct Pending {
                at: [State; PENDING],
                head: usize,
                len: usize,
            }

            /// How many completions can wait at once.
            const PENDING: usize = 2 * WIDTH * (SETTLE_BOUND + 1);

            impl Pending {
                fn push(&mut self, state: State) {
                    if self.len < PENDING {
                        self.at[(self.head + self.len) % PENDING] = state;
                        self.len += 1;
                    }
                }

                fn pop(&mut self) -> Option<State> {
                    (self.len > 0).then(|| {
                        let state = self.at[self.head];
                        self.head = (self.head + 1) % PENDING;
                        self.len -= 1;
                        state
                    })
                }

                fn iter(&self) -> impl Iterator<Item = State> + '_ {
                    (0..self.len).map(|i| self.at[(self.head + i) % PENDING])
                }
            }

            /// Rule S20: the completion row the oldest pending completion fires.
            fn completion(config: &Config, pending: &mut Pending, guards: &dyn Fn(usize) -> bool) -> Option<usize> {
                while let Some(compound) = pending.pop() {
                    if !config.atoms.as_slice().iter().any(|a| a.is_within(compound)) {
                        continue;
                    }
                    if let Ok(row) = first_passing(own(compound, Trig::Done), guards) {
                        return Some(row);
                    }
                }
                None
            }

            /// Rules S20, S21 and S28: the automatic steps after `first`, which led to
            /// `config`, kept in `then` (empty when called), and the configuration the machine
            /// settles in.
            pub(super) fn settle(mut config: Config, first: &Micro, then: &mut [Option<Micro>; SETTLE_BOUND], guards: &dyn Fn(usize) -> bool) -> Result<Config, Refusal> {
                let mut pending = Pending { at: [State::ALL[0]; PENDING], head: 0, len: 0 };
                completed(first, &mut pending);
                let automatic = config.atoms.as_slice().iter().any(|&a| STATE_EVENTLESS[a as usize])
                    || pending.iter().any(|c| STATE_COMPLETES[c as usize]);
                if !automatic {
                    return Ok(config);
                }
                let mut taken = 0;
                while !config.ended {
                    let mut rows = enabled(&config, Trig::Always, guards).unwrap_or(Rows::NONE);
                    if rows.len == 0 {
                        rows = completion(&config, &mut pending, guards).map_or(Rows::NONE, Rows::one);
                    }
                    if rows.len == 0 {
                        break;
                    }
                    let Some(slot) = then.get_mut(taken) else {
                        return Err(Refusal::Unsettled);
                    };
                    let (next, micro) = take(&config, rows)?;
                    completed(&micro, &mut pending);
                    *slot = Some(micro);
                    taken += 1;
                    config = next;
                }
                Ok(config)
            }
        }
    } else {
        quote! {
            /// Rules S20 and S21: a spec without automatic transitions settles at once.
            #[allow(clippy::unnecessary_wraps, reason = "the same call as with automatic transitions")]
            pub(super) fn settle(config: Config, first: &Micro, then: &mut [Option<Micro>; SETTLE_BOUND], guards: &dyn Fn(usize) -> bool) -> Result<Config, Refusal> {
                let _ = (first, then, guards);
                Ok(config)
            }
        }
    };
    quote! {
        /// Rules S4 to S6, S16, S19 and S27: `rows` fire together in `config`.
        pub(super) fn take(config: &Config, rows: Rows) -> Result<(Config, Micro), Refusal> {
            let mut plan = [Move { source: State::ALL[0], target: To::Internal }; WIDTH];
            for (m, &row) in plan.iter_mut().zip(rows.as_slice()) {
                *m = move_of(row);
            }
            let moved = microstep(config, &plan[..rows.len])?;
            let mut also = Rows::NONE;
            for &row in rows.as_slice().iter().skip(1) {
                also.push(row);
            }
            let micro = Micro {
                from: summary(&config.atoms),
                to: summary(&moved.config.atoms),
                cause: Fired::Row(rows.at[0]),
                also,
                entered: !moved.entries.is_empty(),
                restarts: restarts(config, &moved.config.atoms, moved.entries, rows.as_slice()),
                atoms: moved.config.atoms,
                exits: moved.exits,
                entries: moved.entries,
            };
            Ok((moved.config, micro))
        }

        /// Rules S2 to S6 and S25: `event` in `config`.
        pub(super) fn fire(config: &Config, event: usize, guards: &dyn Fn(usize) -> bool) -> Result<(Config, Micro), Refusal> {
            let rows = enabled(config, Trig::Event(event), guards)?;
            take(config, rows)
        }

        #expire
        #resume
        #settle
    }
}
