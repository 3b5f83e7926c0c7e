//! The semantic diff of two versions of a spec (`machine diff OLD NEW`): which states, events,
//! guards, actions, starts, transitions, timeouts, incidents and fault settings were added,
//! removed, renamed or changed (with the actions states and transitions run), and whether each
//! change breaks users of the generated API or of the wire format.
//!
//! A change is **breaking** when code or clients written against OLD can fail against NEW: a
//! variant that disappears or changes name, a wire string that changes, an input that OLD
//! accepts and NEW refuses (a removed transition, a guard added to a transition, a removed
//! `reset_by`), a move that lands elsewhere, a new required method of the `Guards` or `Actions`
//! trait (or one it loses), an action a state or transition no longer runs, and a state that
//! becomes unreachable or a trap. Everything else is **compatible** (an added state, event,
//! transition or timeout; an action run in one more place; a changed doc text or duration).
//!
//! Items are matched by name. An item of OLD whose name is gone and an item of NEW with a new
//! name are one *rename* when everything else about them is the same (see `rename`).
#![forbid(unsafe_code)]

mod compare;
mod rename;
pub mod render;

use serde::Serialize;

use machine_core::Diagnostic;
use machine_core::check;
use machine_core::diagnostic::Code;
use machine_core::model::{Model, StateId};
use machine_core::source::{SourceFile, Span};

/// One version of a spec, loaded and lowered, with the findings of the graph checks (which
/// the diff reports as changes rather than refusing the file).
#[derive(Debug)]
pub struct Version {
    /// The lowered model.
    pub model: Model,
    /// The check findings (errors and warnings) of the model.
    pub findings: Vec<Diagnostic>,
}

impl Version {
    /// Loads and lowers `source`, then checks it. `Err` holds the load and lowering findings
    /// when the file is not a spec that can be compared (unknown names, bad YAML, ...).
    pub fn read(source: &SourceFile) -> Result<Version, Vec<Diagnostic>> {
        let loaded = machine_core::load::load(source);
        let spec = match loaded.spec {
            Some(spec) if !loaded.diagnostics.iter().any(Diagnostic::is_error) => spec,
            _ => return Err(loaded.diagnostics),
        };
        let over = machine_core::limits::check(&spec);
        if !over.is_empty() {
            return Err(over);
        }
        let mut diagnostics = loaded.diagnostics;
        let Some(model) = machine_core::lower::lower(&spec, source.name(), &mut diagnostics) else {
            machine_core::diagnostic::sort(&mut diagnostics);
            return Err(diagnostics);
        };
        let mut findings = check::check(&model);
        findings.extend(diagnostics);
        machine_core::diagnostic::sort(&mut findings);
        Ok(Version { model, findings })
    }

    /// The states a check of `code` reports.
    fn flagged(&self, code: Code) -> Vec<StateId> {
        self.model
            .state_ids()
            .filter(|&s| {
                let span = self.model.state(s).name.span;
                self.findings
                    .iter()
                    .any(|d| d.code == code && d.span == span)
            })
            .collect()
    }
}

/// What kind of item changed; also the sections of the rendered diff, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// The machine's name and doc.
    Machine,
    /// Where the lifecycle starts.
    Starts,
    /// A state.
    States,
    /// An event.
    Events,
    /// A guard.
    Guards,
    /// A declared action.
    Actions,
    /// A named duration (`durations:`).
    Durations,
    /// A transition (from `transitions:` or an incident's resolution).
    Transitions,
    /// A timeout of a state.
    Timeouts,
    /// The fault state, its events and `resume_to`.
    Fault,
    /// A row of the error table.
    Incidents,
    /// What the graph checks say about NEW that they did not say about OLD.
    Analysis,
}

impl Section {
    /// The section's title.
    pub fn title(self) -> &'static str {
        match self {
            Section::Machine => "Machine",
            Section::Starts => "Starts",
            Section::States => "States",
            Section::Events => "Events",
            Section::Guards => "Guards",
            Section::Actions => "Actions",
            Section::Durations => "Durations",
            Section::Transitions => "Transitions",
            Section::Timeouts => "Timeouts",
            Section::Fault => "Fault",
            Section::Incidents => "Incidents",
            Section::Analysis => "Analysis",
        }
    }
}

