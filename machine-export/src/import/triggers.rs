//! What fires a transition read from SCXML: its events; nothing, for an eventless transition
//! (`<transition>` without `event`), which becomes `always: true` (rule S21); or the
//! completion of the state it is written on (`event="done.state.ID"` on the `<state>` whose
//! `id` is `ID`), which becomes `done: true` (rule S20). What a spec's triggers cannot say is
//! refused, located, with what to do: an eventless transition without a target (SCXML would
//! take it again and again), a completion event written on another state than the one that
//! completes, with other events, or of a state with no `<final>` directly inside it (of a
//! parallel state: a region without one), the end of an invocation (`done.invoke.*`), errors (`error.*`) and wildcards.

use roxmltree::Node as Element;

use super::chart::{SCXML, Trigger};

/// The prefix of the event SCXML raises when a compound state completes.
const DONE_STATE: &str = "done.state.";

/// The trigger of `element`, a `<transition>` on `events` to `target`, or why a spec cannot
/// carry it: the message and the help.
pub(super) fn trigger(
    element: Element<'_, '_>,
    events: &[String],
    target: Option<&str>,
) -> Result<Trigger, (String, String)> {
    if events.is_empty() {
        return match target {
            Some(_) => Ok(Trigger::Always),
            None => Err((
                "an eventless transition without a target is not part of the spec language \
                 (SCXML takes it again after itself as long as its condition holds)"
                    .into(),
                "give it a `target`: a spec's eventless transition moves the machine; or give it \
                 an `event`"
                    .into(),
            )),
        };
    }
    if let Some(done) = events.iter().find(|e| e.starts_with(DONE_STATE)) {
        return completion(element, events, done);
    }
    if let Some(event) = events.iter().find(|e| e.starts_with("done.invoke")) {
        return Err((
            format!("a transition on `{event}` (the end of an invoked service) is not part of the spec language"),
            "keep invocations in the code that runs the machine, and send the machine an event when one ends".into(),
        ));
    }
    if events
        .iter()
        .any(|e| e.contains('*') || e == "done" || e.starts_with("done.") || e.starts_with("error"))
    {
        return Err((
            "a transition on a wildcard, `done.*` or `error.*` event is not part of the spec \
             language yet (`done.state.ID` is, written on the state `ID`)"
                .into(),
            "name the events it takes, one by one".into(),
        ));
    }
    Ok(Trigger::On)
}

/// A transition on `done` (`done.state.ID`) among `events`: the completion of the state it is
/// written on, or refused.
fn completion(
    element: Element<'_, '_>,
    events: &[String],
    done: &str,
) -> Result<Trigger, (String, String)> {
    let completes = &done[DONE_STATE.len()..];
    let owner = element.parent_element();
    let owner_id = owner.and_then(|o| o.attribute("id")).unwrap_or_default();
    if events.len() > 1 {
        return Err((
            format!(
                "a transition on `{done}` and other events at once is not part of the spec language"
            ),
            format!("write the transition on `{done}` on its own, and one for the other events"),
        ));
    }
    if completes != owner_id {
        return Err((
            format!(
                "a transition on `{done}` written on `{owner_id}`: a spec's completion transition \
                 belongs to the state that completes"
            ),
            format!(
                "write it inside `<state id=\"{completes}\">` (it is then tried only while the \
                 machine is in `{completes}`), or leave this chart to an SCXML engine"
            ),
        ));
    }
    let has_final = |o: Element<'_, '_>| o.children().any(|c| c.has_tag_name((SCXML, "final")));
    // A parallel state completes when every region has reached a `<final>` (rule S28).
    if let Some(o) = owner.filter(|o| o.has_tag_name((SCXML, "parallel"))) {
        let regions = o.children().filter(|c| c.has_tag_name((SCXML, "state")));
        if let Some(region) = regions
            .filter(|&r| !has_final(r))
            .map(|r| r.attribute("id"))
            .next()
        {
            let region = region.unwrap_or_default();
            return Err((
                format!(
                    "region `{region}` of `{owner_id}` has no `<final>` directly inside it, so `{done}` never comes"
                ),
                format!(
                    "add a `<final>` inside `{region}` (`{owner_id}` completes when every region has reached one), or remove the transition"
                ),
            ));
        }
    } else if !owner.is_some_and(has_final) {
        return Err((
            format!("`{owner_id}` has no `<final>` directly inside it, so `{done}` never comes"),
            format!(
                "add a `<final>` inside `{owner_id}` for it to complete, or remove the transition"
            ),
        ));
    }
    // SCXML matches events by prefix, token by token: `done.state.a` is also `done.state.a.b`.
    let longer = format!("{completes}.");
    if let Some(other) = element.document().descendants().find(|d| {
        d.has_tag_name((SCXML, "state"))
            && d.attribute("id").is_some_and(|id| id.starts_with(&longer))
    }) {
        let other = other.attribute("id").unwrap_or_default();
        return Err((
            format!(
                "`{done}` also names the completion of `{other}` (SCXML matches events by their \
                 first words), which a spec's completion transition does not"
            ),
            format!("give `{other}` an id that does not start with `{completes}.`"),
        ));
    }
    Ok(Trigger::Done)
}
