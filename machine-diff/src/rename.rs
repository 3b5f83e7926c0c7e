//! Which item of OLD is which item of NEW: the same name, or a rename. An OLD item whose name
//! is gone and a NEW item whose name is new are one renamed item when their *signatures* are
//! equal and no other pair has that signature. A signature is everything about the item but
//! its name (doc text, flags, the transitions and timeouts that use it, with the names of the
//! other items as NEW spells them), so an edited item that was also renamed shows as a removal
//! and an addition.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use machine_core::model::{
    ActionId, EventId, Expiry, GuardId, IncidentId, Model, StateId, Target, Trigger,
};
use machine_core::words;

/// A matching between the items of one kind in OLD and in NEW, by index.
#[derive(Debug, Default)]
pub struct Map {
    old_to_new: Vec<Option<usize>>,
    new_to_old: Vec<Option<usize>>,
    renamed: Vec<bool>,
}

impl Map {
    /// Matches equal names, then pairs the rest by unique equal signatures.
    fn new(
        old_names: &[&str],
        new_names: &[&str],
        signatures: impl Fn(bool, usize) -> String,
    ) -> Map {
        let mut map = Map {
            old_to_new: vec![None; old_names.len()],
            new_to_old: vec![None; new_names.len()],
            renamed: vec![false; old_names.len()],
        };
        for (o, name) in old_names.iter().enumerate() {
            if let Some(n) = new_names.iter().position(|m| m == name) {
                map.old_to_new[o] = Some(n);
                map.new_to_old[n] = Some(o);
            }
        }
        let mut olds: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for o in (0..old_names.len()).filter(|&o| map.old_to_new[o].is_none()) {
            olds.entry(signatures(true, o)).or_default().push(o);
        }
        let mut news: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for n in (0..new_names.len()).filter(|&n| map.new_to_old[n].is_none()) {
            news.entry(signatures(false, n)).or_default().push(n);
        }
        for (signature, o) in &olds {
            if let ([o], Some([n])) = (o.as_slice(), news.get(signature).map(Vec::as_slice)) {
                map.old_to_new[*o] = Some(*n);
                map.new_to_old[*n] = Some(*o);
                map.renamed[*o] = true;
            }
        }
        map
    }

    /// The NEW index of OLD's `old`-th item.
    pub fn new_index(&self, old: usize) -> Option<usize> {
        self.old_to_new.get(old).copied().flatten()
    }

    /// The OLD index of NEW's `new`-th item.
    pub fn old_index(&self, new: usize) -> Option<usize> {
        self.new_to_old.get(new).copied().flatten()
    }

    /// Whether OLD's `old`-th item was renamed.
    pub fn is_renamed(&self, old: usize) -> bool {
        self.renamed.get(old).copied().unwrap_or(false)
    }

    /// The OLD state of a NEW state.
    pub fn old_of(&self, new: StateId) -> Option<StateId> {
        self.old_index(new.index()).map(StateId::from_index)
    }
}

/// The matchings of every kind of named item.
#[derive(Debug)]
pub struct Names {
    /// States.
    pub states: Map,
    /// Events.
    pub events: Map,
    /// Guards.
    pub guards: Map,
    /// Incidents.
    pub incidents: Map,
    /// Actions.
    pub actions: Map,
}

impl Names {
    /// Matches the items of `old` and `new`: states first, then events and guards (whose
    /// signatures name states as NEW does), then incidents and actions.
    pub fn matched(old: &Model, new: &Model) -> Names {
        let mut names = Names {
            states: Map::default(),
            events: Map::default(),
            guards: Map::default(),
            incidents: Map::default(),
            actions: Map::default(),
        };
        let state_names = |m: &Model| m.states.iter().map(|s| s.name.spec.clone()).collect();
        names.states = matched_by(
            old,
            new,
            state_names,
            |m, i, n| state_signature(m, StateId::from_index(i), n),
            &names,
        );
        let event_names = |m: &Model| m.events.iter().map(|e| e.name.spec.clone()).collect();
        names.events = matched_by(
            old,
            new,
            event_names,
            |m, i, n| event_signature(m, EventId::from_index(i), n),
            &names,
        );
        let guard_names = |m: &Model| m.guards.iter().map(|g| g.name.spec.clone()).collect();
        names.guards = matched_by(
            old,
            new,
            guard_names,
            |m, i, n| guard_signature(m, GuardId::from_index(i), n),
            &names,
        );
        let incident_names = |m: &Model| m.incidents.iter().map(|i| i.name.spec.clone()).collect();
        names.incidents = matched_by(
            old,
            new,
            incident_names,
            |m, i, n| incident_signature(m, IncidentId::from_index(i), n),
            &names,
        );
        let action_names = |m: &Model| m.actions.iter().map(|a| a.name.spec.clone()).collect();
        names.actions = matched_by(
            old,
            new,
            action_names,
            |m, i, n| action_signature(m, ActionId::from_index(i), n),
            &names,
        );
        names
    }

