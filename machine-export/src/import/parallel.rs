//! Parallel states as SCXML writes them (rules S22 to S29): a `<parallel>` becomes a state with
//! `parallel: true`, each of its children a region, which a spec requires to be a compound
//! `<state>` (SCXML also allows an atomic state, a `<final>` or a `<parallel>` there: refused,
//! located). Where SCXML names several states at once, a spec names one and enters the other
//! regions at their initial states (rule S23): an `initial="a b"` list is read when it is what
//! entering would do anyway, and a history's default list (what `machine`'s export writes for
//! the history of a parallel state, [`history_targets`](crate::history_targets)) when one
//! state entered so gives the same states; anything else is refused, located, with what to
//! write instead.

use machine_core::{Diagnostic, SourceFile};
use roxmltree::Node as Element;

use super::chart::{Node, SCXML, refuse};

/// The refusals of what a spec's region cannot be among the children of `element`, a
/// `<parallel>`: an `initial` attribute or element (SCXML's `<parallel>` has none), no states at
/// all, a `<final>`,
/// a `<parallel>`, or a `<state>` without states of its own.
pub(super) fn regions(
    source: &SourceFile,
    element: Element<'_, '_>,
    problems: &mut Vec<Diagnostic>,
) {
    let id = element.attribute("id").unwrap_or_default();
    let initial_element = element
        .children()
        .any(|c| c.has_tag_name((SCXML, "initial")));
    if element.attribute("initial").is_some() || initial_element {
        problems.push(refuse(
            source,
            element,
            format!("parallel state `{id}` has an `initial`"),
            "drop it: a `<parallel>` enters every region, each at its own initial state",
        ));
    }
    let is_state = |e: &Element<'_, '_>| {
        ["state", "final", "parallel"]
            .iter()
            .any(|tag| e.has_tag_name((SCXML, *tag)))
    };
    let mut any = false;
    for region in element.children().filter(is_state) {
        any = true;
        let name = region.attribute("id").unwrap_or_default();
        let problem = if region.has_tag_name((SCXML, "final")) {
            Some(format!(
                "`{name}` is a `<final>` directly inside parallel state `{id}`, where a spec \
                 has only regions"
            ))
        } else if region.has_tag_name((SCXML, "parallel")) {
            Some(format!(
                "region `{name}` of parallel state `{id}` is itself a `<parallel>`"
            ))
        } else if !region.children().any(|c| is_state(&c)) {
            Some(format!(
                "region `{name}` of parallel state `{id}` has no states inside it"
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            problems.push(refuse(
                source,
                region,
                message,
                "make each region of a `<parallel>` a `<state>` with states of its own: a \
                 spec's region is a compound state (wrap the state in one, with it as its \
                 initial state)",
            ));
        }
    }
    if !any {
        problems.push(refuse(
            source,
            element,
            format!("parallel state `{id}` has no regions"),
            "give the `<parallel>` a `<state>` with states of its own for each region, or \
             make it a `<state>`",
        ));
    }
}

/// The states a machine entering `node` is in (rule S23): its initial state's, every region's
/// of a parallel state, itself when it has no states.
fn entered(node: &Node) -> Vec<&str> {
    if node.parallel {
        return node.children.iter().flat_map(entered).collect();
    }
    let initial = node.initial.as_deref();
    if let Some(child) = initial.and_then(|i| node.children.iter().find(|c| c.id == i)) {
        return entered(child);
    }
    // SCXML's `initial` may name a state deeper inside.
    if let Some(deeper) = initial.filter(|&i| i != node.id && holds(node, i)) {
        return completed(node, &[deeper]).unwrap_or_default();
    }
    match node.children.first() {
        Some(child) => entered(child),
        None => vec![node.id.as_str()],
    }
}

/// Whether the state `id` is `node` or lies inside it.
fn holds(node: &Node, id: &str) -> bool {
    node.id == id || node.children.iter().any(|c| holds(c, id))
}

/// The states a machine entering `node` with `targets` (states inside it) is in: each target
/// entered down to its initial states, and every region of a parallel state on the way that
/// holds no target at its initial state (rule S23); `None` when two targets lie in different
/// states of one compound state, which no machine is in at once.
fn completed<'n>(node: &'n Node, targets: &[&str]) -> Option<Vec<&'n str>> {
    let inside: Vec<&str> = targets
        .iter()
        .copied()
        .filter(|&t| holds(node, t))
        .collect();
    if inside.contains(&node.id.as_str()) {
        return (inside.len() == 1).then(|| entered(node));
    }
    if node.parallel {
        let mut atoms = Vec::new();
        for region in &node.children {
            atoms.extend(completed(region, &inside)?);
        }
        return Some(atoms);
    }
    let holding: Vec<&Node> = node
        .children
        .iter()
        .filter(|c| inside.iter().any(|&t| holds(c, t)))
        .collect();
    match holding.as_slice() {
        [] => Some(entered(node)),
        [one] => completed(one, &inside),
        _ => None,
    }
}

/// The child among `states` (those of a `<state>`, or of the document) that an `initial`
/// naming several states (`targets`) stands for: the one holding them all, when they are what
/// entering it gives anyway; else `None`, refused at `element`.
pub(super) fn initial(
    source: &SourceFile,
    element: Element<'_, '_>,
    states: &[Node],
    targets: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let list: Vec<&str> = targets.split_whitespace().collect();
    let child = states
        .iter()
        .find(|c| list.iter().all(|&t| holds(c, t)) && !list.contains(&c.id.as_str()));
    let start = child.and_then(|c| Some((c, completed(c, &list)?)));
    let refusal = match start {
        Some((c, atoms)) if atoms == entered(c) => return Some(c.id.clone()),
        Some((c, atoms)) => refuse(
            source,
            element,
            format!(
                "`initial=\"{targets}\"` starts in `{}`, where entering `{}` starts in `{}`",
                atoms.join(" "),
                c.id,
                entered(c).join(" "),
            ),
            &format!(
                "name `{}` in `initial` and give each of its regions the `initial` it should \
                 start in: a spec starts in one state, and enters every region at its own \
                 initial state",
                c.id
            ),
        ),
        None => refuse(
            source,
            element,
            format!(
                "`initial=\"{targets}\"` names states that are not in one state's regions, \
                 where a machine is in all of them at once"
            ),
            "start in one state: a spec enters every region of a parallel state at its own \
             initial state",
        ),
    };
    problems.push(refusal);
    None
}

/// The default a history state of `parent` whose default transition targets several states
/// (`targets`) stands for: `Ok(None)` when they are what entering `parent` gives (its initial
/// state, every region of a parallel state); else the first state inside `parent`, in
/// document order, that gives the same states when entered; `Err` when none does.
pub(super) fn history_default(parent: &Node, targets: &[&str]) -> Result<Option<String>, ()> {
    let inside = targets.iter().all(|&t| t != parent.id && holds(parent, t));
    let atoms = completed(parent, targets).filter(|_| inside).ok_or(())?;
    if atoms == entered(parent) {
        return Ok(None);
    }
    super::chart::all(&parent.children)
        .find(|n| completed(parent, &[n.id.as_str()]).as_ref() == Some(&atoms))
        .map(|n| Some(n.id.clone()))
        .ok_or(())
}
