//! What fires a transition: an event, nothing (eventless), or its source's completion.

use super::EventId;

/// What fires a transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trigger {
    /// This event (rules S2 and S3).
    Event(EventId),
    /// Nothing: an eventless transition (`always: true`), taken after a step as soon as its
    /// guards hold (rule S21).
    Always,
    /// The completion of its source, a compound state (`done: true`): a step entered a
    /// final state directly inside it (rule S20).
    Done,
}

impl Trigger {
    /// The event, for a transition fired by one.
    pub fn event(self) -> Option<EventId> {
        match self {
            Trigger::Event(event) => Some(event),
            Trigger::Always | Trigger::Done => None,
        }
    }

    /// Whether the transition is automatic: eventless or a completion (rules S20, S21).
    pub fn is_automatic(self) -> bool {
        self.event().is_none()
    }
}
