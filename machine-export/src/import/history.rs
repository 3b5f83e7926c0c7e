//! History states as SCXML writes them: a `<history id type>` inside a compound `<state>`,
//! whose one `<transition target>` (none: the parent's initial state) is the default, becomes
//! the state's `history:` (rule S19); a transition to its id goes to it. So does a transition
//! to a transient state of `machine`'s export (`machine.recall.ID`, a child of the compound
//! state whose one eventless transition targets the history), which is not read as a state.
//! A `<history>` inside a `<parallel>` is the parallel state's (rule S29); a default transition
//! that targets several states (one in each region) is read as the one state that enters the
//! same states ([`parallel::history_default`](super::parallel::history_default)).
//! What a spec's history cannot carry is refused, located: a default outside the parent, a
//! default transition with an event, a condition or actions, a history outside a compound or
//! parallel state, one that starts its parent, and a history among a transition's several
//! targets.

use machine_core::{Diagnostic, SourceFile};
use roxmltree::Node as Element;

use super::chart::{History, MACHINE, Node, SCXML, refuse};
use crate::scxml::RECALL;

/// The id of the history state that `element`, a `<state>`, stands for when it is the
/// transient state of `machine`'s export: an id `machine.recall.…` and nothing but one
/// eventless, unconditional `<transition>`, without content, to a `<history>` of the same
/// parent.
pub(super) fn recall<'a>(element: Element<'a, '_>) -> Option<&'a str> {
    if !element.has_tag_name((SCXML, "state"))
        || !element
            .attribute("id")
            .is_some_and(|id| id.starts_with(RECALL))
    {
        return None;
    }
    let mut inside = element.children().filter(Element::is_element);
    let (Some(transition), None) = (inside.next(), inside.next()) else {
        return None;
    };
    let plain = transition.has_tag_name((SCXML, "transition"))
        && transition.attribute("event").is_none()
        && transition.attribute("cond").is_none()
        && transition.attribute("type").is_none()
        && !transition.children().any(|c| c.is_element());
    let target = transition.attribute("target").filter(|_| plain)?.trim();
    element
        .parent_element()?
        .children()
        .any(|c| c.has_tag_name((SCXML, "history")) && c.attribute("id") == Some(target))
        .then_some(target)
}

/// Whether `id` names a history state of the document (or a transient state that leads to
/// one, [`recall`]).
pub(super) fn is_history(document: &roxmltree::Document<'_>, id: &str) -> bool {
    document.descendants().any(|e| {
        e.attribute("id") == Some(id) && (e.has_tag_name((SCXML, "history")) || recall(e).is_some())
    })
}

/// The history states of `element`, a `<state>` read into `node` (its children read already),
/// and the transient states that lead to them.
pub(super) fn histories(
    source: &SourceFile,
    element: Element<'_, '_>,
    node: &mut Node,
    problems: &mut Vec<Diagnostic>,
) {
    for child in element
        .children()
        .filter(|c| c.has_tag_name((SCXML, "history")))
    {
        if let Some(history) = history(source, element, child, node, problems) {
            node.histories.push(history);
        }
    }
    for child in element.children().filter(Element::is_element) {
        let (Some(id), Some(target)) = (child.attribute("id"), recall(child)) else {
            continue;
        };
        if let Some(history) = node.histories.iter_mut().find(|h| h.id == target) {
            history.via.push(id.to_owned());
        }
    }
    if let Some(initial) = &node.initial
        && is_history(element.document(), initial)
    {
        problems.push(refuse(
            source,
            element,
            format!("the state starts through the history state `{initial}`"),
            "a spec's compound state starts in one of its states: name it in `initial`, and make the history's default that state",
        ));
    }
}