/// What happened to the item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Only in NEW.
    Added,
    /// Only in OLD.
    Removed,
    /// The same item under another name.
    Renamed,
    /// In both, different.
    Changed,
}

impl Kind {
    /// `added`, `removed`, `renamed` or `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Renamed => "renamed",
            Kind::Changed => "changed",
        }
    }
}

/// Whether a change breaks users of OLD.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    /// Code or clients written against OLD can fail against NEW.
    Breaking,
    /// Nothing written against OLD stops working.
    Compatible,
}

impl Impact {
    /// `breaking` or `compatible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

/// A place in one of the two files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file's name, as given.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl Location {
    fn new(model: &Model, span: Span) -> Location {
        Location {
            file: model.source_name.clone(),
            line: span.line,
            column: span.column,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One change between OLD and NEW, located in the files (`L` is [`Location`]; while the
/// comparisons run, a span).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change<L = Location> {
    /// What kind of item.
    pub section: Section,
    /// What happened to it.
    pub kind: Kind,
    /// The item, named as in NEW when it is there: ``state `Shipping` ``, or a transition
    /// `Creating --MarkShipping--> Shipping` between backticks.
    pub item: String,
    /// What changed, when `kind` alone does not say: ``wire name `A` -> `B` ``.
    pub detail: String,
    /// Breaking or compatible.
    pub impact: Impact,
    /// Why it is breaking, or what users may notice.
    pub why: String,
    /// What to write instead to keep users working, when something helps (keep the old wire
    /// name as another one); empty otherwise.
    pub suggestion: String,
    /// Where the item is in OLD.
    pub old: Option<L>,
    /// Where the item is in NEW.
    pub new: Option<L>,
}

/// The diff of two versions of a spec.
#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    /// OLD's file name.
    pub old: String,
    /// NEW's file name.
    pub new: String,
    /// The machine's name in NEW.
    pub machine: String,
    /// Every change, by section, each section in spec order.
    pub changes: Vec<Change>,
}

impl Diff {
    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.impact == Impact::Breaking)
    }

    /// How many changes are breaking.
    pub fn breaking(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.impact == Impact::Breaking)
            .count()
    }
}

/// The diff of `old` and `new`.
pub fn diff(old: &Version, new: &Version) -> Diff {
    let names = rename::Names::matched(&old.model, &new.model);
    let mut cx = compare::Cx {
        old: &old.model,
        new: &new.model,
        names: &names,
        changes: Vec::new(),
    };
    cx.all();
    analysis(&mut cx, old, new);
    let mut changes = cx.changes;
    // Stable: within a section, changes stay in the order they were found (spec order).
    changes.sort_by_key(|c| c.section);
    Diff {
        old: old.model.source_name.clone(),
        new: new.model.source_name.clone(),
        machine: new.model.name.spec.clone(),
        changes,
    }
}

/// States that NEW's checks find unreachable or trapped, and OLD's did not.
fn analysis(cx: &mut compare::Cx<'_>, old: &Version, new: &Version) {
    let checks = [
        (
            Code::UnreachableState,
            "becomes unreachable",
            "no initial state leads to it any more: objects can no longer get there",
        ),
        (
            Code::TrapState,
            "becomes a trap",
            "it is not final but nothing leaves it any more: objects that get there are stuck",
        ),
    ];
    for (code, what, why) in checks {
        let before: Vec<StateId> = old.flagged(code);
        for state in new.flagged(code) {
            let was = cx.names.states.old_of(state);
            if was.is_some_and(|s| before.contains(&s)) {
                continue;
            }
            cx.push(compare::Found {
                section: Section::Analysis,
                kind: Kind::Changed,
                item: format!("state `{}`", new.model.state(state).name.spec),
                detail: what.into(),
                impact: Impact::Breaking,
                why: why.into(),
                suggestion: String::new(),
                old: was.map(|s| old.model.state(s).name.span),
                new: Some(new.model.state(state).name.span),
            });
        }
    }
}