    /// The name of OLD's action as NEW spells it.
    pub fn action(&self, old: &Model, new: &Model, id: ActionId) -> String {
        spelled(
            &self.actions,
            id.index(),
            &old.actions[id.index()].name.spec,
            |n| new.actions[n].name.spec.clone(),
        )
    }

    /// The name of OLD's state as NEW spells it (its own name when it is gone).
    pub fn state(&self, old: &Model, new: &Model, id: StateId) -> String {
        spelled(
            &self.states,
            id.index(),
            &old.states[id.index()].name.spec,
            |n| new.states[n].name.spec.clone(),
        )
    }

    /// The name of OLD's event as NEW spells it.
    pub fn event(&self, old: &Model, new: &Model, id: EventId) -> String {
        spelled(
            &self.events,
            id.index(),
            &old.events[id.index()].name.spec,
            |n| new.events[n].name.spec.clone(),
        )
    }

    /// The name of OLD's guard as NEW spells it.
    pub fn guard(&self, old: &Model, new: &Model, id: GuardId) -> String {
        spelled(
            &self.guards,
            id.index(),
            &old.guards[id.index()].name.spec,
            |n| new.guards[n].name.spec.clone(),
        )
    }
}

fn spelled(map: &Map, old: usize, name: &str, new_name: impl Fn(usize) -> String) -> String {
    map.new_index(old).map_or_else(|| name.to_owned(), new_name)
}

/// Which side a signature is computed for, and how it names other items: OLD's names are
/// translated to NEW's through the matchings made so far.
struct Namer<'a> {
    old: Option<(&'a Model, &'a Names)>,
}

impl Namer<'_> {
    fn state(&self, model: &Model, id: StateId) -> String {
        match self.old {
            Some((new, names)) => names.state(model, new, id),
            None => model.state(id).name.spec.clone(),
        }
    }

    fn event(&self, model: &Model, id: EventId) -> String {
        match self.old {
            Some((new, names)) => names.event(model, new, id),
            None => model.event(id).name.spec.clone(),
        }
    }

    /// What fires a transition: its event, or `<always>` or `<done>` (rules S20 and S21).
    fn trigger(&self, model: &Model, trigger: Trigger) -> String {
        match trigger {
            Trigger::Event(e) => self.event(model, e),
            Trigger::Always => "<always>".into(),
            Trigger::Done => "<done>".into(),
        }
    }

    fn guard(&self, model: &Model, id: GuardId) -> String {
        match self.old {
            Some((new, names)) => names.guard(model, new, id),
            None => model.guard(id).name.spec.clone(),
        }
    }

    fn target(&self, model: &Model, target: Target, own: Option<StateId>) -> String {
        match target {
            Target::State(s) if Some(s) == own => "<self>".into(),
            Target::State(s) => self.state(model, s),
            Target::Internal => "<internal>".into(),
            Target::History => "<history>".into(),
            Target::Recall(h) => {
                let h = model.history(h);
                format!(
                    "<{} history of {}>",
                    words::history_kind(h),
                    self.state(model, h.state)
                )
            }
        }
    }
}

fn matched_by(
    old: &Model,
    new: &Model,
    names: impl Fn(&Model) -> Vec<String>,
    signature: impl Fn(&Model, usize, &Namer) -> String,
    matched: &Names,
) -> Map {
    let old_names = names(old);
    let new_names = names(new);
    let old_refs: Vec<&str> = old_names.iter().map(String::as_str).collect();
    let new_refs: Vec<&str> = new_names.iter().map(String::as_str).collect();
    Map::new(&old_refs, &new_refs, |is_old, index| {
        if is_old {
            signature(
                old,
                index,
                &Namer {
                    old: Some((new, matched)),
                },
            )
        } else {
            signature(new, index, &Namer { old: None })
        }
    })
}

