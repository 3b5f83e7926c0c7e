//! The spec as written: the types a YAML spec file is read into, with the position of every
//! name. `spec/machine.schema.json` is generated from these types, so their rustdoc is
//! also the help text editors show.
//!
//! Nothing here is resolved or checked yet; see [`crate::lower`] for that.

use crate::spanned::{Map, Names, Spanned};

/// A lifecycle spec: one state machine.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "Spec"))]
#[cfg_attr(feature = "schema", schemars(title = "machine lifecycle spec"))]
pub struct Spec {
    /// The machine's name, in `UpperCamelCase` (`Job`). Generated Rust lives in a module of
    /// the caller's choice; this name titles docs and diagrams.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::shapes::Name"))]
    pub machine: Spanned<String>,
    /// What the machine describes. Becomes the module's rustdoc and the diagram's caption.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Text")
    )]
    pub doc: Option<Spanned<String>>,
    /// How wire names are read: `exact` (the default), or `insensitive` to ignore case
    /// (`CLOSED`, `closed` and `Closed` all parse).
    #[cfg_attr(feature = "schema", schemars(default, with = "WireCase"))]
    pub wire_case: Option<WireCase>,
    /// Where the lifecycle starts: one state (`initial: Creating`), or several named starts
    /// (`initial: { import: Specified, export: Received }`).
    pub initial: Initial,
    /// The states, in the order they are shown. Keys are the state names.
    #[cfg_attr(feature = "schema", schemars(extend("minProperties" = 1)))]
    pub states: Map<StateDef>,
    /// The events that move the machine. Keys are the event names.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub events: Map<EventDef>,
    /// Named conditions a transition may require. Keys are the guard names (`snake_case`);
    /// each becomes a method of the generated `Guards` trait.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub guards: Map<GuardDef>,
    /// Named effects: keys are the action names (`snake_case`); each becomes a method of
    /// the generated `Actions` trait, run by states' `entry:`/`exit:` and transitions'
    /// `actions:`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub actions: Map<ActionDef>,
    /// Named durations whose values the user's code supplies: keys are the names
    /// (`snake_case`); a timeout's `after:` may name one, and each becomes a method of the
    /// generated `Durations` trait.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub durations: Map<DurationDef>,
    /// The transitions. For one state and event they are tried in the order written here.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub transitions: Vec<TransitionDef>,
    /// The fault state: entered from every non-final state, left back to where it came from.
    #[cfg_attr(feature = "schema", schemars(default, with = "FaultDef"))]
    pub fault: Option<FaultDef>,
    /// The error (incident) table: things that go wrong, where, and how they are resolved.
    /// Keys are incident names.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub incidents: Map<IncidentDef>,
    /// Timers that span a set of states (rule S14): each clock starts when the machine enters
    /// one of its states from outside the set, keeps running while it moves between them,
    /// and stops when it leaves the set.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub timers: Vec<SpanningTimerDef>,
}

/// How wire names are compared when a string is parsed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename_all = "lowercase"))]
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

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Initial {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Initial".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let name = generator.subschema_for::<crate::schema::shapes::Name>();
        schemars::json_schema!({
            "description": "A state name, or a mapping from start names to state names.",
            "anyOf": [
                name,
                {
                    "type": "object",
                    "propertyNames": name,
                    "additionalProperties": name,
                    "minProperties": 1,
                },
            ],
        })
    }
}

