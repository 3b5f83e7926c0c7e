//! The emitter: one function per part of the generated module, each a `quote!` of items.
//!
//! Per-state data lives in `&'static` slices indexed by the state's discriminant (`self as
//! usize`), not in `match` arms: the code stays the same size per state, no function grows with
//! the spec (so `clippy::too_many_lines` and `clippy::match_same_arms` stay quiet), and debug
//! builds do not copy arrays to index them.

use std::fmt::Write as _;

use machine_core::model::{Expiry, Model, Origin, StateId, Target, Transition};
use machine_core::render;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::reach;
use crate::tokens::{code, doc, ident, index, inner_doc, int, repr, string};
use crate::{Options, Serde};

/// Bit of `STATE_FLAGS`: the state is final.
const FINAL: u8 = 1;
/// Bit of `STATE_FLAGS`: the state is initial.
const INITIAL: u8 = 2;
/// Bit of `STATE_FLAGS`: the state is the fault state.
const FAULT: u8 = 4;

/// What the emitters need to know about the model, computed once.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts about the spec, each switching a part of the output"
)]
pub struct Cx<'m> {
    pub model: &'m Model,
    serde: &'m Serde,
    /// Machine name as written, for messages.
    pub machine: String,
    pub has_guards: bool,
    pub has_incidents: bool,
    pub has_fault: bool,
    /// Whether any state has a timeout: the machine then has `expire` and can end.
    pub has_timeouts: bool,
    pub named_starts: bool,
    /// The DOT diagram, rendered once (it goes in a `const` and in the rustdoc of `State`).
    dot: String,
}

impl<'m> Cx<'m> {
    fn new(model: &'m Model, options: &'m Options) -> Self {
        Self {
            model,
            serde: &options.serde,
            machine: model.name.spec.clone(),
            has_guards: !model.guards.is_empty(),
            has_incidents: !model.incidents.is_empty(),
            has_fault: model.fault.is_some(),
            has_timeouts: model.states.iter().any(|s| !s.timeouts.is_empty()),
            named_starts: model.starts.iter().any(|s| s.name.is_some()),
            dot: render::dot::render(model),
        }
    }

