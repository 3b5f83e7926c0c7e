//! The spec as written: the serde types a YAML spec file deserializes into, with the position
//! of every name. `spec/machine.schema.json` is generated from these types, so their rustdoc is
//! also the help text editors show.
//!
//! Nothing here is resolved or checked yet; see [`crate::lower`] for that.

use std::cell::Cell;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::spanned::{Map, Names, Spanned, span_of};

/// A lifecycle spec: one state machine.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Spec"))]
#[cfg_attr(feature = "schema", schemars(title = "machine lifecycle spec"))]
pub struct Spec {
    /// The machine's name, in `UpperCamelCase` (`Job`). Generated Rust lives in a module of
    /// the caller's choice; this name titles docs and diagrams.
    pub machine: Spanned<String>,
    /// What the machine describes. Becomes the module's rustdoc and the diagram's caption.
    #[serde(default)]
    pub doc: Option<Spanned<String>>,
    /// How wire names are read: `exact` (the default), or `insensitive` to ignore case
    /// (`CLOSED`, `closed` and `Closed` all parse).
    #[serde(default)]
    pub wire_case: Option<WireCase>,
    /// Where the lifecycle starts: one state (`initial: Creating`), or several named starts
    /// (`initial: { import: Specified, export: Received }`).
    pub initial: Initial,
    /// The states, in the order they are shown. Keys are the state names.
    pub states: Map<StateDef>,
    /// The events that move the machine. Keys are the event names.
    #[serde(default)]
    pub events: Map<EventDef>,
    /// Named conditions a transition may require. Keys are the guard names (`snake_case`);
    /// each becomes a method of the generated `Guards` trait.
    #[serde(default)]
    pub guards: Map<GuardDef>,
    /// Named effects: keys are the action names (`snake_case`); each becomes a method of
    /// the generated `Actions` trait, run by states' `entry:`/`exit:` and transitions'
    /// `actions:`.
    #[serde(default)]
    pub actions: Map<ActionDef>,
    /// Named durations whose values the user's code supplies: keys are the names
    /// (`snake_case`); a timeout's `after:` may name one, and each becomes a method of the
    /// generated `Durations` trait.
    #[serde(default)]
    pub durations: Map<DurationDef>,
    /// The transitions. For one state and event they are tried in the order written here.
    #[serde(default)]
    pub transitions: Vec<TransitionDef>,
    /// The fault state: entered from every non-final state, left back to where it came from.
    #[serde(default)]
    pub fault: Option<FaultDef>,
    /// The error (incident) table: things that go wrong, where, and how they are resolved.
    /// Keys are incident names.
    #[serde(default)]
    pub incidents: Map<IncidentDef>,
    /// Timers that span a set of states (rule S14): each clock starts when the machine enters
    /// one of its states from outside the set, keeps running while it moves between them,
    /// and stops when it leaves the set.
    #[serde(default)]
    pub timers: Vec<SpanningTimerDef>,
}

/// How wire names are compared when a string is parsed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum WireCase {
    /// The string must be written exactly as the wire name.
    #[default]
    Exact,
    /// Case is ignored (Unicode lowercase of each character).
    Insensitive,
}

/// The initial state(s): a state name, or a mapping from start names to state names.
#[derive(Clone, Debug)]
pub enum Initial {
    /// `initial: Creating`.
    One(Spanned<String>),
    /// `initial: { import: Specified, export: Received }`.
    Named(Map<Spanned<String>>),
}

impl<'de> Deserialize<'de> for Initial {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        enum Raw {
            One(String),
            Named(Vec<(Spanned<String>, Spanned<String>)>),
        }
        struct RawVisitor;
        impl<'de> Visitor<'de> for RawVisitor {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a state name, or a mapping from start names to state names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
                Ok(Raw::One(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Raw, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = access.next_key::<Spanned<String>>()? {
                    entries.push((key, access.next_value()?));
                }
                Ok(Raw::Named(entries))
            }
        }
        impl<'de> Deserialize<'de> for Raw {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any(RawVisitor)
            }
        }
        let raw = serde_saphyr::Spanned::<Raw>::deserialize(deserializer)?;
        Ok(match raw.value {
            Raw::One(name) => Initial::One(Spanned::new(name, span_of(&raw.referenced))),
            Raw::Named(entries) => Initial::Named(Map {
                entries,
                span: span_of(&raw.referenced),
            }),
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Initial {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Initial".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A state name, or a mapping from start names to state names.",
            "anyOf": [
                { "type": "string" },
                { "type": "object", "additionalProperties": { "type": "string" } },
            ],
        })
    }
}