/// One state.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "StateDef"))]
#[cfg_attr(
    feature = "schema",
    schemars(extend(
        "if" = { "properties": { "parallel": { "const": true } }, "required": ["parallel"] },
        "then" = { "required": ["states"], "not": { "required": ["initial"] } },
        "else" = { "dependentRequired": { "states": ["initial"], "initial": ["states"] } }
    ))
)]
pub struct StateDef {
    /// What the state means. Becomes rustdoc and the text of the state table.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Text")
    )]
    pub doc: Option<Spanned<String>>,
    /// The string the REST API uses for this state, when it differs from the name; or a
    /// list of them: the first is what `Display` writes, and every one of them parses.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::WireNames")
    )]
    pub wire: Option<Names>,
    /// A final state ends the lifecycle: no transition may leave it.
    #[cfg_attr(feature = "schema", schemars(default, rename = "final", with = "bool"))]
    pub is_final: Option<Spanned<bool>>,
    /// `true`: the states inside this one are regions, all active at once (rules S22 to
    /// S29). Each region is a compound state with its own `initial:`; a parallel state has no
    /// `initial:` of its own.
    #[cfg_attr(feature = "schema", schemars(default, with = "bool"))]
    pub parallel: Option<Spanned<bool>>,
    /// Actions run, in order, each time the state is entered (rule S12).
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Actions")
    )]
    pub entry: Names,
    /// Actions run, in order, each time the state is left (rule S12).
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Actions")
    )]
    pub exit: Names,
    /// What happens when the machine stays in this state too long.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub timeouts: Vec<StateTimeoutDef>,
    /// Checks waived for this state, each with the reason: `allow: { trap-state: "..." }`.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Waivers")
    )]
    pub allow: Map<Spanned<String>>,
    /// The child entered first when the machine enters this state: required when the state
    /// has `states:` of its own (a compound state), refused otherwise.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Name")
    )]
    pub initial: Option<Spanned<String>>,
    /// The states inside this one: with them it is a compound state. The machine is always
    /// in one state without children, and in every state around it; a transition or timeout
    /// written on a compound state applies in every state inside it (rules S16 to S18).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub states: Map<StateDef>,
    /// The history states of this compound state (rule S19), by name: a transition or a
    /// timeout to one returns to where the machine was when it last left this state.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "Map<crate::schema::shapes::History>")
    )]
    pub history: Map<HistoryDef>,
}

/// A history state of a compound state (rule S19): `Name: shallow`, `Name: deep`, or
/// `Name: { type: deep, default: State, doc: ... }`.
#[derive(Clone, Debug)]
pub struct HistoryDef {
    /// `deep` (the atomic state it was in) rather than `shallow` (the state directly inside).
    pub deep: Spanned<bool>,
    /// The state entered when the compound state was never left; its `initial:` when absent.
    pub default: Option<Spanned<String>>,
    /// What it means.
    pub doc: Option<Spanned<String>>,
}

/// A state of the tree, as [`Spec::state_tree`] lists them.
#[derive(Clone, Debug)]
pub struct TreeState<'s> {
    /// Its name, as written.
    pub name: &'s Spanned<String>,
    /// Its declaration.
    pub def: &'s StateDef,
    /// The position of its parent in the list; `None` for a state of the top level.
    pub parent: Option<usize>,
}

impl Spec {
    /// Every state of the tree in document order: each state before the states inside it,
    /// which come before its next sibling (the order of SCXML documents). This order numbers
    /// the states of the model.
    pub fn state_tree(&self) -> Vec<TreeState<'_>> {
        fn walk<'s>(map: &'s Map<StateDef>, parent: Option<usize>, out: &mut Vec<TreeState<'s>>) {
            for (name, def) in map.iter() {
                let at = out.len();
                out.push(TreeState { name, def, parent });
                walk(&def.states, Some(at), out);
            }
        }
        let mut out = Vec::new();
        walk(&self.states, None, &mut out);
        out
    }
}

/// One event.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "EventDef"))]
pub struct EventDef {
    /// What happened. Becomes rustdoc.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Text")
    )]
    pub doc: Option<Spanned<String>>,
    /// The string used for this event on the wire, when it differs from the name; or a list
    /// of them: the first is what `Display` writes, and every one of them parses.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::WireNames")
    )]
    pub wire: Option<Names>,
}

/// One action: a named effect the user's code performs.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "ActionDef"))]
pub struct ActionDef {
    /// What the action does. Becomes the rustdoc of the action method.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Text")
    )]
    pub doc: Option<Spanned<String>>,
}

/// One guard: a named condition.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "GuardDef"))]
pub struct GuardDef {
    /// When the guard holds. Becomes the rustdoc of the guard method.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Text")
    )]
    pub doc: Option<Spanned<String>>,
}

/// One named duration: its value comes from the user's code (`Durations`).
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "DurationDef"))]
pub struct DurationDef {
    /// What the duration is. Becomes the rustdoc of its method.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Text")
    )]
    pub doc: Option<Spanned<String>>,
    /// Named durations this one is always shorter than (`t1: { shorter_than: t2 }`): the
    /// checks, the test paths and `machine run` use the order. A name or a list.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::NameList")
    )]
    pub shorter_than: Names,
}

