//! Emits the public face of a spec with parallel states: `Machine` (a configuration, one
//! atomic state per active region, never the product of the regions), `Step`, `Cause`,
//! `Running`, `select`, `Step::run` and `Machine::start`. Each method wraps a function of
//! `engine.rs`; the clocks follow rule S13 as the interpreter's `Clocks` do.

use proc_macro2::TokenStream;
use quote::quote;

use crate::context::Context;
use crate::tokens::{doc, ident, index};

/// `Machine` and its methods.
pub fn machine(cx: &Context) -> TokenStream {
    let model = cx.model;
    let machine_doc = doc(&format!(
        "A running `{}` lifecycle: its configuration (rule S22), one atomic state per active \
         region of a parallel state, never the product of the regions. Small and `Copy`; an \
         input allocates nothing and never panics.",
        cx.machine
    ));
    let clocks: Vec<TokenStream> = model
        .state_ids()
        .map(|s| {
            let atoms = model.complete(&[], None, &[s]);
            let running: Vec<_> = model
                .timers_in_all(&atoms)
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            let since = model.timers_with_ids().map(|(t, _)| {
                if running.contains(&t) {
                    quote! { 0 }
                } else {
                    quote! { ABSENT }
                }
            });
            quote! { [#(#since),*] }
        })
        .collect();
    let (new_param, new_state, default) = if cx.named_starts {
        (quote! { start: Start }, quote! { start.state() }, None)
    } else {
        let initial = cx.state(model.starts[0].state);
        (
            TokenStream::new(),
            quote! { #initial },
            Some(quote! {
                impl ::core::default::Default for Machine {
                    fn default() -> Machine {
                        Machine::new()
                    }
                }
            }),
        )
    };
    let ended = cx.has_timeouts.then(|| {
        quote! {
            if self.config.ended {
                return ::core::result::Result::Err(TransitionError { state: self.state(), event, refusal: Refusal::Ended });
            }
        }
    });
    let timers = cx.has_timeouts.then(|| timers(cx));
    let fault = cx.has_fault.then(|| fault(cx));
    let history = (!model.histories.is_empty()).then(|| {
        quote! {
            /// Rules S19 and S29: the atomic states the machine was in inside `state` when it
            /// last left it (`state` has a history state); none when it never left it.
            pub fn remembered(self, state: State) -> impl ::core::iter::Iterator<Item = State> {
                let atoms = STATE_HISTORY[state as usize]
                    .and_then(|k| self.config.recorded.get(k).copied().flatten());
                atoms.into_iter().flat_map(|a| (0..a.len).map(move |i| a.at[i]))
            }
        }
    });
    quote! {
        /// The clock of a timer that expired, or whose expiry was refused, and has not
        /// started again (rule S13).
        const NOT_RUNNING: u64 = u64::MAX;
        /// The clock of a timer that does not run in the configuration.
        const ABSENT: u64 = u64::MAX - 1;
        /// Per state: the clocks of a machine created there, at step 0.
        const STATE_CLOCKS: &[[u64; TIMER_COUNT]] = &[#(#clocks),*];

        #machine_doc
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash, ::core::fmt::Debug)]
        pub struct Machine {
            config: engine::Config,
            steps: u64,
            since: [u64; TIMER_COUNT],
        }

        #default

        impl Machine {
            /// A machine in the initial state, every region of a parallel state at its own
            /// initial state (rule S23).
            #[must_use]
            pub const fn new(#new_param) -> Machine {
                Machine::at(#new_state)
            }

            /// A machine in `state`, e.g. the state a status poll reported: a compound state
            /// is entered down to its initial state, and every region of a parallel state
            /// around it or inside it at its initial state, as a transition to it would be
            /// (rule S23).
            #[must_use]
            pub const fn at(state: State) -> Machine {
                Machine { config: engine::Config::polled(state), steps: 0, since: STATE_CLOCKS[state as usize] }
            }

            /// The state the machine is in, as a status API reports it (rule S22): its one
            /// atomic state, or, while a parallel state is active, the innermost state
            /// around every atomic state it is in.
            #[must_use]
            pub fn state(self) -> State {
                engine::summary(&self.config.atoms)
            }

            /// The active configuration (rule S22): the atomic states the machine is in, in
            /// document order, one per active region.
            pub fn configuration(self) -> impl ::core::iter::Iterator<Item = State> {
                let atoms = self.config.atoms;
                (0..atoms.len).map(move |i| atoms.at[i])
            }

            /// Whether the machine is in `state`: one of its atomic states is `state` or lies
            /// inside it.
            #[must_use]
            pub fn is_in(self, state: State) -> bool {
                self.configuration().any(|atom| atom.is_within(state))
            }

            /// Fires `event`, asking `guards` about guarded transitions (rules S2 to S6 and
            /// S25 to S27): every region takes its transition, in one microstep, and the
            /// automatic steps follow (rules S20 and S21). On error the machine stays where
            /// it is.
            ///
            /// # Errors
            ///
            /// A [`TransitionError`] saying the state, the event and why it was refused.
            pub fn step<G: Guards + ?::core::marker::Sized>(&mut self, event: Event, guards: &G) -> ::core::result::Result<Step, TransitionError> {
                #ended
                let state = self.state();
                let refused = |refusal| TransitionError { state, event, refusal };
                let asks = |guard| engine::ask(guards, guard);
                let (next, first) = engine::fire(&self.config, event as usize, &asks).map_err(refused)?;
                self.settle(next, first, &asks).map_err(refused)
            }

            /// Like [`Machine::step`], returning only the state the machine settles in.
            ///
            /// # Errors
            ///
            /// A [`TransitionError`] saying the state, the event and why it was refused.
            pub fn fire<G: Guards + ?::core::marker::Sized>(&mut self, event: Event, guards: &G) -> ::core::result::Result<State, TransitionError> {
                self.step(event, guards).map(|_| self.state())
            }

            /// Settles after the microstep `first`, which led to `next` (rules S20 and S21),
            /// and keeps the result.
            fn settle(&mut self, next: engine::Config, first: engine::Micro, guards: &dyn Fn(usize) -> bool) -> ::core::result::Result<Step, Refusal> {
                let mut step = Step::new(first, &[::core::option::Option::None; SETTLE_BOUND]);
                let settled = engine::settle(next, &step.micro, &mut step.then, guards)?;
                self.steps = self.steps.saturating_add(1);
                for micro in ::core::iter::once(&step.micro).chain(step.then.iter().flatten()) {
                    self.follow(micro);
                }
                self.config = settled;
                ::core::result::Result::Ok(step)
            }

            /// Rule S13: the clocks after one microstep of an accepted input.
            fn follow(&mut self, micro: &engine::Micro) {
                if micro.ends() {
                    self.since = [NOT_RUNNING; TIMER_COUNT];
                    return;
                }
                if let ::core::option::Option::Some(timer) = micro.timer().filter(|&t| self.since[t] != ABSENT) {
                    self.since[timer] = NOT_RUNNING;
                }
                let running = engine::running_in(&micro.atoms);
                let steps = self.steps;
                for (timer, since) in self.since.iter_mut().enumerate() {
                    *since = if !running.contains(timer) {
                        ABSENT
                    } else if micro.restarts.contains(timer) || *since == ABSENT {
                        steps
                    } else {
                        *since
                    };
                }
            }

            #timers
            #fault
            #history
        }
    }
}

/// The clocks' API: `expire`, `is_ended`, `steps`, `running` and `Running`.
fn timers(cx: &Context) -> TokenStream {
    let asks = crate::emit::settle::asks(cx) || cx.has_timer_guards;
    let (param, arg) = if asks {
        (
            quote! { , guards: &G },
            quote! { &|guard| engine::ask(guards, guard) },
        )
    } else {
        // Nothing this input leads to asks a guard.
        (TokenStream::new(), quote! { &|_| false })
    };
    let generic = asks.then(|| quote! { <G: Guards + ?::core::marker::Sized> });
    quote! {
        /// Rule S7: `timer` expired. It must run in the configuration (a timeout of an
        /// active state, or a timer spanning a set that holds one); its guards are asked,
        /// then it moves the machine as its `to:` says (`end:` ends the lifecycle,
        /// `notify:` changes nothing), and the automatic steps follow.
        ///
        /// # Errors
        ///
        /// The [`Refusal`]: the timer does not run here, a guard refused it, the automatic
        /// steps would not settle (the timer then stops until its clock starts again), or
        /// the lifecycle has ended.
        pub fn expire #generic (&mut self, timer: Timer #param) -> ::core::result::Result<Step, Refusal> {
            if self.config.ended {
                return ::core::result::Result::Err(Refusal::Ended);
            }
            let guards: &dyn Fn(usize) -> bool = #arg;
            let result = engine::expire(&self.config, timer as usize, guards)
                .and_then(|(next, first)| self.settle(next, first, guards));
            // Rule S7: a refused expiry stops its timer, whatever the refusal.
            if result.is_err() && self.since[timer as usize] != ABSENT {
                self.since[timer as usize] = NOT_RUNNING;
            }
            result
        }

        /// Whether an `end` timeout has ended the lifecycle: every input is then refused
        /// with [`Refusal::Ended`] (rule S9).
        #[must_use]
        pub const fn is_ended(self) -> bool {
            self.config.ended
        }

        /// How many inputs the machine has accepted since it was created; [`Running::since`]
        /// is one of these numbers.
        #[must_use]
        pub const fn steps(self) -> u64 {
            self.steps
        }

        /// The timers whose clocks run now (rule S13), in [`Timer`] order: those of every
        /// active state, except one that expired (or whose expiry was refused) since its
        /// clock last started; none once the lifecycle has ended.
        pub fn running(self) -> impl ::core::iter::Iterator<Item = Running> {
            let since = self.since;
            let ended = self.config.ended;
            Timer::ALL.into_iter().filter_map(move |timer| {
                let since = since[timer as usize];
                (!ended && since < ABSENT).then_some(Running { timer, since })
            })
        }
    }
}

/// `faulted`, `faulted_from` and `resume_to`.
fn fault(cx: &Context) -> TokenStream {
    let asks = crate::emit::settle::asks(cx);
    let (param, arg, generic) = if asks {
        (
            quote! { , guards: &G },
            quote! { &|guard| engine::ask(guards, guard) },
            Some(quote! { <G: Guards + ?::core::marker::Sized> }),
        )
    } else {
        // Nothing a resolution leads to asks a guard.
        (TokenStream::new(), quote! { &|_| false }, None)
    };
    let resume = cx.model.fault.as_ref().map(|f| cx.event(f.resume));
    let ended = cx.has_timeouts.then(|| {
        quote! {
            if self.config.ended {
                return ::core::result::Result::Err(refused(Refusal::Ended));
            }
        }
    });
    quote! {
        /// A machine in the fault state, entered from `from` (completed as a status poll
        /// is, rule S23); `None` when the fault state is not entered from `from`.
        #[must_use]
        pub fn faulted(from: State) -> ::core::option::Option<Machine> {
            let fault = FAULT?;
            FAULT_SOURCES.contains(&from).then(|| {
                let mut machine = Machine::at(fault);
                machine.config.history = ::core::option::Option::Some(STATE_POLLED[from as usize]);
                machine
            })
        }

        /// While in the fault state: the state it was entered from (the summary of that
        /// configuration, rule S5), when known.
        #[must_use]
        pub fn faulted_from(self) -> ::core::option::Option<State> {
            self.config.history.map(|h| engine::summary(&h))
        }

        /// Rule S8: resolves the fault state to `to`: the state it was entered from, or one
        /// of its `resume_to` states.
        ///
        /// # Errors
        ///
        /// A [`TransitionError`] for the resolution event: [`Refusal::CannotResumeTo`] when
        /// the machine cannot resume to `to` from here.
        pub fn resume_to #generic (&mut self, to: State #param) -> ::core::result::Result<Step, TransitionError> {
            let state = self.state();
            let refused = |refusal| TransitionError { state, event: #resume, refusal };
            #ended
            let (next, first) = engine::resume_to(&self.config, to).map_err(refused)?;
            self.settle(next, first, #arg).map_err(refused)
        }
    }
}

/// `Step`, `Cause`, `Running` and `select`.
pub fn step(cx: &Context) -> TokenStream {
    let timeout_variant = cx.has_timeouts.then(|| {
        quote! {
            /// This timer expired.
            Timeout(Timer),
        }
    });
    let timeout_cause = cx.has_timeouts.then(|| {
        quote! { engine::Fired::Timer(t) => Cause::Timeout(Timer::ALL[t]), }
    });
    let timeout_none = cx
        .has_timeouts
        .then(|| quote! { Cause::Timeout(_) => ::core::option::Option::None, });
    let timer_api = cx.has_timeouts.then(|| {
        quote! {
            /// The timer that expired, for a step made by a timeout.
            #[must_use]
            pub const fn timer(&self) -> ::core::option::Option<Timer> {
                match self.cause {
                    Cause::Timeout(timer) => ::core::option::Option::Some(timer),
                    Cause::Transition(_) => ::core::option::Option::None,
                }
            }

            /// Whether the step starts `timer`'s clock again (rules S6, S14 and S18): it
            /// runs after the step, and the step entered its state, or a transition that
            /// fired resets it within its scope.
            #[must_use]
            pub fn restarts(&self, timer: Timer) -> bool {
                self.micro.restarts.contains(timer as usize)
            }
        }
    });
    let running = cx.has_timeouts.then(|| {
        quote! {
            /// A timer whose clock runs ([`Machine::running`]).
            #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash, ::core::fmt::Debug)]
            pub struct Running {
                /// The timer.
                pub timer: Timer,
                /// The step at which its clock last started ([`Machine::steps`]).
                pub since: u64,
            }

            impl Running {
                /// How long the clock runs before the timer expires.
                #[must_use]
                pub const fn after(&self) -> ::core::time::Duration {
                    self.timer.timeout().after
                }
            }
        }
    });
    quote! {
        /// Row `row` of [`TRANSITIONS`]: every step and [`select`] name a row through this one
        /// place, so the same row is the same reference.
        fn transition(row: usize) -> &'static Transition {
            &TRANSITIONS[row]
        }

        /// What made a step.
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash, ::core::fmt::Debug)]
        pub enum Cause {
            /// This transition fired (the first selected, rule S25; see [`Step::also`]).
            Transition(&'static Transition),
            #timeout_variant
        }

        /// What one accepted input did: one microstep (rule S27), in which every region
        /// took its transition, then the automatic steps it led to ([`Step::then`]).
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash, ::core::fmt::Debug)]
        pub struct Step {
            /// The state before ([`Machine::state`]).
            pub from: State,
            /// The state after the microstep.
            pub to: State,
            /// What made it.
            pub cause: Cause,
            micro: engine::Micro,
            then: [::core::option::Option<engine::Micro>; SETTLE_BOUND],
        }

        impl Step {
            fn new(micro: engine::Micro, then: &[::core::option::Option<engine::Micro>; SETTLE_BOUND]) -> Step {
                let cause = match micro.cause {
                    engine::Fired::Row(row) => Cause::Transition(transition(row)),
                    #timeout_cause
                };
                Step { from: micro.from, to: micro.to, cause, micro, then: *then }
            }

            /// The transition that fired first; `None` for a timeout.
            #[must_use]
            pub const fn transition(&self) -> ::core::option::Option<&'static Transition> {
                match self.cause {
                    Cause::Transition(t) => ::core::option::Option::Some(t),
                    #timeout_none
                }
            }

            /// The other transitions that fired in the same microstep (rules S25 and S26),
            /// one per region at most, in the order selected.
            pub fn also(&self) -> impl ::core::iter::Iterator<Item = &'static Transition> {
                let rows = self.micro.also;
                (0..rows.len).map(move |i| transition(rows.at[i]))
            }

            /// Whether the step entered a state: false for an internal transition and a
            /// timeout that does not move.
            #[must_use]
            pub const fn entered(&self) -> bool {
                self.micro.entered
            }

            /// The states the step left, innermost first and in reverse document order
            /// (rule S27).
            pub fn exits(&self) -> impl ::core::iter::Iterator<Item = State> {
                self.micro.exits.iter_rev().map(|s| State::ALL[s])
            }

            /// The states the step entered, outermost first and in document order (rules S23
            /// and S27).
            pub fn entries(&self) -> impl ::core::iter::Iterator<Item = State> {
                self.micro.entries.iter().map(|s| State::ALL[s])
            }

            /// Whether the step entered `state` ([`Step::entries`]).
            #[must_use]
            pub fn enters(&self, state: State) -> bool {
                self.micro.entries.contains(state as usize)
            }

            /// The configuration after the microstep, in document order (rule S22).
            pub fn configuration(&self) -> impl ::core::iter::Iterator<Item = State> {
                let atoms = self.micro.atoms;
                (0..atoms.len).map(move |i| atoms.at[i])
            }

            /// The automatic steps the input led to (rules S20 and S21), in order.
            pub fn then(&self) -> impl ::core::iter::Iterator<Item = Step> + '_ {
                self.then.iter().flatten().map(|&micro| Step::new(micro, &[::core::option::Option::None; SETTLE_BOUND]))
            }

            /// The state the input settled in: the last automatic step's, or [`Step::to`].
            #[must_use]
            pub fn settled(&self) -> State {
                self.then.iter().flatten().last().map_or(self.to, |micro| micro.to)
            }

            #timer_api
        }

        #running

        /// The first transition `event` fires in a machine known only by `state`
        /// ([`Machine::at`]): the lifecycle's rule without memory (rules S25 and S26).
        ///
        /// # Errors
        ///
        /// A [`TransitionError`] saying why no transition fires.
        pub fn select<G: Guards + ?::core::marker::Sized>(state: State, event: Event, guards: &G) -> ::core::result::Result<&'static Transition, TransitionError> {
            engine::enabled(&engine::Config::polled(state), engine::Trig::Event(event as usize), &|guard| engine::ask(guards, guard))
                .map(|rows| transition(rows.at[0]))
                .map_err(|refusal| TransitionError { state: Machine::at(state).state(), event, refusal })
        }
    }
}