/// One state.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "StateDef"))]
pub struct StateDef {
    /// What the state means. Becomes rustdoc and the text of the state table.
    #[serde(default)]
    pub doc: Option<Spanned<String>>,
    /// The string the REST API uses for this state, when it differs from the name; or a
    /// list of them: the first is what `Display` writes, and every one of them parses.
    #[serde(default)]
    pub wire: Option<Names>,
    /// A final state ends the lifecycle: no transition may leave it.
    #[serde(default, rename = "final")]
    pub is_final: Option<Spanned<bool>>,
    /// Actions run, in order, each time the state is entered (rule S12).
    #[serde(default)]
    pub entry: Names,
    /// Actions run, in order, each time the state is left (rule S12).
    #[serde(default)]
    pub exit: Names,
    /// What happens when the machine stays in this state too long.
    #[serde(default)]
    pub timeouts: Vec<TimeoutDef>,
    /// Checks waived for this state, each with the reason: `allow: { trap-state: "..." }`.
    #[serde(default)]
    pub allow: Map<Spanned<String>>,
}

/// One event.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "EventDef"))]
pub struct EventDef {
    /// What happened. Becomes rustdoc.
    #[serde(default)]
    pub doc: Option<Spanned<String>>,
    /// The string used for this event on the wire, when it differs from the name; or a list
    /// of them: the first is what `Display` writes, and every one of them parses.
    #[serde(default)]
    pub wire: Option<Names>,
}

/// One action: a named effect the user's code performs.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ActionDef"))]
pub struct ActionDef {
    /// What the action does. Becomes the rustdoc of the action method.
    #[serde(default)]
    pub doc: Option<Spanned<String>>,
}

/// One guard: a named condition.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "GuardDef"))]
pub struct GuardDef {
    /// When the guard holds. Becomes the rustdoc of the guard method.
    #[serde(default)]
    pub doc: Option<Spanned<String>>,
}

/// One named duration: its value comes from the user's code (`Durations`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "DurationDef"))]
pub struct DurationDef {
    /// What the duration is. Becomes the rustdoc of its method.
    #[serde(default)]
    pub doc: Option<Spanned<String>>,
}

/// One transition, or one per source state when `from` lists several.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "TransitionDef"))]
pub struct TransitionDef {
    /// The source state, a list of them, or `"*"` for every non-final state except the
    /// fault state.
    pub from: Names,
    /// With `from: "*"`: states left out of it.
    #[serde(default)]
    pub except: Option<Names>,
    /// The event that fires the transition, or a list of them (one transition per event).
    pub on: Names,
    /// The target state. A transition to its own source is a self-transition: the state is
    /// left and entered again, which restarts its timeouts.
    #[serde(default)]
    pub to: Option<Spanned<String>>,
    /// An internal transition handles the event without leaving the state (no `to`).
    #[serde(default)]
    pub internal: Option<Spanned<bool>>,
    /// Guards that must all hold for the transition to fire. When they don't, the next
    /// transition on the same state and event is tried; when none is left, the event is
    /// refused and the error names the guard that failed.
    #[serde(default)]
    pub guard: Option<Names>,
    /// Actions run, in order, when the transition fires: after the source state's `exit:`
    /// and before the target's `entry:` (rule S12).
    #[serde(default)]
    pub actions: Names,
    /// What the transition means.
    #[serde(default)]
    pub doc: Option<Spanned<String>>,
}

/// What happens after a state has lasted `after`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "TimeoutDef"))]
pub struct TimeoutDef {
    /// How long: a whole number and a unit, `s`, `m`, `h`, `d` or `w` (`14d`, `2w`, `90d`),
    /// or the name of a duration declared under `durations:`.
    pub after: Spanned<String>,
    /// At expiry the machine moves to this state.
    #[serde(default)]
    pub to: Option<Spanned<String>>,
    /// At expiry the lifecycle ends (the object is deleted); the text says how.
    #[serde(default)]
    pub end: Option<Spanned<String>>,
    /// At expiry someone is notified and the state stays; the text says who.
    #[serde(default)]
    pub notify: Option<Spanned<String>>,
    /// Events that restart the clock while the machine stays in the state.
    #[serde(default)]
    pub reset_by: Names,
    /// What the timeout means.
    #[serde(default)]
    pub doc: Option<Spanned<String>>,
}

