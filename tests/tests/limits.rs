//! Every limit of `machine_core::limits`, tried at its edge: at the limit the spec is taken,
//! one past it the spec is refused with a finding that names the limit, at the item past it.

use std::fmt::Write as _;

use machine_core::limits::{
    MAX_EVENTS, MAX_GUARDS, MAX_INCIDENTS, MAX_NAME_CHARS, MAX_STATES, MAX_TRANSITIONS,
};
use machine_core::{Code, Diagnostic, SourceFile, compile};

fn over_limit(text: String) -> Vec<Diagnostic> {
    compile(&SourceFile::new("limits.yaml", text))
        .diagnostics
        .into_iter()
        .filter(|d| d.code == Code::TooLarge)
        .collect()
}

/// A spec with `states` states, `events` events, `guards` guards and `incidents` incidents,
/// and the transitions `extra` adds.
fn spec(states: usize, events: usize, guards: usize, incidents: usize, extra: &str) -> String {
    let mut text = String::from("machine: Big\ninitial: S0\nstates:\n");
    for i in 0..states {
        let _ = writeln!(text, "  S{i}: {{}}");
    }
    if events > 0 {
        text.push_str("events:\n");
        for i in 0..events {
            let _ = writeln!(text, "  E{i}: {{}}");
        }
    }
    if guards > 0 {
        text.push_str("guards:\n");
        for i in 0..guards {
            let _ = writeln!(text, "  g{i}: {{}}");
        }
    }
    if incidents > 0 {
        text.push_str("incidents:\n");
        for i in 0..incidents {
            let _ = writeln!(
                text,
                "  I{i}: {{ in: [S0], event: Happened., resolution: Fixed. }}"
            );
        }
    }
    text.push_str(extra);
    text
}

fn assert_refused_at(findings: &[Diagnostic], limit: &str, line: u32) {
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(
        findings[0].message.contains(limit),
        "{}",
        findings[0].message
    );
    assert_eq!(findings[0].span.line, line, "{}", findings[0].message);
}

#[test]
fn states() {
    assert!(over_limit(spec(MAX_STATES, 0, 0, 0, "")).is_empty());
    let findings = over_limit(spec(MAX_STATES + 1, 0, 0, 0, ""));
    // Line 4 holds S0, so the state past the limit is on line 4 + MAX_STATES.
    assert_refused_at(
        &findings,
        "`max-states`",
        4 + u32::try_from(MAX_STATES).unwrap(),
    );
}

#[test]
fn events() {
    assert!(over_limit(spec(1, MAX_EVENTS, 0, 0, "")).is_empty());
    let findings = over_limit(spec(1, MAX_EVENTS + 1, 0, 0, ""));
    assert_refused_at(
        &findings,
        "`max-events`",
        6 + u32::try_from(MAX_EVENTS).unwrap(),
    );
}

#[test]
fn guards() {
    assert!(over_limit(spec(1, 0, MAX_GUARDS, 0, "")).is_empty());
    let findings = over_limit(spec(1, 0, MAX_GUARDS + 1, 0, ""));
    assert_refused_at(
        &findings,
        "`max-guards`",
        6 + u32::try_from(MAX_GUARDS).unwrap(),
    );
}

#[test]
fn incidents() {
    assert!(over_limit(spec(1, 0, 0, MAX_INCIDENTS, "")).is_empty());
    let findings = over_limit(spec(1, 0, 0, MAX_INCIDENTS + 1, ""));
    assert_refused_at(
        &findings,
        "`max-incidents`",
        6 + u32::try_from(MAX_INCIDENTS).unwrap(),
    );
}

