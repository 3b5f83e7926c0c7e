//! The comparisons, one function per kind of item. Each finds the changes of its kind and
//! says whether they break users of OLD (see the module doc of `diff`).

use machine_core::model::{Model, StateId, Trigger};
use machine_core::source::Span;

mod actions;
mod timeouts;
mod transitions;
mod tree;
mod trigger;
mod wire;

use super::rename::Names;
use super::{Change, Impact, Kind, Location, Section};

/// A change as found, with spans; [`Cx::push`] turns the spans into locations.
pub type Found = Change<Span>;

/// The two models, the matching of their names, and the changes found so far.
pub struct Cx<'a> {
    pub old: &'a Model,
    pub new: &'a Model,
    pub names: &'a Names,
    pub changes: Vec<Change>,
}

/// A named item (state, event, guard or incident), seen the same way for every kind.
struct Named {
    name: String,
    /// Its wire name, for the kinds that have one.
    wire: Option<String>,
    /// Its text: the doc, or an incident's event and resolution.
    doc: String,
    span: Span,
}

impl Named {
    /// The items of `model` that `section` lists.
    fn all(model: &Model, section: Section) -> Vec<Named> {
        let named = |name: &machine_core::model::Name, wire: Option<&String>, doc: String| Named {
            name: name.spec.clone(),
            wire: wire.cloned(),
            doc,
            span: name.span,
        };
        match section {
            Section::States => model
                .states
                .iter()
                .map(|s| named(&s.name, Some(&s.wire), s.doc.clone()))
                .collect(),
            Section::Events => model
                .events
                .iter()
                .map(|e| named(&e.name, Some(&e.wire), e.doc.clone()))
                .collect(),
            Section::Guards => model
                .guards
                .iter()
                .map(|g| named(&g.name, None, g.doc.clone()))
                .collect(),
            Section::Actions => model
                .actions
                .iter()
                .map(|a| named(&a.name, None, a.doc.clone()))
                .collect(),
            _ => model
                .incidents
                .iter()
                .map(|i| named(&i.name, None, format!("{}\n{}", i.event, i.resolution)))
                .collect(),
        }
    }
}

