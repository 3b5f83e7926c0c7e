//! The diff for people (grouped by section, coloured on a terminal) and as Markdown for a
//! pull-request comment. The JSON form is the serde serialization of [`Diff`].

use std::fmt::Write as _;

use super::{Change, Diff, Impact, Location};
use machine_render::markdown::{cell, table};

const RED: &str = "\x1b[1;31m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// `2 breaking changes, 1 compatible` or `no changes`.
pub fn summary(diff: &Diff) -> String {
    let total = diff.changes.len();
    if total == 0 {
        return "no changes".into();
    }
    let breaking = diff.breaking();
    format!(
        "{breaking} breaking change{}, {} compatible",
        if breaking == 1 { "" } else { "s" },
        total - breaking
    )
}

/// The diff as text, one group per section; ANSI colours when `color`.
pub fn human(diff: &Diff, color: bool) -> String {
    let paint = |style: &str, text: &str| {
        if color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_owned()
        }
    };
    let mut out = format!(
        "{}: {} ({} -> {})\n",
        paint(BOLD, &diff.machine),
        summary(diff),
        diff.old,
        diff.new
    );
    for (section, changes) in sections(diff) {
        let _ = write!(out, "\n{}\n", paint(BOLD, section));
        for change in changes {
            let impact = match change.impact {
                Impact::Breaking => paint(RED, "breaking  "),
                Impact::Compatible => paint(GREEN, "compatible"),
            };
            let detail = if change.detail.is_empty() {
                String::new()
            } else {
                format!(": {}", change.detail)
            };
            let _ = writeln!(
                out,
                "  {impact}  {} {}{detail}",
                change.kind.as_str(),
                change.item
            );
            let place = location(change).map(|l| paint(DIM, &format!("at {l}")));
            let notes: Vec<String> = [(!change.why.is_empty()).then(|| change.why.clone()), place]
                .into_iter()
                .flatten()
                .collect();
            if !notes.is_empty() {
                let _ = writeln!(out, "              {}", notes.join("; "));
            }
            if !change.suggestion.is_empty() {
                let _ = writeln!(out, "              suggestion: {}", change.suggestion);
            }
        }
    }
    out
}

/// The diff as Markdown: a heading with the summary, then one table per section.
pub fn markdown(diff: &Diff) -> String {
    let mut out = format!(
        "### `{}`: {}\n\n`{}` → `{}`\n",
        diff.machine,
        summary(diff),
        diff.old,
        diff.new
    );
    for (section, changes) in sections(diff) {
        let _ = write!(out, "\n#### {section}\n\n");
        let rows = changes.iter().map(|c| {
            let impact = match c.impact {
                Impact::Breaking => "**breaking**",
                Impact::Compatible => "compatible",
            };
            let mut what = c.item.clone();
            if !c.detail.is_empty() {
                let _ = write!(what, ": {}", c.detail);
            }
            let mut why = c.why.clone();
            if !c.suggestion.is_empty() {
                let _ = write!(why, " — suggestion: {}", c.suggestion);
            }
            vec![
                impact.to_owned(),
                c.kind.as_str().to_owned(),
                cell(&what),
                cell(&why),
                location(c).map(|l| format!("`{l}`")).unwrap_or_default(),
            ]
        });
        out.push_str(&table(&["impact", "change", "what", "why", "where"], rows));
    }
    out
}

/// Where to look: in NEW when the item is there, else in OLD.
fn location(change: &Change) -> Option<&Location> {
    change.new.as_ref().or(change.old.as_ref())
}

/// The changes grouped by section, in section order.
fn sections(diff: &Diff) -> Vec<(&'static str, Vec<&Change>)> {
    let mut groups: Vec<(&'static str, Vec<&Change>)> = Vec::new();
    for change in &diff.changes {
        let title = change.section.title();
        match groups.last_mut() {
            Some((t, list)) if *t == title => list.push(change),
            _ => groups.push((title, vec![change])),
        }
    }
    groups
}
