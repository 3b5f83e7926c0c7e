//! A guard list (a transition's or a timeout's `guard:`): each item a declared guard that must
//! hold (`name`) or must not (`!name`, rule S15), each guard once. An item that names no guard
//! is explained with what to write instead: `"!name"` for "not", a list for "and", one
//! transition (or timeout) per guard for "or".

use crate::diagnostic::{Code, Diagnostic, closest};
use crate::model::{GuardId, GuardTest};
use crate::spanned::{Names, Spanned};

use super::Lowerer;

/// What a guard list belongs to, for the words of its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Asker {
    /// A transition, which fires when its tests pass.
    Transition,
    /// A timeout, which expires when its tests pass.
    Timeout,
}

impl Asker {
    /// `transition`, `timeout`.
    fn noun(self) -> &'static str {
        match self {
            Asker::Transition => "transition",
            Asker::Timeout => "timeout",
        }
    }

    /// `fire`, `expire`.
    fn verb(self) -> &'static str {
        match self {
            Asker::Transition => "fire",
            Asker::Timeout => "expire",
        }
    }
}

impl Lowerer<'_> {
    /// The guard tests of a `guard:` list of `asker`, in the order written; a repeated or
    /// contradictory one, and an unknown one, is reported and left out.
    pub(super) fn guard_tests(&mut self, names: Option<&Names>, asker: Asker) -> Vec<GuardTest> {
        let (noun, verb) = (asker.noun(), asker.verb());
        let mut tests: Vec<(GuardTest, &Spanned<String>)> = Vec::new();
        for name in names.into_iter().flat_map(Names::iter) {
            let Some(test) = self.guard_test(name, asker) else {
                continue;
            };
            match tests.iter().find(|(seen, _)| seen.guard == test.guard) {
                None => tests.push((test, name)),
                Some((seen, _)) if seen.negated == test.negated => self.push(
                    Diagnostic::new(
                        Code::DuplicateName,
                        name.span,
                        format!("guard `{}` is listed twice", name.value),
                    )
                    .with_help("remove the repeated guard"),
                ),
                Some((_, first)) => {
                    let guard = self.guards_name(test.guard);
                    self.push(
                        Diagnostic::new(
                            Code::DuplicateName,
                            name.span,
                            format!("this {noun} asks that guard `{guard}` holds and that it does not"),
                        )
                        .with_label(format!("the {noun} can never {verb}"))
                        .with_secondary(first.span, "asked here first")
                        .with_help(format!(
                            "`{guard}` and `!{guard}` never both pass: keep the one this {noun} needs"
                        )),
                    );
                }
            }
        }
        tests.into_iter().map(|(test, _)| test).collect()
    }

    fn guards_name(&self, id: GuardId) -> String {
        self.guards
            .names()
            .nth(id.index())
            .unwrap_or_default()
            .to_owned()
    }

    /// One item of a guard list: `name` or `!name`.
    fn guard_test(&mut self, item: &Spanned<String>, asker: Asker) -> Option<GuardTest> {
        let (negated, name) = match item.value.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, item.value.as_str()),
        };
        if let Some(guard) = self.guards.lookup(name) {
            return Some(GuardTest { guard, negated });
        }
        let shown = if name.trim().is_empty() || name.trim() != name {
            item.value.clone()
        } else {
            name.to_owned()
        };
        let help = self.instead(negated, name, asker);
        self.push(
            Diagnostic::new(
                Code::UnknownGuard,
                item.span,
                format!("unknown guard `{shown}`"),
            )
            .with_label("no guard has this name")
            .with_help(help),
        );
        None
    }

    /// What to write instead of a guard-list item that names no guard (`name` is the item
    /// without its `!`).
    fn instead(&self, negated: bool, name: &str, asker: Asker) -> String {
        let (noun, verb) = (asker.noun(), asker.verb());
        let not = if negated { "!" } else { "" };
        if name.is_empty() {
            return "write a guard's name after the `!`: `\"!name\"` asks that the guard does not hold".into();
        }
        let trimmed = name.trim();
        if trimmed != name && self.guards.lookup(trimmed).is_some() {
            return format!("write `\"{not}{trimmed}\"`, without spaces around the name");
        }
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        if !negated && let Some(item) = self.item(&words).filter(|i| i.starts_with('"')) {
            return format!(
                "to ask that a guard does not hold, write `{item}`, quoted (YAML reads an unquoted `!` as a tag)"
            );
        }
        let split = |connectors: &[&str]| -> Option<Vec<String>> {
            let parts: Vec<&[&str]> = words
                .split(|w| connectors.contains(&w.to_lowercase().as_str()))
                .collect();
            if negated || parts.len() < 2 {
                return None;
            }
            parts.iter().map(|p| self.item(p)).collect()
        };
        if let Some(items) = split(&["and", "&&", "&"]) {
            return format!(
                "each guard of a list must hold: write `guard: [{}]`",
                items.join(", ")
            );
        }
        if let Some(items) = split(&["or", "||", "|"]) {
            let each: Vec<String> = items.iter().map(|i| format!("`guard: {i}`")).collect();
            return format!(
                "a {noun} {verb}s when all its guards hold; to {verb} when either does, write one {noun} for each, tried in order ({})",
                each.join(", then ")
            );
        }
        if let Some(guard) = closest(name, self.guards.names()) {
            return format!("did you mean `{not}{guard}`?");
        }
        if words.len() > 1 {
            return format!(
                "a guard list names declared guards: `guard: [a, b]` when both must hold, `\"!a\"` when `a` must not; for either of two, write one {noun} per guard"
            );
        }
        self.guards.declare_help()
    }

    /// The guard-list item (`name`, or `"!name"` quoted) that `words` mean: `name`, `!name`,
    /// `not name`, when `name` is a declared guard.
    fn item(&self, words: &[&str]) -> Option<String> {
        let (negated, name) = match words {
            [first, rest @ ..] if matches!(first.to_lowercase().as_str(), "not" | "no") => {
                (true, rest.join(" "))
            }
            _ => {
                let text = words.join(" ");
                match text.strip_prefix('!') {
                    Some(rest) => (true, rest.to_owned()),
                    None => (false, text),
                }
            }
        };
        self.guards.lookup(&name)?;
        Some(if negated {
            format!("\"!{name}\"")
        } else {
            name
        })
    }
}
