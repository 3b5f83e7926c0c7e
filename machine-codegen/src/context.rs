//! The emitter's shared state: the model, the caller's options, the facts that switch parts of
//! the output on and off, and the analyses computed once (the DOT diagram, reachability).
//! Every emitter in `emit/` reads one [`Context`]; none computes these again.

use machine_core::model::{
    EventId, GuardId, GuardTest, IncidentId, Model, Scope, StateId, TimerId,
};
use machine_core::semantics::{self, Refusal};
use proc_macro2::{Punct, Spacing, TokenStream};
use quote::{ToTokens, TokenStreamExt, quote};

use crate::logic;
use crate::plans::Plans;
use crate::reach::Reach;
use crate::tokens::{ident, string};
use crate::{Figures, Options, Serde};

/// What the emitters need to know about the model, computed once by [`Context::new`].
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts about the spec, each switching a part of the output"
)]
pub struct Context<'m> {
    /// The checked model everything is emitted from; every emitter reads it.
    pub model: &'m Model,
    /// The caller's serde choice; only read through [`Context::serde_derive`] and
    /// [`Context::serde_rename`], by the enums with wire names (`State`, `Event`).
    serde: &'m Serde,
    /// The machine's name as the spec writes it, for doc text (every emitter's docs).
    pub machine: &'m str,
    /// The spec has guards: a `Guard` enum and a `Guards` trait with methods (`guard.rs`), a
    /// `guards` field in `Transition` and a guard-asking `select` (`dispatch.rs`).
    pub has_guards: bool,
    /// A transition or a timer asks a guard not to hold (`!name`, rule S15): the refusal
    /// `Refusal::GuardHolds` (`dispatch.rs`, `expiry.rs`).
    pub has_negated_guards: bool,
    /// The spec has an error table: the `Incident` enum (`incident.rs`),
    /// `State::incidents` (`state.rs`), `Origin::Incident` (`dispatch.rs`), the module doc.
    pub has_incidents: bool,
    /// The spec has a fault state: `Machine` remembers where it faulted from (`fault.rs`),
    /// `Target::History`, the fault origins and refusals (`dispatch.rs`).
    pub has_fault: bool,
    /// The spec has a timer (a state's timeout, or one that spans several states): the
    /// `Timer` enum (`timer.rs`), `Machine::expire`,
    /// `Machine::is_ended` and `Cause::Timeout` (`expiry.rs`), and the refusals `NoTimeout`
    /// and `Ended` (`dispatch.rs`).
    pub has_timeouts: bool,
    /// The spec has timers that span several states (rule S14): `Machine::spans` and
    /// `Machine::enter_spans` (`clock.rs`), `FIRST_SPANNING` and `Timer::states` (`timer.rs`),
    /// the spanning cases of `Step::restarts` (`machine.rs`) and of `Via` (`reach.rs`).
    pub has_spanning: bool,
    /// Some transition says which timers it restarts (`restarts:`): the `resets` field of
    /// `Transition` (`dispatch.rs`), read by `Step::restarts` (`machine.rs`).
    pub has_restarts: bool,
    /// Some timer has guards: `Machine::expire` asks a `Guards` (`expiry.rs`).
    pub has_timer_guards: bool,
    /// The spec names its starts: the `Start` enum (`start.rs`) and `Machine::new(start)`
    /// instead of `Machine::new()` (`machine.rs`).
    pub named_starts: bool,
    /// The spec nests states (rules S16 to S18): `State::parent` and the other queries of
    /// the tree (`tree.rs`), `Machine::is_in`, `Step::exits` and `Step::entries`, the
    /// dispatch of every atomic state over the candidates of the states around it
    /// (`dispatch.rs`), and the clocks of compound states (`clock.rs`).
    pub nested: bool,
    /// The spec has eventless or completion transitions (rules S20 and S21): `Trigger`,
    /// `Transition::trigger` in place of `Transition::event`, and the automatic steps each
    /// input leads to (`settle.rs`).
    pub automatic: bool,
    /// The spec has parallel states (rules S22 to S29): the machine, its steps and its
    /// actions come from `emit/parallel` instead of the emitters of one active state.
    pub parallel: bool,
    /// Per state, by [`StateId::index`]: the first slot of `Machine::since` its own timeouts
    /// use, after those of the states around it (`clock.rs`); all zero in a flat spec.
    slot_offsets: Vec<usize>,
    /// The figures, drawn once by the caller's [`Options::draw`]: the `DOT` const
    /// (`emit/mod.rs`), the rustdoc of `State` (`state.rs`) and of `Incident` (`incident.rs`).
    pub figures: Figures,
    /// The reachability analysis, computed once: emitted by `emit/reach.rs`.
    pub reach: Reach,
    /// The actions of each step of a nested spec's dispatch (`plans.rs`): the plan number
    /// each arm gives its `Step` (`machine.rs`) and `Step::run`'s `match` (`action.rs`).
    pub plans: Plans,
}