/// `Step::run` and `Machine::start`, for a spec with actions.
pub fn actions(cx: &Context) -> TokenStream {
    let model = cx.model;
    if model.actions.is_empty() {
        return TokenStream::new();
    }
    let arms = model.actions.iter().enumerate().map(|(i, a)| {
        let i = index(i);
        let m = ident(&a.name.rust);
        quote! { #i => actions.#m(), }
    });
    let timer_actions = cx.has_timeouts.then(|| {
        quote! { engine::Fired::Timer(t) => TIMER_ROWS[t].actions, }
    });
    let (param, new) = if cx.named_starts {
        (quote! { start: Start, }, quote! { Machine::new(start) })
    } else {
        (TokenStream::new(), quote! { Machine::new() })
    };
    let trait_ = super::super::action::actions_trait(cx);
    quote! {
        #trait_

        /// Performs action `action` (an index into the spec's actions).
        #[allow(clippy::single_match, reason = "one arm per action, and a spec may have one")]
        fn act<A: Actions + ?::core::marker::Sized>(actions: &mut A, action: usize) {
            match action {
                #(#arms)*
                _ => {}
            }
        }

        /// Rule S27's order for one microstep: exits, the transitions' actions, entries.
        fn run_micro<A: Actions + ?::core::marker::Sized>(micro: &engine::Micro, actions: &mut A) {
            for state in micro.exits.iter_rev() {
                for &a in STATE_EXIT[state] {
                    act(actions, a);
                }
            }
            let own = match micro.cause {
                engine::Fired::Row(row) => ROWS[row].actions,
                #timer_actions
            };
            for &a in own {
                act(actions, a);
            }
            for &row in micro.also.as_slice() {
                for &a in ROWS[row].actions {
                    act(actions, a);
                }
            }
            for state in micro.entries.iter() {
                for &a in STATE_ENTRY[state] {
                    act(actions, a);
                }
            }
        }

        impl Step {
            /// Performs the actions of this step (rules S12 and S27): the `exit:` actions of
            /// the states it left ([`Step::exits`]), the `actions:` of every transition that
            /// fired (or of the expired timeout), then the `entry:` actions of the states it
            /// entered ([`Step::entries`]); then those of each automatic step, in order.
            pub fn run<A: Actions + ?::core::marker::Sized>(&self, actions: &mut A) {
                run_micro(&self.micro, actions);
                for micro in self.then.iter().flatten() {
                    run_micro(micro, actions);
                }
            }
        }

        impl Machine {
            /// A machine in its initial configuration with the `entry:` actions of every
            /// state it is in run, outermost first (rule S1).
            pub fn start<A: Actions + ?::core::marker::Sized>(#param actions: &mut A) -> Machine {
                let machine = #new;
                for state in engine::active(&machine.config.atoms).iter() {
                    for &a in STATE_ENTRY[state] {
                        act(actions, a);
                    }
                }
                machine
            }
        }
    }
}
