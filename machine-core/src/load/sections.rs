//! Each mapping of a spec, read from its YAML node into the AST type of [`crate::ast`]: the
//! keys each one has, which are required, and what each value must be.

use super::read::{Entry, Fields, Read, Reader, Reported, Subject};
use super::yaml::{Kind, Node};
use crate::ast::{
    ActionDef, DurationDef, EventDef, FaultDef, GuardDef, HistoryDef, IncidentDef,
    IncidentTransitionDef, Initial, Section, SpanningTimerDef, Spec, StateDef, StateTimeoutDef,
    TimeoutDef, TransitionDef, WireCase,
};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::spanned::Spanned;

/// The keys of each mapping, in the order the docs list them.
const SPEC_KEYS: &[&str] = &[
    "machine",
    "doc",
    "wire_case",
    "initial",
    "states",
    "events",
    "guards",
    "actions",
    "durations",
    "transitions",
    "fault",
    "incidents",
    "timers",
];
const STATE_KEYS: &[&str] = &[
    "doc", "wire", "final", "parallel", "entry", "exit", "timeouts", "allow", "initial", "states",
    "history",
];
const HISTORY_KEYS: &[&str] = &["type", "default", "doc"];
const EVENT_KEYS: &[&str] = &["doc", "wire"];
const DOC_KEYS: &[&str] = &["doc"];
const DURATION_KEYS: &[&str] = &["doc", "shorter_than"];
const TRANSITION_KEYS: &[&str] = &[
    "from", "except", "on", "always", "done", "to", "internal", "guard", "actions", "restarts",
    "doc",
];
const TIMEOUT_KEYS: &[&str] = &[
    "name", "after", "to", "end", "notify", "reset_by", "guard", "actions", "doc",
];
const TIMER_KEYS: &[&str] = &[
    "name", "states", "after", "to", "end", "notify", "reset_by", "guard", "actions", "doc",
];
const FAULT_KEYS: &[&str] = &["state", "on", "resume", "resume_to"];
const INCIDENT_KEYS: &[&str] = &["in", "no_state", "event", "resolution", "transition"];
const INCIDENT_TRANSITION_KEYS: &[&str] = &["on", "to"];

/// The spec in the document's root node.
pub(super) fn spec(r: &mut Reader<'_>, root: &Node) -> Read<Spec> {
    if !matches!(root.kind, Kind::Map(_)) {
        r.refuse(
            Diagnostic::new(
                Code::InvalidStructure,
                root.point(r.source),
                format!("a spec must be a mapping, not {}", root.found()),
            )
            .with_label("expected a mapping")
            .with_help("a spec is a mapping: `machine: Name`, `initial: State`, `states:` and the other sections; see docs/spec-language.md"),
        );
        return Err(Reported);
    }
    let f = r.fields(Section::Spec, Subject::Words("the spec"), root, SPEC_KEYS)?;
    let machine = r.required_text(&f, "machine");
    let doc = r.optional_text(f.get("doc"));
    let wire_case = wire_case(r, f.get("wire_case"));
    let initial = r.required(&f, "initial").and_then(|e| initial(r, e));
    let states = r
        .required(&f, "states")
        .and_then(|e| r.map(Some(e), Some("state"), state));
    let events = r.map(f.get("events"), Some("event"), event);
    let guards = r.map(f.get("guards"), Some("guard"), |r, e| {
        doc_only(r, Section::Guard, e).map(|doc| GuardDef { doc })
    });
    let actions = r.map(f.get("actions"), Some("action"), |r, e| {
        doc_only(r, Section::Action, e).map(|doc| ActionDef { doc })
    });
    let durations = r.map(f.get("durations"), Some("duration"), duration);
    let transitions = r.list(f.get("transitions"), |r, n| transition(r, n));
    let fault = match f.get("fault") {
        None => Ok(None),
        Some(e) => fault(r, e).map(Some),
    };
    let incidents = r.map(f.get("incidents"), Some("incident"), incident);
    let timers = r.list(f.get("timers"), |r, n| timer(r, n));
    Ok(Spec {
        machine: machine?,
        doc: doc?,
        wire_case: wire_case?,
        initial: initial?,
        states: states?,
        events: events?,
        guards: guards?,
        actions: actions?,
        durations: durations?,
        transitions: transitions?,
        fault: fault?,
        incidents: incidents?,
        timers: timers?,
    })
}

fn wire_case(r: &mut Reader<'_>, entry: Option<Entry<'_>>) -> Read<Option<WireCase>> {
    let Some(entry) = entry else {
        return Ok(None);
    };
    let text = r.text(entry.into(), entry.value)?;
    match text.as_str() {
        "exact" => Ok(Some(WireCase::Exact)),
        "insensitive" => Ok(Some(WireCase::Insensitive)),
        other => {
            let help = did_you_mean(other, ["exact", "insensitive"]).unwrap_or_else(|| {
                "write `wire_case: exact` (the default) or `wire_case: insensitive`".into()
            });
            r.refuse(
                Diagnostic::new(
                    Code::InvalidStructure,
                    text.span,
                    format!("`wire_case` must be `exact` or `insensitive`, not `{other}`"),
                )
                .with_label("expected `exact` or `insensitive`")
                .with_help(help),
            );
            Err(Reported)
        }
    }
}