/// One transition, or one per source state when `from` lists several.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "TransitionDef"))]
#[cfg_attr(feature = "schema", schemars(extend(
    // `to:`, or `internal: true` without `to:`; `except:` only with `from: "*"`.
    "if" = { "properties": { "internal": { "const": true } }, "required": ["internal"] },
    "then" = { "not": { "required": ["to"] } },
    "else" = { "required": ["to"] },
    "dependentSchemas" = { "except": { "properties": { "from": { "const": "*" } } } },
    // Exactly one trigger: an event, `always: true` or `done: true`.
    "oneOf" = [{ "required": ["on"] }, { "required": ["always"] }, { "required": ["done"] }],
)))]
pub struct TransitionDef {
    /// The source state, a list of them, or `"*"` for every non-final state except the
    /// fault state.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::shapes::From"))]
    pub from: Names,
    /// With `from: "*"`: states left out of it.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::NameList")
    )]
    pub except: Option<Names>,
    /// The event that fires the transition, or a list of them (one transition per event).
    /// Empty for an eventless or a completion transition (`always:`, `done:`).
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::NonEmptyNames")
    )]
    pub on: Names,
    /// `true`: an eventless transition, taken after a step as soon as its guards hold
    /// (rule S21), instead of `on:`.
    #[cfg_attr(feature = "schema", schemars(default, with = "bool"))]
    pub always: Option<Spanned<bool>>,
    /// `true`: taken when `from`, a compound state, completes: a step entered a final state
    /// directly inside it (rule S20), instead of `on:`.
    #[cfg_attr(feature = "schema", schemars(default, with = "bool"))]
    pub done: Option<Spanned<bool>>,
    /// The target state. A transition to its own source is a self-transition: the state is
    /// left and entered again, which restarts its timeouts.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Name")
    )]
    pub to: Option<Spanned<String>>,
    /// An internal transition handles the event without leaving the state (no `to`).
    #[cfg_attr(feature = "schema", schemars(default, with = "bool"))]
    pub internal: Option<Spanned<bool>>,
    /// Guards that must all hold for the transition to fire, and guards written `"!name"`
    /// (quoted) that must not (rule S15). When they don't, the next transition on the same
    /// state and event is tried; when none is left, the event is refused and the error names
    /// the guard that failed.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Guards")
    )]
    pub guard: Option<Names>,
    /// Actions run, in order, when the transition fires: after the source state's `exit:`
    /// and before the target's `entry:` (rule S12).
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Actions")
    )]
    pub actions: Names,
    /// The timers this transition restarts, by name, instead of those whose `reset_by` lists
    /// its event (rule S6); `[]` restarts none. Entering a state still restarts its timeouts.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::NameList")
    )]
    pub restarts: Option<Names>,
    /// What the transition means.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Text")
    )]
    pub doc: Option<Spanned<String>>,
}

/// What happens after a state has lasted `after`.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "TimeoutDef"))]
#[cfg_attr(feature = "schema", schemars(extend(
    // Exactly one expiry.
    "oneOf" = [{ "required": ["to"] }, { "required": ["end"] }, { "required": ["notify"] }],
)))]
pub struct TimeoutDef {
    /// How long: a whole number and a unit, `s`, `m`, `h`, `d` or `w` (`14d`, `2w`, `90d`),
    /// or the name of a duration declared under `durations:`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::shapes::After"))]
    pub after: Spanned<String>,
    /// At expiry the machine moves to this state (for a timer under `timers:`, one outside
    /// its set), or to this history state (rule S19), as a transition to it would.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Name")
    )]
    pub to: Option<Spanned<String>>,
    /// At expiry the lifecycle ends (the object is deleted); the text says how.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Text")
    )]
    pub end: Option<Spanned<String>>,
    /// At expiry someone is notified and the machine stays where it is; the text says who.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Text")
    )]
    pub notify: Option<Spanned<String>>,
    /// Events that restart the clock: while the machine stays in the state, or, for a timer
    /// under `timers:`, when they fire in a state of its set.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::NameList")
    )]
    pub reset_by: Names,
    /// Guards that must all hold when the timer expires, and guards written `"!name"`
    /// (quoted) that must not (rule S15), asked in order (rule S7); when one fails the expiry
    /// does nothing, and a later timeout due at the same instant may fire.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Guards")
    )]
    pub guard: Option<Names>,
    /// Actions run, in order, when the timer expires: after the `exit:` actions of the state
    /// it leaves and before the `entry:` actions of the one it enters (rule S12).
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Actions")
    )]
    pub actions: Names,
    /// What the timeout (or timer) means.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Text")
    )]
    pub doc: Option<Spanned<String>>,
}