impl<'m> Context<'m> {
    /// The context for emitting `model` with `options`.
    pub fn new(model: &'m Model, options: &'m Options) -> Self {
        Self {
            model,
            serde: &options.serde,
            machine: &model.name.spec,
            has_guards: !model.guards.is_empty(),
            has_negated_guards: model
                .transitions
                .iter()
                .flat_map(|t| &t.guards)
                .chain(model.timers.iter().flat_map(|t| &t.timeout.guards))
                .any(|g| g.negated),
            has_incidents: !model.incidents.is_empty(),
            has_fault: model.fault.is_some(),
            has_timeouts: !model.timers.is_empty(),
            has_spanning: model.spanning_timers().next().is_some(),
            has_restarts: model.transitions.iter().any(|t| t.restarts.is_some()),
            has_timer_guards: model.timers.iter().any(|t| !t.timeout.guards.is_empty()),
            named_starts: model.starts.iter().any(|s| s.name.is_some()),
            nested: model.is_nested(),
            automatic: model.has_automatic(),
            parallel: model.has_parallel(),
            slot_offsets: model
                .state_ids()
                .map(|s| {
                    model
                        .ancestors(s)
                        .map(|a| model.own_timers_in(a).count())
                        .sum()
                })
                .collect(),
            figures: (options.draw)(model),
            reach: Reach::new(model),
            plans: Plans::new(model),
        }
    }