fn initial(r: &mut Reader<'_>, entry: Entry<'_>) -> Read<Initial> {
    match entry.value.kind {
        Kind::Map(_) => r
            .map(Some(entry), Some("start"), |r, e| r.text(e.into(), e.value))
            .map(Initial::Named),
        Kind::List(_) => {
            r.refuse(
                Diagnostic::new(
                    Code::InvalidStructure,
                    entry.value.point(r.source),
                    "`initial` must be a state name, or a mapping from start names to state names, not a list",
                )
                .with_label("expected a state name, or a mapping from start names to state names")
                .with_help("write `initial: State`, or `initial: { start_name: State, ... }` for several starts"),
            );
            Err(Reported)
        }
        Kind::Scalar { .. } => r.text(entry.into(), entry.value).map(Initial::One),
    }
}

fn state(r: &mut Reader<'_>, entry: Entry<'_>) -> Read<StateDef> {
    let f = r.fields(Section::State, entry.into(), entry.value, STATE_KEYS)?;
    let doc = r.optional_text(f.get("doc"));
    let wire = r.optional_names(f.get("wire"));
    let is_final = r.boolean(f.get("final"));
    let parallel = r.boolean(f.get("parallel"));
    let entry_actions = r.names(f.get("entry"));
    let exit = r.names(f.get("exit"));
    let timeouts = r.list(f.get("timeouts"), |r, n| timeout(r, n));
    let allow = r.map(f.get("allow"), Some("waiver"), |r, e| {
        r.text(e.into(), e.value)
    });
    let initial = r.optional_text(f.get("initial"));
    let states = r.map(f.get("states"), Some("state"), state);
    let history = r.map(f.get("history"), Some("history state"), history);
    Ok(StateDef {
        doc: doc?,
        wire: wire?,
        is_final: is_final?,
        parallel: parallel?,
        entry: entry_actions?,
        exit: exit?,
        timeouts: timeouts?,
        allow: allow?,
        initial: initial?,
        states: states?,
        history: history?,
    })
}

/// A history state (rule S19): its type alone (`Back: shallow`), or a mapping with it.
fn history(r: &mut Reader<'_>, entry: Entry<'_>) -> Read<HistoryDef> {
    if let Kind::Scalar { .. } = entry.value.kind {
        let text = r.text(entry.into(), entry.value)?;
        let deep = history_type(r, &text)?;
        return Ok(HistoryDef {
            deep,
            default: None,
            doc: None,
        });
    }
    let f = r.fields(Section::History, entry.into(), entry.value, HISTORY_KEYS)?;
    let deep = r
        .required(&f, "type")
        .and_then(|e| r.text(e.into(), e.value))
        .and_then(|t| history_type(r, &t));
    let default = r.optional_text(f.get("default"));
    let doc = r.optional_text(f.get("doc"));
    Ok(HistoryDef {
        deep: deep?,
        default: default?,
        doc: doc?,
    })
}

/// `shallow` or `deep`, as whether the history is deep.
fn history_type(r: &mut Reader<'_>, text: &Spanned<String>) -> Read<Spanned<bool>> {
    match text.as_str() {
        "shallow" => Ok(Spanned::new(false, text.span)),
        "deep" => Ok(Spanned::new(true, text.span)),
        other => {
            let help = did_you_mean(other, ["shallow", "deep"]).unwrap_or_else(|| {
                "write `shallow` (back to the state directly inside) or `deep` (back to the \
                 innermost state)"
                    .into()
            });
            r.refuse(
                Diagnostic::new(
                    Code::InvalidStructure,
                    text.span,
                    format!("a history state is `shallow` or `deep`, not `{other}`"),
                )
                .with_label("expected `shallow` or `deep`")
                .with_help(help),
            );
            Err(Reported)
        }
    }
}

fn event(r: &mut Reader<'_>, entry: Entry<'_>) -> Read<EventDef> {
    let f = r.fields(Section::Event, entry.into(), entry.value, EVENT_KEYS)?;
    let doc = r.optional_text(f.get("doc"));
    let wire = r.optional_names(f.get("wire"));
    Ok(EventDef {
        doc: doc?,
        wire: wire?,
    })
}

fn duration(r: &mut Reader<'_>, entry: Entry<'_>) -> Read<DurationDef> {
    let f = r.fields(Section::Duration, entry.into(), entry.value, DURATION_KEYS)?;
    let doc = r.optional_text(f.get("doc"));
    let shorter_than = r.names(f.get("shorter_than"));
    Ok(DurationDef {
        doc: doc?,
        shorter_than: shorter_than?,
    })
}