impl Cx<'_> {
    pub fn push(&mut self, found: Found) {
        self.changes.push(Change {
            section: found.section,
            kind: found.kind,
            item: found.item,
            detail: found.detail,
            impact: found.impact,
            why: found.why,
            suggestion: found.suggestion,
            old: found.old.map(|s| Location::new(self.old, s)),
            new: found.new.map(|s| Location::new(self.new, s)),
        });
    }

    /// Every comparison.
    pub fn all(&mut self) {
        self.machine();
        self.wire_case();
        self.starts();
        self.named(Section::States);
        self.wire_names(Section::States);
        self.finality();
        self.tree();
        self.regions();
        self.histories();
        self.named(Section::Events);
        self.wire_names(Section::Events);
        self.named(Section::Guards);
        self.named(Section::Actions);
        self.state_actions();
        self.durations();
        self.transitions();
        self.timeouts();
        self.spanning_timers();
        self.fault();
        self.incidents();
    }

    fn machine(&mut self) {
        let (old, new) = (self.old, self.new);
        if old.name.spec != new.name.spec {
            self.push(Found {
                section: Section::Machine,
                kind: Kind::Renamed,
                item: format!("machine `{}`", new.name.spec),
                detail: format!("was `{}`", old.name.spec),
                impact: Impact::Compatible,
                why: "the generated `NAME`, docs and diagrams change; the module keeps the name the macro gives it".into(),
                suggestion: String::new(),
                old: Some(old.name.span),
                new: Some(new.name.span),
            });
        }
        if old.doc != new.doc {
            self.push(doc_change(
                Section::Machine,
                format!("machine `{}`", new.name.spec),
                old.name.span,
                new.name.span,
            ));
        }
    }

    fn starts(&mut self) {
        let (old, new) = (self.old, self.new);
        let describe = |m: &Model, s: &machine_core::model::Start| -> (Option<String>, String) {
            (
                s.name.as_ref().map(|n| n.spec.clone()),
                m.state(s.state).name.spec.clone(),
            )
        };
        let olds: Vec<_> = old.starts.iter().map(|s| describe(old, s)).collect();
        let news: Vec<_> = new.starts.iter().map(|s| describe(new, s)).collect();
        let old_named = old.starts.iter().any(|s| s.name.is_some());
        let new_named = new.starts.iter().any(|s| s.name.is_some());
        if old_named != new_named {
            self.push(Found {
                section: Section::Starts,
                kind: Kind::Changed,
                item: "initial".into(),
                detail: if new_named { "the starts are named now" } else { "the starts are no longer named" }.into(),
                impact: Impact::Breaking,
                why: "`Machine::new` changes signature (it takes a `Start` only when the starts are named)".into(),
                suggestion: String::new(),
                old: old.starts.first().map(|s| old.state(s.state).name.span),
                new: new.starts.first().map(|s| new.state(s.state).name.span),
            });
            return;
        }
        for (index, (name, state)) in olds.iter().enumerate() {
            let old_span = Some(old.state(old.starts[index].state).name.span);
            let label = name
                .clone()
                .map_or_else(|| "initial state".to_owned(), |n| format!("start `{n}`"));
            match news.iter().position(|(n, _)| n == name) {
                None => self.push(Found {
                    section: Section::Starts,
                    kind: Kind::Removed,
                    item: label,
                    detail: format!("started in `{state}`"),
                    impact: Impact::Breaking,
                    why: "the `Start` variant is gone: code that names it no longer compiles"
                        .into(),
                    suggestion: String::new(),
                    old: old_span,
                    new: None,
                }),
                Some(n) => {
                    let renamed = self.names.state(old, new, old.starts[index].state);
                    if renamed != news[n].1 {
                        self.push(Found {
                            section: Section::Starts,
                            kind: Kind::Changed,
                            item: label,
                            detail: format!("starts in `{}` instead of `{renamed}`", news[n].1),
                            impact: Impact::Breaking,
                            why: "new machines begin in another state".into(),
                            suggestion: String::new(),
                            old: old_span,
                            new: Some(new.state(new.starts[n].state).name.span),
                        });
                    }
                }
            }
        }
        for (index, (name, state)) in news.iter().enumerate() {
            if !olds.iter().any(|(n, _)| n == name) {
                self.push(Found {
                    section: Section::Starts,
                    kind: Kind::Added,
                    item: name
                        .clone()
                        .map_or_else(|| "initial state".to_owned(), |n| format!("start `{n}`")),
                    detail: format!("starts in `{state}`"),
                    impact: Impact::Compatible,
                    why: "a new `Start` variant: exhaustive `match`es on `Start` need an arm"
                        .into(),
                    suggestion: String::new(),
                    old: None,
                    new: Some(new.state(new.starts[index].state).name.span),
                });
            }
        }
    }

    /// Added, removed and renamed items of one kind, and changed wire names and docs.
    fn named(&mut self, section: Section) {
        let (what, map) = match section {
            Section::States => ("state", &self.names.states),
            Section::Events => ("event", &self.names.events),
            Section::Guards => ("guard", &self.names.guards),
            Section::Actions => ("action", &self.names.actions),
            _ => ("incident", &self.names.incidents),
        };
        let olds = Named::all(self.old, section);
        let news = Named::all(self.new, section);
        // Guards and actions are methods of a trait the user implements.
        let method = match section {
            Section::Guards => Some("Guards"),
            Section::Actions => Some("Actions"),
            _ => None,
        };
        for (o, old) in olds.iter().enumerate() {
            let Some(n) = map.new_index(o) else {
                self.push(Found {
                    section,
                    kind: Kind::Removed,
                    item: format!("{what} `{}`", old.name),
                    detail: String::new(),
                    impact: Impact::Breaking,
                    why: if let Some(t) = method {
                        format!("implementations of `{t}` define a method `{}` the trait no longer has: they no longer compile", old.name)
                    } else {
                        format!(
                            "the `{}` variant and its wire name `{}` are gone",
                            old.name,
                            old.wire.as_deref().unwrap_or(&old.name)
                        )
                    },
                    suggestion: String::new(),
                    old: Some(old.span),
                    new: None,
                });
                continue;
            };
            let new = &news[n];
            if map.is_renamed(o) {
                // A changed wire name is a change of its own (`wire_names`).
                let wire = match (old.wire.as_deref(), new.wire.as_deref()) {
                    (Some(a), Some(b)) if a == b => format!("; its wire name stays `{a}`"),
                    _ => String::new(),
                };
                self.push(Found {
                    section,
                    kind: Kind::Renamed,
                    item: format!("{what} `{}`", new.name),
                    detail: format!("was `{}`", old.name),
                    impact: Impact::Breaking,
                    why: format!("code that names `{}` no longer compiles{wire}", old.name),
                    suggestion: String::new(),
                    old: Some(old.span),
                    new: Some(new.span),
                });
            }
            if old.doc != new.doc {
                self.push(doc_change(
                    section,
                    format!("{what} `{}`", new.name),
                    old.span,
                    new.span,
                ));
            }
        }
        for (n, new) in news.iter().enumerate() {
            if map.old_index(n).is_none() {
                self.push(Found {
                    section,
                    kind: Kind::Added,
                    item: format!("{what} `{}`", new.name),
                    detail: String::new(),
                    impact: if method.is_some() { Impact::Breaking } else { Impact::Compatible },
                    why: if let Some(t) = method {
                        format!("the `{t}` trait gains a required method `{}`: implementations of it no longer compile until they define it", new.name)
                    } else {
                        format!("a new variant: exhaustive `match`es on it need an arm, clients may see `{}`", new.wire.as_deref().unwrap_or(&new.name))
                    },
                    suggestion: String::new(),
                    old: None,
                    new: Some(new.span),
                });
            }
        }
    }

    /// States that became final, or stopped being final: at the top level a final state ends
    /// the lifecycle; inside a compound state, entering it completes that state (rule S20),
    /// which takes the compound state's completion transitions.
    fn finality(&mut self) {
        for (o, state) in self.old.states.iter().enumerate() {
            let Some(n) = self.names.states.new_index(o) else {
                continue;
            };
            let new = &self.new.states[n];
            if state.is_final == new.is_final {
                continue;
            }
            let is_final =
                "`State::is_final` changes: code that treats it as the end (or not) is wrong";
            // Inside a compound state, in the version where it is final.
            let (model, inside) = if new.is_final {
                (self.new, new.parent)
            } else {
                (self.old, state.parent)
            };
            let (detail, why) = match inside {
                None => (
                    if new.is_final {
                        "is final now"
                    } else {
                        "is no longer final"
                    }
                    .to_owned(),
                    is_final.to_owned(),
                ),
                Some(parent) => completes(model, parent, new.is_final, is_final),
            };
            self.push(Found {
                section: Section::States,
                kind: Kind::Changed,
                item: format!("state `{}`", new.name.spec),
                detail,
                impact: Impact::Breaking,
                why,
                suggestion: String::new(),
                old: Some(state.name.span),
                new: Some(new.name.span),
            });
        }
    }

    fn fault(&mut self) {
        let (old, new) = (self.old, self.new);
        match (&old.fault, &new.fault) {
            (None, None) => {}
            (Some(f), None) => self.push(Found {
                section: Section::Fault,
                kind: Kind::Removed,
                item: format!("fault state `{}`", old.state(f.state).name.spec),
                detail: String::new(),
                impact: Impact::Breaking,
                why: "no state can fault any more: `Machine::faulted` and `resume_to` are gone"
                    .into(),
                suggestion: String::new(),
                old: Some(old.state(f.state).name.span),
                new: None,
            }),
            (None, Some(f)) => self.push(Found {
                section: Section::Fault,
                kind: Kind::Added,
                item: format!("fault state `{}`", new.state(f.state).name.spec),
                detail: format!(
                    "entered on `{}`, left on `{}`",
                    new.event(f.enter).name.spec,
                    new.event(f.resume).name.spec
                ),
                impact: Impact::Compatible,
                why: "every working state also accepts its entry event; every other input does what it did".into(),
                suggestion: String::new(),
                old: None,
                new: Some(new.state(f.state).name.span),
            }),
            (Some(a), Some(b)) => {
                let item = format!("fault state `{}`", new.state(b.state).name.spec);
                let spans = (
                    Some(old.state(a.state).name.span),
                    Some(new.state(b.state).name.span),
                );
                let pairs = [
                    (
                        "state",
                        self.names.state(old, new, a.state),
                        new.state(b.state).name.spec.clone(),
                    ),
                    (
                        "entry event",
                        self.names.event(old, new, a.enter),
                        new.event(b.enter).name.spec.clone(),
                    ),
                    (
                        "resume event",
                        self.names.event(old, new, a.resume),
                        new.event(b.resume).name.spec.clone(),
                    ),
                ];
                for (what, was, is) in pairs {
                    if was != is {
                        self.push(Found {
                            section: Section::Fault,
                            kind: Kind::Changed,
                            item: item.clone(),
                            detail: format!("{what} `{is}` instead of `{was}`"),
                            impact: Impact::Breaking,
                            why: "faulting or resolving now takes another input".into(),
                            suggestion: String::new(),
                            old: spans.0,
                            new: spans.1,
                        });
                    }
                }
                let was: Vec<String> = a
                    .resume_to
                    .iter()
                    .map(|&s| self.names.state(old, new, s))
                    .collect();
                let is: Vec<String> = b
                    .resume_to
                    .iter()
                    .map(|&s| new.state(s).name.spec.clone())
                    .collect();
                for (state, gone) in was
                    .iter()
                    .map(|s| (s, true))
                    .chain(is.iter().map(|s| (s, false)))
                {
                    let (list, other) = if gone { (&was, &is) } else { (&is, &was) };
                    if list.contains(state) && !other.contains(state) {
                        self.push(Found {
                            section: Section::Fault,
                            kind: Kind::Changed,
                            item: item.clone(),
                            detail: format!(
                                "{} resume to `{state}`",
                                if gone { "can no longer" } else { "can" }
                            ),
                            impact: if gone {
                                Impact::Breaking
                            } else {
                                Impact::Compatible
                            },
                            why: if gone {
                                format!("`resume_to({state})` is refused")
                            } else {
                                format!("`resume_to({state})` is accepted too")
                            },
                            suggestion: String::new(),
                            old: spans.0,
                            new: spans.1,
                        });
                    }
                }
            }
        }
    }

    fn incidents(&mut self) {
        let (old, new) = (self.old, self.new);
        self.named(Section::Incidents);
        for (o, incident) in old.incidents.iter().enumerate() {
            let Some(n) = self.names.incidents.new_index(o) else {
                continue;
            };
            let other = &new.incidents[n];
            let was: Vec<String> = incident
                .states
                .iter()
                .map(|&s| self.names.state(old, new, s))
                .collect();
            let is: Vec<String> = other
                .states
                .iter()
                .map(|&s| new.state(s).name.spec.clone())
                .collect();
            if was != is || incident.no_state != other.no_state {
                self.push(Found {
                    section: Section::Incidents,
                    kind: Kind::Changed,
                    item: format!("incident `{}`", other.name.spec),
                    detail: format!(
                        "applies in {} instead of {}",
                        list(&is, other.no_state.as_deref()),
                        list(&was, incident.no_state.as_deref())
                    ),
                    impact: Impact::Compatible,
                    why: "`State::incidents` answers differently".into(),
                    suggestion: String::new(),
                    old: Some(incident.name.span),
                    new: Some(other.name.span),
                });
            }
        }
    }
}