    /// `State::Creating`.
    pub fn state(&self, id: StateId) -> Variant<'m> {
        Variant("State", &self.model.state(id).name.rust)
    }

    /// `Event::Fault`.
    pub fn event(&self, id: EventId) -> Variant<'m> {
        Variant("Event", &self.model.event(id).name.rust)
    }

    /// `Guard::IsPaid`.
    pub fn guard(&self, id: GuardId) -> Variant<'m> {
        Variant("Guard", &self.model.guard(id).variant)
    }

    /// `(Guard::IsPaid, true)`: a guard a transition or a timer asks and the answer under
    /// which its test passes (`semantics::passes`, rule S15), as the `guards` of a
    /// `Transition` row and `Timer::guards` hold it.
    pub fn guard_test(&self, test: GuardTest) -> TokenStream {
        let guard = self.guard(test.guard);
        let holds = semantics::passes(test, true);
        quote! { (#guard, #holds) }
    }

    /// The condition under which `test` passes (`passes`) or fails (`!passes`), compiled from
    /// `semantics::passes` (rule S15) over the one fact it reads at run time, whether the
    /// guard holds: `guards.is_paid()` or `!guards.is_paid()`.
    pub fn test_condition(&self, test: GuardTest, passes: bool) -> TokenStream {
        let m = ident(&self.model.guard(test.guard).name.rust);
        let holds = logic::Fact::runtime(quote! { guards.#m() }, quote! { !guards.#m() });
        logic::condition(&[holds], |f| semantics::passes(test, f[0]) == passes).expression()
    }

    /// `Refusal::GuardFailed(Guard::IsPaid)`, or `Refusal::GuardHolds(..)`: the refusal
    /// `semantics::failed_test` gives when `test` is the first to fail (rule S15).
    pub fn failed_test(&self, test: GuardTest) -> TokenStream {
        match semantics::failed_test(test) {
            Refusal::GuardFailed(guard) => {
                let guard = self.guard(guard);
                quote! { Refusal::GuardFailed(#guard) }
            }
            Refusal::GuardHolds(guard) => {
                let guard = self.guard(guard);
                quote! { Refusal::GuardHolds(#guard) }
            }
            other => unreachable!("a failed guard test refuses with its guard, not {other:?}"),
        }
    }

    /// `Timer::Shipping`.
    pub fn timer(&self, id: TimerId) -> TokenStream {
        let v = ident(&self.model.timer(id).name.rust);
        quote! { Timer::#v }
    }

    /// Where `Machine` keeps the clock of `timer` (`clock.rs`): a state's timeout in
    /// `since`, at its place among the state's timeouts, after the slots of the timeouts of
    /// the states around it (which run at the same time, rule S18); a timer that spans
    /// several states in `spans`, at its place among those timers. The timeouts that run in
    /// a state ([`Model::timers_in`]: the outermost state's first) so hold the slots
    /// `0..n` in order, and a timer keeps its slot wherever inside its state the machine is.
    pub fn clock(&self, timer: TimerId) -> Clock {
        match self.model.timer(timer).scope {
            Scope::State { state, index } => Clock::Since(self.slot_offsets[state.index()] + index),
            Scope::Set(_) => Clock::Spans(timer.index() - self.model.first_spanning()),
        }
    }

    /// The last argument of `Outcome::moved` in a nested spec: `, 3`, the plan a step from
    /// `atom` by the row `row` of `TRANSITIONS` carries (`plans.rs`), or `, NO_PLAN` for a
    /// step without one (`None`: a move known only at run time); nothing in a flat spec.
    pub fn plan_argument(&self, step: Option<(StateId, usize)>) -> Option<TokenStream> {
        let plan = step.and_then(|(atom, row)| self.plans.of(atom, row));
        self.nested.then(|| {
            plan.map_or_else(
                || quote! { , NO_PLAN },
                |plan| {
                    let plan = crate::plans::literal(plan);
                    quote! { , #plan }
                },
            )
        })
    }

    /// `::core::option::Option::Some(State::Open)`, or `None`.
    pub fn state_option(&self, state: Option<StateId>) -> TokenStream {
        state.map_or_else(
            || quote! { ::core::option::Option::None },
            |state| {
                let state = self.state(state);
                quote! { ::core::option::Option::Some(#state) }
            },
        )
    }

    /// The last field of a `Step` built where the move is known only at run time:
    /// `, plan: NO_PLAN` in a nested spec, nothing in a flat one.
    pub fn no_plan(&self) -> Option<TokenStream> {
        let plan = self.nested.then(|| quote! { , plan: NO_PLAN });
        let then = self.automatic.then(|| quote! { , then: NO_THEN });
        (self.nested || self.automatic).then(|| quote! { #plan #then })
    }

    /// `Incident::Lost`.
    pub fn incident(&self, id: IncidentId) -> Variant<'m> {
        Variant("Incident", &self.model.incident(id).name.rust)
    }

    /// The serde derives of an enum with wire names, as the options ask.
    pub fn serde_derive(&self) -> TokenStream {
        self.serde_attribute(&quote! { derive(::serde::Serialize, ::serde::Deserialize) })
    }

    /// The serde rename of a variant to its wire name (and the aliases it also reads), as
    /// the options ask. serde reads them exactly, even with `wire_case: insensitive`.
    pub fn serde_rename(&self, wire: &str, aliases: &[String]) -> TokenStream {
        let wire = string(wire);
        let aliases = aliases.iter().map(|a| string(a));
        self.serde_attribute(&quote! { serde(rename = #wire #(, alias = #aliases)*) })
    }

    /// `#[meta]`, `#[cfg_attr(predicate, meta)]` or nothing.
    fn serde_attribute(&self, meta: &TokenStream) -> TokenStream {
        match self.serde {
            Serde::Off => TokenStream::new(),
            Serde::Always => quote! { #[#meta] },
            Serde::Cfg(predicate) => quote! { #[cfg_attr(#predicate, #meta)] },
        }
    }
}

/// Where `Machine` keeps one timer's clock ([`Context::clock`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// `since[slot]`: a state's timeout.
    Since(usize),
    /// `spans[slot]`: a timer that spans several states.
    Spans(usize),
}

/// A path to a variant of one of the emitted enums, `Type::Variant` (the variant a name the
/// model has already checked). Interpolated into `quote!`, it writes its four tokens straight
/// into the output: the dispatch, the tables and the moves name a state or an event in every
/// row, and building each as a `TokenStream` of its own, copied in when interpolated, was a
/// large part of the expansion time of big specs.
#[derive(Clone, Copy)]
pub struct Variant<'m>(&'static str, &'m str);

impl ToTokens for Variant<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append(ident(self.0));
        tokens.append(Punct::new(':', Spacing::Joint));
        tokens.append(Punct::new(':', Spacing::Alone));
        tokens.append(ident(self.1));
    }
}