/// The `doc:` of a guard or an action, the only key they have.
fn doc_only(
    r: &mut Reader<'_>,
    section: Section,
    entry: Entry<'_>,
) -> Read<Option<Spanned<String>>> {
    let f = r.fields(section, entry.into(), entry.value, DOC_KEYS)?;
    r.optional_text(f.get("doc"))
}

fn transition(r: &mut Reader<'_>, node: &Node) -> Read<TransitionDef> {
    let f = r.fields(
        Section::Transition,
        Subject::Words("a transition"),
        node,
        TRANSITION_KEYS,
    )?;
    let from = r.required(&f, "from").map(|e| r.names(Some(e)));
    let except = r.optional_names(f.get("except"));
    // A transition needs a trigger: `on:`, unless `always:` or `done:` stands for it.
    let on = if f.get("always").is_none() && f.get("done").is_none() {
        r.required(&f, "on").and_then(|e| r.names(Some(e)))
    } else {
        r.names(f.get("on"))
    };
    let always = r.boolean(f.get("always"));
    let done = r.boolean(f.get("done"));
    let to = r.optional_text(f.get("to"));
    let internal = r.boolean(f.get("internal"));
    let guard = r.optional_names(f.get("guard"));
    let actions = r.names(f.get("actions"));
    let restarts = r.optional_names(f.get("restarts"));
    let doc = r.optional_text(f.get("doc"));
    Ok(TransitionDef {
        from: from??,
        except: except?,
        on: on?,
        always: always?,
        done: done?,
        to: to?,
        internal: internal?,
        guard: guard?,
        actions: actions?,
        restarts: restarts?,
        doc: doc?,
    })
}

fn timeout(r: &mut Reader<'_>, node: &Node) -> Read<StateTimeoutDef> {
    let f = r.fields(
        Section::Timeout,
        Subject::Words("a timeout"),
        node,
        TIMEOUT_KEYS,
    )?;
    let name = r.optional_text(f.get("name"));
    let expiry = expiry(r, &f);
    Ok(StateTimeoutDef {
        name: name?,
        expiry: expiry?,
    })
}

fn timer(r: &mut Reader<'_>, node: &Node) -> Read<SpanningTimerDef> {
    let f = r.fields(Section::Timer, Subject::Words("a timer"), node, TIMER_KEYS)?;
    let name = r.required_text(&f, "name");
    let states = r.required(&f, "states").map(|e| r.names(Some(e)));
    let expiry = expiry(r, &f);
    Ok(SpanningTimerDef {
        name: name?,
        states: states??,
        expiry: expiry?,
    })
}

/// The keys a state's timeout and a spanning timer share: how long, and what expiry does.
fn expiry(r: &mut Reader<'_>, f: &Fields<'_>) -> Read<TimeoutDef> {
    let after = r.required_text(f, "after");
    let to = r.optional_text(f.get("to"));
    let end = r.optional_text(f.get("end"));
    let notify = r.optional_text(f.get("notify"));
    let reset_by = r.names(f.get("reset_by"));
    let guard = r.optional_names(f.get("guard"));
    let actions = r.names(f.get("actions"));
    let doc = r.optional_text(f.get("doc"));
    Ok(TimeoutDef {
        after: after?,
        to: to?,
        end: end?,
        notify: notify?,
        reset_by: reset_by?,
        guard: guard?,
        actions: actions?,
        doc: doc?,
    })
}

fn fault(r: &mut Reader<'_>, entry: Entry<'_>) -> Read<FaultDef> {
    let f = r.fields(Section::Fault, entry.into(), entry.value, FAULT_KEYS)?;
    let state = r.required_text(&f, "state");
    let on = r.required_text(&f, "on");
    let resume = r.required_text(&f, "resume");
    let resume_to = r.names(f.get("resume_to"));
    Ok(FaultDef {
        state: state?,
        on: on?,
        resume: resume?,
        resume_to: resume_to?,
    })
}

fn incident(r: &mut Reader<'_>, entry: Entry<'_>) -> Read<IncidentDef> {
    let f = r.fields(Section::Incident, entry.into(), entry.value, INCIDENT_KEYS)?;
    let states = r.names(f.get("in"));
    let no_state = r.optional_text(f.get("no_state"));
    let event = r.required_text(&f, "event");
    let resolution = r.required_text(&f, "resolution");
    let transition = match f.get("transition") {
        None => Ok(None),
        Some(e) => incident_transition(r, e).map(Some),
    };
    Ok(IncidentDef {
        states: states?,
        no_state: no_state?,
        event: event?,
        resolution: resolution?,
        transition: transition?,
    })
}

fn incident_transition(r: &mut Reader<'_>, entry: Entry<'_>) -> Read<IncidentTransitionDef> {
    let f = r.fields(
        Section::IncidentTransition,
        entry.into(),
        entry.value,
        INCIDENT_TRANSITION_KEYS,
    )?;
    let on = r.required_text(&f, "on");
    let to = r.required_text(&f, "to");
    Ok(IncidentTransitionDef { on: on?, to: to? })
}
