//! The sizes a spec may have. Each limit keeps the pipeline and the generated code bounded in
//! time and memory on any input, while leaving room for lifecycles far larger than real ones.
//! Loading enforces the size of the file and the YAML limits (nesting, aliases, values) as it
//! reads ([`crate::load`]); the counts of states and the rest are checked on the loaded spec,
//! before anything is expanded.

use crate::ast::Spec;
use crate::diagnostic::{Code, Diagnostic};
use crate::lower::ALL_STATES;
use crate::source::Span;
use crate::spanned::Spanned;

/// How deeply YAML collections may nest, the document's own mapping included. A spec needs
/// five levels.
pub const MAX_NESTING: usize = 64;
/// How many times a file may use YAML aliases (`*name`).
pub const MAX_ALIAS_USES: usize = 10_000;
/// How many values the uses of aliases may copy in all: a "billion laughs" file (each alias
/// doubling the last) is refused after a few milliseconds.
pub const MAX_ALIAS_COPIES: usize = 1_000_000;
/// How many values (keys, values and list items, aliases' copies included) a file may hold.
pub const MAX_VALUES: usize = 20_000_000;

/// The most states a spec may declare. The generated `State` is one byte up to 256 states and
/// two bytes beyond.
pub const MAX_STATES: usize = 10_000;
/// The most events a spec may declare.
pub const MAX_EVENTS: usize = 10_000;
/// The most guards a spec may declare: each is a method the user implements.
pub const MAX_GUARDS: usize = 1_000;
/// The most incidents (error-table rows) a spec may declare.
pub const MAX_INCIDENTS: usize = 10_000;
/// The most transitions a spec may have once every `from:` list and `"*"` is expanded: a
/// `"*"` transition counts once per state it leaves.
pub const MAX_TRANSITIONS: usize = 200_000;
/// The longest name (of the machine, a state, an event, a guard or an incident), in
/// characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The most nodes the built-in SVG layout (`machine_render::svg`, without Graphviz) lets
/// layout-rs place: the figure's boxes, one node per arrow label, and one hidden node per row
/// an arrow crosses (`machine_render::svg::Work::nodes`). Its placement passes take time that
/// grows at least with the square of this count; a larger figure is drawn by a simpler
/// layered layout instead, with a note that Graphviz draws it better.
pub const MAX_BUILTIN_LAYOUT_NODES: usize = 1_500;

/// The most node-against-node comparisons the built-in SVG layout lets layout-rs make while it
/// orders its rows (`machine_render::svg::Work::steps`); see [`MAX_BUILTIN_LAYOUT_NODES`].
/// A tangle of wide rows reaches it long before the node count.
pub const MAX_BUILTIN_LAYOUT_STEPS: u64 = 300_000_000;

/// The most boxes (states, markers, notes) a figure drawn by the built-in simple layered
/// layout may have (`machine_render::svg::draw`, for figures over [`MAX_BUILTIN_LAYOUT_NODES`]
/// or [`MAX_BUILTIN_LAYOUT_STEPS`]). Past it, or
/// past [`MAX_LAYERED_ARROWS`], the SVG would be over ten megabytes that no viewer shows
/// legibly, and it is refused, pointing to Graphviz. Not a limit on the spec.
pub const MAX_LAYERED_NODES: usize = 5_000;

/// The most arrows a figure drawn by the built-in simple layered layout may have; see
/// [`MAX_LAYERED_NODES`].
pub const MAX_LAYERED_ARROWS: usize = 50_000;

/// Every limit the spec exceeds, each at the first item past it.
pub fn check(spec: &Spec) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    // The states of the whole tree, nested ones too, in document order.
    let tree = spec.state_tree();
    let states: Vec<&Spanned<String>> = tree.iter().map(|node| node.name).collect();
    let sections = [
        ("states", MAX_STATES, states.clone()),
        ("events", MAX_EVENTS, keys(&spec.events)),
        ("guards", MAX_GUARDS, keys(&spec.guards)),
        ("incidents", MAX_INCIDENTS, keys(&spec.incidents)),
    ];
    for (section, max, names) in sections {
        if let Some(first_over) = names.get(max) {
            findings.push(count_over(section, max, names.len(), first_over.span));
        }
    }
    if let Some(d) = transitions_over(spec) {
        findings.push(d);
    }
    let names = std::iter::once(&spec.machine)
        .chain(states)
        .chain(keys(&spec.events))
        .chain(keys(&spec.guards))
        .chain(keys(&spec.incidents));
    findings.extend(names.filter_map(name_too_long));
    findings
}

fn keys<V>(map: &crate::spanned::Map<V>) -> Vec<&Spanned<String>> {
    map.iter().map(|(key, _)| key).collect()
}

fn count_over(section: &str, max: usize, count: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::TooLarge,
        span,
        format!("the spec declares {count} {section}; at most {max} are allowed (`max-{section}`)"),
    )
    .with_label(format!("the {} of the {section}", ordinal(max + 1)))
    .with_help("split the lifecycle into several machines")
}

/// `1st`, `2nd`, `3rd`, `4th`, ..., `11th`, `12th`, `13th`, ..., `21st`, ..., `10001st`.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The transition at which the expanded count first passes [`MAX_TRANSITIONS`].
fn transitions_over(spec: &Spec) -> Option<Diagnostic> {
    let states = spec.state_tree().len();
    let mut total = 0usize;
    for def in &spec.transitions {
        let except = def.except.as_ref().map_or(0, |e| e.iter().count());
        let sources: usize = def
            .from
            .iter()
            .map(|name| {
                if name.value == ALL_STATES {
                    states.saturating_sub(except)
                } else {
                    1
                }
            })
            .sum();
        let events = def.on.iter().count().max(1);
        total = total.saturating_add(sources.saturating_mul(events));
        if total > MAX_TRANSITIONS {
            let Some(span) = def.from.iter().chain(def.on.iter()).map(|n| n.span).next() else {
                continue;
            };
            return Some(
                Diagnostic::new(
                    Code::TooLarge,
                    span,
                    format!(
                        "the transitions expand to more than {MAX_TRANSITIONS} (one per state \
                         each leaves, for each of its events; `max-transitions`)"
                    ),
                )
                .with_label("the limit is passed here")
                .with_help(
                    "fewer `\"*\"` transitions (one per event is enough), or several machines",
                ),
            );
        }
    }
    None
}

fn name_too_long(name: &Spanned<String>) -> Option<Diagnostic> {
    let chars = name.value.chars().count();
    (chars > MAX_NAME_CHARS).then(|| {
        Diagnostic::new(
            Code::TooLarge,
            name.span,
            format!(
                "this name is {chars} characters long; at most {MAX_NAME_CHARS} are allowed \
                 (`max-name-chars`)"
            ),
        )
        .with_label("too long for a name")
        .with_help("use a short name, and say the rest in its `doc:`")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn ordinals_read_as_english() {
        let read: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 1001, 10001]
            .into_iter()
            .map(super::ordinal)
            .collect();
        assert_eq!(
            read,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th", "1001st", "10001st"
            ]
        );
    }
}
