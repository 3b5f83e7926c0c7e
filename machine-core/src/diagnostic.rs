//! Findings about a spec, as data. Rendering them is the caller's business (the CLI uses a
//! terminal renderer, the proc-macro a plain `file:line:col` line inside `compile_error!`).

use std::fmt;

use crate::source::{SourceFile, Span};

/// How bad a finding is. Errors stop the pipeline at the next gate; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The spec is wrong: no code or diagram is produced.
    Error,
    /// The spec is probably not what was meant, but output can still be produced.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The last column of the code table: whether a state's `allow:` may waive the check, or it
/// always applies.
#[derive(PartialEq, Eq)]
enum Waiving {
    Waivable,
    Always,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal, $severity:ident, $waiving:ident; )*) => {
        /// The stable identity of a kind of finding. The code (`E0101`) and the name
        /// (`unknown-state`) never change meaning once released.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in code order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as shown to users, e.g. `E0101`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The kebab-case name, used in `allow:` waivers and the docs.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity findings of this kind have.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// Whether a state's `allow:` may waive findings of this kind for that state.
            pub fn is_waivable(self) -> bool {
                match self { $(Code::$variant => Waiving::$waiving == Waiving::Waivable,)* }
            }

            /// The code with this kebab-case name.
            pub fn from_name(name: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.name() == name)
            }
        }
    };
}

