//! What `machine`'s export declares in its own namespace ([`crate::scxml::declarations`]),
//! read back: `m:wire-case` on `<scxml>`, the `<m:event>`, `<m:guard>`, `<m:action>` and
//! `<m:duration>` elements among its children, a state's `m:wire-aliases`, and the named
//! duration a `<send delayexpr>` waits for. A document without them (any other SCXML document)
//! declares nothing, and is read as SCXML says. What does not read is refused, located.

use machine_core::{Diagnostic, SourceFile};
use roxmltree::Node as Element;

use super::chart::{Declarations, Declared, MACHINE, refuse};
use super::spelling::{action_name, guard_name};
use crate::scxml::declarations::{
    ACTION, DURATION, EVENT, GUARD, SHORTER_THAN, WIRE_ALIASES, WIRE_CASE, parse_list,
};

/// The declarations of `root`, the `<scxml>` element.
pub(super) fn read(
    source: &SourceFile,
    root: Element<'_, '_>,
    problems: &mut Vec<Diagnostic>,
) -> Declarations {
    let mut declarations = Declarations::default();
    match root.attribute((MACHINE, WIRE_CASE)).map(str::trim) {
        None | Some("exact") => {}
        Some("insensitive") => declarations.wire_case_insensitive = true,
        Some(other) => problems.push(refuse(
            source,
            root,
            format!("`m:{WIRE_CASE}` is `{other}`, not `exact` or `insensitive`"),
            "write `m:wire-case=\"insensitive\"`, or leave it out to read wire names exactly",
        )),
    }
    for element in root
        .children()
        .filter(|c| c.tag_name().namespace() == Some(MACHINE))
    {
        let (list, key) = match element.tag_name().name() {
            EVENT => (&mut declarations.events, "event"),
            GUARD => (&mut declarations.guards, "cond"),
            ACTION => (&mut declarations.actions, "label"),
            DURATION => (&mut declarations.durations, "delayexpr"),
            other => {
                problems.push(refuse(
                    source,
                    element,
                    format!("`<m:{other}>` is not a declaration of `machine`'s export"),
                    "`machine export --format scxml` declares `<m:event>`, `<m:guard>`, `<m:action>` and `<m:duration>`: remove this element",
                ));
                continue;
            }
        };
        let what = element.tag_name().name();
        let (Some(text), Some(name)) = (element.attribute(key), element.attribute("name")) else {
            problems.push(refuse(
                source,
                element,
                format!("`<m:{what}>` without `{key}` and `name`"),
                "write both, as the export does: the text the document names it by, and its name in the spec",
            ));
            continue;
        };
        let text = text.trim();
        list.push(Declared {
            key: match what {
                GUARD => guard_name(text),
                ACTION => action_name(text),
                _ => text,
            }
            .to_owned(),
            name: name.to_owned(),
            wire: element.attribute("wire").map(str::to_owned),
            wire_aliases: names(source, element, WIRE_ALIASES, problems),
            doc: element.attribute("doc").map(str::to_owned),
            shorter_than: names(source, element, SHORTER_THAN, problems),
        });
    }
    declarations
}

/// The JSON array of names in the attribute `attribute` of `element` (of the `m:` namespace
/// when `element` is not): none when it is absent, refused when it does not read.
pub(super) fn names(
    source: &SourceFile,
    element: Element<'_, '_>,
    attribute: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let (text, shown) = if element.tag_name().namespace() == Some(MACHINE) {
        (element.attribute(attribute), attribute.to_owned())
    } else {
        (
            element.attribute((MACHINE, attribute)),
            format!("m:{attribute}"),
        )
    };
    let Some(text) = text else {
        return Vec::new();
    };
    parse_list(text).unwrap_or_else(|| {
        problems.push(refuse(
            source,
            element,
            format!("`{shown}` is not a JSON array of strings"),
            "write it as the export does (`[\"a\", \"b c\"]`), or remove it",
        ));
        Vec::new()
    })
}

/// The name of the named duration that `send`, a `<send>` without a `delay`, waits for: the
/// `<m:duration>` whose `delayexpr` is the send's; `None` for any other `<send>`.
pub(super) fn named_delay<'a>(send: Element<'a, '_>) -> Option<&'a str> {
    if send.attribute("delay").is_some() {
        return None;
    }
    let expr = send.attribute("delayexpr")?.trim();
    send.document()
        .root_element()
        .children()
        .find(|c| {
            c.has_tag_name((MACHINE, DURATION))
                && c.attribute("delayexpr").map(str::trim) == Some(expr)
        })?
        .attribute("name")
}