/// What a state that became final (`now`) or stopped being final inside compound state
/// `parent` changes (rule S20), with the compound state's completion transitions in the
/// version where it is final: the detail and the reason.
fn completes(model: &Model, parent: StateId, now: bool, is_final: &str) -> (String, String) {
    let name = &model.state(parent).name.spec;
    let done: Vec<&machine_core::model::Transition> = model
        .transitions_from(parent)
        .filter(|(_, t)| t.trigger == Trigger::Done)
        .map(|(_, t)| t)
        .collect();
    let takes = match done.len() {
        0 => None,
        1 => Some("its completion transition".to_owned()),
        n => Some(format!(
            "the first of its {n} completion transitions whose guards hold"
        )),
    };
    let surely = done.iter().any(|t| t.guards.is_empty());
    if now {
        let why = match takes {
            Some(takes) => format!(
                "a step into it completes `{name}` (rule S20), which takes {takes}: inputs that \
                 ended in it {} elsewhere; {is_final}",
                if surely { "end" } else { "may end" }
            ),
            None => format!(
                "a step into it completes `{name}` (rule S20), which has no completion \
                 transition to take; {is_final}"
            ),
        };
        (format!("is final now: entering it completes `{name}`"), why)
    } else {
        let why = match takes {
            Some(takes) => format!(
                "a step into it no longer completes `{name}` (rule S20), which took {takes}: \
                 the machine stays in it; {is_final}"
            ),
            None => format!(
                "a step into it no longer completes `{name}` (rule S20), which had no \
                 completion transition to take; {is_final}"
            ),
        };
        (
            format!("is no longer final: entering it no longer completes `{name}`"),
            why,
        )
    }
}

fn list(states: &[String], no_state: Option<&str>) -> String {
    let mut items: Vec<String> = states.iter().map(|s| format!("`{s}`")).collect();
    items.extend(no_state.map(|n| format!("`{n}`")));
    if items.is_empty() {
        "no state".into()
    } else {
        items.join(", ")
    }
}

fn doc_change(section: Section, item: String, old: Span, new: Span) -> Found {
    Found {
        section,
        kind: Kind::Changed,
        item,
        detail: "doc text".into(),
        impact: Impact::Compatible,
        why: "only the docs, tables, diagrams and rustdoc change".into(),
        suggestion: String::new(),
        old: Some(old),
        new: Some(new),
    }
}
