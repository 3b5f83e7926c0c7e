//! What fires a transition, for the diff: an event (rules S2 and S3), nothing (an eventless
//! transition, `always: true`, rule S21), or its source's completion (`done: true`, rule
//! S20). Transitions are matched by their trigger as by their source: an event as NEW names
//! it (a renamed event stays matched), `always` and `done` as themselves. An eventless or
//! completion transition is taken without an input, so what is compatible for an event (one
//! more transition, one guard fewer) moves the machine where inputs used to leave it, and is
//! breaking.

use machine_core::model::{Model, Transition, Trigger};

/// The trigger part of a transition's key for an eventless transition. No event is named so:
/// a name has no parentheses.
const ALWAYS: &str = "(always)";
/// The trigger part of a transition's key for a completion transition.
const DONE: &str = "(done)";

/// The trigger part of a transition's key: the event's name as NEW spells it (`event`), or
/// [`ALWAYS`] or [`DONE`].
pub(super) fn key(
    trigger: Trigger,
    event: impl FnOnce(machine_core::model::EventId) -> String,
) -> String {
    match trigger {
        Trigger::Event(e) => event(e),
        Trigger::Always => ALWAYS.into(),
        Trigger::Done => DONE.into(),
    }
}

/// How an arrow writes a trigger key: the event's name, `always` or `done`, as the diagrams
/// label them (`machine_core::words::trigger`).
pub(super) fn word(key: &str) -> &str {
    match key {
        ALWAYS => "always",
        DONE => "done",
        event => event,
    }
}

/// Whether the key is an eventless or a completion transition's.
pub(super) fn is_automatic(key: &str) -> bool {
    key == ALWAYS || key == DONE
}

/// What a trigger does in state `from`, for reasons and items: "`Ship` in `Packed`", "the
/// eventless transitions of `Validating`", "the completion of `Checkout`".
pub(super) fn in_state(key: &str, from: &str) -> String {
    match key {
        ALWAYS => format!("the eventless transitions of `{from}`"),
        DONE => format!("the completion of `{from}`"),
        event => format!("`{event}` in `{from}`"),
    }
}

/// When a transition of NEW fires, for the reasons of its actions: "`Ship` fires in
/// `Packed`", "`Validating` is left by itself", "`Checkout` completes".
pub(super) fn when(model: &Model, t: &Transition) -> String {
    let from = &model.state(t.from).name.spec;
    match t.trigger {
        Trigger::Event(e) => format!("`{}` fires in `{from}`", model.event(e).name.spec),
        Trigger::Always => format!("the eventless transition leaves `{from}`"),
        Trigger::Done => format!("`{from}` completes"),
    }
}

/// Why a transition of `from` removed from OLD breaks users.
pub(super) fn removed(key: &str, from: &str) -> String {
    match key {
        ALWAYS => format!(
            "the machine no longer leaves `{from}` by itself there (rule S21): inputs that \
             passed through `{from}` now stay in it, or go elsewhere"
        ),
        DONE => format!(
            "when `{from}` completes (rule S20), the machine no longer goes there: it goes \
             elsewhere or stays in the final state it entered"
        ),
        event => format!("`{event}` in `{from}` now goes elsewhere or is refused"),
    }
}

/// Why an eventless or completion transition of `from` added in NEW breaks users; `None` for
/// a transition on an event, whose addition the caller words.
pub(super) fn added(key: &str, from: &str) -> Option<String> {
    match key {
        ALWAYS => Some(format!(
            "the machine now leaves `{from}` by itself as soon as its guards hold (rule S21): \
             inputs that ended in `{from}` end elsewhere"
        )),
        DONE => Some(format!(
            "when `{from}` completes (rule S20), the machine now leaves it: inputs that ended \
             in a final state inside `{from}` end elsewhere"
        )),
        _ => None,
    }
}

/// Why a matched transition of `from` that goes elsewhere now breaks users.
pub(super) fn retargeted(key: &str, from: &str) -> String {
    match key {
        ALWAYS => format!("the machine now leaves `{from}` by itself for another state"),
        DONE => format!("the completion of `{from}` now leads to another state"),
        _ => "the same event now moves the machine elsewhere".into(),
    }
}

/// Why a matched eventless or completion transition of `from` whose guard tests were added
/// or removed (`added` and `removed` name them, one of them not empty) breaks users; `None`
/// for a transition on an event, whose guard changes the caller words.
pub(super) fn guarded(key: &str, from: &str, added: &str, removed: &str) -> Option<String> {
    let taken = match key {
        ALWAYS => format!("the machine leaves `{from}` by itself"),
        DONE => format!("the completion of `{from}` takes it"),
        _ => return None,
    };
    Some(if removed.is_empty() {
        format!("{taken} only when {added} holds now: where it does not, the machine stays")
    } else if added.is_empty() {
        format!("{taken} also where {removed} failed: inputs that ended there end elsewhere")
    } else {
        format!("{taken} when {added} holds instead of {removed}: inputs end elsewhere than before")
    })
}

/// A transition whose source, target and guards stayed while its trigger changed from `was`
/// to `is` (one of them eventless or a completion): what changed and why it breaks users.
pub(super) fn changed(was: &str, is: &str, from: &str) -> (String, String) {
    let said = |key: &str| match key {
        ALWAYS => "eventless".to_owned(),
        DONE => format!("taken when `{from}` completes"),
        event => format!("on `{event}`"),
    };
    let detail = format!("{} now, instead of {}", said(is), said(was));
    let gained = match is {
        ALWAYS => {
            format!("the machine leaves `{from}` by itself as soon as its guards hold (rule S21)")
        }
        DONE => format!("it is taken when a step enters a final state inside `{from}` (rule S20)"),
        event => format!("it waits for `{event}`"),
    };
    let lost = match was {
        ALWAYS => format!("the machine no longer leaves `{from}` by itself"),
        DONE => format!("the completion of `{from}` no longer takes it"),
        event => format!("`{event}` in `{from}` no longer fires it"),
    };
    (
        detail,
        format!("{lost}: {gained}, so inputs end elsewhere than before"),
    )
}