/// One `<history>` of `parent`, or `None` when refused.
fn history(
    source: &SourceFile,
    parent: Element<'_, '_>,
    element: Element<'_, '_>,
    node: &Node,
    problems: &mut Vec<Diagnostic>,
) -> Option<History> {
    let id = element.attribute("id").unwrap_or_default();
    let mut refused = |message: String, help: &str| {
        problems.push(refuse(source, element, message, help));
        None
    };
    if id.is_empty() {
        return refused(
            "a history state without an `id`".into(),
            "give it an `id`: transitions name it",
        );
    }
    if element.document().descendants().any(|d| {
        d.attribute("id") == Some(id)
            && ["state", "final", "parallel"].contains(&d.tag_name().name())
    }) {
        return refused(
            format!("history state `{id}` has the `id` of a state"),
            "give the history state an `id` of its own: ids are unique in a document",
        );
    }
    if node.children.is_empty() {
        return refused(
            format!(
                "history state `{id}` belongs to `{}`, which has no states inside it",
                node.id
            ),
            "move the `<history>` into a state that holds states, or remove it",
        );
    }
    let deep = match element.attribute("type").map(str::trim) {
        None | Some("shallow") => false,
        Some("deep") => true,
        Some(other) => {
            return refused(
                format!("history state `{id}` is of type `{other}`, not `shallow` or `deep`"),
                "write `type=\"shallow\"` or `type=\"deep\"`",
            );
        }
    };
    let mut inside = element.children().filter(Element::is_element);
    let default = match (inside.next(), inside.next()) {
        (None, _) => None,
        (Some(t), None) if t.has_tag_name((SCXML, "transition")) => {
            default(source, parent, element, t, node, problems).ok()?
        }
        _ => {
            return refused(
                format!("history state `{id}` holds more than its one default `<transition>`"),
                "keep one `<transition target=\"...\"/>` inside the `<history>`: its default",
            );
        }
    };
    Some(History {
        id: id.to_owned(),
        name: element.attribute((MACHINE, "name")).map(str::to_owned),
        deep,
        default,
        doc: element.attribute((MACHINE, "doc")).map(str::to_owned),
        via: Vec::new(),
    })
}

/// The default of history state `history` of `parent` (read into `node`), which its default
/// transition `transition` targets: a state inside `parent`, or `None` when it targets what
/// entering `parent` enters anyway; `Err` when refused.
fn default(
    source: &SourceFile,
    parent: Element<'_, '_>,
    history: Element<'_, '_>,
    transition: Element<'_, '_>,
    node: &Node,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<String>, ()> {
    let id = history.attribute("id").unwrap_or_default();
    let parent_id = parent.attribute("id").unwrap_or_default();
    let target = transition
        .attribute("target")
        .map(str::trim)
        .unwrap_or_default();
    let refused = if transition.attribute("event").is_some()
        || transition.attribute("cond").is_some()
    {
        Some((
            format!("the default transition of history state `{id}` has an event or a condition"),
            "drop `event` and `cond`: a history's default is taken whenever nothing was recorded",
        ))
    } else if transition.children().any(|c| c.is_element()) {
        Some((
            format!("the default transition of history state `{id}` runs actions"),
            "a spec's history state runs no actions of its own: drop them from its `<transition>`, or leave this chart to an SCXML engine",
        ))
    } else if target.is_empty() {
        Some((
            format!("the default transition of history state `{id}` targets no state"),
            "target one state inside the history's parent, or drop the `<transition>` to enter its initial state",
        ))
    } else if target.split_whitespace().count() > 1 {
        // A state in each region of a parallel state: one state entered so, if there is one.
        let targets: Vec<&str> = target.split_whitespace().collect();
        match super::parallel::history_default(node, &targets) {
            Ok(default) => return Ok(default),
            Err(()) => Some((
                format!(
                    "the default transition of history state `{id}` targets `{target}`, which no one state inside `{parent_id}` enters"
                ),
                "target one state inside the history's parent (entering it enters the other regions of a parallel state at their initial states), or drop the `<transition>` to enter its initial state",
            )),
        }
    } else if !parent.descendants().any(|d| {
        d != parent
            && ["state", "final", "parallel"]
                .iter()
                .any(|tag| d.has_tag_name((SCXML, *tag)))
            && d.attribute("id") == Some(target)
            && recall(d).is_none()
    }) {
        Some((
            format!(
                "the default of history state `{id}` is `{target}`, which is not a state inside `{parent_id}`"
            ),
            "target a state inside the history's parent, or drop the `<transition>` to enter its initial state",
        ))
    } else {
        None
    };
    if let Some((message, help)) = refused {
        problems.push(refuse(source, transition, message, help));
        return Err(());
    }
    Ok(Some(target.to_owned()))
}