    /// `State::Creating`.
    pub fn state(&self, id: StateId) -> TokenStream {
        let v = ident(&self.model.state(id).name.rust);
        quote! { State::#v }
    }

    /// `Event::Fault`.
    pub fn event(&self, id: machine_core::model::EventId) -> TokenStream {
        let v = ident(&self.model.event(id).name.rust);
        quote! { Event::#v }
    }

    fn serde_derive(&self) -> TokenStream {
        let derive = quote! { derive(::serde::Serialize, ::serde::Deserialize) };
        match self.serde {
            Serde::Off => TokenStream::new(),
            Serde::Always => quote! { #[#derive] },
            Serde::Cfg(predicate) => quote! { #[cfg_attr(#predicate, #derive)] },
        }
    }

    fn serde_rename(&self, wire: &str) -> TokenStream {
        let wire = string(wire);
        let rename = quote! { serde(rename = #wire) };
        match self.serde {
            Serde::Off => TokenStream::new(),
            Serde::Always => quote! { #[#rename] },
            Serde::Cfg(predicate) => quote! { #[cfg_attr(#predicate, #rename)] },
        }
    }
}

/// The derives every emitted data type has.
fn derives() -> TokenStream {
    quote! {
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash,
            ::core::fmt::Debug,
        )]
    }
}

/// The derives of the emitted enums of names, which are also ordered (spec order).
fn enum_derives() -> TokenStream {
    quote! {
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::cmp::PartialOrd,
            ::core::cmp::Ord,
            ::core::hash::Hash,
            ::core::fmt::Debug,
        )]
    }
}

/// The whole module body.
pub fn module(model: &Model, options: &Options) -> TokenStream {
    let cx = Cx::new(model, options);
    let doc = inner_doc(&module_doc(&cx));
    let source = string(&model.source_name);
    let name = string(&model.name.spec);
    let dot = string(&cx.dot);
    let parts = [
        states(&cx),
        events(&cx),
        starts(&cx),
        guards(&cx),
        incidents(&cx),
        parse_error(&cx),
        table(&cx),
        select(&cx),
        machine(&cx),
        errors(&cx),
        timeouts(&cx),
        reach::emit(&cx),
    ];
    quote! {
        #doc
        #![allow(dead_code, reason = "a generated API is seldom used in full")]
        #![allow(clippy::doc_markdown, reason = "doc text is the spec's prose, written for people")]

        /// The machine's name in the spec.
        pub const NAME: &str = #name;

        /// The spec file this module was generated from.
        pub const SOURCE: &str = #source;

        /// The lifecycle diagram in Graphviz DOT (`dot -Tsvg`), from the same spec.
        pub const DOT: &str = #dot;

        #(#parts)*

        /// The `index`-th to `index + 1`-th offsets of `starts`, as a slice of `items`.
        fn range<T>(items: &'static [T], starts: &[usize], index: usize) -> &'static [T] {
            match (starts.get(index), starts.get(index + 1)) {
                (::core::option::Option::Some(&start), ::core::option::Option::Some(&end)) => {
                    items.get(start..end).unwrap_or(&[])
                }
                _ => &[],
            }
        }
    }
}

fn module_doc(cx: &Cx) -> String {
    let model = cx.model;
    let mut doc = String::new();
    if !model.doc.is_empty() {
        doc.push_str(&model.doc);
        doc.push_str("\n\n");
    }
    let _ = write!(
        doc,
        "Generated by `machine` from {} (the `{}` lifecycle): [`State`] and [`Event`] name the \
         lifecycle, [`Machine`] runs it ([`select`] is the same rule without memory), \
         [`TRANSITIONS`] is the transition table, [`State::timeouts`] ",
        code(&model.source_name),
        cx.machine
    );
    if cx.has_incidents {
        doc.push_str("and [`State::incidents`] give the timeouts and the error table, ");
    } else {
        doc.push_str("gives the timeouts, ");
    }
    doc.push_str(
        "[`State::can_reach`] and [`State::path_to`] answer reachability questions, and [`DOT`] \
         is the diagram.",
    );
    doc
}

fn states(cx: &Cx) -> TokenStream {
    let model = cx.model;
    let wire_text = wire_text(&ident("State"));
    let n = model.states.len();
    let count = index(n);
    let repr = repr(n);
    let variants = model.states.iter().enumerate().map(|(i, s)| {
        let v = ident(&s.name.rust);
        let d = doc(&state_variant_doc(
            cx,
            StateId(u32::try_from(i).unwrap_or(u32::MAX)),
        ));
        let rename = cx.serde_rename(&s.wire);
        let i = index(i);
        quote! { #d #rename #v = #i }
    });
    let all = model.state_ids().map(|s| cx.state(s));
    let initial = model.starts.iter().map(|s| cx.state(s.state));
    let finals = model
        .state_ids()
        .filter(|&s| model.state(s).is_final)
        .map(|s| cx.state(s));
    let names = model.states.iter().map(|s| string(&s.name.spec));
    let wires = model.states.iter().map(|s| string(&s.wire));
    let docs = model.states.iter().map(|s| string(&s.doc));
    let flags = model.state_ids().map(|id| {
        let s = model.state(id);
        let mut flags = 0;
        if s.is_final {
            flags |= FINAL;
        }
        if model.is_initial(id) {
            flags |= INITIAL;
        }
        if s.is_fault {
            flags |= FAULT;
        }
        int(u64::from(flags))
    });
    let mut by_wire: Vec<(&str, StateId)> = model
        .state_ids()
        .map(|id| (model.state(id).wire.as_str(), id))
        .collect();
    by_wire.sort_unstable();
    let by_wire = by_wire.iter().map(|&(w, id)| {
        let w = string(w);
        let s = cx.state(id);
        quote! { (#w, #s) }
    });
    let accepted = model.state_ids().map(|id| {
        let events = model.accepted_events(id).into_iter().map(|e| cx.event(e));
        quote! { &[#(#events),*] }
    });
    let timeouts = model.state_ids().map(|id| {
        let list = model.state(id).timeouts.iter().map(|t| timeout(cx, t));
        quote! { &[#(#list),*] }
    });
    let fault_const = model.fault.as_ref().map(|f| {
        let s = cx.state(f.state);
        quote! {
            /// The fault state: entered from every non-final state, left back to where it came
            /// from (see [`Machine`]).
            pub const FAULT: State = #s;
        }
    });
    let incidents = cx.has_incidents.then(|| {
        let lists = model.state_ids().map(|id| {
            let list = model.incidents_in(id).map(|(_, i)| {
                let v = ident(&i.name.rust);
                quote! { Incident::#v }
            });
            quote! { &[#(#list),*] }
        });
        (
            quote! { const STATE_INCIDENTS: &[&[Incident]] = &[#(#lists),*]; },
            quote! {
                /// The incidents (error-table rows) that can happen in this state, in table order.
                #[must_use]
                pub const fn incidents(self) -> &'static [Incident] {
                    STATE_INCIDENTS[self as usize]
                }
            },
        )
    });
    let (incident_table, incident_fn) = incidents.unzip();
    let doc = doc(&state_doc(cx));
    let derive = enum_derives();
    let serde = cx.serde_derive();
    quote! {
        #doc
        #derive
        #serde
        #[repr(#repr)]
        pub enum State {
            #(#variants,)*
        }

        const STATE_NAMES: &[&str] = &[#(#names),*];
        const STATE_WIRES: &[&str] = &[#(#wires),*];
        const STATE_DOCS: &[&str] = &[#(#docs),*];
        /// Per state: 1 = final, 2 = initial, 4 = fault.
        const STATE_FLAGS: &[u8] = &[#(#flags),*];
        /// `(wire name, state)`, sorted by wire name for binary search.
        const STATES_BY_WIRE: &[(&str, State)] = &[#(#by_wire),*];
        const STATE_EVENTS: &[&[Event]] = &[#(#accepted),*];
        const STATE_TIMEOUTS: &[&[Timeout]] = &[#(#timeouts),*];
        #incident_table

        impl State {
            /// Every state, in the order the spec declares them.
            pub const ALL: [State; #count] = [#(#all),*];
            /// How many states there are.
            pub const COUNT: usize = #count;
            /// The initial states, in the order the spec lists its starts.
            pub const INITIAL: &'static [State] = &[#(#initial),*];
            /// The final states: the lifecycle ends there.
            pub const FINAL: &'static [State] = &[#(#finals),*];
            #fault_const

            /// The state's name in the spec (and its Rust name before case conversion).
            #[must_use]
            pub const fn name(self) -> &'static str {
                STATE_NAMES[self as usize]
            }

            /// The string the API uses for this state; [`Display`](::core::fmt::Display)
            /// writes it and [`FromStr`](::core::str::FromStr) reads it.
            #[must_use]
            pub const fn wire(self) -> &'static str {
                STATE_WIRES[self as usize]
            }

            /// What the state means, from the spec (may be empty).
            #[must_use]
            pub const fn doc(self) -> &'static str {
                STATE_DOCS[self as usize]
            }

            /// The state's position in [`State::ALL`].
            #[must_use]
            pub const fn index(self) -> usize {
                self as usize
            }

            /// The state at `index` in [`State::ALL`], if there is one.
            #[must_use]
            pub fn from_index(index: usize) -> ::core::option::Option<State> {
                State::ALL.get(index).copied()
            }

            /// The state whose wire name is `wire` (exact match), if there is one.
            #[must_use]
            pub fn from_wire(wire: &str) -> ::core::option::Option<State> {
                STATES_BY_WIRE
                    .binary_search_by(|&(name, _)| name.cmp(wire))
                    .ok()
                    .and_then(|found| STATES_BY_WIRE.get(found))
                    .map(|&(_, state)| state)
            }

            /// Whether the lifecycle ends in this state.
            #[must_use]
            pub const fn is_final(self) -> bool {
                STATE_FLAGS[self as usize] & 1 != 0
            }

            /// Whether the lifecycle can start in this state.
            #[must_use]
            pub const fn is_initial(self) -> bool {
                STATE_FLAGS[self as usize] & 2 != 0
            }

            /// Whether this is the fault state.
            #[must_use]
            pub const fn is_fault(self) -> bool {
                STATE_FLAGS[self as usize] & 4 != 0
            }

            /// The transitions out of this state, in the order they are tried (a slice of
            /// [`TRANSITIONS`]).
            #[must_use]
            pub fn transitions(self) -> &'static [Transition] {
                range(TRANSITIONS, TRANSITION_STARTS, self as usize)
            }

            /// The events this state has a transition for, in event order. An event not in
            /// this list is always refused here; one in it may still be refused by a guard.
            #[must_use]
            pub const fn accepted_events(self) -> &'static [Event] {
                STATE_EVENTS[self as usize]
            }

            /// Whether this state has a transition for `event` (guards aside).
            #[must_use]
            pub fn accepts(self, event: Event) -> bool {
                self.accepted_events().contains(&event)
            }

            /// What happens when the machine stays in this state too long, in spec order.
            #[must_use]
            pub const fn timeouts(self) -> &'static [Timeout] {
                STATE_TIMEOUTS[self as usize]
            }

            #incident_fn
        }

        #wire_text
    }
}

/// `Display` and `FromStr` on the wire names, for `State` or `Event` (whose `ParseKind`
/// variant has the same name).
fn wire_text(ty: &Ident) -> TokenStream {
    quote! {
        impl ::core::fmt::Display for #ty {
            /// Writes the wire name.
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.wire())
            }
        }

        impl ::core::str::FromStr for #ty {
            type Err = ParseError;

            /// Reads a wire name (exact match).
            fn from_str(text: &str) -> ::core::result::Result<#ty, ParseError> {
                #ty::from_wire(text).ok_or_else(|| ParseError::new(ParseKind::#ty, text))
            }
        }
    }
}

fn state_doc(cx: &Cx) -> String {
    let model = cx.model;
    let mut doc = format!(
        "A state of the `{}` lifecycle.\n\n{}\n\n# States\n\n{}",
        cx.machine,
        "Its `Display` and `FromStr` use the wire names (the strings the API reports); \
         its `Debug` shows the Rust name. One byte for up to 256 states.",
        render::markdown::state_table(model)
    );
    doc.push_str("\n# Diagram\n\nThe same as [`DOT`]:\n\n```dot\n");
    doc.push_str(&cx.dot);
    doc.push_str("```\n");
    doc
}

fn state_variant_doc(cx: &Cx, id: StateId) -> String {
    let model = cx.model;
    let state = model.state(id);
    let mut doc = state.doc.clone();
    let mut notes = Vec::new();
    for start in model.starts.iter().filter(|s| s.state == id) {
        notes.push(match &start.name {
            Some(name) => format!("Initial ({}).", code(&name.spec)),
            None => "Initial.".to_owned(),
        });
    }
    if state.is_final {
        notes.push("Final.".to_owned());
    }
    if state.is_fault {
        notes.push("The fault state.".to_owned());
    }
    if state.wire != state.name.spec {
        notes.push(format!("Wire name: {}.", code(&state.wire)));
    }
    if !notes.is_empty() {
        if !doc.is_empty() {
            doc.push_str("\n\n");
        }
        doc.push_str(&notes.join(" "));
    }
    doc
}

fn events(cx: &Cx) -> TokenStream {
    let model = cx.model;
    let wire_text = wire_text(&ident("Event"));
    let n = model.events.len();
    let count = index(n);
    let repr = (n > 0).then(|| {
        let repr = repr(n);
        quote! { #[repr(#repr)] }
    });
    let empty = (n == 0).then(|| {
        quote! { #[allow(clippy::empty_enum, reason = "the spec declares no events")] }
    });
    let variants = model.events.iter().enumerate().map(|(i, e)| {
        let v = ident(&e.name.rust);
        let mut text = e.doc.clone();
        if e.wire != e.name.spec {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            let _ = write!(text, "Wire name: {}.", code(&e.wire));
        }
        let d = doc(&text);
        let rename = cx.serde_rename(&e.wire);
        let i = index(i);
        quote! { #d #rename #v = #i }
    });
    let all = model.event_ids().map(|e| cx.event(e));
    let names = model.events.iter().map(|e| string(&e.name.spec));
    let wires = model.events.iter().map(|e| string(&e.wire));
    let docs = model.events.iter().map(|e| string(&e.doc));
    let mut by_wire: Vec<(&str, machine_core::model::EventId)> = model
        .event_ids()
        .map(|id| (model.event(id).wire.as_str(), id))
        .collect();
    by_wire.sort_unstable();
    let by_wire = by_wire.iter().map(|&(w, id)| {
        let w = string(w);
        let e = cx.event(id);
        quote! { (#w, #e) }
    });
    let derive = enum_derives();
    let serde = cx.serde_derive();
    let doc = doc(&format!(
        "An event of the `{}` lifecycle: something that happened, which may move the machine.\n\n\
         Its `Display` and `FromStr` use the wire names.",
        cx.machine
    ));
    quote! {
        #doc
        #derive
        #serde
        #repr
        #empty
        pub enum Event {
            #(#variants,)*
        }

        const EVENT_NAMES: &[&str] = &[#(#names),*];
        const EVENT_WIRES: &[&str] = &[#(#wires),*];
        const EVENT_DOCS: &[&str] = &[#(#docs),*];
        /// `(wire name, event)`, sorted by wire name for binary search.
        const EVENTS_BY_WIRE: &[(&str, Event)] = &[#(#by_wire),*];

        impl Event {
            /// Every event, in the order the spec declares them.
            pub const ALL: [Event; #count] = [#(#all),*];
            /// How many events there are.
            pub const COUNT: usize = #count;

            /// The event's name in the spec.
            #[must_use]
            pub const fn name(self) -> &'static str {
                EVENT_NAMES[self as usize]
            }

            /// The string used for this event on the wire.
            #[must_use]
            pub const fn wire(self) -> &'static str {
                EVENT_WIRES[self as usize]
            }

            /// What happened, from the spec (may be empty).
            #[must_use]
            pub const fn doc(self) -> &'static str {
                EVENT_DOCS[self as usize]
            }

            /// The event's position in [`Event::ALL`].
            #[must_use]
            pub const fn index(self) -> usize {
                self as usize
            }

            /// The event at `index` in [`Event::ALL`], if there is one.
            #[must_use]
            pub fn from_index(index: usize) -> ::core::option::Option<Event> {
                Event::ALL.get(index).copied()
            }

            /// The event whose wire name is `wire` (exact match), if there is one.
            #[must_use]
            pub fn from_wire(wire: &str) -> ::core::option::Option<Event> {
                EVENTS_BY_WIRE
                    .binary_search_by(|&(name, _)| name.cmp(wire))
                    .ok()
                    .and_then(|found| EVENTS_BY_WIRE.get(found))
                    .map(|&(_, event)| event)
            }
        }

        #wire_text
    }
}

fn starts(cx: &Cx) -> TokenStream {
    if !cx.named_starts {
        return TokenStream::new();
    }
    let model = cx.model;
    let names: Vec<(Ident, &str, StateId)> = model
        .starts
        .iter()
        .filter_map(|s| {
            s.name
                .as_ref()
                .map(|n| (ident(&n.rust), n.spec.as_str(), s.state))
        })
        .collect();
    let count = index(names.len());
    let repr = repr(names.len());
    let variants = names.iter().enumerate().map(|(i, (v, _, state))| {
        let d = doc(&format!(
            "Starts in {}.",
            code(&model.state(*state).name.spec)
        ));
        let i = index(i);
        quote! { #d #v = #i }
    });
    let all = names.iter().map(|(v, _, _)| quote! { Start::#v });
    let spec_names = names.iter().map(|(_, n, _)| string(n));
    let states = names.iter().map(|(_, _, s)| cx.state(*s));
    let derive = enum_derives();
    let doc = doc(&format!(
        "A named start of the `{}` lifecycle: the spec has several initial states.",
        cx.machine
    ));
    quote! {
        #doc
        #derive
        #[repr(#repr)]
        pub enum Start {
            #(#variants,)*
        }

        const START_NAMES: &[&str] = &[#(#spec_names),*];
        const START_STATES: &[State] = &[#(#states),*];

        impl Start {
            /// Every start, in spec order.
            pub const ALL: [Start; #count] = [#(#all),*];

            /// The start's name in the spec.
            #[must_use]
            pub const fn name(self) -> &'static str {
                START_NAMES[self as usize]
            }

            /// The state the lifecycle starts in.
            #[must_use]
            pub const fn state(self) -> State {
                START_STATES[self as usize]
            }
        }

        impl ::core::fmt::Display for Start {
            /// Writes the start's name.
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.name())
            }
        }
    }
}

fn guards(cx: &Cx) -> TokenStream {
    let model = cx.model;
    let trait_doc = doc(&format!(
        "The conditions (guards) the `{}` lifecycle's transitions may require: implement it \
         for whatever holds the facts (a job record, a context struct) and pass it to \
         [`Machine::fire`] or [`select`].\n\nGuards are asked lazily, in the order a \
         transition lists them, and only for transitions of the event at hand.",
        cx.machine
    ));
    if !cx.has_guards {
        return quote! {
            #trait_doc
            ///
            /// This lifecycle has no guards: every type implements it, so `&()` will do.
            pub trait Guards {}

            impl<T: ?::core::marker::Sized> Guards for T {}
        };
    }
    let methods = model.guards.iter().map(|g| {
        let m = ident(&g.name.rust);
        let d = doc(&g.doc);
        quote! {
            #d
            fn #m(&self) -> bool;
        }
    });
    let n = model.guards.len();
    let count = index(n);
    let repr = repr(n);
    let variants = model.guards.iter().enumerate().map(|(i, g)| {
        let v = ident(&g.variant);
        let mut text = format!("{}.", code(&g.name.spec));
        if !g.doc.is_empty() {
            text.push(' ');
            text.push_str(&g.doc);
        }
        let d = doc(&text);
        let i = index(i);
        quote! { #d #v = #i }
    });
    let all = model.guards.iter().map(|g| {
        let v = ident(&g.variant);
        quote! { Guard::#v }
    });
    let names = model.guards.iter().map(|g| string(&g.name.spec));
    let docs = model.guards.iter().map(|g| string(&g.doc));
    let arms = model.guards.iter().map(|g| {
        let v = ident(&g.variant);
        let m = ident(&g.name.rust);
        quote! { Guard::#v => guards.#m() }
    });
    let derive = enum_derives();
    quote! {
        #trait_doc
        pub trait Guards {
            #(#methods)*
        }

        /// A guard, as data: the one a [`TransitionError`] names, or one a [`Transition`] requires.
        #derive
        #[repr(#repr)]
        pub enum Guard {
            #(#variants,)*
        }

        const GUARD_NAMES: &[&str] = &[#(#names),*];
        const GUARD_DOCS: &[&str] = &[#(#docs),*];

        impl Guard {
            /// Every guard, in spec order.
            pub const ALL: [Guard; #count] = [#(#all),*];

            /// The guard's name in the spec (also its method in [`Guards`]).
            #[must_use]
            pub const fn name(self) -> &'static str {
                GUARD_NAMES[self as usize]
            }

            /// When the guard holds, from the spec (may be empty).
            #[must_use]
            pub const fn doc(self) -> &'static str {
                GUARD_DOCS[self as usize]
            }

            /// Asks `guards` whether this guard holds.
            pub fn holds<G: Guards + ?::core::marker::Sized>(self, guards: &G) -> bool {
                match self {
                    #(#arms,)*
                }
            }
        }

        impl ::core::fmt::Display for Guard {
            /// Writes the guard's name.
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.name())
            }
        }
    }
}

fn incidents(cx: &Cx) -> TokenStream {
    if !cx.has_incidents {
        return TokenStream::new();
    }
    let model = cx.model;
    let n = model.incidents.len();
    let count = index(n);
    let repr = repr(n);
    let variants = model.incidents.iter().enumerate().map(|(i, inc)| {
        let v = ident(&inc.name.rust);
        let d = doc(&format!(
            "{}\n\n**Resolution:** {}",
            inc.event, inc.resolution
        ));
        let i = index(i);
        quote! { #d #v = #i }
    });
    let all = model.incidents.iter().map(|inc| {
        let v = ident(&inc.name.rust);
        quote! { Incident::#v }
    });
    let without_state = model
        .incidents
        .iter()
        .filter(|i| i.no_state.is_some())
        .map(|inc| {
            let v = ident(&inc.name.rust);
            quote! { Incident::#v }
        });
    let names = model.incidents.iter().map(|i| string(&i.name.spec));
    let happened = model.incidents.iter().map(|i| string(&i.event));
    let resolutions = model.incidents.iter().map(|i| string(&i.resolution));
    let states = model.incidents.iter().map(|i| {
        let s = i.states.iter().map(|&s| cx.state(s));
        quote! { &[#(#s),*] }
    });
    let no_state = model.incidents.iter().map(|i| {
        option(i.no_state.as_ref().map(|text| {
            let text = string(text);
            quote! { #text }
        }))
    });
    let moves = model.incidents.iter().map(|i| {
        option(i.transition.map(|(event, to)| {
            let e = cx.event(event);
            let s = cx.state(to);
            quote! { (#e, #s) }
        }))
    });
    let derive = enum_derives();
    let doc = doc(&format!(
        "A row of the `{}` lifecycle's error table: something that goes wrong, the states it \
         can happen in, and how it is resolved.\n\n{}",
        cx.machine,
        render::markdown::incident_table(model)
    ));
    quote! {
        #doc
        #derive
        #[repr(#repr)]
        pub enum Incident {
            #(#variants,)*
        }

        const INCIDENT_NAMES: &[&str] = &[#(#names),*];
        const INCIDENT_HAPPENED: &[&str] = &[#(#happened),*];
        const INCIDENT_RESOLUTIONS: &[&str] = &[#(#resolutions),*];
        const INCIDENT_STATES: &[&[State]] = &[#(#states),*];
        const INCIDENT_NO_STATE: &[::core::option::Option<&str>] = &[#(#no_state),*];
        const INCIDENT_TRANSITIONS: &[::core::option::Option<(Event, State)>] = &[#(#moves),*];

        impl Incident {
            /// Every incident, in table order.
            pub const ALL: [Incident; #count] = [#(#all),*];
            /// The incidents that can also happen when there is no state (the service does
            /// not know the object).
            pub const WITHOUT_STATE: &'static [Incident] = &[#(#without_state),*];

            /// The incident's name in the spec.
            #[must_use]
            pub const fn name(self) -> &'static str {
                INCIDENT_NAMES[self as usize]
            }

            /// What happened.
            #[must_use]
            pub const fn what_happened(self) -> &'static str {
                INCIDENT_HAPPENED[self as usize]
            }

            /// How it is resolved, and what follows.
            #[must_use]
            pub const fn resolution(self) -> &'static str {
                INCIDENT_RESOLUTIONS[self as usize]
            }

            /// The states it can happen in, in spec order.
            #[must_use]
            pub const fn states(self) -> &'static [State] {
                INCIDENT_STATES[self as usize]
            }

            /// How the error table shows "no state" (`Undefined`, `N/A`), when the incident
            /// can also happen to an object the service does not know.
            #[must_use]
            pub const fn no_state(self) -> ::core::option::Option<&'static str> {
                INCIDENT_NO_STATE[self as usize]
            }

            /// The transition the resolution makes, if any: the event that records it and the
            /// state it moves to (from each of [`Incident::states`]).
            #[must_use]
            pub const fn transition(self) -> ::core::option::Option<(Event, State)> {
                INCIDENT_TRANSITIONS[self as usize]
            }
        }

        impl ::core::fmt::Display for Incident {
            /// Writes the incident's name.
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.name())
            }
        }
    }
}

/// `Some(value)` or `None`, with absolute paths.
fn option(value: Option<TokenStream>) -> TokenStream {
    value.map_or_else(
        || quote! { ::core::option::Option::None },
        |value| quote! { ::core::option::Option::Some(#value) },
    )
}

fn parse_error(cx: &Cx) -> TokenStream {
    let _ = cx;
    quote! {
        /// What [`ParseError`] failed to read.
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash,
            ::core::fmt::Debug,
        )]
        pub enum ParseKind {
            /// A [`State`] wire name.
            State,
            /// An [`Event`] wire name.
            Event,
        }

        /// A string that is not the wire name of any state (or event). It keeps a copy of
        /// the string (up to 64 bytes, cut at a character boundary) so the message can name it
        /// without allocating.
        #[derive(
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash,
        )]
        pub struct ParseError {
            kind: ParseKind,
            bytes: [u8; 64],
            len: usize,
            truncated: bool,
        }

        impl ParseError {
            fn new(kind: ParseKind, text: &str) -> ParseError {
                let mut len = text.len().min(64);
                while !text.is_char_boundary(len) {
                    len -= 1;
                }
                let mut bytes = [0; 64];
                if let (::core::option::Option::Some(to), ::core::option::Option::Some(from)) =
                    (bytes.get_mut(..len), text.as_bytes().get(..len))
                {
                    to.copy_from_slice(from);
                }
                ParseError { kind, bytes, len, truncated: len < text.len() }
            }

            /// Whether a state or an event was expected.
            #[must_use]
            pub const fn kind(self) -> ParseKind {
                self.kind
            }

            /// The string that was read (its first 64 bytes, when it was longer).
            #[must_use]
            pub fn input(&self) -> &str {
                self.bytes
                    .get(..self.len)
                    .and_then(|bytes| ::core::str::from_utf8(bytes).ok())
                    .unwrap_or("")
            }

            /// Whether [`ParseError::input`] is only the start of a longer string.
            #[must_use]
            pub const fn is_truncated(self) -> bool {
                self.truncated
            }
        }

        impl ::core::fmt::Debug for ParseError {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct("ParseError")
                    .field("kind", &self.kind)
                    .field("input", &self.input())
                    .field("truncated", &self.truncated)
                    .finish_non_exhaustive()
            }
        }

        impl ::core::fmt::Display for ParseError {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let kind = match self.kind {
                    ParseKind::State => "state",
                    ParseKind::Event => "event",
                };
                let more = if self.truncated { "…" } else { "" };
                ::core::write!(f, "unknown {} {}: {:?}{}", NAME, kind, self.input(), more)
            }
        }

        impl ::core::error::Error for ParseError {}
    }
}

fn table(cx: &Cx) -> TokenStream {
    let model = cx.model;
    let mut order: Vec<&Transition> = model.transitions.iter().collect();
    // Grouped by source state; the stable sort keeps the try order within a state.
    order.sort_by_key(|t| t.from);
    let mut starts = Vec::with_capacity(model.states.len() + 1);
    let mut at = 0;
    for id in model.state_ids() {
        starts.push(index(at));
        at += order[at..].iter().take_while(|t| t.from == id).count();
    }
    starts.push(index(at));
    let rows = order.iter().map(|t| transition(cx, t));
    let history = cx.has_fault.then(|| {
        quote! {
            /// Back to the state the fault state was entered from (see [`Machine`]).
            History,
        }
    });
    let incident = cx.has_incidents.then(|| {
        quote! {
            /// The resolution of an incident (a row of the error table).
            Incident(Incident),
        }
    });
    let fault = cx.has_fault.then(|| {
        quote! {
            /// Entering the fault state.
            FaultEntry,
            /// Leaving the fault state.
            FaultExit,
        }
    });
    let guard_field = cx.has_guards.then(|| {
        quote! {
            /// Guards that must all hold, in the order they are asked.
            pub guards: &'static [Guard],
        }
    });
    let derive = derives();
    let table_doc = doc(&format!(
        "The transition table of the `{}` lifecycle, grouped by source state in [`State::ALL`] \
         order; within a state, in the order the transitions are tried: the spec's, then the \
         incidents' resolutions, then the fault state's entries and exits.",
        cx.machine
    ));
    quote! {
        /// Where a transition goes.
        #derive
        pub enum Target {
            /// To this state. A transition to its own source leaves the state and enters it
            /// again (its timeouts restart).
            State(State),
            /// Nowhere: the event is handled without leaving the state (timeouts go on).
            Internal,
            #history
        }

        /// Where a transition comes from in the spec.
        #derive
        pub enum Origin {
            /// Written under `transitions`.
            Spec,
            #incident
            #fault
        }

        /// One row of the transition table.
        #derive
        pub struct Transition {
            /// The source state.
            pub from: State,
            /// The event that fires it.
            pub event: Event,
            /// Where it goes.
            pub target: Target,
            #guard_field
            /// Where it comes from in the spec.
            pub origin: Origin,
            /// What it means, from the spec (may be empty).
            pub doc: &'static str,
        }

        #table_doc
        pub const TRANSITIONS: &[Transition] = &[#(#rows),*];

        /// Where each state's rows start in [`TRANSITIONS`] (one more entry than states).
        const TRANSITION_STARTS: &[usize] = &[#(#starts),*];
    }
}

fn transition(cx: &Cx, t: &Transition) -> TokenStream {
    let from = cx.state(t.from);
    let event = cx.event(t.event);
    let target = match t.target {
        Target::State(s) => {
            let s = cx.state(s);
            quote! { Target::State(#s) }
        }
        Target::Internal => quote! { Target::Internal },
        Target::History => quote! { Target::History },
    };
    let origin = match t.origin {
        Origin::Spec => quote! { Origin::Spec },
        Origin::Incident(i) => {
            let v = ident(&cx.model.incident(i).name.rust);
            quote! { Origin::Incident(Incident::#v) }
        }
        Origin::FaultEntry => quote! { Origin::FaultEntry },
        Origin::FaultExit => quote! { Origin::FaultExit },
    };
    let guards = cx.has_guards.then(|| {
        let list = t.guards.iter().map(|&g| {
            let v = ident(&cx.model.guard(g).variant);
            quote! { Guard::#v }
        });
        quote! { guards: &[#(#list),*], }
    });
    let doc = string(&t.doc);
    quote! {
        Transition { from: #from, event: #event, target: #target, #guards origin: #origin, doc: #doc }
    }
}

fn select(cx: &Cx) -> TokenStream {
    let body = if cx.has_guards {
        quote! {
            let mut refusal = Refusal::NoTransition;
            for transition in state.transitions().iter().filter(|t| t.event == event) {
                match transition.guards.iter().copied().find(|guard| !guard.holds(guards)) {
                    ::core::option::Option::None => return ::core::result::Result::Ok(transition),
                    ::core::option::Option::Some(failed) => {
                        if refusal == Refusal::NoTransition {
                            refusal = Refusal::GuardFailed(failed);
                        }
                    }
                }
            }
            ::core::result::Result::Err(TransitionError { state, event, refusal })
        }
    } else {
        quote! {
            let _ = guards;
            state
                .transitions()
                .iter()
                .find(|t| t.event == event)
                .ok_or(TransitionError { state, event, refusal: Refusal::NoTransition })
        }
    };
    quote! {
        /// The transition `event` fires in `state`: the first, in table order, whose guards
        /// all hold. This is the lifecycle's rule without memory; [`Machine`] applies it (and
        /// resolves [`Target::History`]).
        ///
        /// # Errors
        ///
        /// [`Refusal::NoTransition`] when `state` has no transition on `event`, or the guard
        /// that failed first on the first transition tried, when no transition's guards all
        /// hold.
        pub fn select<G: Guards + ?::core::marker::Sized>(
            state: State,
            event: Event,
            guards: &G,
        ) -> ::core::result::Result<&'static Transition, TransitionError> {
            #body
        }
    }
}

fn machine(cx: &Cx) -> TokenStream {
    let model = cx.model;
    let single_start = (!cx.named_starts).then(|| model.starts.first()).flatten();
    let faulted_field = cx.has_fault.then(|| {
        quote! { faulted_from: ::core::option::Option<State>, }
    });
    let faulted_init = cx
        .has_fault
        .then(|| quote! { faulted_from: ::core::option::Option::None, });
    let ended_field = cx.has_timeouts.then(|| quote! { ended: bool, });
    let ended_init = cx.has_timeouts.then(|| quote! { ended: false, });
    let fresh = quote! { #faulted_init #ended_init };
    let constructor = if let Some(start) = single_start {
        let s = cx.state(start.state);
        quote! {
            /// A machine in the initial state.
            #[must_use]
            pub const fn new() -> Machine {
                Machine { state: #s, #fresh }
            }
        }
    } else {
        quote! {
            /// A machine in the initial state of `start`.
            #[must_use]
            pub const fn new(start: Start) -> Machine {
                Machine { state: start.state(), #fresh }
            }
        }
    };
    let default = single_start.is_some().then(|| {
        quote! {
            impl ::core::default::Default for Machine {
                fn default() -> Machine {
                    Machine::new()
                }
            }
        }
    });
    let refuse_ended = |event: TokenStream| {
        cx.has_timeouts.then(|| {
            quote! {
                if self.ended {
                    return ::core::result::Result::Err(TransitionError {
                        state: from,
                        event: #event,
                        refusal: Refusal::Ended,
                    });
                }
            }
        })
    };
    let refuse_ended_step = refuse_ended(quote! { event });
    let fault_api = model.fault.as_ref().map(|fault| {
        let resume = cx.event(fault.resume);
        let refuse_ended_resume = refuse_ended(resume.clone());
        let faulted = cx.state(fault.state);
        quote! {
            /// A machine in the fault state, entered from `from`, so that resuming returns there.
            /// `None` when `from` is not a state the fault state can be entered from (a final
            /// state, or the fault state itself).
            #[must_use]
            pub const fn faulted(from: State) -> ::core::option::Option<Machine> {
                if from.is_final() || from.is_fault() {
                    ::core::option::Option::None
                } else {
                    ::core::option::Option::Some(Machine { state: #faulted, faulted_from: ::core::option::Option::Some(from), #ended_init })
                }
            }

            /// While in the fault state: the state it was entered from, if known.
            #[must_use]
            pub const fn faulted_from(self) -> ::core::option::Option<State> {
                self.faulted_from
            }

            /// Leaves the fault state for `to`: the state it was entered from, or one of the
            /// states the spec allows to resume to (`resume_to`).
            ///
            /// # Errors
            ///
            /// [`Refusal::CannotResumeTo`] when the machine is not in the fault state or `to` is
            /// neither of those states.
            pub fn resume_to(&mut self, to: State) -> ::core::result::Result<Step, TransitionError> {
                let from = self.state;
                #refuse_ended_resume
                let history = self.faulted_from;
                let found = from.transitions().iter().find(|t| {
                    t.event == #resume
                        && t.origin == Origin::FaultExit
                        && match t.target {
                            Target::State(state) => state == to,
                            Target::History => history == ::core::option::Option::Some(to),
                            Target::Internal => false,
                        }
                });
                match found {
                    ::core::option::Option::Some(transition) => {
                        self.enter(to);
                        ::core::result::Result::Ok(Step { from, to, transition })
                    }
                    ::core::option::Option::None => ::core::result::Result::Err(TransitionError {
                        state: from,
                        event: #resume,
                        refusal: Refusal::CannotResumeTo(to),
                    }),
                }
            }
        }
    });
    let history_arm = cx.has_fault.then(|| {
        quote! {
            Target::History => match self.faulted_from {
                ::core::option::Option::Some(state) => state,
                ::core::option::Option::None => {
                    return ::core::result::Result::Err(TransitionError {
                        state: from,
                        event,
                        refusal: Refusal::UnknownHistory,
                    });
                }
            },
        }
    });
    let enter = if let Some(fault) = &model.fault {
        let faulted = cx.state(fault.state);
        quote! {
            /// Moves to `to`, remembering the state the fault state is entered from.
            fn enter(&mut self, to: State) {
                if to != #faulted {
                    self.faulted_from = ::core::option::Option::None;
                } else if self.state != #faulted {
                    self.faulted_from = ::core::option::Option::Some(self.state);
                }
                self.state = to;
            }
        }
    } else {
        quote! {
            /// Moves to `to`.
            fn enter(&mut self, to: State) {
                self.state = to;
            }
        }
    };
    let (expire_api, expired_type) = expiry(cx).unzip();
    let at_doc = if cx.has_fault {
        "A machine in `state`, e.g. the state a status poll reported. In the fault state, the \
         state it was entered from is unknown: use [`Machine::faulted`] when it is known."
    } else {
        "A machine in `state`, e.g. the state a status poll reported."
    };
    let doc = doc(&format!(
        "A running `{}` lifecycle: the current state{}. Small and `Copy`; firing an event \
         allocates nothing and never panics.",
        cx.machine,
        if cx.has_fault {
            ", and the state the fault state was entered from, so that resuming can go back there"
        } else {
            ""
        }
    ));
    let derive = derives();
    quote! {
        #doc
        #derive
        pub struct Machine {
            state: State,
            #faulted_field
            #ended_field
        }

        #default

        impl Machine {
            #constructor

            #[doc = #at_doc]
            #[must_use]
            pub const fn at(state: State) -> Machine {
                Machine { state, #fresh }
            }

            /// The current state.
            #[must_use]
            pub const fn state(self) -> State {
                self.state
            }

            /// Fires `event`, asking `guards` about guarded transitions, and moves the machine
            /// (rules S2 to S6 of the spec language's semantics). On error the machine stays
            /// where it is.
            ///
            /// # Errors
            ///
            /// A [`TransitionError`] saying the state, the event and why it was refused.
            pub fn step<G: Guards + ?::core::marker::Sized>(
                &mut self,
                event: Event,
                guards: &G,
            ) -> ::core::result::Result<Step, TransitionError> {
                let from = self.state;
                #refuse_ended_step
                let transition = select(from, event, guards)?;
                let to = match transition.target {
                    Target::State(state) => state,
                    Target::Internal => from,
                    #history_arm
                };
                self.enter(to);
                ::core::result::Result::Ok(Step { from, to, transition })
            }

            /// Like [`Machine::step`], returning only the new state.
            ///
            /// # Errors
            ///
            /// A [`TransitionError`] saying the state, the event and why it was refused.
            pub fn fire<G: Guards + ?::core::marker::Sized>(
                &mut self,
                event: Event,
                guards: &G,
            ) -> ::core::result::Result<State, TransitionError> {
                self.step(event, guards).map(|step| step.to)
            }

            #fault_api

            #expire_api

            #enter
        }

        #expired_type

        /// What one fired event did.
        #derive
        pub struct Step {
            /// The state before.
            pub from: State,
            /// The state after (the same as `from` for an internal transition).
            pub to: State,
            /// The transition that fired.
            pub transition: &'static Transition,
        }

        impl Step {
            /// Whether the target state was entered (anew, for a self-transition): every
            /// timeout of [`Step::to`] starts again. False for an internal transition.
            #[must_use]
            pub fn entered(&self) -> bool {
                self.transition.target != Target::Internal
            }

            /// Whether `timeout` (one of [`Step::to`]'s) starts again: the state was entered,
            /// or the event is one of the timeout's `reset_by` events.
            #[must_use]
            pub fn restarts(&self, timeout: &Timeout) -> bool {
                self.entered() || timeout.is_reset_by(self.transition.event)
            }
        }
    }
}

/// `Machine::expire`, `Machine::is_ended` and the `Expired` step (rules S7 and S9), for specs
/// with timeouts.
fn expiry(cx: &Cx) -> Option<(TokenStream, TokenStream)> {
    if !cx.has_timeouts {
        return None;
    }
    let derive = derives();
    let api = quote! {
        /// Applies the expiry of the timeout at `index` of [`State::timeouts`] of the current
        /// state (rule S7): a `to` timeout moves the machine (the fault state remembers where
        /// it came from, as for a transition), an `end` timeout ends the lifecycle, and a
        /// `notify` timeout changes nothing. Keeping time is the caller's business: call it
        /// when the timeout's clock, restarted as [`Step::restarts`] says, reaches
        /// [`Timeout::after`].
        ///
        /// # Errors
        ///
        /// [`Refusal::NoTimeout`] when the state has no timeout at `index`, and
        /// [`Refusal::Ended`] once the lifecycle has ended.
        pub fn expire(&mut self, index: usize) -> ::core::result::Result<Expired, Refusal> {
            if self.ended {
                return ::core::result::Result::Err(Refusal::Ended);
            }
            let from = self.state;
            let ::core::option::Option::Some(timeout) = from.timeouts().get(index) else {
                return ::core::result::Result::Err(Refusal::NoTimeout(index));
            };
            match timeout.expiry {
                Expiry::Transition(to) => self.enter(to),
                Expiry::End(_) => self.ended = true,
                Expiry::Notify(_) => {}
            }
            ::core::result::Result::Ok(Expired { from, to: self.state, index, timeout })
        }

        /// Whether an `end` timeout has ended the lifecycle: every event is then refused
        /// with [`Refusal::Ended`] (rule S9).
        #[must_use]
        pub const fn is_ended(self) -> bool {
            self.ended
        }
    };
    let ty = quote! {
        /// What one expired timeout did ([`Machine::expire`]).
        #derive
        pub struct Expired {
            /// The state whose timeout expired.
            pub from: State,
            /// The state after (the same as `from` unless the timeout moves the machine).
            pub to: State,
            /// The timeout's index in [`State::timeouts`] of `from`.
            pub index: usize,
            /// The timeout.
            pub timeout: &'static Timeout,
        }

        impl Expired {
            /// Whether the timeout moved the machine, entering [`Expired::to`]: every timeout
            /// of that state starts again.
            #[must_use]
            pub fn entered(&self) -> bool {
                ::core::matches!(self.timeout.expiry, Expiry::Transition(_))
            }

            /// Whether the timeout ended the lifecycle.
            #[must_use]
            pub fn ended(&self) -> bool {
                ::core::matches!(self.timeout.expiry, Expiry::End(_))
            }

            /// Whether `timeout` (one of [`Expired::to`]'s) starts again: the state was
            /// entered.
            #[must_use]
            pub fn restarts(&self, timeout: &Timeout) -> bool {
                let _ = timeout;
                self.entered()
            }
        }
    };
    Some((api, ty))
}

fn errors(cx: &Cx) -> TokenStream {
    let guard_failed = cx.has_guards.then(|| {
        (
            quote! {
                /// The guard that failed first on the first transition tried.
                GuardFailed(Guard),
            },
            quote! {
                Refusal::GuardFailed(guard) => ::core::write!(f, "guard `{}` does not hold", guard.name()),
            },
        )
    });
    let fault = cx.has_fault.then(|| {
        (
            quote! {
                /// The transition returns to the state the fault state was entered from, and the
                /// machine does not know it (it was created with [`Machine::at`]).
                UnknownHistory,
                /// [`Machine::resume_to`] was asked for a state the fault state cannot resume to.
                CannotResumeTo(State),
            },
            quote! {
                Refusal::UnknownHistory => f.write_str("the state it faulted from is unknown"),
                Refusal::CannotResumeTo(to) => ::core::write!(f, "it cannot resume to `{}`", to.name()),
            },
        )
    });
    let timeouts = cx.has_timeouts.then(|| {
        (
            quote! {
                /// [`Machine::expire`] was asked for a timeout the state does not have.
                NoTimeout(usize),
                /// An `end` timeout has ended the lifecycle: nothing happens any more.
                Ended,
            },
            quote! {
                Refusal::NoTimeout(index) => ::core::write!(f, "the state has no timeout #{}", index),
                Refusal::Ended => f.write_str("the lifecycle has ended"),
            },
        )
    });
    let (guard_variant, guard_arm) = guard_failed.unzip();
    let (fault_variants, fault_arms) = fault.unzip();
    let (timeout_variants, timeout_arms) = timeouts.unzip();
    let derive = derives();
    quote! {
        /// Why an event was refused.
        #derive
        pub enum Refusal {
            /// The state has no transition on the event.
            NoTransition,
            #guard_variant
            #fault_variants
            #timeout_variants
        }

        impl ::core::fmt::Display for Refusal {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match *self {
                    Refusal::NoTransition => f.write_str("no transition handles it there"),
                    #guard_arm
                    #fault_arms
                    #timeout_arms
                }
            }
        }

        /// An event the lifecycle refused: in which state, which event, and why.
        #derive
        pub struct TransitionError {
            /// The state the machine was (and stays) in.
            pub state: State,
            /// The refused event.
            pub event: Event,
            /// Why.
            pub refusal: Refusal,
        }

        impl ::core::fmt::Display for TransitionError {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::write!(
                    f,
                    "{} refused event `{}` in state `{}`: {}",
                    NAME,
                    self.event.name(),
                    self.state.name(),
                    self.refusal
                )
            }
        }

        impl ::core::error::Error for TransitionError {}
    }
}

fn timeout(cx: &Cx, t: &machine_core::model::Timeout) -> TokenStream {
    let secs = int(t.after.seconds);
    let text = string(&t.after.text);
    let expiry = match &t.expiry {
        Expiry::Transition(s) => {
            let s = cx.state(*s);
            quote! { Expiry::Transition(#s) }
        }
        Expiry::End(how) => {
            let how = string(how);
            quote! { Expiry::End(#how) }
        }
        Expiry::Notify(who) => {
            let who = string(who);
            quote! { Expiry::Notify(#who) }
        }
    };
    let reset = t.reset_by.iter().map(|&e| cx.event(e));
    let doc = string(&t.doc);
    quote! {
        Timeout {
            after: ::core::time::Duration::from_secs(#secs),
            after_text: #text,
            expiry: #expiry,
            reset_by: &[#(#reset),*],
            doc: #doc,
        }
    }
}

fn timeouts(cx: &Cx) -> TokenStream {
    let derive = derives();
    let _ = cx;
    quote! {
        /// How long a state may last, and what happens then. The clock starts when the state
        /// is entered (see [`Step::restarts`]).
        #derive
        pub struct Timeout {
            /// How long.
            pub after: ::core::time::Duration,
            /// How long, as the spec writes it (`14d`).
            pub after_text: &'static str,
            /// What happens then.
            pub expiry: Expiry,
            /// Events that restart the clock while the state lasts.
            pub reset_by: &'static [Event],
            /// What the timeout means, from the spec (may be empty).
            pub doc: &'static str,
        }

        impl Timeout {
            /// Whether `event` restarts this timeout's clock.
            #[must_use]
            pub fn is_reset_by(&self, event: Event) -> bool {
                self.reset_by.contains(&event)
            }
        }

        /// What happens when a timeout expires.
        #derive
        pub enum Expiry {
            /// The machine moves to this state.
            Transition(State),
            /// The lifecycle ends (the object is deleted); the text says how.
            End(&'static str),
            /// Someone is notified and the state stays; the text says who.
            Notify(&'static str),
        }
    }
}