/// A timer whose clock runs across a set of states.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "SpanningTimerDef"))]
pub struct SpanningTimerDef {
    /// Its name, in `UpperCamelCase`: its variant of the generated `Timer` enum.
    pub name: Spanned<String>,
    /// The states the clock runs across (at least one).
    pub states: Names,
    /// How long: a whole number and a unit, `s`, `m`, `h`, `d` or `w` (`14d`, `2w`, `90d`),
    /// or the name of a duration declared under `durations:`.
    pub after: Spanned<String>,
    /// At expiry the machine moves to this state, which must be outside the set.
    #[serde(default)]
    pub to: Option<Spanned<String>>,
    /// At expiry the lifecycle ends (the object is deleted); the text says how.
    #[serde(default)]
    pub end: Option<Spanned<String>>,
    /// At expiry someone is notified and the machine stays; the text says who.
    #[serde(default)]
    pub notify: Option<Spanned<String>>,
    /// Events that restart the clock when they fire in a state of the set.
    #[serde(default)]
    pub reset_by: Names,
    /// What the timer means.
    #[serde(default)]
    pub doc: Option<Spanned<String>>,
}

/// The fault state and how it is entered and left.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "FaultDef"))]
pub struct FaultDef {
    /// The fault state (declared under `states`).
    pub state: Spanned<String>,
    /// The event that enters the fault state, from every non-final state.
    pub on: Spanned<String>,
    /// The event that leaves the fault state, back to the state it was entered from.
    pub resume: Spanned<String>,
    /// Other states the resolution may move to instead of the one it came from.
    #[serde(default)]
    pub resume_to: Names,
}

/// One row of an error table.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "IncidentDef"))]
pub struct IncidentDef {
    /// The states the incident can happen in.
    #[serde(default, rename = "in")]
    pub states: Names,
    /// The incident can also happen when there is no state (the object is unknown to the
    /// service); the text is how the table shows that, e.g. `Undefined` or `N/A`.
    #[serde(default)]
    pub no_state: Option<Spanned<String>>,
    /// What happened.
    pub event: Spanned<String>,
    /// How it is resolved, and what follows.
    pub resolution: Spanned<String>,
    /// The transition the resolution makes, from each state in `in`.
    #[serde(default)]
    pub transition: Option<IncidentTransitionDef>,
}

/// The transition an incident's resolution makes.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "IncidentTransitionDef"))]
pub struct IncidentTransitionDef {
    /// The event that records the resolution.
    pub on: Spanned<String>,
    /// The state the resolution moves to.
    pub to: Spanned<String>,
}

/// Which mapping of a spec a struct of this module is. Loading records the innermost one an
/// error happened in, so that messages name it ("unknown key `guards` in a transition") from
/// the type being deserialized rather than from its list of keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// [`Spec`]: the top level.
    Spec,
    /// [`StateDef`].
    State,
    /// [`EventDef`].
    Event,
    /// [`GuardDef`].
    Guard,
    /// [`ActionDef`].
    Action,
    /// [`DurationDef`].
    Duration,
    /// [`TransitionDef`].
    Transition,
    /// [`TimeoutDef`].
    Timeout,
    /// [`SpanningTimerDef`].
    Timer,
    /// [`FaultDef`].
    Fault,
    /// [`IncidentDef`].
    Incident,
    /// [`IncidentTransitionDef`].
    IncidentTransition,
}

thread_local! {
    /// The innermost section whose deserialization failed, until loading takes it.
    static FAILED_IN: Cell<Option<Section>> = const { Cell::new(None) };
}

/// Takes (and forgets) the innermost section whose deserialization failed on this thread.
pub(crate) fn take_failed_section() -> Option<Section> {
    FAILED_IN.with(Cell::take)
}

/// Each struct deserializes through serde's derived code (`remote = "Self"` makes it an
/// inherent function) and, when that fails, records its section. An error leaves the
/// innermost struct first, so the first record is the mapping the error is in.
macro_rules! deserialize_recording_section {
    ($($ty:ident => $section:ident,)*) => {$(
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let result = $ty::deserialize(deserializer);
                if result.is_err() {
                    FAILED_IN.with(|failed| {
                        if failed.get().is_none() {
                            failed.set(Some(Section::$section));
                        }
                    });
                }
                result
            }
        }
    )*};
}

deserialize_recording_section! {
    Spec => Spec,
    StateDef => State,
    EventDef => Event,
    GuardDef => Guard,
    ActionDef => Action,
    DurationDef => Duration,
    TransitionDef => Transition,
    TimeoutDef => Timeout,
    SpanningTimerDef => Timer,
    FaultDef => Fault,
    IncidentDef => Incident,
    IncidentTransitionDef => IncidentTransition,
}