// One row per code: the variant = the code, its kebab-case name, its severity, and whether a
// state's `allow:` may waive it. docs/spec-language.md has the same table; a test compares them.
codes! {
    /// The file could not be read as UTF-8.
    InvalidUtf8 = "E0001", "invalid-utf8", Error, Always;
    /// The file is not well-formed YAML.
    YamlSyntax = "E0002", "yaml-syntax", Error, Always;
    /// The YAML is well-formed but does not have the shape of a spec (wrong type, missing
    /// or unknown key, duplicate key).
    InvalidStructure = "E0003", "invalid-structure", Error, Always;
    /// The file holds no spec at all.
    EmptySpec = "E0004", "empty-spec", Error, Always;
    /// The document is too large or nested too deeply to load safely.
    TooLarge = "E0005", "too-large", Error, Always;
    /// The file holds an invisible character that changes the direction of text (U+202A to
    /// U+202E, U+2066 to U+2069): it can make text read differently from what it does, and
    /// rustc refuses it in the generated code.
    BidiControl = "E0006", "bidi-control", Error, Always;

    /// A transition, timeout, start, fault or incident names a state that is not declared.
    UnknownState = "E0101", "unknown-state", Error, Always;
    /// A transition, timeout or fault names an event that is not declared.
    UnknownEvent = "E0102", "unknown-event", Error, Always;
    /// A transition names a guard that is not declared.
    UnknownGuard = "E0103", "unknown-guard", Error, Always;
    /// The same name is declared twice, or listed twice where once is meant.
    DuplicateName = "E0104", "duplicate-name", Error, Always;
    /// A name cannot become a Rust identifier (empty, starts with a digit, a keyword, ...).
    InvalidIdentifier = "E0105", "invalid-identifier", Error, Always;
    /// Two names become the same Rust identifier once converted to Rust case.
    IdentifierCollision = "E0106", "identifier-collision", Error, Always;
    /// Two states or two events share one wire name (or one lists a name twice).
    DuplicateWireName = "E0107", "duplicate-wire-name", Error, Always;
    /// A duration is not written as a number and a unit (`14d`, `90d`, `12h`).
    InvalidDuration = "E0108", "invalid-duration", Error, Always;
    /// A timeout must say exactly one of `to`, `end` or `notify`.
    InvalidTimeout = "E0109", "invalid-timeout", Error, Always;
    /// A transition must have `to`, or be `internal: true`, not both and not neither.
    InvalidTransition = "E0110", "invalid-transition", Error, Always;
    /// The spec declares no initial state, or the fault section is inconsistent.
    InvalidLifecycle = "E0111", "invalid-lifecycle", Error, Always;
    /// An `allow:` waiver names a check that does not exist or cannot be waived.
    UnknownCheck = "E0112", "unknown-check", Error, Always;
    /// A wire name is empty or blank, or `wire:` lists none.
    InvalidWireName = "E0113", "invalid-wire-name", Error, Always;
    /// A state's `entry:`/`exit:` or a transition's `actions:` names an undeclared action.
    UnknownAction = "E0114", "unknown-action", Error, Always;
    /// A timeout's `after:` is neither a duration (`14d`) nor a declared named duration.
    UnknownDuration = "E0115", "unknown-duration", Error, Always;
    /// A name under a transition's `restarts:` is not a timer of the spec, or the timer does
    /// not run in the state the transition goes to.
    UnknownTimer = "E0116", "unknown-timer", Error, Always;
    /// Named durations are ordered in a circle by `shorter_than:`.
    DurationOrderCycle = "E0117", "duration-order-cycle", Error, Always;
    /// A state with `states:` (a compound state) has no `initial:` naming one of them, a
    /// state without `states:` has an `initial:`, or a compound state is final or the fault
    /// state.
    InvalidCompound = "E0118", "invalid-compound", Error, Always;
    /// A parallel state without states inside it or with an `initial:`, a region (a state
    /// directly inside a parallel state) that is not a compound state, or a fault state or a
    /// `timers:` set that reaches inside a parallel state.
    InvalidParallel = "E0119", "invalid-parallel", Error, Always;
    /// The spec uses a construct this output cannot carry yet (parallel states, for the
    /// generated Rust).

    /// A state cannot be reached from any initial state.
    UnreachableState = "E0201", "unreachable-state", Error, Waivable;
    /// A non-final state has no way out: no transition, timeout or fault exit.
    TrapState = "E0202", "trap-state", Error, Waivable;
    /// No final state can be reached from a state (or, without final states, a closed set
    /// of states that holds no initial state).
    NoWayToFinish = "E0203", "no-way-to-finish", Error, Waivable;
    /// Two unguarded transitions on the same state and event.
    ConflictingTransitions = "E0204", "conflicting-transitions", Error, Always;
    /// A transition can never fire: an earlier one on the same state and event is
    /// unguarded, asks a subset of its guards, or the earlier ones take every answer.
    ShadowedTransition = "E0205", "shadowed-transition", Error, Always;
    /// A transition leaves a final state.
    TransitionFromFinal = "E0206", "transition-from-final", Error, Always;
    /// A timeout is reset by an event that never occurs in its state.
    ResetNeverOccurs = "E0207", "reset-never-occurs", Error, Always;
    /// A transition from the fault state on its `resume` event: it is tried before the fault
    /// exits, so the resume to where the machine came from never happens.
    FaultResumeTransition = "E0208", "fault-resume-transition", Error, Always;
    /// A timeout that can never fire: another timeout of the state always leaves it first.
    DeadTimeout = "E0209", "dead-timeout", Error, Always;
    /// Eventless or completion transitions that can follow each other in a circle with
    /// guards that can all hold at once: the machine would never settle (rule S21).
    EventlessLoop = "E0210", "eventless-loop", Error, Always;
    /// A completion transition (`done: true`) of a compound state with no final state
    /// directly inside it: it never completes (rule S20).
    CompletionNeverHappens = "E0211", "completion-never-happens", Error, Always;
    /// A start whose state would move at once: it has an eventless transition, or is a
    /// final state that completes the state around it.
    UnsettledStart = "E0212", "unsettled-start", Error, Always;
    /// An event is declared but used by no transition.
    UnusedEvent = "W0301", "unused-event", Warning, Always;
    /// A guard is declared but used by no transition.
    UnusedGuard = "W0302", "unused-guard", Warning, Always;
    /// Two timeouts of a state always expire at the same instant (same duration, same
    /// `reset_by`); they fire in spec order.
    SimultaneousTimeouts = "W0303", "simultaneous-timeouts", Warning, Always;
    /// A named duration is declared but no timeout uses it.
    UnusedDuration = "W0304", "unused-duration", Warning, Always;
    /// The `XState` export cannot keep a rule for this timeout or transition (only
    /// `machine export --format xstate` reports it).
    XstateGap = "W0305", "xstate-gap", Warning, Always;
    /// A history state no transition goes to (rule S19).
    UnusedHistory = "W0306", "unused-history", Warning, Always;
    /// Two transitions on the same trigger in two regions of a parallel state, one of which
    /// leaves it: the one in the later region is dropped whenever both are enabled (rule S26).
    PreemptedTransition = "W0307", "preempted-transition", Warning, Waivable;
    /// A transition written inside a parallel state to a state inside it that leaves and
    /// enters the parallel state again (rule S24): every region starts over.
    ReentersParallel = "W0308", "reenters-parallel", Warning, Waivable;
    /// `machine import`: the document is not one it reads (not well-formed XML, not SCXML).
    ImportInvalid = "E0401", "import-invalid", Error, Always;
    /// `machine import`: the document holds what a spec cannot carry (parallel states, data,
    /// scripts, expressions as conditions, ...).
    ImportUnsupported = "E0402", "import-unsupported", Error, Always;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location that explains a finding ("first declared here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One finding about a spec file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of finding this is.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is wrong.
    pub span: Span,
    /// Text shown under the marker at `span`.
    pub label: Option<String>,
    /// Other places that explain the finding.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding of kind `code` at `span`, with the code's severity.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            message: message.into(),
            span,
            label: None,
            labels: Vec::new(),
            help: None,
        }
    }

    /// Sets the text shown under the marker.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a secondary location.
    #[must_use]
    pub fn with_secondary(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help line if there is one.
    #[must_use]
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// The finding with the line and column of each of its places counted from their byte
    /// offsets in `source`: the YAML parser counts some line breaks (a lone carriage return)
    /// that editors and this crate do not, and loading may read a blanked copy of the file.
    #[must_use]
    pub fn positioned_in(mut self, source: &SourceFile) -> Self {
        let position = |span: Span| source.span_at(span.start, span.end - span.start);
        self.span = position(self.span);
        for label in &mut self.labels {
            label.span = position(label.span);
        }
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// A one-finding-per-paragraph text form: `file:line:col: error[E0101]: message`, then
    /// the help. This is what the proc-macro puts in `compile_error!`.
    pub fn display<'a>(&'a self, source: &'a SourceFile) -> impl fmt::Display + 'a {
        DisplayPlain {
            diagnostic: self,
            source,
        }
    }
}

struct DisplayPlain<'a> {
    diagnostic: &'a Diagnostic,
    source: &'a SourceFile,
}

impl fmt::Display for DisplayPlain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        write!(
            f,
            "{}:{}: {}[{}]: {}",
            self.source.name(),
            d.span,
            d.severity.as_str(),
            d.code,
            d.message
        )?;
        for label in &d.labels {
            write!(
                f,
                "\n  note: {}:{}: {}",
                self.source.name(),
                label.span,
                label.message
            )?;
        }
        if let Some(help) = &d.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Sorts findings by position, then code, so they read top to bottom like the file.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.line, a.span.column, a.code, &a.message).cmp(&(
            b.span.start,
            b.span.line,
            b.span.column,
            b.code,
            &b.message,
        ))
    });
}

/// Returns "did you mean `x`?" for the candidate closest to `name`, if one is close enough.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The candidate closest to `name`, if one is close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}
