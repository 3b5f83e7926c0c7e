//! The emitter's shared state: the model, the caller's options, the facts that switch parts of
//! the output on and off, and the analyses computed once (the DOT diagram, reachability).
//! Every emitter in `emit/` reads one [`Context`]; none computes these again.

use machine_core::model::{EventId, GuardId, IncidentId, Model, Scope, StateId, TimerId};
use proc_macro2::{Punct, Spacing, TokenStream};
use quote::{ToTokens, TokenStreamExt, quote};

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
    /// The figures, drawn once by the caller's [`Options::draw`]: the `DOT` const
    /// (`emit/mod.rs`), the rustdoc of `State` (`state.rs`) and of `Incident` (`incident.rs`).
    pub figures: Figures,
    /// The reachability analysis, computed once: emitted by `emit/reach.rs`.
    pub reach: Reach,
}

impl<'m> Context<'m> {
    /// The context for emitting `model` with `options`.
    pub fn new(model: &'m Model, options: &'m Options) -> Self {
        Self {
            model,
            serde: &options.serde,
            machine: &model.name.spec,
            has_guards: !model.guards.is_empty(),
            has_incidents: !model.incidents.is_empty(),
            has_fault: model.fault.is_some(),
            has_timeouts: !model.timers.is_empty(),
            has_spanning: model.spanning_timers().next().is_some(),
            has_restarts: model.transitions.iter().any(|t| t.restarts.is_some()),
            has_timer_guards: model.timers.iter().any(|t| !t.timeout.guards.is_empty()),
            named_starts: model.starts.iter().any(|s| s.name.is_some()),
            figures: (options.draw)(model),
            reach: Reach::new(model),
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

    /// `Timer::Shipping`.
    pub fn timer(&self, id: TimerId) -> TokenStream {
        let v = ident(&self.model.timer(id).name.rust);
        quote! { Timer::#v }
    }

    /// Where `Machine` keeps the clock of `timer` (`clock.rs`): a state's timeout in
    /// `since`, at its place among the state's timeouts; a timer that spans several states in
    /// `spans`, at its place among those timers.
    pub fn clock(&self, timer: TimerId) -> Clock {
        match self.model.timer(timer).scope {
            Scope::State { index, .. } => Clock::Since(index),
            Scope::Set(_) => Clock::Spans(timer.index() - self.model.first_spanning()),
        }
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