#[test]
fn expanded_transitions() {
    // 1,000 states and one `"*"` transition per event: each expands to 1,000 transitions.
    let states = 1_000;
    let stars = MAX_TRANSITIONS / states;
    let star_lines = |count: usize| {
        let mut text = String::from("transitions:\n");
        for e in 0..count {
            let _ = writeln!(text, "  - {{ from: \"*\", on: E{e}, to: S0 }}");
        }
        text
    };
    assert!(over_limit(spec(states, stars + 1, 0, 0, &star_lines(stars))).is_empty());
    let findings = over_limit(spec(states, stars + 1, 0, 0, &star_lines(stars + 1)));
    let last_line = 3 + states + 1 + (stars + 1) + 1 + (stars + 1);
    assert_refused_at(
        &findings,
        "`max-transitions`",
        u32::try_from(last_line).unwrap(),
    );
}

#[test]
fn name_length() {
    let name = |chars: usize| "A".repeat(chars);
    let text = |chars: usize| {
        format!(
            "machine: Long\ninitial: {0}\nstates:\n  {0}: {{}}\n  B: {{ final: true }}\n\
             events:\n  Go: {{}}\ntransitions:\n  - {{ from: {0}, on: Go, to: B }}\n",
            name(chars)
        )
    };
    assert!(over_limit(text(MAX_NAME_CHARS)).is_empty());
    let findings = over_limit(text(MAX_NAME_CHARS + 1));
    assert_refused_at(&findings, "`max-name-chars`", 4);
}

#[test]
fn a_spec_over_a_limit_is_not_expanded_for_the_macro_either() {
    let text = spec(MAX_STATES + 1, 0, 0, 0, "");
    assert!(machine_core::lower_best_effort(&SourceFile::new("big.yaml", text)).is_none());
}

#[test]
fn nesting() {
    use machine_core::limits::MAX_NESTING;
    // The document's mapping is one level; `x:` holds the rest as flow lists.
    let nested = |levels: usize| {
        format!(
            "machine: Deep\ninitial: A\nstates: {{ A: {{ final: true }} }}\nx: {}{}\n",
            "[".repeat(levels - 1),
            "]".repeat(levels - 1)
        )
    };
    assert!(over_limit(nested(MAX_NESTING)).is_empty());
    let findings = over_limit(nested(MAX_NESTING + 1));
    assert_refused_at(&findings, &format!("{MAX_NESTING} levels"), 4);
}

#[test]
fn alias_uses() {
    use machine_core::limits::MAX_ALIAS_USES;
    let aliased = |uses: usize| {
        let mut text = String::from(
            "machine: M\ninitial: A\nstates:\n  A: { final: true, doc: &d The end. }\nevents:\n",
        );
        for i in 0..uses {
            let _ = writeln!(text, "  E{i}: {{ doc: *d }}");
        }
        text
    };
    assert!(over_limit(aliased(MAX_ALIAS_USES)).is_empty());
    let findings = over_limit(aliased(MAX_ALIAS_USES + 1));
    // Line 6 holds the first use, so the use past the limit is on line 6 + MAX_ALIAS_USES.
    assert_refused_at(
        &findings,
        &format!("more than {MAX_ALIAS_USES} times"),
        6 + u32::try_from(MAX_ALIAS_USES).unwrap(),
    );
}

#[test]
fn alias_copies() {
    use machine_core::limits::MAX_ALIAS_COPIES;
    // An anchored list of `items` names, used `uses` times: each use copies `items + 1`
    // values (the list and its names).
    let copied = |items: usize, uses: usize| {
        let names = vec!["A"; items].join(", ");
        let mut text = format!(
            "machine: M\ninitial: A\nstates:\n  A: {{ final: true }}\nx: &l [{names}]\ny:\n"
        );
        for _ in 0..uses {
            text.push_str("  - *l\n");
        }
        text
    };
    let items = MAX_ALIAS_COPIES / 100 - 1;
    assert!(over_limit(copied(items, 100)).is_empty());
    let findings = over_limit(copied(items + 1, 100));
    // The last use passes the limit: line 7 holds the first.
    assert_refused_at(
        &findings,
        &format!("more than {MAX_ALIAS_COPIES} values"),
        106,
    );
}