fn state_signature(model: &Model, id: StateId, namer: &Namer) -> String {
    let state = model.state(id);
    let mut text = format!("{:?}|{}|{}|", state.doc, state.is_final, state.is_fault);
    for (_, timer) in model.own_timers_in(id) {
        let t = &timer.timeout;
        let expiry = match &t.expiry {
            Expiry::Transition(s) => namer.target(model, Target::State(*s), Some(id)),
            Expiry::Recall(h) => namer.target(model, Target::Recall(*h), Some(id)),
            Expiry::End(why) => format!("end {why:?}"),
            Expiry::Notify(who) => format!("notify {who:?}"),
        };
        let resets: Vec<String> = t.reset_by.iter().map(|&e| namer.event(model, e)).collect();
        let after = match t.after.named {
            Some(_) => t.after.text.clone(),
            None => t.after.seconds.to_string(),
        };
        let _ = write!(text, "timeout {after} {expiry} {resets:?};");
    }
    let mut edges: Vec<String> = model
        .transitions
        .iter()
        .filter(|t| t.from == id || t.target == Target::State(id))
        .map(|t| {
            let from = if t.from == id {
                "<self>".into()
            } else {
                namer.state(model, t.from)
            };
            let to = namer.target(model, t.target, Some(id));
            format!("{from} {} {to}", namer.trigger(model, t.trigger))
        })
        .collect();
    edges.sort();
    let _ = write!(text, "{edges:?}");
    text
}

fn event_signature(model: &Model, id: EventId, namer: &Namer) -> String {
    let mut uses: Vec<String> = model
        .transitions
        .iter()
        .filter(|t| t.event() == Some(id))
        .map(|t| {
            let guards: Vec<String> = t
                .guards
                .iter()
                .map(|&g| words::guard_written(&namer.guard(model, g.guard), g.negated))
                .collect();
            format!(
                "{} {} {guards:?}",
                namer.state(model, t.from),
                namer.target(model, t.target, None)
            )
        })
        .collect();
    for s in model.state_ids() {
        for (_, t) in model.own_timers_in(s) {
            if t.timeout.reset_by.contains(&id) {
                uses.push(format!("resets {}", namer.state(model, s)));
            }
        }
    }
    uses.sort();
    format!("{:?}|{uses:?}", model.event(id).doc)
}

fn guard_signature(model: &Model, id: GuardId, namer: &Namer) -> String {
    let mut uses: Vec<String> = model
        .transitions
        .iter()
        .filter(|t| t.guards.iter().any(|g| g.guard == id))
        .map(|t| {
            format!(
                "{} {} {}",
                namer.state(model, t.from),
                namer.trigger(model, t.trigger),
                namer.target(model, t.target, None)
            )
        })
        .collect();
    uses.sort();
    format!("{:?}|{uses:?}", model.guard(id).doc)
}

fn incident_signature(model: &Model, id: IncidentId, namer: &Namer) -> String {
    let incident = model.incident(id);
    let states: Vec<String> = incident
        .states
        .iter()
        .map(|&s| namer.state(model, s))
        .collect();
    let transition = incident
        .transition
        .map(|(e, s)| format!("{} {}", namer.event(model, e), namer.state(model, s)));
    format!(
        "{states:?}|{:?}|{:?}|{:?}|{transition:?}",
        incident.no_state, incident.event, incident.resolution
    )
}

fn action_signature(model: &Model, id: ActionId, namer: &Namer) -> String {
    let mut uses: Vec<String> = Vec::new();
    for s in model.state_ids() {
        let state = model.state(s);
        for (what, list) in [("entry", &state.entry), ("exit", &state.exit)] {
            for (position, _) in list.iter().enumerate().filter(|(_, a)| **a == id) {
                uses.push(format!("{what} {} {position}", namer.state(model, s)));
            }
        }
    }
    for t in &model.transitions {
        for (position, _) in t.actions.iter().enumerate().filter(|(_, a)| **a == id) {
            uses.push(format!(
                "{} {} {} {position}",
                namer.state(model, t.from),
                namer.trigger(model, t.trigger),
                namer.target(model, t.target, None)
            ));
        }
    }
    uses.sort();
    format!("{:?}|{uses:?}", model.action(id).doc)
}