/// A timeout of one state.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "StateTimeoutDef"))]
pub struct StateTimeoutDef {
    /// Its name, in `UpperCamelCase`: its variant of the generated `Timer` enum and what
    /// `expire(...)` names in a `machine run` script. Without it, the timer is named after its
    /// state (`Creating`, or `Pending #2` when the state has several).
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Name")
    )]
    pub name: Option<Spanned<String>>,
    /// How long, and what happens at expiry.
    #[cfg_attr(feature = "schema", schemars(flatten))]
    pub expiry: TimeoutDef,
}

/// A timer whose clock runs across a set of states.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "SpanningTimerDef"))]
pub struct SpanningTimerDef {
    /// Its name, in `UpperCamelCase`: its variant of the generated `Timer` enum.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::shapes::Name"))]
    pub name: Spanned<String>,
    /// The states the clock runs across (at least one).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::schema::shapes::NonEmptyNames")
    )]
    pub states: Names,
    /// How long, and what happens at expiry: the keys of a state's timeout. A `to:` state
    /// must be outside the set; `reset_by:` events restart the clock when they fire in a state
    /// of the set.
    #[cfg_attr(feature = "schema", schemars(flatten))]
    pub expiry: TimeoutDef,
}

/// The fault state and how it is entered and left.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "FaultDef"))]
pub struct FaultDef {
    /// The fault state (declared under `states`).
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::shapes::Name"))]
    pub state: Spanned<String>,
    /// The event that enters the fault state, from every non-final state.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::shapes::Name"))]
    pub on: Spanned<String>,
    /// The event that leaves the fault state, back to the state it was entered from.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::shapes::Name"))]
    pub resume: Spanned<String>,
    /// Other states the resolution may move to instead of the one it came from.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::NameList")
    )]
    pub resume_to: Names,
}

/// One row of an error table.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "IncidentDef"))]
#[cfg_attr(feature = "schema", schemars(extend(
    // Some state (or `no_state:`), and a transition only from listed states.
    "anyOf" = [
        { "required": ["no_state"] },
        { "required": ["in"], "properties": { "in": { "minItems": 1 } } },
    ],
    "dependentSchemas" = {
        "transition": { "required": ["in"], "properties": { "in": { "minItems": 1 } } },
    },
)))]
pub struct IncidentDef {
    /// The states the incident can happen in.
    #[cfg_attr(
        feature = "schema",
        schemars(default, rename = "in", with = "crate::schema::shapes::NameList")
    )]
    pub states: Names,
    /// The incident can also happen when there is no state (the object is unknown to the
    /// service); the text is how the table shows that, e.g. `Undefined` or `N/A`.
    #[cfg_attr(
        feature = "schema",
        schemars(default, with = "crate::schema::shapes::Text")
    )]
    pub no_state: Option<Spanned<String>>,
    /// What happened.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::shapes::Text"))]
    pub event: Spanned<String>,
    /// How it is resolved, and what follows.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::shapes::Text"))]
    pub resolution: Spanned<String>,
    /// The transition the resolution makes, from each state in `in`.
    #[cfg_attr(feature = "schema", schemars(default, with = "IncidentTransitionDef"))]
    pub transition: Option<IncidentTransitionDef>,
}

/// The transition an incident's resolution makes.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
#[cfg_attr(feature = "schema", schemars(rename = "IncidentTransitionDef"))]
pub struct IncidentTransitionDef {
    /// The event that records the resolution.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::shapes::Name"))]
    pub on: Spanned<String>,
    /// The state the resolution moves to.
    #[cfg_attr(feature = "schema", schemars(with = "crate::schema::shapes::Name"))]
    pub to: Spanned<String>,
}

/// Which mapping of a spec a struct of this module is, so that loading's messages name it
/// ("unknown key `guards` in a transition").
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
    /// [`HistoryDef`].
    History,
}
